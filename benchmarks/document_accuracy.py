"""Accuracy of the licence/passport checks on generated documents with known ground truth.

    python benchmarks/document_accuracy.py [--seeds 40] [--mrz-pages 50]

Prints: corner error of the document quad (fraction of the document diagonal) on 1080p
frames and on 640x360 live previews; for each failure mode, how often the first failed
check is the expected one; the MRZ read rate and OCR time per page (generated pages and
the real samples in tests/data); and the per-frame cost of the live checks.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "capture"))
SAMPLES = ROOT / "tests" / "data"

from synth_documents import (  # type: ignore[import-not-found]  # noqa: E402
    Scene,
    blurred,
    darkened,
    make_scene,
    with_glare,
)

from kiosk.capture.checks.license import check_license_back, check_license_front  # noqa: E402
from kiosk.capture.checks.passport import check_passport  # noqa: E402
from kiosk.capture.detect.document import detect_document  # noqa: E402
from kiosk.capture.evaluator import Evaluator  # noqa: E402
from kiosk.capture.readers.ocr import get_ocr  # noqa: E402
from kiosk.config.capture import CaptureSettings  # noqa: E402
from kiosk.kinds import KINDS as REGISTRY  # noqa: E402
from kiosk.pipeline import inspect  # noqa: E402

KINDS = ("license_front", "license_back", "passport")
ASPECT = {k: REGISTRY[k].geometry.aspect for k in KINDS}  # type: ignore[union-attr]
CHECK = {
    "license_front": check_license_front,
    "license_back": check_license_back,
    "passport": check_passport,
}


def _full(kind: str, image: np.ndarray):
    """Every check of a captured frame, as kiosk submit runs them (crop checks included)."""
    return inspect(kind, image, Evaluator(CaptureSettings())).report


def _preview(image: np.ndarray) -> np.ndarray:
    return cv2.resize(image, (640, 360), interpolation=cv2.INTER_AREA)


def corner_errors(seeds: int, live: bool) -> list[float]:
    """Mean corner error / diagonal per scene (1.0 when nothing was found)."""
    errors = []
    for seed in range(seeds):
        for kind in KINDS:
            scene = make_scene(kind, seed)
            image, scale = (_preview(scene.image), 3.0) if live else (scene.image, 1.0)
            quad = detect_document(image, ASPECT[kind], work_width=480 if live else 640)
            diagonal = float(np.linalg.norm(scene.corners[0] - scene.corners[2]))
            if quad is None:
                errors.append(1.0)
                continue
            dist = np.linalg.norm(quad.corners * scale - scene.corners, axis=1).mean()
            errors.append(float(dist) / diagonal)
    return errors


FAILURES: dict[str, tuple[Callable[[int], Scene], str]] = {
    "far": (lambda s: make_scene("license_front", s, fill=0.35), "fill"),
    "cropped": (
        lambda s: make_scene("license_front", s, centre=(0.78, 0.5), keep_inside=None),
        "inside_frame",
    ),
    "tilted": (
        lambda s: make_scene(
            "license_front", s, rotation_deg=18.0, fill=0.62, frame=(1920, 1440), keep_inside=0.02
        ),
        "tilt",
    ),
    "glare": (lambda s: with_glare(make_scene("license_front", s)), "glare"),
    "blurred": (lambda s: blurred(make_scene("license_front", s), 4.0), "sharpness"),
    "dark": (lambda s: darkened(make_scene("license_front", s)), "exposure"),
}


def failure_modes(seeds: int) -> dict[str, float]:
    """Share of scenes whose first failed check is the expected one (full and live)."""
    out = {}
    for name, (make, expected) in FAILURES.items():
        hits = total = 0
        for seed in range(100, 100 + seeds):
            scene = make(seed)
            for live in (False, True):
                h, w = scene.image.shape[:2]
                image = cv2.resize(scene.image, (640, round(640 * h / w))) if live else scene.image
                report = check_license_front(image, None, live=live, full_scale=w / image.shape[1])
                first = report.first_failure()
                hits += first is not None and first.name == expected
                total += 1
        out[name] = hits / total
    return out


def mrz_rate(pages: int) -> dict[str, object]:
    """Generated pages read with valid check digits and the right text, and time per page."""
    good, valid, times = 0, 0, []
    for seed in range(1000, 1000 + pages):
        scene = make_scene("passport", seed)
        start = time.perf_counter()
        mrz = _full("passport", scene.image).get("mrz")
        times.append(time.perf_counter() - start)
        valid += bool(mrz and mrz.passed)
        good += bool(mrz and mrz.passed and mrz.value == scene.text)
    labels = json.loads((SAMPLES / "labels.json").read_text()) if SAMPLES.is_dir() else {}
    real = {}
    for name, label in labels.items():
        if "mrz" in label:
            mrz = _full("passport", cv2.imread(str(SAMPLES / name))).get("mrz")
            real[name] = bool(mrz and mrz.passed and mrz.value == label["mrz"])
    return {
        "pages": pages,
        "valid": valid,
        "exact": good,
        "full_check_s_median": round(statistics.median(times), 3),
        "real_samples": real,
    }


def live_cost(frames: int = 10, repeat: int = 20) -> dict[str, float]:
    """Median CPU ms per 640x360 preview frame of each kind's live checks."""
    out = {}
    for kind in KINDS:
        previews = [_preview(make_scene(kind, seed).image) for seed in range(frames)]
        times = []
        for _ in range(repeat):
            for image in previews:
                start = time.process_time()
                CHECK[kind](image, None, live=True, full_scale=3.0)
                times.append(time.process_time() - start)
        out[kind] = round(statistics.median(times) * 1000, 2)
    return out


def main() -> None:
    """Print every figure as one JSON object."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=40)
    parser.add_argument("--failure-seeds", type=int, default=10)
    parser.add_argument("--mrz-pages", type=int, default=50)
    args = parser.parse_args()
    result: dict[str, object] = {}
    for label, live in (("corners_1080p", False), ("corners_live_640x360", True)):
        errors = np.array(corner_errors(args.seeds, live))
        result[label] = {
            "scenes": len(errors),
            "mean": round(float(errors.mean()), 4),
            "median": round(float(np.median(errors)), 4),
            "p95": round(float(np.percentile(errors, 95)), 4),
            "under_2pct": round(float((errors < 0.02).mean()), 3),
            "missed": int((errors >= 1.0).sum()),
        }
    result["first_failure_is_expected"] = failure_modes(args.failure_seeds)
    result["mrz"] = mrz_rate(args.mrz_pages) if get_ocr() else "OCR not installed"
    result["live_cpu_ms_per_frame"] = live_cost()
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
