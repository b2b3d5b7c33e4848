"""What the kiosk core answers about submissions: queued, where delivery is, a receipt's verdict.

Plain data, read from the outbox store when asked: the app polls ``KioskCore.follow``
(ui/screens/customer_flow.py every second, ui/screens/receipt_flow.py every 1.5 s);
nothing here talks to a server or the disk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from kiosk.api.sessionm_models import ImageValidation, ValidationStatus
from kiosk.outbox.jobs import JobState
from kiosk.outbox.verdicts import Verdict


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
