"""What one scrape of the kiosk's metrics costs as the outbox grows.

Builds an outbox with N jobs (a realistic mix: mostly done, some pending, a few failed,
verdicts for the receipts) in a temporary data dir, then times ``generate_latest`` of the
delivery worker's registry, which reads the database and the telemetry file every time.

    python benchmarks/metrics_scrape.py [--jobs 1000 10000 100000] [--repeats 20]
"""

from __future__ import annotations

import argparse
import json
import platform
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from prometheus_client import generate_latest

from kiosk.config import load_settings
from kiosk.core import KioskCore
from kiosk.monitoring.exporter import build_registry
from kiosk.monitoring.recorder import Recorder

KINDS = ("amplifi.prospect_image", "amplifi.generic_request", "sessionm.create")


def fill(db: Path, jobs: int) -> None:
    """Insert ``jobs`` rows straight into the outbox tables (no images needed to scrape)."""
    now = time.time()
    conn = sqlite3.connect(db)
    rows, verdicts = [], []
    for n in range(jobs):
        state = "failed" if n % 500 == 0 else "pending" if n % 50 == 0 else "done"
        kind = KINDS[n % 3]
        rows.append(
            (
                f"K-{n:08d}",
                kind,
                f"id:{n}",
                "{}",
                state,
                1,
                now - n,
                now,
                now if state == "done" else None,
            )
        )
        if kind == "sessionm.create":
            verdicts.append(
                (
                    f"K-{n:08d}",
                    "sessionm",
                    "valid" if n % 7 else "invalid",
                    3 if n % 7 == 0 else None,
                    now,
                    now,
                )
            )
    with conn:
        conn.executemany(
            "INSERT INTO jobs (submission, kind, identity, payload, state, attempts, created_at,"
            " updated_at, done_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        conn.executemany(
            "INSERT INTO verdicts (submission, api, status, invalid_code, follow, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, 'final', ?, ?)",
            verdicts,
        )
    conn.close()


def main() -> None:
    """Print the median and p95 of a scrape for each outbox size."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    print(f"python {platform.python_version()}, {platform.machine()}, {when}")
    print("| jobs in the outbox | scrape median ms | p95 ms | bytes |")
    print("| --- | --- | --- | --- |")
    for jobs in args.jobs:
        with tempfile.TemporaryDirectory() as tmp:
            settings = load_settings(
                None, device_tag="bench", data_dir=Path(tmp), outbox={"key_store": "file"}
            )
            with KioskCore(settings) as core:
                fill(Path(tmp) / "outbox.sqlite3", jobs)
                recorder = Recorder(Path(tmp))
                for kind in ("face", "license_front", "passport", "receipt"):
                    recorder.capture(kind, "auto", 4.0)
                    recorder.check_failures(kind, ["sharpness", "glare"])
                recorder.camera(None)
                registry, _ = build_registry(settings, core.outbox.store)
                body = generate_latest(registry)
                times = []
                for _ in range(args.repeats):
                    start = time.perf_counter()
                    generate_latest(registry)
                    times.append((time.perf_counter() - start) * 1000)
            times.sort()
            p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
            print(f"| {jobs} | {statistics.median(times):.1f} | {p95:.1f} | {len(body)} |")
    print(json.dumps({"repeats": args.repeats}))


if __name__ == "__main__":
    main()
