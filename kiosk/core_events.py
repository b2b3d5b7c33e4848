"""What the kiosk core tells its callers: submissions, delivery progress, events.

Plain data and one observer Protocol; nothing here talks to a server or the disk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from kiosk.api.sessionm_models import ImageValidation, ValidationStatus
from kiosk.outbox.jobs import JobState
from kiosk.outbox.jobs import Reachability as Reachability
from kiosk.outbox.verdicts import Verdict
from kiosk.outbox.worker import JobEvent as JobEvent


@dataclass(frozen=True)
class Submitted:
    """A submission safely queued: its reference and the identities fixed at enqueue."""

    reference: str
    kind: str  # "prospect" or "receipt"
    summary: dict[str, Any]  # intTag and images, or external_id and parts; overrides
    queued_jobs: int


class Delivery(StrEnum):
    """A submission's delivery, as a customer is told about it."""

    QUEUED = "queued"  # waiting for its turn or for the connection
    SENDING = "sending"
    SENT = "sent"  # every job delivered
    FAILED = "failed"  # a job was dead-lettered: staff finish it from the admin screen


@dataclass(frozen=True)
class JobProgress:
    """One job of a submission."""

    id: int
    call: str  # e.g. "amplifi.prospect_image"
    state: JobState
    attempts: int
    error: str | None


@dataclass(frozen=True)
class ResultLine:
    """One line of a validated receipt."""

    description: str
    quantity: int | float | None
    price: int | float | None
    points: int | float | None


@dataclass(frozen=True)
class ReceiptResult:
    """A receipt's SessionM verdict, as the kiosk shows it."""

    status: str  # incomplete | pending | valid | invalid, or what else the server said
    final: bool  # valid or invalid: it will not change any more
    reason: str  # why it is invalid: SessionM's invalid_reason, else the page's text for its code
    lines: tuple[ResultLine, ...] = ()
    points: int | float = 0

    @classmethod
    def from_verdict(cls, verdict: Verdict) -> ReceiptResult:
        """The view of the verdict the delivery worker stored."""
        lines = tuple(
            ResultLine(line.description, line.quantity, line.price, line.points)
            for line in verdict.lines
        )
        return cls(verdict.status or "", verdict.final, verdict.reason, lines, verdict.points or 0)

    @classmethod
    def from_record(cls, record: ImageValidation) -> ReceiptResult:
        """The view of a record the server returned."""
        lines = tuple(
            ResultLine(line.description or line.name or "", line.quantity, line.price, line.points)
            for line in record.results or []
        )
        reason = record.reason() if record.status is ValidationStatus.INVALID else ""
        return cls(record.status_text or "", record.is_final, reason, lines, record.total_points())


@dataclass(frozen=True)
class Progress:
    """Where one submission is: its jobs and, for a delivered receipt, its validation."""

    reference: str
    kind: str
    jobs: tuple[JobProgress, ...]
    receipt: ReceiptResult | None = None
    # Why the validation record could not be read this time (the server, not the receipt).
    receipt_unavailable: str | None = None
    known: bool = field(default=True)  # False: no submission has this reference

    @property
    def delivery(self) -> Delivery:
        """Sent when every job is delivered; failed when one was dead-lettered."""
        states = [job.state for job in self.jobs]
        if states and all(s is JobState.DONE for s in states):
            return Delivery.SENT
        if any(s is JobState.FAILED for s in states):
            return Delivery.FAILED
        # A job in flight that failed before is a retry against a server that may be down.
        if any(j.state is JobState.IN_FLIGHT and j.error is None for j in self.jobs):
            return Delivery.SENDING
        return Delivery.QUEUED

    @property
    def first_delivered(self) -> bool:
        """The submission's first job went through (a receipt's record exists)."""
        return bool(self.jobs) and min(self.jobs, key=lambda j: j.id).state is JobState.DONE


class CoreEvents(Protocol):
    """What the core reports as it happens; every method is optional to implement.

    Called on the thread that did the work (a submission's caller, the delivery worker's
    thread): a UI adapts these to its own event loop.
    """

    def submitted(self, submission: Submitted) -> None:
        """A submission was queued."""

    def job_changed(self, event: JobEvent) -> None:
        """A job was delivered, rescheduled or dead-lettered (in-process worker only)."""

    def connectivity_changed(self, reach: Reachability) -> None:
        """The delivery worker learned that an API's server is reachable or not."""


# An observer has one or more of those methods; each is a type of its own, so that the core
# takes any of them and refuses an object that has none.
class SubmittedObserver(Protocol):
    """Has ``CoreEvents.submitted``."""

    def submitted(self, submission: Submitted) -> None: ...


class JobObserver(Protocol):
    """Has ``CoreEvents.job_changed``."""

    def job_changed(self, event: JobEvent) -> None: ...


class ConnectivityObserver(Protocol):
    """Has ``CoreEvents.connectivity_changed``."""

    def connectivity_changed(self, reach: Reachability) -> None: ...


CoreObserver = SubmittedObserver | JobObserver | ConnectivityObserver
