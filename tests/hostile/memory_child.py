"""A delivery worker with little memory to spare: one attempt against ``SERVER_URL``.

Run by test_worker_stop.py: everything is imported first, then the address space is
limited to what the process uses plus 400 MB, then one job is attempted.
"""

from __future__ import annotations

import os
import resource
import sys
from pathlib import Path

from kiosk.config import load_settings
from kiosk.outbox.outbox import Outbox


def _address_space() -> int:
    # /proc/self/statm: total program size in pages.
    pages = int(Path("/proc/self/statm").read_text().split()[0])
    return pages * resource.getpagesize()


def main() -> int:
    """Attempt one job with a tight address-space limit; print the outcome."""
    url = os.environ["SERVER_URL"]
    settings = load_settings(
        None,
        data_dir=Path(os.environ["KIOSK_DATA_DIR"]),
        amplifi={"base_url": url, "token": "test-token"},
        sessionm={"base_url": url, "api_key": "test-key"},
        http={"connect_timeout": 2.0, "read_timeout": 5.0, "write_timeout": 5.0},
        outbox={"key_store": "file", "backoff_base": 0.01, "backoff_cap": 0.05},
    )
    with Outbox(settings) as box:
        worker = box.worker()
        worker.store.recover()
        import httpx  # noqa: F401  (loaded before the limit, as a running worker has it)

        limit = _address_space() + 400 * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, resource.RLIM_INFINITY))
        worker.run_once()
        resource.setrlimit(resource.RLIMIT_AS, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
        worker.clients.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
