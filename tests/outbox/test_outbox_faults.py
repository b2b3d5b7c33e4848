"""Delivery through a hostile network: 5xx, 429, connections dropped before and after."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from outbox_helpers import capture, make_jpeg, sha256

from kiosk.api.sessionm import Customer
from kiosk.kinds import amplifi_types
from kiosk.outbox.jobs import JobKind, JobState
from kiosk.outbox.outbox import Outbox
from kiosk.outbox.verdicts import Verdicts
from kiosk.outbox.worker import JobEvent
from kiosk.sandbox.server import SandboxServer

# A harsh network: 30 % 5xx, 10 % replies dropped before and 10 % after processing, 8 % 429;
# Retry-After 0 keeps the 429s from costing a second each.
FAULTS = "5xx=0.3,drop_before=0.1,drop_after=0.1,429=0.08,retry_after=0"


@dataclass
class Recorder:
    """An observer that keeps every event."""

    events: list[JobEvent] = field(default_factory=list)
    offline: list[str] = field(default_factory=list)

    def job_event(self, event: JobEvent) -> None:
        """Keep the event."""
        self.events.append(event)

    def connectivity(self, api: str, online: bool, reason: str) -> None:
        """Keep the reason a server went away."""
        if not online:
            self.offline.append(reason)


def test_everything_is_delivered_once_in_effect_through_faults(
    outbox: Outbox, sandbox: SandboxServer
) -> None:
    sandbox.set_faults(FAULTS, seed=11)
    prospects, receipts = [], []
    for n in range(4):
        images = {
            "face": capture(make_jpeg(100 + n)),
            "license_front": capture(make_jpeg(200 + n)),
        }
        plan = outbox.submit_prospect(images, types=amplifi_types())
        prospects.append((plan, {k: sha256(c.data) for k, c in images.items()}))
    for n in range(4):
        parts = [capture(make_jpeg(300 + 10 * n + p)) for p in range(3)]
        plan = outbox.submit_receipt(
            parts, "sandbox-receipts", Customer("external_id", f"customer-{n}")
        )
        receipts.append((plan, [sha256(c.data) for c in parts]))
    recorder = Recorder()
    worker = outbox.worker(observers=(recorder,), seed=5)
    try:
        result = worker.drain(timeout=120)
    finally:
        worker.clients.close()
    assert result.ok, result.reasons
    assert result.delivered == 4 * 3 + 4 * 3

    state = sandbox.snapshot()
    counts = state["faults"]["counts"]
    # Every kind of fault really happened, and the worker went through retries.
    assert all(counts[f] > 0 for f in ("5xx", "429", "drop_before", "drop_after")), counts
    retries = [e for e in recorder.events if e.state is JobState.PENDING]
    assert len(retries) >= counts["5xx"]
    assert not [e for e in recorder.events if e.state is JobState.FAILED]

    images = state["amplifi"]["images"]
    requests = state["amplifi"]["requests"]
    for plan, hashes in prospects:
        listed = plan.summary["images"]
        for item in listed:
            got = images[item["AFiImageId"]]
            assert got["sha256"] == hashes[item["kind"]]
            assert got["type"] == item["type"] and got["dtsCreated"] == item["dtsCreated"]
        request = requests[plan.summary["intTag"]]
        assert [i["AFiImageId"] for i in request["payload"]["images"]] == [
            i["AFiImageId"] for i in listed
        ]
    assert len(images) == 8 and len(requests) == 4

    records = state["sessionm"]["records"]
    assert len(records) == 4  # no receipt was created twice
    for plan, hashes in receipts:
        external_id = plan.summary["external_id"]
        (record,) = [r for r in records if r["external_id"] == external_id]
        assert record["image_count"] == 3 == len(record["images"])
        assert [i["id"] for i in record["images"]] == [f"{external_id}-{n}" for n in (1, 2, 3)]
        assert record["image_sha256"] == hashes  # the parts, in order

    # A duplicate delivery only where AmpliFi cannot tell (a reply lost after processing),
    # and then harmless: the same AFiImageId again, or an intTag answered isDuplicate.
    jobs = {j.identity: j for j in outbox.store.jobs()}
    for image_id, got in images.items():
        if got["deliveries"] > 1:
            assert jobs[image_id].ambiguous
    for tag, got in requests.items():
        job = jobs[f"intTag:{tag}"]
        if got["deliveries"] > 1:
            # The reply itself is deleted with the delivered plan; its verdict keeps it.
            verdict = Verdicts(outbox.store.db).get(job.submission)
            assert job.ambiguous and verdict is not None and verdict.is_duplicate
    assert all(j.state is JobState.DONE for j in jobs.values())
    assert {j.kind for j in jobs.values()} == set(JobKind)
    assert list(outbox.store.blobs.directory.iterdir()) == []


def test_one_submissions_failure_does_not_block_another(
    outbox: Outbox, sandbox: SandboxServer
) -> None:
    # A campaign the server does not know is refused for good; the other receipt goes on.
    outbox.settings.sessionm.campaigns.append(
        outbox.settings.sessionm.campaigns[0].model_copy(update={"permalink": "withdrawn"})
    )
    sandbox.state.campaigns = {"sandbox-receipts"}
    bad = outbox.submit_receipt(
        [capture(make_jpeg(1)), capture(make_jpeg(2))], "withdrawn", Customer("external_id", "a")
    )
    good = outbox.submit_receipt(
        [capture(make_jpeg(3))], "sandbox-receipts", Customer("user_id", "b")
    )
    worker = outbox.worker(seed=1)
    try:
        result = worker.drain(timeout=30)
    finally:
        worker.clients.close()
    assert not result.ok and result.failed == 1 and result.remaining == 1
    assert any("campaign_unavailable" in r for r in result.reasons)
    # Drain stops at once instead of waiting out its timeout for the part that cannot move.
    assert not result.timed_out
    assert any("wait on failed jobs" in r for r in result.reasons)
    records = sandbox.snapshot()["sessionm"]["records"]
    assert [r["external_id"] for r in records] == [good.summary["external_id"]]
    status = outbox.store.status()
    assert status.counts["failed"] == 1 and status.blocked == 1
    assert bad.summary["external_id"] not in {r["external_id"] for r in records}


def test_a_worker_thread_delivers_new_work_when_woken_and_stops(
    outbox: Outbox, sandbox: SandboxServer
) -> None:
    delivered = threading.Event()
    recorder = Recorder()

    class Done(Recorder):
        def job_event(self, event: JobEvent) -> None:
            recorder.job_event(event)
            if event.kind == JobKind.GENERIC_REQUEST and event.state is JobState.DONE:
                delivered.set()

    worker = outbox.worker(observers=(Done(),), seed=2)
    stop = threading.Event()
    # A long idle poll: only wake() can make it notice the new work quickly.
    thread = threading.Thread(target=worker.run, args=(stop,), kwargs={"idle_poll": 30.0})
    thread.start()
    try:
        plan = outbox.submit_prospect({"passport": capture(make_jpeg(9))}, types=amplifi_types())
        worker.wake()
        assert delivered.wait(20), recorder.events
    finally:
        stop.set()
        worker.wake()
        thread.join(20)
        worker.clients.close()
    assert not thread.is_alive()
    assert [e.state for e in recorder.events] == [JobState.DONE, JobState.DONE]
    assert plan.summary["intTag"] in sandbox.snapshot()["amplifi"]["requests"]
