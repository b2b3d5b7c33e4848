"""Closed label sets: every label value a kiosk metric can carry.

A value that is not in its set becomes ``other``, so no free text (and so no customer
data) can reach a label, whatever a caller or a server passes in.
"""

from __future__ import annotations

import re

from kiosk.api.sessionm_models import InvalidCode
from kiosk.outbox.jobs import JobKind, JobState

OTHER = "other"
APIS = ("amplifi", "sessionm")
CALLS = {kind.value: kind.value.split(".", 1)[1] for kind in JobKind}
STATES = tuple(state.value for state in JobState)
DELIVERY_OUTCOMES = (
    "delivered",
    "retried",
    "duplicate_answered",
    "dead_lettered",
    "ambiguous_reconciled",
)
CAPTURE_OUTCOMES = ("auto", "manual", "overridden")
CAMERA_STATES = ("opening", "live", "reconnecting", "closed", "failed", "absent")
VERDICT_STATUSES = ("incomplete", "pending", "valid", "invalid", "none")
INVALID_CODES = tuple(str(int(code)) for code in InvalidCode)
# Kind ids and check names are identifiers chosen in code (kiosk.kinds, capture/checks).
_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def one_of(value: object, allowed: tuple[str, ...]) -> str:
    """``value`` when it is in ``allowed``, else ``other``."""
    text = str(value) if value is not None else ""
    return text if text in allowed else OTHER


def identifier(value: object) -> str:
    """A code-defined identifier (kind id, check name) as a label; anything else is ``other``."""
    text = str(value) if value is not None else ""
    return text if _IDENTIFIER.match(text) else OTHER


def call(job_kind: str) -> str:
    """The call of a job kind (``prospect_image``, ``create`` …) as a label."""
    return CALLS.get(job_kind, OTHER)


def verdict_status(status: object) -> str:
    """A SessionM status as a label (no record yet: ``none``)."""
    return "none" if status is None else one_of(status, VERDICT_STATUSES)


def invalid_code(code: object) -> str:
    """A SessionM invalid code as a label: a documented code, ``none``, or ``other``."""
    if code is None:
        return "none"
    return one_of(code, INVALID_CODES)
