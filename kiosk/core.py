"""The kiosk's one front door: what the command line and the app do after a capture.

Both doors prepare images with ``kiosk.pipeline`` and then call only this: submit a
prospect session or a receipt, follow a submission, ask what the delivery worker knows of
each API, and the queue operations staff use. Nothing here knows about Qt.

Callers poll: every answer is read from the outbox store, which the delivery worker (the
app's child process, the delivery service, or a thread) writes. The app asks ``follow``
every second on the New customer screen (ui/screens/customer_flow.py) and every 1.5 s on
the receipt screen (ui/screens/receipt_flow.py), and ``connectivity`` and ``status`` every
2 s for the status strip (ui/window.py). Only a worker's own progress, as it happens, goes
to callbacks: the ``OutboxObserver``s given to ``worker`` or ``drain`` (the delivery log,
the metrics, ``kiosk queue drain``'s lines).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Protocol

from kiosk.api.sessionm import Customer as Customer  # callers name it through the core
from kiosk.api.sessionm import customer_for
from kiosk.config import Settings
from kiosk.errors import KioskError
from kiosk.kinds import amplifi_types, kind, prospect_kinds
from kiosk.monitoring.health import Health, evaluate
from kiosk.monitoring.logs import event as log_event
from kiosk.monitoring.recorder import CameraLike, CameraWatch, Recorder
from kiosk.outbox.deliver import Clients
from kiosk.outbox.events import OutboxObserver
from kiosk.outbox.jobs import Job, QueueStatus, Reachability
from kiosk.outbox.outbox import Outbox
from kiosk.outbox.plans import Capture, Plan, VisitRecord
from kiosk.outbox.receipt_hashes import ReceiptHashes
from kiosk.outbox.verdicts import SubmissionView, Verdicts
from kiosk.outbox.worker import DrainResult, Worker
from kiosk.progress import JobProgress, Progress, ReceiptResult, Submitted

log = logging.getLogger(__name__)


class SubmissionError(KioskError):
    """A submission cannot be queued as asked (no images, a kind it cannot carry)."""


class Queueable(Protocol):
    """A prepared capture (``kiosk.pipeline.PreparedCapture`` is one)."""

    @property
    def capture(self) -> Capture:
        """The encoded image and how it was checked."""
        ...

    @property
    def fingerprint(self) -> int | None:
        """A receipt's perceptual hash, remembered once the receipt is queued."""
        ...


def _capture(item: Queueable | Capture) -> Capture:
    return item if isinstance(item, Capture) else item.capture


class KioskCore:
    """One data directory's kiosk: submissions, their delivery, the queue."""

    def __init__(self, settings: Settings, *, remember_receipts: bool = True) -> None:
        self.settings = settings
        self.outbox = Outbox(settings)
        # The demo camera shows the same receipt every time, so the demo does not remember.
        self._remember_receipts = remember_receipts
        self._workers: list[Worker] = []
        self._verdicts = Verdicts(self.outbox.store.db)
        # What the app records for the delivery worker's metrics (captures, the camera).
        self.recorder = Recorder(settings.data_dir)
        self._camera_watch: CameraWatch | None = None

    def close(self) -> None:
        """Stop watching the camera; release the database."""
        if self._camera_watch is not None:
            self._camera_watch.stop()
            self._camera_watch = None
        self.outbox.close()

    def watch_camera(self, camera: Callable[[], CameraLike | None]) -> None:
        """The app is up: record its start, then its camera every metrics.camera_sample_s."""
        if self._camera_watch is None:
            self.recorder.app_started()
            interval = self.settings.metrics.camera_sample_s
            self._camera_watch = CameraWatch(self.recorder, camera, interval).start()

    def __enter__(self) -> KioskCore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- submitting ------------------------------------------------------------------

    def customer(self, identifier: str | None = None) -> Customer | None:
        """Who a receipt belongs to; None when the customer must type their number."""
        return customer_for(self.settings.sessionm, identifier)

    def submit_prospect(
        self,
        captures: Mapping[str, Queueable | Capture],
        pre_segment: str | None = None,
        visit: VisitRecord | None = None,
    ) -> Submitted:
        """Queue a customer's capture session (one image per kind id); nothing on error."""
        if not captures:
            raise SubmissionError("a prospect submission needs at least one image")
        # UnknownKindError for a kind the registry does not know; never a silent default.
        wrong = [k for k in captures if kind(k).api != "amplifi"]
        if wrong:
            taken = ", ".join(k.id for k in prospect_kinds())
            raise SubmissionError(
                f"{', '.join(wrong)} cannot go in a prospect submission (it takes {taken})"
            )
        plan = self.outbox.submit_prospect(
            {k: _capture(v) for k, v in captures.items()},
            pre_segment,
            visit,
            types=amplifi_types(),
        )
        return self._queued(plan, list(captures))

    def submit_receipt(
        self,
        parts: Sequence[Queueable | Capture],
        campaign: str,
        customer: Customer,
        visit: VisitRecord | None = None,
    ) -> Submitted:
        """Queue a receipt (one image per part) for validation, then remember its parts."""
        if not parts:
            raise SubmissionError("a receipt submission needs at least one image")
        plan = self.outbox.submit_receipt([_capture(p) for p in parts], campaign, customer, visit)
        # Only now that the enqueue committed: a receipt that was never queued is no duplicate.
        self._remember(parts)
        return self._queued(plan, ["receipt"] * len(parts))

    def _remember(self, parts: Sequence[Queueable | Capture]) -> None:
        fingerprints = [p.fingerprint for p in parts if not isinstance(p, Capture)]
        prints = [f for f in fingerprints if f is not None]
        if not (self._remember_receipts and prints):
            return
        store = ReceiptHashes.for_settings(self.settings)
        for fingerprint in prints:
            store.remember(fingerprint)

    def _queued(self, plan: Plan, kinds: list[str]) -> Submitted:
        submitted = Submitted(plan.reference, plan.kind, plan.summary, len(plan.specs))
        log_event(
            log,
            "submission_queued",
            reference=plan.reference,
            submission=plan.kind,
            kinds=kinds,
            jobs=len(plan.specs),
        )
        reasons = self.settings.app.override_reasons
        for override in plan.summary.get("overrides") or []:
            # The reason by its position in app.override_reasons: a typed reason is free text.
            reason = override.get("reason")
            log_event(
                log,
                "override_queued",
                reference=plan.reference,
                kind=override.get("kind", ""),
                checks=override.get("failedChecks") or [],
                reason_code=reasons.index(reason) if reason in reasons else "other",
            )
        self._wake_workers()
        return submitted

    # -- following -------------------------------------------------------------------

    def follow(self, reference: str, *, read_receipt: bool = True) -> Progress:
        """Where a submission is: its jobs, and a delivered receipt's verdict as the delivery
        worker last read it from SessionM (kept in the outbox; no network call here)."""
        jobs = sorted(self.outbox.store.jobs(submission=reference), key=lambda j: j.id)
        if not jobs:
            return Progress(reference, "", (), known=False)
        receipt = any(j.kind.api == "sessionm" for j in jobs)
        progress = Progress(
            reference,
            "receipt" if receipt else "prospect",
            tuple(JobProgress(j.id, j.kind.value, j.state, j.attempts, j.last_error) for j in jobs),
        )
        verdict = self._verdicts.get(reference) if read_receipt and receipt else None
        if verdict is None:
            return progress
        unavailable = verdict.last_error if not verdict.final else None
        return replace(
            progress, receipt=ReceiptResult.from_verdict(verdict), receipt_unavailable=unavailable
        )

    def submissions(self, limit: int = 50) -> list[SubmissionView]:
        """The newest submissions with their delivery state and the server's verdict, as
        staff see them (no customer identifiers)."""
        return self._verdicts.submissions(limit)

    def health(self) -> Health:
        """Outbox, APIs, camera, disk and the last delivery against the health.* thresholds."""
        return evaluate(self.settings)

    def connectivity(self) -> dict[str, Reachability]:
        """Per API, what the delivery worker last learned (it may run in another process)."""
        return self.outbox.store.connectivity()

    # -- the queue -------------------------------------------------------------------

    def status(self, errors: int = 5) -> QueueStatus:
        """Counts per state, the oldest undelivered job's age and the latest errors."""
        return self.outbox.store.status(errors=errors)

    def jobs(self, limit: int = 200) -> list[Job]:
        """The latest jobs, newest first."""
        return self.outbox.store.jobs(limit=limit)

    def retry(self, job_id: int | None = None) -> int:
        """Send failed jobs again (one, or all); how many will be."""
        count = self.outbox.store.retry(job_id)
        self._wake_workers()
        return count

    def purge_failed(self, older_than_days: float | None = None, job_id: int | None = None) -> int:
        """Delete failed jobs, their images and what waits on them; how many went."""
        return self.outbox.store.purge_failed(older_than_days, job_id)

    def worker(
        self,
        seed: int | None = None,
        clients: Clients | None = None,
        observers: Sequence[OutboxObserver] = (),
    ) -> Worker:
        """A delivery worker for this outbox; its progress goes to the delivery log and to
        ``observers`` (called on the worker's thread)."""
        from kiosk.monitoring.delivery import DeliveryLog  # with prometheus_client: workers only

        worker = self.outbox.worker((DeliveryLog(), *observers), seed=seed, clients=clients)
        self._workers.append(worker)
        return worker

    def retire(self, worker: Worker) -> None:
        """A worker from ``worker()`` has stopped: close its clients and stop waking it."""
        worker.clients.close()
        if worker in self._workers:
            self._workers.remove(worker)

    def drain(
        self, timeout: float | None = None, observers: Sequence[OutboxObserver] = ()
    ) -> DrainResult:
        """Deliver until nothing is left (or ``timeout`` seconds); what was achieved."""
        worker = self.worker(observers=observers)
        try:
            return worker.drain(timeout)
        finally:
            self.retire(worker)

    def _wake_workers(self) -> None:
        for worker in list(self._workers):
            worker.wake()
