"""The staff PIN pads' lockout: a few free tries, then an exponentially longer wait.

A 4-digit PIN falls to about 5,000 guesses on average; without a wait, the corner gesture
reopened the pad as fast as a hand could tap. After ``FREE_TRIES`` wrong PINs in a row
every further wrong one locks both pads (the admin PIN and the staff override PIN, often
the same digits) for 30 s, doubling to a cap of 15 min, as NIST SP 800-63B (5.2.2, rate
limiting) asks of a short secret. At the cap a guesser gets about 100 tries a day.

The count lives in the data dir (``pin-lockout.json``, written atomically), so restarting
the app or reopening the pad does not clear it. A correct PIN clears it; so does
``kiosk pin reset`` (IT, as the service user), which deletes the file. Every failure is
logged as ``event=admin_pin_failed count=N locked_until=…`` (never the digits typed) and
counted in ``kiosk_admin_pin_failures_total`` for the fleet's alert rule.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import logging
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from kiosk.monitoring.logs import event as log_event
from kiosk.monitoring.telemetry import Telemetry, TelemetryError

FILE_NAME = "pin-lockout.json"
FREE_TRIES = 5
FIRST_LOCK_S = 30.0
MAX_LOCK_S = 900.0
# A staff typo weeks after the last one starts from the free tries again.
FORGET_AFTER_S = 24 * 3600.0
FAILURES_METRIC = "kiosk_admin_pin_failures_total"

log = logging.getLogger("kiosk.security")


class Verdict(StrEnum):
    """What a typed PIN did."""

    ACCEPTED = "accepted"
    WRONG = "wrong"
    LOCKED = "locked"  # refused unread: the pad is locked


@dataclass(frozen=True)
class LockoutState:
    """Wrong PINs in a row, when the last one was typed and until when the pads are locked."""

    failures: int = 0
    last_failure: float = 0.0
    locked_until: float = 0.0


def lock_seconds(failures: int) -> float:
    """How long the pads lock after the ``failures``-th wrong PIN in a row (0: not at all)."""
    if failures < FREE_TRIES:
        return 0.0
    return min(MAX_LOCK_S, FIRST_LOCK_S * 2.0 ** (failures - FREE_TRIES))


class PinLockout:
    """The lockout of one data dir; every call reads the file, so two windows agree."""

    def __init__(self, data_dir: Path, clock: Callable[[], float] = time.time) -> None:
        self.path = data_dir / FILE_NAME
        self.data_dir = data_dir
        # Wall-clock seconds: the lock must outlive a restart (tests inject their own).
        self.clock = clock
        # A failure the file could not take (read-only disk) still counts in this process.
        self._unsaved: LockoutState | None = None

    def state(self) -> LockoutState:
        """The stored state (a damaged file counts as ``FREE_TRIES`` failures: fail closed)."""
        state = self._stored()
        unsaved = self._unsaved
        if unsaved is not None and unsaved.last_failure > state.last_failure:
            state = unsaved
        if state.failures and self.clock() - state.last_failure > FORGET_AFTER_S:
            return LockoutState()
        return state

    def _stored(self) -> LockoutState:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            state = LockoutState(
                int(data["failures"]), float(data["last_failure"]), float(data["locked_until"])
            )
        except FileNotFoundError:
            return LockoutState()
        except (OSError, ValueError, KeyError, TypeError):
            log_event(log, "admin_pin_lockout_unreadable", logging.WARNING, file=str(self.path))
            try:
                at = self.path.stat().st_mtime
            except OSError:
                at = self.clock()
            # Locked for the first wait after the damage, not for ever.
            return LockoutState(FREE_TRIES, at, at + FIRST_LOCK_S)
        return state

    def remaining(self) -> float:
        """Seconds until a PIN may be typed again (0: now)."""
        left = self.state().locked_until - self.clock()
        # A clock set back must not lock the pads for longer than the cap.
        return max(0.0, min(left, MAX_LOCK_S))

    def check(self, typed: str, pin: str) -> Verdict:
        """Judge a typed PIN: refused unread while locked, else compared in constant time."""
        if self.remaining() > 0:
            return Verdict.LOCKED
        if hmac.compare_digest(typed.encode(), pin.encode()):
            if self.state().failures:
                self.reset(reason="correct_pin")
            return Verdict.ACCEPTED
        self._failed()
        return Verdict.WRONG

    def reset(self, reason: str = "reset") -> None:
        """Forget every failure (a correct PIN, or ``kiosk pin reset``)."""
        self._unsaved = None
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        log_event(log, "admin_pin_lockout_cleared", reason=reason)

    def _failed(self) -> None:
        now = self.clock()
        failures = self.state().failures + 1
        wait = lock_seconds(failures)
        state = LockoutState(failures, now, now + wait if wait else 0.0)
        self._write(state)
        locked = (
            time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(state.locked_until)) if wait else "-"
        )
        log_event(
            log,
            "admin_pin_failed",
            logging.WARNING,
            count=failures,
            locked_until=locked,
            lock_s=int(wait),
        )
        try:
            Telemetry(self.data_dir).add(FAILURES_METRIC, {})
        except TelemetryError as exc:
            log_event(log, "telemetry_unavailable", logging.WARNING, error=str(exc))

    def _write(self, state: LockoutState) -> None:
        # Atomic: a power cut leaves the old count or the new one, never half a file.
        self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        body = json.dumps(
            {
                "failures": state.failures,
                "last_failure": state.last_failure,
                "locked_until": state.locked_until,
            }
        )
        fd, tmp = tempfile.mkstemp(prefix=".pin-lockout-", dir=self.data_dir)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(body)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            # The wait still applies in this run (the pad keeps its own copy); say so.
            log_event(log, "admin_pin_lockout_unsaved", logging.WARNING, error=str(exc))
            self._unsaved = state
            return
        self._unsaved = None
