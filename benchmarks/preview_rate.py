"""CPU of the live preview per step with the demo camera, by how often it runs the checks.

Runs what a live step runs, without Qt: the demo camera at 30 fps on its own thread and the
preview worker (newest frame -> live checks of the kind, at most ``LIVE_CHECK_HZ`` a second
-> a display-sized copy) for ``--seconds``, and reports the process's CPU time over wall
time as % of one core, the frames made ready for the view per second and the checks per
second. Each kind is run three ways in one process, one after the other: no checks (the
camera and the display copy alone: the floor any window showing these frames pays before
painting), checks on every frame (the app before the rate limit), and the app's rate.

    python benchmarks/preview_rate.py [--seconds 8] [--kinds face passport]
"""

from __future__ import annotations

import argparse
import os
import time

import ui.preview as preview
from kiosk.config import load_settings
from kiosk.kinds import kind as capture_kind
from kiosk.runtime import open_camera
from ui.preview import PreviewWorker

DISPLAY = (1184, 470)  # the preview view at 1280×800 (the kiosk window's smallest)


def _cpu() -> float:
    t = os.times()
    return t.user + t.system


def run(kind_id: str, check: bool, rate: float, seconds: float) -> tuple[float, float, float]:
    """CPU % of one core, frames ready per second, checks per second."""
    settings = load_settings(None, device_tag="bench", camera={"source": "demo"})
    camera, _ = open_camera(settings)
    assert camera is not None
    camera.set_scene(capture_kind(kind_id).demo)
    preview.LIVE_CHECK_HZ = rate
    worker = PreviewWorker(settings)
    worker.set_display_size(*DISPLAY)
    worker.set_kind(kind_id if check else None)
    worker.set_source(camera)
    worker.start()
    checks = 0
    last = None
    time.sleep(2.0)  # the detector loads, the camera settles
    c0, t0, n0 = _cpu(), time.monotonic(), worker.processed
    end = t0 + seconds
    while time.monotonic() < end:
        state = worker.latest()
        if state is not None and state is not last:
            last = state
            checks += state.result is not None
        time.sleep(0.005)
    c1, t1, n1 = _cpu(), time.monotonic(), worker.processed
    worker.stop()
    camera.close()
    wall = t1 - t0
    return 100.0 * (c1 - c0) / wall, (n1 - n0) / wall, checks / wall


def main() -> None:
    """Print one table row per kind and way."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--kinds", nargs="+", default=["face", "passport"])
    args = parser.parse_args()
    app_rate = preview.LIVE_CHECK_HZ
    print("| step | checks | CPU, % of one core | frames ready / s | checks / s |")
    print("| --- | --- | --- | --- | --- |")
    for kind_id in args.kinds:
        ways = (("none", False, app_rate), ("every frame", True, 1e9))
        ways += ((f"at most {app_rate:g} / s", True, app_rate),)
        for name, check, rate in ways:
            cpu, frames, checks = run(kind_id, check, rate, args.seconds)
            print(f"| {kind_id} | {name} | {cpu:.1f} | {frames:.1f} | {checks:.1f} |")


if __name__ == "__main__":
    main()
