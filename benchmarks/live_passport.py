"""The live passport step with the demo camera: CPU per second of preview, and the picture.

Runs what the app runs in the passport step, without Qt: the demo camera at 30 fps on its
own thread, the preview worker (newest frame -> the live passport checks -> a display-sized
copy), for ``--seconds``; reports the process's CPU time over wall time as % of one core,
the frames checked, and the median live-check time. Then the full-resolution passport
check of one demo frame (``kiosk.pipeline.inspect``: page checks, crop, MRZ read) and of a
generated licence held up as a passport (``tests/capture/synth_documents.py``).

    python benchmarks/live_passport.py              # this checkout
    PYTHONPATH=/tmp/before python benchmarks/live_passport.py   # another tree's ``kiosk``

The scene is the passport kind's ``demo``: whatever the demo showed for the step.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "capture"))

from kiosk.camera.demo import DemoSource  # noqa: E402
from kiosk.capture.evaluator import Evaluator  # noqa: E402
from kiosk.config import load_settings  # noqa: E402
from kiosk.config.camera import CameraSettings  # noqa: E402
from kiosk.config.capture import CaptureSettings  # noqa: E402
from kiosk.kinds import kind  # noqa: E402
from kiosk.pipeline import inspect  # noqa: E402
from ui.preview import PreviewWorker  # noqa: E402


def _cpu() -> float:
    t = os.times()
    return t.user + t.system


def live(seconds: float) -> dict[str, float]:
    """CPU % of one core, frames checked and median check ms over ``seconds`` of preview."""
    settings = load_settings(None, device_tag="bench", camera={"source": "demo"})
    source = DemoSource(CameraSettings(demo_fps=30.0))
    source.set_scene(kind("passport").demo)
    worker = PreviewWorker(settings)
    worker.set_display_size(960, 540)
    worker.set_kind("passport")
    checks: list[float] = []
    with source:
        worker.set_source(source)
        worker.start()
        time.sleep(2.0)  # warm up: models, first frames
        done0, cpu0, wall0 = worker.processed, _cpu(), time.monotonic()
        last = None
        while time.monotonic() - wall0 < seconds:
            state = worker.latest()
            if state is not None and state is not last:
                checks.append(state.checks_ms)
                last = state
            time.sleep(0.01)
        cpu, wall, done = _cpu() - cpu0, time.monotonic() - wall0, worker.processed - done0
        worker.stop()
    return {
        "cpu_pct": 100 * cpu / wall,
        "fps_checked": done / wall,
        "check_ms_median": statistics.median(checks) if checks else float("nan"),
    }


def full_resolution() -> dict[str, float]:
    """Seconds of the full-resolution passport check on a demo frame and on a licence."""
    import numpy as np
    from synth_documents import make_scene

    evaluator = Evaluator(CaptureSettings())
    source = DemoSource(CameraSettings())
    source.set_scene(kind("passport").demo)
    frame, _ = source.painter.render(2.0)
    out = {}
    for name, image in (("demo_page", frame), ("licence", make_scene("license_front", 0).image)):
        inspect("passport", np.ascontiguousarray(image), evaluator)  # warm: OCR models
        t0 = time.perf_counter()
        report = inspect("passport", image, evaluator).report
        out[f"{name}_s"] = time.perf_counter() - t0
        band = report.get("mrz_band")
        mrz = report.get("mrz")
        out[f"{name}_band"] = float(bool(band and band.passed))
        out[f"{name}_mrz_valid"] = float(bool(mrz and mrz.passed))
    return out


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15.0)
    args = parser.parse_args()
    print(f"scene: {type(kind('passport').demo).__name__}")
    for key, value in live(args.seconds).items():
        print(f"{key}: {value:.1f}")
    for key, value in full_resolution().items():
        print(f"{key}: {value:.2f}")


if __name__ == "__main__":
    main()
