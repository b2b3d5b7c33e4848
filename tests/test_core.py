"""KioskCore, the one front door, against the real sandbox over loopback."""

from __future__ import annotations

import socket
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import cv2
import pytest
from sample_data import SAMPLES

from kiosk.capture.phash import Match, best_match, phash
from kiosk.config import ConfigError, Settings, load_settings
from kiosk.core import KioskCore, SubmissionError, VisitRecord
from kiosk.kinds import UnknownKindError
from kiosk.outbox.events import JobEvent
from kiosk.outbox.jobs import JobState, Reachability
from kiosk.outbox.plans import Capture
from kiosk.outbox.receipt_hashes import ReceiptHashes
from kiosk.progress import Delivery
from kiosk.sandbox.server import SandboxServer

RECEIPT = SAMPLES / "receipts" / "softmatic_A_aldi_18042020_11_00883.jpg"
FACE = SAMPLES / "faces" / "fr_biden.jpg"


@dataclass(frozen=True)
class Prepared:
    """What the pipeline hands the core: the outbox capture and a receipt's fingerprint."""

    capture: Capture
    fingerprint: int | None = None


def _settings(url: str, data_dir: Path) -> Settings:
    return load_settings(
        None,
        data_dir=data_dir,
        amplifi={"base_url": url, "token": "test-token"},
        sessionm={"base_url": url, "api_key": "test-key"},
        outbox={"backoff_base": 0.01, "backoff_cap": 0.05, "key_store": "file"},
    )


def _jpeg(path: Path) -> bytes:
    return path.read_bytes()


def _prepared(path: Path, receipt: bool = False) -> Prepared:
    data = _jpeg(path)
    capture = Capture(data, "image/jpeg", datetime.now().astimezone())
    image = cv2.imread(str(path))
    return Prepared(capture, phash(image) if receipt else None)


class Recorder:
    """A worker observer (``OutboxObserver``) keeping what it is told."""

    def __init__(self) -> None:
        self.jobs: list[JobEvent] = []
        self.seen: list[tuple[str, bool, str]] = []

    def job_event(self, event: JobEvent) -> None:
        self.jobs.append(event)

    def connectivity(self, api: str, online: bool, reason: str) -> None:
        self.seen.append((api, online, reason))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _match(settings: Settings, fingerprint: int) -> Match | None:
    return best_match(fingerprint, ReceiptHashes.for_settings(settings).recent())


def test_submit_and_follow_a_prospect_and_a_receipt(
    sandbox: SandboxServer, kiosk_env: Path
) -> None:
    settings = _settings(sandbox.url, kiosk_env)
    events = Recorder()
    with KioskCore(settings) as core:
        assert core.connectivity() == {
            "amplifi": Reachability("amplifi", None),
            "sessionm": Reachability("sessionm", None),
        }
        prospect = core.submit_prospect({"face": _prepared(FACE)})
        customer = core.customer("C-1001")
        assert customer is not None
        receipt = core.submit_receipt(
            [_prepared(RECEIPT, receipt=True)], "sandbox-receipts", customer
        )
        assert prospect.kind == "prospect" and prospect.queued_jobs == 2
        assert receipt.kind == "receipt" and receipt.summary["parts"] == 1
        # Nothing delivered yet: both are queued, and the receipt has no record to read.
        before = core.follow(receipt.reference)
        assert before.delivery is Delivery.QUEUED and before.receipt is None

        result = core.drain(timeout=30, observers=(events,))
        assert result.ok and result.delivered == 3

        sent = core.follow(prospect.reference)
        assert sent.kind == "prospect" and sent.delivery is Delivery.SENT
        assert [j.state for j in sent.jobs] == [JobState.DONE, JobState.DONE]
        followed = core.follow(receipt.reference)
        assert followed.kind == "receipt" and followed.delivery is Delivery.SENT
        assert followed.receipt is not None
        assert followed.receipt.status in {"pending", "valid"}
        records = sandbox.state.snapshot()["sessionm"]["records"]
        assert len(records) == 1
        assert not core.follow("K-NOSUCH1").known

        # The worker's events reached the observer given to the drain.
        done = [e for e in events.jobs if e.state is JobState.DONE]
        assert {e.submission for e in done} == {prospect.reference, receipt.reference}
        # Connectivity is what the delivery worker learned, kept in the store.
        reach = core.connectivity()
        assert reach["amplifi"].online is True and reach["sessionm"].online is True


def test_the_fingerprint_is_remembered_once_queued(sandbox: SandboxServer, kiosk_env: Path):
    settings = _settings(sandbox.url, kiosk_env)
    part = _prepared(RECEIPT, receipt=True)
    with KioskCore(settings) as core:
        customer = core.customer("C-1")
        assert customer is not None
        # Refused before anything is queued: the receipt must not count as seen.
        with pytest.raises(ConfigError, match="unknown campaign"):
            core.submit_receipt([part], "no-such-campaign", customer)
        assert _match(settings, part.fingerprint or 0) is None
        queued = core.submit_receipt([part], "sandbox-receipts", customer)
        assert queued.kind == "receipt" and queued.queued_jobs >= 1
    match = _match(settings, part.fingerprint or 0)
    assert match is not None and match.similarity == 1.0


def test_the_demo_does_not_remember_receipts(sandbox: SandboxServer, kiosk_env: Path):
    settings = _settings(sandbox.url, kiosk_env)
    part = _prepared(RECEIPT, receipt=True)
    with KioskCore(settings, remember_receipts=False) as core:
        customer = core.customer("C-1")
        assert customer is not None
        core.submit_receipt([part], "sandbox-receipts", customer)
    assert _match(settings, part.fingerprint or 0) is None


def test_connectivity_comes_from_the_worker_and_reaches_other_processes(kiosk_env: Path):
    dead = f"http://127.0.0.1:{_free_port()}"
    settings = _settings(dead, kiosk_env)
    reach = Recorder()
    with KioskCore(settings) as core:
        core.submit_prospect({"face": _prepared(FACE)})
        result = core.drain(timeout=0.5, observers=(reach,))
        assert not result.ok and result.remaining == 2
        assert reach.seen and reach.seen[0][:2] == ("amplifi", False)
    # A second core on the same data dir (as the app beside a worker process) sees it too.
    with KioskCore(settings) as other:
        amplifi = other.connectivity()["amplifi"]
        assert amplifi.online is False and "server unreachable" in amplifi.reason
        assert amplifi.since is not None
        assert other.connectivity()["sessionm"].online is None  # nothing sent there yet


def test_queue_operations_retry_and_purge(kiosk_env: Path, sandbox: SandboxServer):
    settings = _settings(sandbox.url, kiosk_env)
    with KioskCore(settings) as core:
        sub = core.submit_prospect({"face": _prepared(FACE)})
        job = core.outbox.store.claim("test", 60)
        assert job is not None
        core.outbox.store.fail(job, "refused (400)", "ClientStatusError")
        assert core.follow(sub.reference).delivery is Delivery.FAILED
        assert core.status().counts["failed"] == 1
        assert core.retry(job.id) == 1
        assert core.follow(sub.reference).delivery is Delivery.QUEUED
        job = core.outbox.store.claim("test", 60)
        assert job is not None
        core.outbox.store.fail(job, "refused (400)", "ClientStatusError")
        # The session request waits on the image: both go.
        assert core.purge_failed(job_id=job.id) == 2
        assert core.jobs() == []


def test_submissions_the_core_cannot_carry_are_refused(kiosk_env: Path, sandbox: SandboxServer):
    settings = _settings(sandbox.url, kiosk_env)
    with KioskCore(settings) as core:
        with pytest.raises(SubmissionError, match="at least one image"):
            core.submit_prospect({})
        with pytest.raises(SubmissionError, match="receipt cannot go in a prospect"):
            core.submit_prospect({"receipt": _prepared(RECEIPT)})
        with pytest.raises(UnknownKindError, match="unknown capture kind 'selfie'"):
            core.submit_prospect({"selfie": _prepared(FACE)})
        assert core.status().counts["pending"] == 0


def test_the_visit_record_travels_with_both_submissions(
    sandbox: SandboxServer, kiosk_env: Path
) -> None:
    consent = {"acceptedAt": "2026-12-06T10:00:00+00:00", "version": "ab12cd34", "language": "es"}
    skipped = ({"step": "passport", "reason": "The customer did not bring it today"},)
    with KioskCore(_settings(sandbox.url, kiosk_env)) as core:
        core.submit_prospect({"face": _prepared(FACE)}, visit=VisitRecord(consent, skipped))
        customer = core.customer("C-1001")
        assert customer is not None
        core.submit_receipt(
            [_prepared(RECEIPT, receipt=True)], "sandbox-receipts", customer, VisitRecord(consent)
        )
        core.submit_prospect({"face": _prepared(FACE)})  # a visit that recorded nothing
        assert core.drain(timeout=30).ok
    state = sandbox.state.snapshot()
    bodies = [r["payload"] for r in state["amplifi"]["requests"].values()]
    recorded = [b for b in bodies if "consent" in b]
    assert len(bodies) == 2 and len(recorded) == 1
    assert recorded[0]["consent"] == consent and recorded[0]["skipped"] == list(skipped)
    assert not any("skipped" in b for b in bodies if b is not recorded[0])
    (record,) = state["sessionm"]["records"]
    assert record["data"]["consent"] == consent and "skipped" not in record["data"]
