"""After delivery nothing of a customer stays on the device: not in the database, the WAL,
nor anywhere else in the data dir, while the worker still has the database open."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from outbox_helpers import capture, make_jpeg

from kiosk.api.sessionm import Customer
from kiosk.kinds import amplifi_types
from kiosk.outbox.outbox import Outbox
from kiosk.sandbox.server import SandboxServer

CUSTOMER = "CUSTOMER-4711-SECRET"


def every_byte(data_dir: Path) -> bytes:
    """The contents of every file under the data dir, the database's WAL included."""
    return b"".join(p.read_bytes() for p in sorted(data_dir.rglob("*")) if p.is_file())


def test_nothing_of_a_delivered_plan_is_left(outbox: Outbox, sandbox: SandboxServer) -> None:
    images = [make_jpeg(seed, 200, 150) for seed in (11, 12, 13)]
    receipt = outbox.submit_receipt(
        [capture(images[0]), capture(images[1])],
        "sandbox-receipts",
        Customer("external_id", CUSTOMER),
    )
    session = outbox.submit_prospect({"face": capture(images[2])}, types=amplifi_types())
    conn = sqlite3.connect(outbox.settings.data_dir / "outbox.sqlite3")
    secrets = [bytes(r[0]) for r in conn.execute("SELECT wrapped_key FROM blobs")]
    secrets += [
        bytes(r[0]) for r in conn.execute("SELECT sealed FROM jobs WHERE sealed IS NOT NULL")
    ]
    conn.close()
    assert len(secrets) == 5  # three wrapped keys, two sealed customer ids
    files = list((outbox.settings.data_dir / "blobs").glob("*.blob"))
    secrets += [f.read_bytes()[-64:] for f in files]  # the ciphertexts too
    worker = outbox.worker(seed=3)
    try:
        result = worker.drain(timeout=60)
    finally:
        worker.clients.close()
    assert result.ok, result.reasons
    # The worker's connections are still open: the WAL has not been closed away.
    store = outbox.store
    jobs = store.jobs()
    assert {j.submission for j in jobs} == {receipt.reference, session.reference}
    assert all(j.sealed is None and j.payload == {} and j.result is None for j in jobs)
    found = every_byte(outbox.settings.data_dir)
    assert CUSTOMER.encode() not in found
    for secret in secrets:
        assert secret not in found
    for image in images:
        assert image[200:264] not in found  # no plaintext image bytes either
    # The audit rows go after outbox.keep_done_days.
    assert store.forget_delivered(now=time.time() + 8 * 86400) == 2
    assert store.jobs() == [] and store.submission_summary(receipt.reference) is None
