"""Following a delivered receipt's SessionM record until it is judged valid or invalid.

The page documents no single-record read and no callback, so the worker reads the
customer's list, with backoff (equal jitter: uniform(d/2, d), d doubling from ``base`` up
to ``cap``) for at most ``follow_for`` seconds after the receipt was delivered.
"""

from __future__ import annotations

import logging
import random
import time
from dataclasses import dataclass

from kiosk.api.errors import ApiError
from kiosk.api.sessionm import Customer, SessionMClient
from kiosk.api.sessionm_models import ImageValidation
from kiosk.config import OutboxSettings
from kiosk.outbox.blobs import BlobError
from kiosk.outbox.store import Store
from kiosk.outbox.verdicts import DueCheck, Verdict, Verdicts

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FollowPolicy:
    """How often and for how long a receipt's record is read again."""

    base: float = 2.0
    cap: float = 300.0
    follow_for: float = 48 * 3600.0
    lease_seconds: float = 60.0

    @classmethod
    def from_settings(cls, settings: OutboxSettings) -> FollowPolicy:
        """The policy the config asks for."""
        return cls(
            base=settings.verdict_poll_base,
            cap=settings.verdict_poll_cap,
            follow_for=settings.verdict_follow_hours * 3600.0,
            lease_seconds=settings.lease_seconds,
        )

    def delay(self, checks: int, rng: random.Random) -> float:
        """Seconds until the next read after ``checks`` reads."""
        ceiling = min(self.cap, self.base * (2 ** min(checks, 30)))
        return rng.uniform(ceiling / 2, ceiling)


def follow_once(
    store: Store,
    verdicts: Verdicts,
    sessionm: SessionMClient,
    policy: FollowPolicy,
    rng: random.Random,
    *,
    sessionm_online: bool = True,
) -> Verdict | None:
    """Read one due receipt's record and store its verdict; None when nothing was due."""
    if not sessionm_online:
        return None
    due = verdicts.claim_check(policy.lease_seconds)
    if due is None:
        return None
    next_in = policy.delay(due.checks, rng)
    until = due.created_at + policy.follow_for
    try:
        record = _read(store, sessionm, due)
    except ApiError as exc:
        return verdicts.record(due, None, next_in=next_in, follow_until=until, error=str(exc))
    except (BlobError, KeyError, ValueError) as exc:
        # The customer's sealed identifier is unreadable: nobody can follow this record.
        log.warning("receipt %s: cannot follow its record (%s)", due.submission, exc)
        return verdicts.record(
            due, None, next_in=0.0, follow_until=time.time(), error="customer id unreadable"
        )
    error = None if record is not None else "the record is not on the customer's list"
    return verdicts.record(due, record, next_in=next_in, follow_until=until, error=error)


def _read(store: Store, sessionm: SessionMClient, due: DueCheck) -> ImageValidation | None:
    create = store.get(due.create_job)
    if create is None or due.validation_id is None:
        raise KeyError("the receipt's create job or record id is gone")
    secret = store.secret(create)
    return sessionm.find_by_id(Customer(secret["mode"], secret["value"]), due.validation_id)
