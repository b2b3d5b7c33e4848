"""What reading a document any way round costs per capture.

For each kind, the full capture check (``kiosk.pipeline.inspect``: checks, crop, turn,
crop checks) on the same frames, with and without the orientation step, in one run:

- "upright before": the kind with no orientation finder, as the pipeline ran before
  (its reading takes the crop as cut);
- "upright now": the same upright frame through today's pipeline; the ratio to the
  first is the added cost an upright document pays (goal ≤ 1.15);
- "turned 90° / 180°": today's pipeline on the frame turned (the search's cost when the
  document lies the other way; before, these captures failed);
- "whole capture": what a kiosk does per picture taken, the check above plus encoding the
  crop within the upload budget (``kiosk.pipeline.package``), before and now.

    python benchmarks/orientation_bench.py [--runs 5]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "capture")]

from capture_scenes import RECEIPT_A, read, receipt_scene  # noqa: E402
from synth_documents import make_scene, place  # noqa: E402

from kiosk.camera.demo_documents import render_license_front  # noqa: E402
from kiosk.capture.evaluator import Evaluator  # noqa: E402
from kiosk.capture.orientation import turn  # noqa: E402
from kiosk.capture.readers.ocr import in_process_ocr  # noqa: E402
from kiosk.capture.readers.text_direction import classifier  # noqa: E402
from kiosk.config import load_settings  # noqa: E402
from kiosk.config.capture import CaptureSettings  # noqa: E402
from kiosk.kinds import KINDS, CaptureKind  # noqa: E402
from kiosk.pipeline import inspect, package  # noqa: E402


def interleaved_ms(fns: dict[str, Callable[[], object]], runs: int) -> dict[str, list[float]]:
    """Wall times (ms) of each function, run in turn ``runs`` times after a warm-up: the
    machine's load falls on all of them alike."""
    for fn in fns.values():
        fn()
    times: dict[str, list[float]] = {key: [] for key in fns}
    for _ in range(runs):
        for key, fn in fns.items():
            t0 = time.perf_counter()
            fn()
            times[key].append((time.perf_counter() - t0) * 1000)
    return times


def frames() -> list[tuple[str, str, np.ndarray]]:
    """(label, kind, upright 1080p frame) per case."""
    demo_front, _ = place(render_license_front(1300), np.random.default_rng(3), fill=0.6)
    receipt, _ = receipt_scene(read(RECEIPT_A), size=(1920, 1080), fill=0.85)
    return [
        ("passport (generated)", "passport", make_scene("passport", 33).image),
        ("licence front (generated)", "license_front", make_scene("license_front", 45).image),
        ("licence front (demo portrait)", "license_front", demo_front),
        ("licence back (generated)", "license_back", make_scene("license_back", 32).image),
        ("receipt (real scan on a desk)", "receipt", receipt),
    ]


def machine() -> str:
    """nproc and the CPU model, as the README records them."""
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"nproc {os.cpu_count()}, {model}, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--width",
        type=int,
        default=1920,
        help="frame width in px (the scenes are 1920x1080; 4000 is a 9 MP document camera)",
    )
    args = parser.parse_args()
    cv2.setNumThreads(1)
    in_process_ocr()  # loaded once, as a running kiosk has it
    classifier()
    ev = Evaluator(CaptureSettings())
    settings = load_settings(device_tag="benchmark")
    when = datetime.now().astimezone()

    def whole(k: CaptureKind, f: np.ndarray) -> object:
        return package(inspect(k, f, ev), when, settings, review=True)

    print(time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "-", machine())
    print(f"{args.runs} interleaved runs, ms, best (median); OpenCV 1 thread")
    print("| case | upright before | upright now | ratio best (median of pairs) |", end="")
    print(" turned 90° | turned 180° | whole capture before | now | ratio |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    print(f"frames {args.width} px wide")
    for label, kind_id, frame in frames():
        if args.width != frame.shape[1]:
            height = round(frame.shape[0] * args.width / frame.shape[1])
            frame = cv2.resize(frame, (args.width, height), interpolation=cv2.INTER_CUBIC)
        now = KINDS[kind_id]
        before: CaptureKind = dataclasses.replace(now, orient=None)
        cases = {
            "before": (before, frame),
            "now": (now, frame),
            "90": (now, turn(frame, 90)),
            "180": (now, turn(frame, 180)),
        }
        fns: dict[str, Callable[[], object]] = {
            key: (lambda k=k, f=f: inspect(k, f, ev)) for key, (k, f) in cases.items()
        }
        fns["whole before"] = lambda k=before, f=frame: whole(k, f)
        fns["whole now"] = lambda k=now, f=frame: whole(k, f)
        times = interleaved_ms(fns, args.runs)
        best = {key: min(values) for key, values in times.items()}
        med = {key: statistics.median(values) for key, values in times.items()}
        pairs = statistics.median(n / b for n, b in zip(times["now"], times["before"], strict=True))
        cell = {key: f"{best[key]:.0f} ({med[key]:.0f})" for key in times}
        whole_ratio = best["whole now"] / best["whole before"]
        print(
            f"| {label} | {cell['before']} | {cell['now']} | {best['now'] / best['before']:.2f} "
            f"({pairs:.2f}) | {cell['90']} | {cell['180']} | {cell['whole before']} | "
            f"{cell['whole now']} | {whole_ratio:.2f} |"
        )


if __name__ == "__main__":
    main()
