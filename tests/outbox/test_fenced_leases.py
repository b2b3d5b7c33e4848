"""Fenced leases: two workers on one outbox, uploads longer than the lease, a worker whose
clock runs ahead, a completion by a worker that lost its lease, and the schema upgrade."""

from __future__ import annotations

import secrets
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from outbox_helpers import capture, make_jpeg, sandbox_settings
from slow_uplink import SlowUplink

from kiosk.api.sessionm import Customer
from kiosk.config import Settings
from kiosk.kinds import amplifi_types
from kiosk.outbox.backoff import RetryPolicy
from kiosk.outbox.deliver import Clients
from kiosk.outbox.events import DrainResult
from kiosk.outbox.jobs import JobKind, JobSpec, JobState
from kiosk.outbox.leases import LeaseLost
from kiosk.outbox.outbox import Outbox
from kiosk.outbox.schema import MIGRATIONS, SCHEMA_VERSION
from kiosk.outbox.store import Store
from kiosk.outbox.worker import Worker
from kiosk.sandbox.server import SandboxServer

# About 50 kB of base64 JPEG per upload at 20 kB/s: each upload takes 2-3 s, more than
# twice the 1 s lease; a read-back (a few hundred bytes) takes milliseconds.
UPLINK_BYTES_PER_S = 20_000
LEASE_S = 1.0


def _queue(box: Outbox) -> tuple[list[str], list[str], str]:
    """Three one-part receipts and one prospect session; their identities."""
    receipts = [
        box.submit_receipt(
            [capture(make_jpeg(700 + n))], "sandbox-receipts", Customer("external_id", f"c{n}")
        ).summary["external_id"]
        for n in range(3)
    ]
    prospect = box.submit_prospect({"face": capture(make_jpeg(800))}, types=amplifi_types())
    images = [i["AFiImageId"] for i in prospect.summary["images"]]
    return receipts, images, prospect.summary["intTag"]


def _drain_together(*workers: Worker) -> list[DrainResult]:
    """Each worker drains on its own thread (its own database connection); their results."""
    results: list[DrainResult | BaseException] = [RuntimeError("not run")] * len(workers)

    def run(index: int) -> None:
        try:
            results[index] = workers[index].drain(timeout=120)
        except BaseException as exc:
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(workers))]
    for thread in threads:
        thread.start()
        # The second starts once the first's first lease is past its length, mid-upload:
        # the moment a lease without renewal was handed over and its upload made twice.
        time.sleep(1.5 * LEASE_S)
    for thread in threads:
        thread.join(180)
    for worker in workers:
        worker.clients.close()
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results  # type: ignore[return-value]


def _assert_each_delivered_once(
    sandbox: SandboxServer, receipts: list[str], images: list[str], int_tag: str
) -> None:
    state = sandbox.snapshot()
    records = [r["external_id"] for r in state["sessionm"]["records"]]
    assert sorted(records) == sorted(receipts)  # 3 receipts, 3 SessionM records
    amplifi = state["amplifi"]
    assert {i: amplifi["images"][i]["deliveries"] for i in images} == dict.fromkeys(images, 1)
    assert amplifi["requests"][int_tag]["deliveries"] == 1


def _worker(settings: Settings, store: Store, seed: int) -> Worker:
    return Worker(
        store,
        Clients.from_settings(settings),
        RetryPolicy.from_settings(settings.outbox, settings.http),
        seed=seed,
    )


def test_two_workers_deliver_uploads_longer_than_the_lease_once(
    sandbox: SandboxServer, kiosk_env: Path
) -> None:
    with SlowUplink(sandbox.url, UPLINK_BYTES_PER_S) as uplink:
        settings = sandbox_settings(uplink.url, kiosk_env, lease_seconds=LEASE_S)
        with Outbox(settings) as first, Outbox(settings) as second:
            receipts, images, int_tag = _queue(first)
            results = _drain_together(first.worker(seed=1), second.worker(seed=2))
            jobs = first.store.jobs()
    assert all(r.ok for r in results), [r.reasons for r in results]
    _assert_each_delivered_once(sandbox, receipts, images, int_tag)
    # Both workers delivered, and no job was marked done twice.
    assert sum(r.delivered for r in results) == 5 and min(r.delivered for r in results) >= 1
    # No lease was taken over: the holders renewed them through every slow upload.
    assert not [j for j in jobs if j.ambiguous] and all(j.state is JobState.DONE for j in jobs)


def test_a_worker_whose_clock_runs_an_hour_ahead_takes_no_live_lease(
    sandbox: SandboxServer, kiosk_env: Path
) -> None:
    with SlowUplink(sandbox.url, UPLINK_BYTES_PER_S) as uplink:
        settings = sandbox_settings(uplink.url, kiosk_env, lease_seconds=LEASE_S)
        on_time = Store(kiosk_env, "file")
        ahead = Store(kiosk_env, "file", clock=lambda: time.time() + 3600.0)
        try:
            receipts, images, int_tag = _queue(Outbox(settings))
            results = _drain_together(
                _worker(settings, on_time, seed=3), _worker(settings, ahead, seed=4)
            )
            jobs = on_time.jobs()
        finally:
            on_time.close()
            ahead.close()
    assert all(r.ok for r in results), [r.reasons for r in results]
    assert min(r.delivered for r in results) >= 1
    _assert_each_delivered_once(sandbox, receipts, images, int_tag)
    assert not [j for j in jobs if j.ambiguous] and all(j.state is JobState.DONE for j in jobs)


# -- the store's fence ----------------------------------------------------------------------


def _spec(identity: str) -> JobSpec:
    return JobSpec(
        JobKind.PROSPECT_IMAGE,
        identity,
        {"AFiImageId": identity, "deviceTag": "t"},
        image=make_jpeg(1, 64, 48),
        mime_type="image/jpeg",
    )


def test_a_worker_that_lost_its_lease_changes_nothing(tmp_path: Path) -> None:
    mono = [0.0]
    store = Store(tmp_path / "box", key_store="file", monotonic=lambda: mono[0])
    try:
        (job_id,) = store.enqueue("S1", "prospect", {}, [_spec("a")])
        lost = store.claim("w1:1:aa", 10)
        assert lost is not None
        assert store.claim("w2:2:bb", 10) is None
        mono[0] += 11  # w1 went silent for a whole lease
        holder = store.claim("w2:2:bb", 10)
        assert holder is not None and holder.ambiguous
        # Every change w1 tries now fails and changes nothing.
        assert not store.renew(lost, 10)
        with pytest.raises(LeaseLost, match="not completed"):
            store.complete(lost, {"AFiImageId": "a"})
        with pytest.raises(LeaseLost, match="not rescheduled"):
            store.retry_later(lost, delay=1.0, error="x", error_class="ServerError")
        with pytest.raises(LeaseLost, match="not dead-lettered"):
            store.fail(lost, "x", "ClientStatusError")
        store.release(lost)
        job = store.get(job_id)
        assert job is not None and job.state is JobState.IN_FLIGHT
        assert (job.lease_owner, job.lease_token, job.attempts) == ("w2:2:bb", 2, 0)
        assert store.image(job) == make_jpeg(1, 64, 48)  # the image is still there
        store.complete(holder, {"AFiImageId": "a"})
        job = store.get(job_id)
        assert job is not None and job.state is JobState.DONE
    finally:
        store.close()


def test_a_version_4_outbox_is_upgraded_with_its_leases(tmp_path: Path) -> None:
    box = tmp_path / "box"
    box.mkdir()
    # The file as the previous release left it: schema 4, a job in flight.
    conn = sqlite3.connect(box / "outbox.sqlite3", isolation_level=None)
    for step in MIGRATIONS[:4]:
        step(conn)
    conn.execute("PRAGMA user_version=4")
    now = time.time()
    conn.execute(
        "INSERT INTO submissions (id, kind, summary, created_at) VALUES ('S1', 'prospect', "
        "'{}', ?)",
        (now,),
    )
    conn.execute(
        "INSERT INTO jobs (submission, kind, identity, payload, state, lease_owner, "
        "lease_expires, created_at, updated_at) VALUES ('S1', 'amplifi.generic_request', "
        "'intTag:1', '{}', 'in_flight', 'elsewhere:1', ?, ?, ?)",
        (now + 60, now, now),
    )
    conn.close()
    # The device key that outbox was made with (a version-4 outbox had one; nothing new is
    # minted beside queued work).
    keys = box / "keys"
    keys.mkdir(mode=0o700)
    (keys / "device.key").write_bytes(secrets.token_bytes(32))
    (keys / "device.key").chmod(0o600)
    assert SCHEMA_VERSION == 5
    mono = [0.0]
    store = Store(box, key_store="file", monotonic=lambda: mono[0])
    try:
        version = store.db.read().execute("PRAGMA user_version").fetchone()[0]
        assert version == SCHEMA_VERSION
        (job,) = store.jobs()
        assert (job.lease_owner, job.lease_token) == ("elsewhere:1", 0)
        # The old holder never renews: the lease is taken over once it has been silent.
        assert store.claim("new:2:cc", 30) is None
        mono[0] += 31
        taken = store.claim("new:2:cc", 30)
        assert taken is not None and taken.ambiguous and taken.lease_token == 1
        store.complete(taken, {})
        assert store.status().counts["done"] == 1
    finally:
        store.close()


def test_a_lease_of_a_process_that_no_longer_runs_is_taken_at_the_next_claim(
    tmp_path: Path,
) -> None:
    # A `kiosk queue drain` killed mid-upload: the service's next claim reconciles its job
    # without waiting for the lease to go silent.
    store = Store(tmp_path / "box", key_store="file", monotonic=lambda: 0.0)
    try:
        store.enqueue("S1", "prospect", {}, [_spec("a")])
        dead = subprocess.Popen([sys.executable, "-c", "pass"])
        dead.wait()
        assert store.claim(f"{socket.gethostname()}:{dead.pid}:5eed", 30) is not None
        taken = store.claim("service:1:ab", 30)
        assert taken is not None and taken.ambiguous and taken.lease_token == 2
    finally:
        store.close()
