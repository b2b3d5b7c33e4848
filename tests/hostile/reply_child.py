"""One delivery attempt against a server, in its own process: prints what it cost and left.

Usage: ``reply_child.py BASE_URL DATA_DIR IMAGE_BYTES``. Queues one prospect image for
AmpliFi at BASE_URL, builds the worker (clients and all), notes the peak resident memory,
lets the worker make exactly one attempt, and prints JSON: the peak's growth over that
attempt (KiB, ``ru_maxrss``) and the job's state, attempts and error class after it.
"""

from __future__ import annotations

import json
import os
import resource
import sys
from datetime import datetime
from pathlib import Path

from kiosk.config import load_settings
from kiosk.kinds import amplifi_types
from kiosk.outbox.outbox import Outbox
from kiosk.outbox.plans import Capture


def main(base_url: str, data_dir: Path, image_bytes: int) -> None:
    """Queue, attempt once, report."""
    settings = load_settings(
        None,
        data_dir=data_dir,
        amplifi={"base_url": base_url, "token": "test-token"},
        sessionm={"base_url": base_url, "api_key": "test-key"},
        # Per-operation timeouts longer than the deadline: only the deadline can end a drip.
        http={
            "connect_timeout": 5.0,
            "read_timeout": 20.0,
            "write_timeout": 20.0,
            "request_deadline": 3.0,
        },
        outbox={"key_store": "file", "backoff_base": 0.01, "backoff_cap": 0.05},
    )
    image = b"\xff\xd8\xff" + os.urandom(image_bytes)
    with Outbox(settings) as box:
        box.submit_prospect(
            {"passport": Capture(image, "image/jpeg", datetime.now().astimezone())},
            types=amplifi_types(),
        )
        worker = box.worker(seed=1)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        try:
            assert worker.run_once()
        finally:
            worker.clients.close()
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        job = next(j for j in box.store.jobs() if j.blob_id is not None)
        print(
            json.dumps(
                {
                    "growth_kib": after - before,
                    "state": job.state.value,
                    "attempts": job.attempts,
                    "error_class": job.error_class,
                    "error": job.last_error,
                }
            )
        )


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]))
