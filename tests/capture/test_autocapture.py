"""The auto-capture state machine, driven with reports and explicit times."""

from __future__ import annotations

import pytest

from kiosk.capture.autocapture import AutoCapture, Event, State, Transition, iou
from kiosk.capture.result import CaptureReport, CheckResult
from kiosk.config.capture import AutoCaptureSettings

FPS = 30
DT = 1.0 / FPS
BOX = (100.0, 100.0, 200.0, 260.0)


def report(passed: bool = True, box=BOX) -> CaptureReport:
    checks = [
        CheckResult("face_count", True, 1, 1),
        CheckResult("sharpness", passed, 50 if passed else 5, 30, "" if passed else "Hold still"),
    ]
    return CaptureReport(kind="face", checks=checks, subject_box=box)


class Recorder:
    def __init__(self) -> None:
        self.seen: list[Transition] = []

    def on_transition(self, transition: Transition) -> None:
        self.seen.append(transition)


def run(machine: AutoCapture, reports, start: float = 0.0) -> list[Transition]:
    out: list[Transition] = []
    for i, r in enumerate(reports):
        out += machine.update(r, start + i * DT)
    return out


def events(transitions) -> list[Event]:
    return [t.event for t in transitions]


def test_iou() -> None:
    assert iou(BOX, BOX) == 1.0
    assert iou((0, 0, 10, 10), (20, 20, 5, 5)) == 0.0
    assert iou((0, 0, 10, 10), (5, 0, 10, 10)) == pytest.approx(50 / 150)


def test_fires_after_a_stable_good_half_second() -> None:
    machine = AutoCapture(now=0.0)
    recorder = Recorder()
    machine.observers.append(recorder)
    # 0.4 s of good frames: holding, not yet captured.
    out = run(machine, [report()] * 13)
    assert events(out) == [Event.HOLD_STARTED]
    assert machine.state is State.HOLDING
    out = run(machine, [report()] * 10, start=13 * DT)
    assert events(out) == [Event.AUTO_CAPTURE]
    assert machine.state is State.CAPTURING
    assert out[0].at - 0.0 >= 0.5
    assert events(recorder.seen) == [Event.HOLD_STARTED, Event.AUTO_CAPTURE]
    # Further live frames change nothing while the capture is checked.
    assert run(machine, [report()] * 5, start=1.0) == []


def test_small_jitter_within_iou_still_fires() -> None:
    machine = AutoCapture(now=0.0)
    boxes = [(100.0 + (i % 2), 100.0, 200.0, 260.0) for i in range(30)]
    out = run(machine, [report(box=b) for b in boxes])
    assert Event.AUTO_CAPTURE in events(out)


def test_a_shaky_subject_never_fires() -> None:
    machine = AutoCapture(now=0.0)
    # The box jumps 15 px every frame: IoU about 0.87, under 0.95.
    boxes = [(100.0 + 15 * (i % 2), 100.0, 200.0, 260.0) for i in range(90)]
    out = run(machine, [report(box=b) for b in boxes])
    assert Event.AUTO_CAPTURE not in events(out)
    assert machine.state is State.WAITING


def test_a_failing_check_never_fires_and_breaks_a_hold() -> None:
    machine = AutoCapture(now=0.0)
    assert Event.AUTO_CAPTURE not in events(run(machine, [report(passed=False)] * 90))
    # Good for 0.3 s, one bad frame, good again: the half second starts over.
    seq = [report()] * 10 + [report(passed=False)] + [report()] * 14
    out = run(machine, seq, start=3.0)
    assert events(out) == [Event.HOLD_STARTED, Event.HOLD_BROKEN, Event.HOLD_STARTED]
    out = run(machine, [report()] * 4, start=3.0 + 25 * DT)
    assert events(out) == [Event.AUTO_CAPTURE]


def test_a_lost_subject_box_breaks_the_hold() -> None:
    machine = AutoCapture(now=0.0)
    out = run(machine, [report()] * 5 + [report(box=None)] + [report()] * 5)
    assert Event.HOLD_BROKEN in events(out)


def test_timeout_offers_manual_capture_once() -> None:
    machine = AutoCapture(AutoCaptureSettings(manual_after_s=15.0), now=100.0)
    assert run(machine, [report(passed=False)] * 10, start=100.0) == []
    out = machine.update(report(passed=False), 115.0)
    assert events(out) == [Event.MANUAL_OFFERED]
    assert machine.manual_offered
    assert machine.update(report(passed=False), 116.0) == []
    out = machine.manual_capture(116.5)
    assert events(out) == [Event.MANUAL_CAPTURE]
    assert machine.state is State.CAPTURING
    machine.capture_checked(report(), 116.6)
    assert machine.state is State.CAPTURED
    assert machine.outcome.manual and not machine.outcome.overridden


def test_three_failed_captures_allow_an_override_with_a_reason() -> None:
    machine = AutoCapture(now=0.0)
    with pytest.raises(PermissionError):
        machine.override("customer has a scar", 0.0)
    now = 0.0
    for attempt in range(1, 4):
        machine.manual_capture(now)
        out = machine.capture_checked(report(passed=False), now + 0.1)
        assert machine.failed_attempts == attempt
        assert machine.state is State.WAITING
        expected = [Event.CAPTURE_FAILED] + ([Event.OVERRIDE_OFFERED] if attempt == 3 else [])
        assert events(out) == expected
        now += 1.0
    assert machine.override_allowed
    with pytest.raises(ValueError):
        machine.override("   ", now)
    out = machine.override("glasses cannot be removed (medical)", now)
    assert events(out) == [Event.OVERRIDDEN]
    assert machine.state is State.CAPTURED
    assert machine.outcome.overridden
    assert machine.outcome.override_reason == "glasses cannot be removed (medical)"
    assert machine.outcome.failed_checks == ["sharpness"]


def test_an_auto_capture_that_fails_its_full_check_starts_over() -> None:
    machine = AutoCapture(now=0.0)
    run(machine, [report()] * 20)
    assert machine.state is State.CAPTURING
    machine.capture_checked(report(passed=False), 0.7)
    assert machine.state is State.WAITING
    out = run(machine, [report()] * 20, start=1.0)
    assert events(out) == [Event.HOLD_STARTED, Event.AUTO_CAPTURE]
    machine.capture_checked(report(), 1.8)
    assert machine.state is State.CAPTURED
    assert not machine.outcome.manual


def test_restart_clears_everything() -> None:
    machine = AutoCapture(AutoCaptureSettings(max_failed_attempts=1), now=0.0)
    machine.manual_capture(0.0)
    machine.capture_checked(report(passed=False), 0.1)
    assert machine.override_allowed
    machine.restart(5.0)
    assert machine.state is State.WAITING
    assert not machine.override_allowed and machine.failed_attempts == 0
    assert machine.update(report(passed=False), 19.9) == []
    assert events(machine.update(report(passed=False), 20.0)) == [Event.MANUAL_OFFERED]


def test_configurable_hold_time() -> None:
    machine = AutoCapture(AutoCaptureSettings(stable_ms=0), now=0.0)
    out = run(machine, [report()] * 2)
    assert events(out) == [Event.HOLD_STARTED, Event.AUTO_CAPTURE]
