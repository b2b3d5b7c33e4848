"""Cost of the integrity check every process runs when it opens the outbox.

Fills an outbox with N jobs (each with a 200 kB encrypted image, as a receipt part), then
times ``PRAGMA quick_check`` on a fresh connection and a full ``Store`` open.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import tempfile
import time
from pathlib import Path

from kiosk.outbox.jobs import JobKind, JobSpec
from kiosk.outbox.store import Store


def main() -> None:
    """Print the figures for one size."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        store = Store(data, key_store="file")
        image = os.urandom(200_000)
        for start in range(0, args.jobs, 100):
            for n in range(start, min(start + 100, args.jobs)):
                spec = JobSpec(
                    JobKind.PROSPECT_IMAGE,
                    f"image-{n}",
                    {"AFiImageId": f"image-{n}", "deviceTag": "bench"},
                    image=image,
                    mime_type="image/jpeg",
                )
                store.enqueue(f"sub-{n}", "prospect", {"kinds": ["face"]}, [spec])
        store.close()
        db = data / "outbox.sqlite3"
        print(f"{args.jobs} jobs; database {db.stat().st_size / 1e6:.1f} MB")
        checks, opens = [], []
        for _ in range(args.repeats):
            conn = sqlite3.connect(db)
            start = time.perf_counter()
            conn.execute("PRAGMA quick_check").fetchall()
            checks.append(time.perf_counter() - start)
            conn.close()
            start = time.perf_counter()
            Store(data, key_store="file").close()
            opens.append(time.perf_counter() - start)
        print(f"quick_check: median {sorted(checks)[len(checks) // 2] * 1000:.1f} ms")
        print(f"Store open (with the check): median {sorted(opens)[len(opens) // 2] * 1000:.1f} ms")


if __name__ == "__main__":
    main()
