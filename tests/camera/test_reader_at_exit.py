"""A process that exits with a camera still open exits cleanly: the reader is stopped first.

CPython ends a daemon thread that wants the interpreter back during finalization with
``pthread_exit``; a reader that is just leaving an OpenCV call is then unwound through
OpenCV's GIL-restoring destructor and the C++ runtime aborts the process (exit status 134,
"terminate called without an active exception"). A reader making short OpenCV calls back
to back is leaving one nearly all the time: without the exit hook in kiosk/camera/source.py
the child below aborted in 10 runs of 10.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CHILD = """
import sys
import cv2
import numpy as np
from kiosk.camera.source import ThreadedSource

class BusyReader(ThreadedSource):
    def __init__(self):
        super().__init__("busy", "demo", is_demo=True)

    def _read_loop(self):
        image = np.zeros((480, 640), np.uint8)
        while not self._stop.is_set():
            self._publish(cv2.GaussianBlur(image, (0, 0), 2))

    def _close_backend(self):
        print("reader closed", flush=True)

cv2.setNumThreads(1)
reader = BusyReader()
reader.open()
assert reader.wait_frame(0, 30.0) is not None
print("exiting with the reader open", flush=True)
"""


def test_a_process_exiting_with_a_reader_open_closes_it_and_exits_zero(tmp_path: Path) -> None:
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    for _ in range(3):
        done = subprocess.run(
            [sys.executable, str(script)], capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr[-2000:]
        assert done.stdout.splitlines() == ["exiting with the reader open", "reader closed"]
