"""What the outbox stores: job specs to enqueue, jobs as read back, queue status."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class JobState(StrEnum):
    """A job's life: pending → in_flight (leased) → done, or failed with a reason."""

    PENDING = "pending"
    IN_FLIGHT = "in_flight"
    DONE = "done"
    FAILED = "failed"


class JobKind(StrEnum):
    """The calls the outbox makes."""

    PROSPECT_IMAGE = "amplifi.prospect_image"
    GENERIC_REQUEST = "amplifi.generic_request"
    SM_CREATE = "sessionm.create"
    SM_ADD_IMAGE = "sessionm.add_image"

    @property
    def api(self) -> str:
        """Which server the job talks to."""
        return "amplifi" if self.value.startswith("amplifi") else "sessionm"


@dataclass
class JobSpec:
    """One job of a plan, before it has an id. ``after`` indexes earlier specs of the plan."""

    kind: JobKind
    identity: str
    payload: dict[str, Any]
    image: bytes | None = None
    mime_type: str | None = None
    secret: dict[str, Any] | None = None
    after: list[int] = field(default_factory=list)


@dataclass
class Job:
    """A stored job."""

    id: int
    submission: str
    kind: JobKind
    identity: str
    seq: int
    payload: dict[str, Any]
    sealed: bytes | None
    blob_id: str | None
    state: JobState
    attempts: int
    ambiguous: bool
    next_attempt_at: float
    result: dict[str, Any] | None
    last_error: str | None
    error_class: str | None
    created_at: float
    updated_at: float
    # The lease this copy was claimed under: a state change lands only while both still
    # match the row (kiosk/outbox/leases.py).
    lease_owner: str | None = None
    lease_token: int = 0

    @classmethod
    def from_row(cls, row: Any) -> Job:
        """Build from a ``jobs`` row."""
        return cls(
            id=row["id"],
            submission=row["submission"],
            kind=JobKind(row["kind"]),
            identity=row["identity"],
            seq=row["seq"],
            payload=json.loads(row["payload"]),
            sealed=row["sealed"],
            blob_id=row["blob_id"],
            state=JobState(row["state"]),
            attempts=row["attempts"],
            ambiguous=bool(row["ambiguous"]),
            next_attempt_at=row["next_attempt_at"],
            result=json.loads(row["result"]) if row["result"] else None,
            last_error=row["last_error"],
            error_class=row["error_class"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
            lease_owner=row["lease_owner"],
            lease_token=row["lease_token"],
        )


@dataclass
class ErrorLine:
    """A recent error, for ``kiosk queue status``."""

    job_id: int
    kind: str
    state: str
    attempts: int
    error: str
    at: float


@dataclass
class QueueStatus:
    """Counts per state and what is wrong, as ``kiosk queue status`` shows it."""

    counts: dict[str, int]
    blocked: int
    oldest_pending_age: float | None
    next_attempt_in: float | None
    last_errors: list[ErrorLine]

    @property
    def remaining(self) -> int:
        """Jobs not yet delivered (pending, in flight or failed)."""
        return sum(
            self.counts.get(s.value, 0)
            for s in (JobState.PENDING, JobState.IN_FLIGHT, JobState.FAILED)
        )


@dataclass(frozen=True)
class Reachability:
    """What the delivery worker last learned of one API's server (None: nothing yet)."""

    api: str
    online: bool | None
    reason: str = ""
    since: float | None = None  # when the worker came to believe it (epoch seconds)
