"""The kiosk command line in a child process (its peak memory measured); the outbox counted."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Refused input must stay far below what decoding a bomb would take (gigabytes).
REFUSED_PEAK_MB = 300


@dataclass
class Run:
    """What one kiosk process did."""

    code: int
    stdout: str
    errors: list[str]
    peak_mb: float


def run_kiosk(*args: str, timeout: float = 120) -> Run:
    """``python -m kiosk ARGS`` in a child process; its stderr lines and peak RSS."""
    done = subprocess.run(
        [sys.executable, str(HERE / "run_measured.py"), sys.executable, "-m", "kiosk", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=dict(os.environ),
        check=False,
    )
    lines = done.stderr.splitlines()
    peak = int(lines[-1].removeprefix("maxrss_kib="))
    return Run(done.returncode, done.stdout, lines[:-1], peak / 1024)


def queued(data_dir: Path) -> tuple[int, int]:
    """(jobs in the outbox, encrypted blob files) under a data dir; (0, 0) if it has none."""
    blobs = data_dir / "blobs"
    files = sum(1 for p in blobs.rglob("*") if p.is_file()) if blobs.exists() else 0
    db = data_dir / "outbox.sqlite3"
    if not db.exists():
        return 0, files
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT COUNT(*) FROM jobs").fetchone()[0], files
    finally:
        conn.close()
