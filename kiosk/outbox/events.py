"""What the outbox worker tells others: job events, the observer protocol, drain results."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from kiosk.outbox.jobs import JobState

# Consecutive failed probes after which a drain without a timeout counts a server as gone:
# with the probe backoff (0.5 s doubling, at most 30 s) about a minute of trying.
DRAIN_PROBE_LIMIT = 7


@dataclass(frozen=True)
class JobEvent:
    """A job changed state."""

    job_id: int
    submission: str
    kind: str
    state: JobState
    attempts: int
    message: str = ""
    reconciled: bool = False
    resent_after_ambiguous: bool = False


class OutboxObserver(Protocol):
    """Receives the worker's progress (called on the worker's thread)."""

    def job_event(self, event: JobEvent) -> None:
        """A job was delivered, rescheduled or dead-lettered."""

    def connectivity(self, api: str, online: bool, reason: str) -> None:
        """A server became reachable or unreachable."""


@dataclass
class DrainResult:
    """What ``drain`` achieved."""

    delivered: int
    remaining: int
    failed: int
    timed_out: bool
    reasons: list[str] = field(default_factory=list)
    # The APIs every remaining job waited on when a drain without a timeout gave up.
    gave_up_on: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when nothing is left to deliver and nothing failed."""
        return self.remaining == 0 and self.failed == 0
