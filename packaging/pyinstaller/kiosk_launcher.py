"""Entry point of the frozen ``kiosk`` executable: the same command line as ``kiosk``."""

from __future__ import annotations

import os
import sys

if sys.platform.startswith("linux"):
    # The Linux bundle's FFmpeg libraries are stubs (packaging/pyinstaller/slim.py): OpenCV
    # must never ask its FFmpeg back end for a file. Priority 0 removes that back end from
    # OpenCV's list (OpenCV videoio, "Environment variables"); MJPEG .avi files and V4L2
    # cameras keep their own back ends.
    os.environ["OPENCV_VIDEOIO_PRIORITY_FFMPEG"] = "0"

from kiosk.cli.main import main

if __name__ == "__main__":
    # Code that re-invokes the command as ``sys.executable -m kiosk ...`` (the app starts its
    # delivery worker that way) reaches this executable, where sys.executable *is* kiosk.
    if getattr(sys, "frozen", False) and sys.argv[1:3] == ["-m", "kiosk"]:
        del sys.argv[1:3]
    sys.exit(main())
