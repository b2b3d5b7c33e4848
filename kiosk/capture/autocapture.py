"""Auto-capture: a pure state machine fed live reports and the time (no threads, no Qt)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Protocol

from kiosk.capture.result import CaptureReport
from kiosk.config.capture import AutoCaptureSettings

Box = tuple[float, float, float, float]


class State(Enum):
    """Where the capture of one subject stands."""

    WAITING = "waiting"  # some live check fails (or the subject moves)
    HOLDING = "holding"  # every check passes; counting down to the auto-capture
    CAPTURING = "capturing"  # a picture was asked for; waiting for its full-resolution check
    CAPTURED = "captured"  # done: a picture passed, or staff overrode the failures


class Event(Enum):
    """What the machine tells its observers."""

    HOLD_STARTED = "hold_started"
    HOLD_BROKEN = "hold_broken"
    AUTO_CAPTURE = "auto_capture"  # take the full-resolution picture now
    MANUAL_CAPTURE = "manual_capture"
    MANUAL_OFFERED = "manual_offered"  # the timeout passed: show the manual button
    CAPTURE_ACCEPTED = "capture_accepted"
    CAPTURE_FAILED = "capture_failed"
    OVERRIDE_OFFERED = "override_offered"  # enough failed attempts: staff may proceed
    OVERRIDDEN = "overridden"


@dataclass(frozen=True)
class Transition:
    """One event, with the state after it and the time it happened (seconds)."""

    event: Event
    state: State
    at: float


class AutoCaptureObserver(Protocol):
    """Anything that wants to hear about transitions (the UI, a logger, a test)."""

    def on_transition(self, transition: Transition) -> None:
        """Called once per event, in order."""


def iou(a: Box, b: Box) -> float:
    """Intersection over union of two (x, y, w, h) boxes."""
    ax0, ay0, aw, ah = a
    bx0, by0, bw, bh = b
    ix = max(0.0, min(ax0 + aw, bx0 + bw) - max(ax0, bx0))
    iy = max(0.0, min(ay0 + ah, by0 + bh) - max(ay0, by0))
    inter = ix * iy
    union = aw * ah + bw * bh - inter
    return inter / union if union > 0 else 0.0


@dataclass
class Outcome:
    """How the capture ended: passed, or overridden by staff with a reason and what failed."""

    manual: bool = False
    overridden: bool = False
    override_reason: str | None = None
    failed_checks: list[str] = field(default_factory=list)


class AutoCapture:
    """Captures when every check has held long enough with the subject still."""

    def __init__(self, settings: AutoCaptureSettings | None = None, *, now: float = 0.0) -> None:
        self.settings = settings or AutoCaptureSettings()
        self.observers: list[AutoCaptureObserver] = []
        self.restart(now)

    def restart(self, now: float) -> None:
        """Begin a new subject: no hold, no attempts, timers from ``now``."""
        self.state = State.WAITING
        self.started_at = now
        self.hold_since: float | None = None
        self.failed_attempts = 0
        self.manual_offered = False
        self.override_allowed = False
        self.outcome: Outcome | None = None
        self._last_box: Box | None = None
        self._last_failures: list[str] = []
        self._pending_manual = False

    def _emit(self, event: Event, now: float, out: list[Transition]) -> None:
        transition = Transition(event, self.state, now)
        out.append(transition)
        for observer in self.observers:
            observer.on_transition(transition)

    def _steady(self, box: Box | None) -> bool:
        previous, self._last_box = self._last_box, box
        if box is None or previous is None:
            # Kinds without a subject box rely on the motion check alone.
            return box is None and previous is None
        return iou(previous, box) >= self.settings.min_box_iou

    def update(self, report: CaptureReport, now: float) -> list[Transition]:
        """Feed one live report; returns (and tells observers) what happened."""
        out: list[Transition] = []
        if self.state in (State.CAPTURING, State.CAPTURED):
            return out
        steady = self._steady(report.subject_box)
        if report.passed and steady:
            if self.state is State.WAITING:
                self.state, self.hold_since = State.HOLDING, now
                self._emit(Event.HOLD_STARTED, now, out)
            if self.hold_since is not None and (
                (now - self.hold_since) * 1000.0 >= self.settings.stable_ms
            ):
                self.state = State.CAPTURING
                self._pending_manual = False
                self._emit(Event.AUTO_CAPTURE, now, out)
        elif self.state is State.HOLDING:
            self.state, self.hold_since = State.WAITING, None
            self._emit(Event.HOLD_BROKEN, now, out)
        if not self.manual_offered and now - self.started_at >= self.settings.manual_after_s:
            self.manual_offered = True
            self._emit(Event.MANUAL_OFFERED, now, out)
        return out

    def manual_capture(self, now: float) -> list[Transition]:
        """Staff take the picture by hand (always allowed until the capture is done)."""
        out: list[Transition] = []
        if self.state is State.CAPTURED:
            return out
        self.state = State.CAPTURING
        self._pending_manual = True
        self._emit(Event.MANUAL_CAPTURE, now, out)
        return out

    def capture_checked(self, report: CaptureReport, now: float) -> list[Transition]:
        """The full-resolution check of the picture just taken."""
        out: list[Transition] = []
        if self.state is not State.CAPTURING:
            return out
        if report.passed:
            self.state = State.CAPTURED
            self.outcome = Outcome(manual=self._pending_manual)
            self._emit(Event.CAPTURE_ACCEPTED, now, out)
            return out
        self.failed_attempts += 1
        self._last_failures = [c.name for c in report.checks if not c.passed]
        self.state, self.hold_since, self._last_box = State.WAITING, None, None
        self._emit(Event.CAPTURE_FAILED, now, out)
        if not self.override_allowed and self.failed_attempts >= self.settings.max_failed_attempts:
            self.override_allowed = True
            self._emit(Event.OVERRIDE_OFFERED, now, out)
        return out

    def override(self, reason: str, now: float) -> list[Transition]:
        """Staff proceed with the last failed picture, recording why; refused if not allowed."""
        if not self.override_allowed:
            raise PermissionError(
                f"override needs {self.settings.max_failed_attempts} failed attempts first"
            )
        if not reason.strip():
            raise ValueError("an override needs a reason")
        out: list[Transition] = []
        self.state = State.CAPTURED
        self.outcome = Outcome(
            manual=True,
            overridden=True,
            override_reason=reason.strip(),
            failed_checks=list(self._last_failures),
        )
        self._emit(Event.OVERRIDDEN, now, out)
        return out
