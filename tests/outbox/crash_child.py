"""The process the kill trials SIGKILL: enqueue plans through the kiosk API, then drain.

Usage: ``python crash_child.py run|resume BASE_JPEG PLANS``. Settings come from the
environment (``KIOSK_DATA_DIR``, the sandbox URLs, a short lease). Every image is the base
JPEG with ``|plan I|part J|`` appended after its end marker (decoders ignore it), so the
parent can tell from a SHA-256 which plan and part the sandbox received. A line
``queued I REF SECONDS`` is printed once ``enqueue`` has returned: from then on the kiosk has
promised delivery.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime
from pathlib import Path

from kiosk.api.sessionm import Customer
from kiosk.config import load_settings
from kiosk.kinds import amplifi_types
from kiosk.outbox.outbox import Outbox
from kiosk.outbox.plans import Capture


def image(base: bytes, plan: int, part: int) -> bytes:
    """The unique image of one plan's part."""
    return base + f"|plan {plan}|part {part}|".encode()


def parts_of(plan: int) -> int:
    """How many images plan ``plan`` has: prospects 1-2, receipts 1-3."""
    return 1 + (plan // 2) % (2 if plan % 2 == 0 else 3)


def enqueue(box: Outbox, base: bytes, plans: int, started: float) -> None:
    """Queue the plans, alternating prospect sessions and receipts."""
    now = datetime.now().astimezone()
    for plan in range(plans):
        captures = [
            Capture(image(base, plan, part), "image/jpeg", now) for part in range(parts_of(plan))
        ]
        if plan % 2 == 0:
            kinds = ("face", "license_front")
            queued = box.submit_prospect(
                dict(zip(kinds, captures, strict=False)), types=amplifi_types()
            )
        else:
            customer = Customer("external_id", f"crash-customer-{plan}")
            queued = box.submit_receipt(captures, "sandbox-receipts", customer)
        elapsed = time.monotonic() - started
        print(f"queued {plan} {queued.reference} {elapsed:.4f}", flush=True)


def main() -> int:
    """Run one life of the child."""
    mode, base_path, plans = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    base = base_path.read_bytes()
    settings = load_settings(None)
    print("ready", flush=True)
    started = time.monotonic()
    with Outbox(settings) as box:
        if mode == "run":
            enqueue(box, base, plans, started)
        worker = box.worker()
        try:
            result = worker.drain(timeout=60)
        finally:
            worker.clients.close()
    print(f"drained ok={result.ok} delivered={result.delivered}", flush=True)
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
