"""The store on real SQLite files and blob files: atomicity, schema, leases, recovery."""

from __future__ import annotations

import random
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from outbox_helpers import make_jpeg

from kiosk.outbox.backoff import RetryPolicy
from kiosk.outbox.blobs import BlobError
from kiosk.outbox.database import SchemaTooNew
from kiosk.outbox.errors import OutboxError
from kiosk.outbox.jobs import JobKind, JobSpec, JobState
from kiosk.outbox.leases import worker_id
from kiosk.outbox.schema import SCHEMA_VERSION
from kiosk.outbox.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """A store in a fresh directory, its device key in a file."""
    made = Store(tmp_path / "box", key_store="file")
    yield made
    made.close()


def image_spec(identity: str, seed: int, after: list[int] | None = None) -> JobSpec:
    """A prospect-image job carrying a real JPEG."""
    return JobSpec(
        JobKind.PROSPECT_IMAGE,
        identity,
        {"AFiImageId": identity, "deviceTag": "t"},
        image=make_jpeg(seed, 64, 48),
        mime_type="image/jpeg",
        after=after or [],
    )


def plain_spec(identity: str, after: list[int]) -> JobSpec:
    """A generic-request job without an image, waiting for ``after``."""
    return JobSpec(JobKind.GENERIC_REQUEST, identity, {"intTag": identity}, after=after)


def blob_files(store: Store) -> list[str]:
    """Every file in the blob directory (blobs and temp files alike)."""
    return sorted(p.name for p in store.blobs.directory.iterdir())


def row_counts(store: Store) -> dict[str, int]:
    """Rows per table."""
    conn = store.db.read()
    return {
        t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
        for t in ("jobs", "job_deps", "blobs", "submissions")
    }


# -- enqueue -----------------------------------------------------------------


def test_enqueue_stores_jobs_blobs_and_dependencies(store: Store) -> None:
    ids = store.enqueue(
        "S1", "prospect", {}, [image_spec("a", 1), image_spec("b", 2), plain_spec("t", [0, 1])]
    )
    assert len(ids) == 3
    assert row_counts(store) == {"jobs": 3, "job_deps": 2, "blobs": 2, "submissions": 1}
    assert len(blob_files(store)) == 2
    job = store.get(ids[1])
    assert job is not None and job.state is JobState.PENDING
    assert store.image(job) == make_jpeg(2, 64, 48)


def test_enqueue_is_atomic_when_a_later_job_fails(store: Store) -> None:
    # The third spec repeats the first one's identity: the UNIQUE constraint fails midway.
    specs = [image_spec("same", 1), image_spec("other", 2), image_spec("same", 3)]
    with pytest.raises(OutboxError, match=r"outbox\.sqlite3 cannot be used \(UNIQUE constraint"):
        store.enqueue("S1", "prospect", {}, specs)
    assert row_counts(store) == {"jobs": 0, "job_deps": 0, "blobs": 0, "submissions": 0}
    assert blob_files(store) == []


def test_enqueue_failure_leaves_earlier_plans_intact(store: Store) -> None:
    store.enqueue("S1", "prospect", {}, [image_spec("a", 1), plain_spec("t1", [0])])
    before_files = blob_files(store)
    with pytest.raises(OutboxError, match=r"outbox\.sqlite3 cannot be used \(UNIQUE constraint"):
        # A new plan that reuses an identity already queued.
        store.enqueue("S2", "prospect", {}, [image_spec("b", 2), image_spec("a", 3)])
    assert row_counts(store) == {"jobs": 2, "job_deps": 1, "blobs": 1, "submissions": 1}
    assert blob_files(store) == before_files
    assert store.status().counts["pending"] == 2


# -- schema --------------------------------------------------------------------


def test_new_database_has_the_current_schema_version(store: Store) -> None:
    version = store.db.read().execute("PRAGMA user_version").fetchone()[0]
    assert version == SCHEMA_VERSION >= 1
    mode = store.db.read().execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    # synchronous=FULL is 2.
    assert store.db.read().execute("PRAGMA synchronous").fetchone()[0] == 2


def test_version_zero_database_is_migrated(tmp_path: Path) -> None:
    box = tmp_path / "box"
    box.mkdir()
    # An existing but empty SQLite file (version 0), as an interrupted first start leaves.
    conn = sqlite3.connect(box / "outbox.sqlite3")
    conn.execute("CREATE TABLE unrelated (x)")
    conn.commit()
    conn.close()
    store = Store(box, key_store="file")
    try:
        assert store.db.read().execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        store.enqueue("S1", "prospect", {}, [image_spec("a", 1)])
        assert store.status().counts["pending"] == 1
    finally:
        store.close()


def test_newer_schema_is_refused_and_left_alone(tmp_path: Path) -> None:
    box = tmp_path / "box"
    first = Store(box, key_store="file")
    first.enqueue("S1", "prospect", {}, [image_spec("a", 1)])
    first.close()
    conn = sqlite3.connect(box / "outbox.sqlite3")
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(SchemaTooNew, match="newer than this kiosk"):
        Store(box, key_store="file")
    conn = sqlite3.connect(box / "outbox.sqlite3")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    assert conn.execute("SELECT COUNT(*) FROM jobs").fetchone()[0] == 1
    conn.close()


# -- claim, leases, dependencies -----------------------------------------------


def test_claim_waits_for_dependencies_and_hands_over_their_results(store: Store) -> None:
    a, b, t = store.enqueue(
        "S1", "prospect", {}, [image_spec("a", 1), image_spec("b", 2), plain_spec("t", [0, 1])]
    )
    first = store.claim("w", 60)
    second = store.claim("w", 60)
    assert first is not None and second is not None
    assert {first.id, second.id} == {a, b}
    assert store.claim("w", 60) is None  # t waits for both
    store.complete(first, {"n": 1})
    assert store.claim("w", 60) is None  # still waits for the second
    store.complete(second, {"n": 2})
    last = store.claim("w", 60)
    assert last is not None and last.id == t
    assert store.dependency_results(last) == [{"n": 1}, {"n": 2}]


def test_a_leased_job_is_taken_over_only_after_its_lease_went_silent(tmp_path: Path) -> None:
    # Silence is judged on the claimer's own monotonic clock; the wall clocks never meet.
    mono = [500.0]
    store = Store(tmp_path / "box", key_store="file", monotonic=lambda: mono[0])
    try:
        (a,) = store.enqueue("S1", "prospect", {}, [image_spec("a", 1)])
        job = store.claim("w1", 10)
        assert job is not None and not job.ambiguous and job.lease_token == 1
        assert store.claim("w2", 10) is None  # first sight of w1's lease
        mono[0] += 9
        assert store.renew(job, 10)  # w1 is alive: its beat moves
        mono[0] += 9
        assert store.claim("w2", 10) is None  # 18 s since first sight, 0 since the beat
        mono[0] += 11
        again = store.claim("w2", 10)
        # Nobody knows whether the silent holder sent it: it comes back marked ambiguous,
        # under the next fencing token.
        assert again is not None and again.id == a and again.ambiguous
        assert again.lease_token == 2 and again.lease_owner == "w2"
    finally:
        store.close()


def test_claim_skips_apis_that_are_offline(store: Store) -> None:
    store.enqueue("S1", "prospect", {}, [image_spec("a", 1)])
    assert store.claim("w", 60, skip_apis=["amplifi"]) is None
    assert store.claim("w", 60, skip_apis=["sessionm"]) is not None


def test_recover_returns_only_leases_of_dead_workers_as_ambiguous(store: Store) -> None:
    store.enqueue("S1", "prospect", {}, [image_spec("a", 1), image_spec("b", 2)])
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    host = socket.gethostname()
    first, second = store.claim(worker_id(), 5), store.claim(worker_id(), 5)
    assert first is not None and second is not None and first.identity == "a"
    with store.db.transaction() as conn:  # "a" was leased by a worker since killed
        conn.execute(
            "UPDATE jobs SET lease_owner = ? WHERE id = ?",
            (f"{host}:{dead.pid}:0a1b2c3d", first.id),
        )
    # Hours later by the wall clock: a lease is never returned for its wall-clock expiry.
    leases, files = store.recover(now=time.time() + 7200)
    assert (leases, files) == (1, 0)
    states = {j.identity: (j.state, j.ambiguous) for j in store.jobs()}
    assert states == {"a": (JobState.PENDING, True), "b": (JobState.IN_FLIGHT, False)}


def test_recover_sweeps_orphan_and_temp_files(store: Store) -> None:
    store.enqueue("S1", "prospect", {}, [image_spec("a", 1)])
    kept = blob_files(store)
    directory = store.blobs.directory
    (directory / ("0" * 32 + ".blob")).write_bytes(b"left by a crash before the commit")
    (directory / ("1" * 32 + ".tmp")).write_bytes(b"half written")
    leases, files = store.recover()
    assert (leases, files) == (0, 2)
    assert blob_files(store) == kept
    job = store.jobs()[0]
    assert store.image(job) == make_jpeg(1, 64, 48)


def test_a_sweep_in_another_process_never_takes_a_blob_being_enqueued(tmp_path: Path) -> None:
    box = tmp_path / "box"
    writer, other = Store(box, key_store="file"), Store(box, key_store="file")
    write = writer.blobs.write
    sweeper: list[threading.Thread] = []

    def write_then_let_the_other_start(data: bytes, **kwargs: object) -> object:
        sealed = write(data, **kwargs)  # type: ignore[arg-type]
        # Another worker starts up (and sweeps) between this file and its row's commit.
        thread = threading.Thread(target=other.recover)
        thread.start()
        thread.join(0.5)
        sweeper.append(thread)
        return sealed

    writer.blobs.write = write_then_let_the_other_start  # type: ignore[method-assign]
    try:
        (job_id,) = writer.enqueue("S1", "prospect", {}, [image_spec("a", 1)])
        sweeper[0].join(30)
        job = writer.get(job_id)
        assert job is not None
        assert writer.image(job) == make_jpeg(1, 64, 48)
    finally:
        writer.close()
        other.close()


def test_recover_finishes_a_cut_short_completion(store: Store) -> None:
    (a,) = store.enqueue("S1", "prospect", {}, [image_spec("a", 1)])
    job = store.claim("w", 60)
    assert job is not None
    # A crash after the row said "done" but before the key row and file went.
    with store.db.transaction() as conn:
        conn.execute("UPDATE jobs SET state = 'done' WHERE id = ?", (a,))
    assert len(blob_files(store)) == 1
    assert store.recover() == (0, 1)
    assert blob_files(store) == []
    assert row_counts(store)["blobs"] == 0


# -- completion, failure, staff actions ---------------------------------------------


def test_complete_deletes_the_blob_file_and_its_key(store: Store) -> None:
    (a,) = store.enqueue("S1", "prospect", {}, [image_spec("a", 1)])
    job = store.claim("w", 60)
    assert job is not None
    store.complete(job, {"ok": True})
    assert blob_files(store) == []
    assert row_counts(store)["blobs"] == 0
    done = store.get(a)
    assert done is not None and done.state is JobState.DONE and done.result == {"ok": True}
    with pytest.raises(BlobError):
        store.image(done)


def test_retry_later_and_fail_record_the_reason(store: Store) -> None:
    a, b = store.enqueue("S1", "prospect", {}, [image_spec("a", 1), image_spec("b", 2)])
    ja, jb = store.claim("w", 60), store.claim("w", 60)
    assert ja is not None and jb is not None
    store.retry_later(ja, delay=30, error="503 server error", error_class="ServerError")
    store.fail(jb, "400 refused: bad field", "ClientStatusError")
    got_a, got_b = store.get(a), store.get(b)
    assert got_a is not None and got_b is not None
    assert (got_a.state, got_a.attempts, got_a.last_error) == (
        JobState.PENDING,
        1,
        "503 server error",
    )
    assert got_a.next_attempt_at > got_a.updated_at + 29
    assert (got_b.state, got_b.error_class) == (JobState.FAILED, "ClientStatusError")
    # A failed job keeps its image, so that staff can send it again.
    assert store.image(got_b) == make_jpeg(2, 64, 48)


def test_retry_sends_failed_jobs_again(store: Store) -> None:
    a, b, c = store.enqueue(
        "S1", "prospect", {}, [image_spec("a", 1), image_spec("b", 2), image_spec("c", 3)]
    )
    for _ in range(3):
        job = store.claim("w", 60)
        assert job is not None
        if job.id == c:
            store.complete(job)
        else:
            store.fail(job, "refused", "RejectedError")
    assert store.retry(c) == 0  # done, not failed
    assert store.retry(a) == 1
    assert store.get(a).state is JobState.PENDING  # type: ignore[union-attr]
    assert store.get(b).state is JobState.FAILED  # type: ignore[union-attr]
    assert store.retry() == 1
    assert store.status().counts == {"pending": 2, "in_flight": 0, "done": 1, "failed": 0}


def test_purge_removes_failed_jobs_and_everything_waiting_on_them(store: Store) -> None:
    (ok,) = store.enqueue("S1", "prospect", {}, [image_spec("ok", 9)])
    a, b, t = store.enqueue(
        "S2", "prospect", {}, [image_spec("a", 1), image_spec("b", 2), plain_spec("t", [0, 1])]
    )
    for _ in range(3):
        job = store.claim("w", 60)
        assert job is not None
        if job.id == a:
            store.fail(job, "refused", "RejectedError")
        elif job.id == b:
            store.complete(job)
        else:
            assert job.id == ok
            store.retry_later(job, delay=3600, error="503", error_class="ServerError")
    assert store.status().blocked == 1  # t waits behind the failed a
    assert store.purge_failed(older_than_days=1) == 0  # too recent
    assert store.purge_failed() == 2  # a, and t which waited on it
    assert store.get(a) is None and store.get(t) is None
    assert store.get(b) is not None and store.get(ok) is not None
    survivor = store.get(ok)
    assert blob_files(store) == [f"{survivor.blob_id}.blob"]  # type: ignore[union-attr]
    assert row_counts(store)["blobs"] == 1
    assert row_counts(store)["job_deps"] == 0


def test_jobs_behind_a_failure_are_not_deliverable(store: Store) -> None:
    a, _, _ = store.enqueue(
        "S1", "receipt", {}, [image_spec("a", 1), plain_spec("b", [0]), plain_spec("c", [1])]
    )
    store.enqueue("S2", "prospect", {}, [image_spec("o", 2)])
    assert (store.outstanding(), store.deliverable()) == (4, 4)
    job = store.claim("w", 60)
    assert job is not None and job.id == a
    store.fail(job, "refused", "RejectedError")
    # b waits on a directly, c through b: only the other submission can still move.
    assert (store.outstanding(), store.deliverable()) == (3, 1)
    assert store.retry(a) == 1
    assert store.deliverable() == 4  # a, b, c and the other job


def test_status_counts_ages_and_errors(store: Store) -> None:
    now = 2_000_000_000.0
    a, b, c = store.enqueue(
        "S1", "prospect", {}, [image_spec("a", 1), image_spec("b", 2), image_spec("c", 3)]
    )
    with store.db.transaction() as conn:
        conn.execute("UPDATE jobs SET created_at = ? WHERE id = ?", (now - 600, a))
        conn.execute("UPDATE jobs SET created_at = ? WHERE id IN (?, ?)", (now - 60, b, c))
    ja = store.claim("w", 60)
    jb = store.claim("w", 60)
    assert ja is not None and jb is not None
    store.fail(ja, "first reason", "RejectedError")
    store.retry_later(jb, delay=0, error="second reason", error_class="ServerError")
    status = store.status(now=now)
    assert status.counts == {"pending": 2, "in_flight": 0, "done": 0, "failed": 1}
    assert status.remaining == 3
    assert status.oldest_pending_age == pytest.approx(60)
    assert [e.error for e in status.last_errors] == ["second reason", "first reason"]


# -- concurrency ---------------------------------------------------------------


def test_two_stores_on_one_file_never_claim_the_same_job(tmp_path: Path) -> None:
    box = tmp_path / "box"
    seed = Store(box, key_store="file")
    specs = [JobSpec(JobKind.GENERIC_REQUEST, f"j{i}", {"i": i}) for i in range(80)]
    expected = set(seed.enqueue("S1", "prospect", {}, specs))
    seed.close()
    claimed: dict[str, list[int]] = {"one": [], "two": []}
    start = threading.Barrier(2)

    def claim_all(name: str) -> None:
        own = Store(box, key_store="file")  # its own Database, its own connection
        try:
            start.wait()
            while (job := own.claim(name, 60)) is not None:
                claimed[name].append(job.id)
                time.sleep(0.005)  # "delivering", outside any transaction
                own.complete(job)
        finally:
            own.close()

    threads = [threading.Thread(target=claim_all, args=(n,)) for n in claimed]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    one, two = set(claimed["one"]), set(claimed["two"])
    assert len(claimed["one"]) == len(one) and len(claimed["two"]) == len(two)
    assert not one & two
    assert one | two == expected
    # Both really took part, so the test exercised the contention it is about.
    assert one and two


# -- retry policy ----------------------------------------------------------------


def test_backoff_is_full_jitter_under_the_cap_and_honours_retry_after() -> None:
    policy = RetryPolicy(base=0.5, cap=8.0)
    rng = random.Random(7)
    for attempt in range(12):
        ceiling = min(8.0, 0.5 * 2**attempt)
        delays = [policy.delay(attempt, rng) for _ in range(200)]
        assert all(0 <= d <= ceiling for d in delays)
        # Full jitter spreads over the whole range, not just near the ceiling.
        assert min(delays) < ceiling * 0.2 and max(delays) > ceiling * 0.8
    assert all(policy.delay(0, rng, retry_after=3.0) >= 3.0 for _ in range(100))
    # A Retry-After longer than the cap is still honoured.
    assert policy.delay(0, rng, retry_after=20.0) >= 20.0
