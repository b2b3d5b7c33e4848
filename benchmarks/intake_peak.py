"""Peak memory of `kiosk check` / `kiosk submit` on the largest accepted image and on bombs.

Each run is a fresh process; its peak resident set is read with getrusage(RUSAGE_CHILDREN)
in a wrapper process of its own, so the runs do not share one maximum.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "hostile"))
from bombs import BOMBS  # noqa: E402

WRAPPER = HERE.parent / "tests" / "hostile" / "run_measured.py"


def measure(*args: str) -> tuple[int, float, float]:
    """(exit code, peak MB, seconds) of one kiosk command."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(WRAPPER), sys.executable, "-m", "kiosk", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    peak = int(done.stderr.splitlines()[-1].removeprefix("maxrss_kib="))
    return done.returncode, peak / 1024, seconds


def main() -> None:
    """Print one line per case."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ.update(KIOSK_DATA_DIR=str(folder / "data"), KIOSK_DEVICE_TAG="bench")
        page = np.full((10000, 10000, 3), 200, np.uint8)  # 100 MP: the default limit
        page[2000:8000:50, 1000:9000] = 20
        cv2.imwrite(str(folder / "mp100.jpg"), page)
        cases = [
            ("check receipt 100 MP", ["check", "--kind", "receipt", str(folder / "mp100.jpg")]),
            ("check face 100 MP", ["check", "--kind", "face", str(folder / "mp100.jpg")]),
            (
                "submit receipt 100 MP --force",
                [
                    *("submit", "receipt", "--campaign", "sandbox-receipts"),
                    *("--external-id", "c1", "--force", "receipt_like", str(folder / "mp100.jpg")),
                ],
            ),
        ]
        for name, make in BOMBS.items():
            (folder / name).write_bytes(make())
            cases.append((f"check bomb {name}", ["check", "--kind", "receipt", str(folder / name)]))
        for label, args in cases:
            code, peak, seconds = measure(*args)
            print(f"{label:<34} exit {code}  peak {peak:6.0f} MB  {seconds:5.1f} s")


if __name__ == "__main__":
    main()
