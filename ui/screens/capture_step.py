"""One capture: live preview with guidance → automatic or manual capture → review.

The UI thread only reads the preview worker's latest result on a timer, feeds the
auto-capture state machine (pure, cheap) and paints; checking, encoding and cropping run
on the preview and capture threads.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.capture.autocapture import AutoCapture, Event, Outcome, State
from kiosk.config.capture import CaptureSettings
from kiosk.kinds import kind as capture_kind
from kiosk.monitoring.logs import event as log_event
from kiosk.monitoring.recorder import Recorder
from kiosk.picture import TakenPicture
from kiosk.pin_lockout import PinLockout
from kiosk.visit import Visit
from ui import guidance, texts
from ui.capture_task import CaptureRunner
from ui.prefs import StaffPrefs
from ui.preview import PreviewState, PreviewWorker
from ui.screens.override_page import OverridePage
from ui.screens.pin import PinPage
from ui.widgets.checks_list import ChecksList
from ui.widgets.common import Page, button, label, restyle
from ui.widgets.layouts import FlipBox
from ui.widgets.meters import MetersPanel
from ui.widgets.preview_view import PreviewView

log = logging.getLogger(__name__)

TICK_MS = 33


def needs_ocr(kind: str) -> bool:
    """A kind read by OCR: its child process runs from the step's start to its end."""
    return capture_kind(kind).needs_ocr


class ImageView(PreviewView):
    """A still picture (the review), drawn like the preview without the overlay."""


class CaptureStep(QStackedWidget):
    """Preview page and review page of one picture; ``accepted`` when the picture is kept."""

    accepted = Signal(object, object)  # TakenPicture, Outcome
    cancelled = Signal()
    skip_requested = Signal()  # an optional step: the customer has no such document

    def __init__(
        self,
        preview: PreviewWorker,
        runner: CaptureRunner,
        autocapture: AutoCapture,
        camera_getter: Callable[[], object],
        reasons: list[str],
        parent: QWidget | None = None,
        recorder: Recorder | None = None,
        staff_pin: str = "",
        prefs: StaffPrefs | None = None,
        *,
        pin_lockout: PinLockout,
        capture_settings: CaptureSettings | None = None,
    ) -> None:
        super().__init__(parent)
        # The exposure floors: a frame darker than the kind's floor is told "too dark" first.
        self.capture_settings = capture_settings or CaptureSettings()
        # Checks the review does not list (one the kiosk does not judge, e.g. duplicates
        # with the duplicate memory off).
        self.hidden_checks: set[str] = set()
        # An override is a staff decision: it asks for the staff PIN before the reasons;
        # wrong PINs there count towards the same lockout as the admin pad's.
        self.staff_pin = staff_pin
        self.pin_lockout = pin_lockout
        # Staff meters beside the preview, when staff turned them on (admin screen).
        self.prefs = prefs
        # Captures and failed checks for the delivery worker's metrics.
        self.recorder = recorder
        self.preview = preview
        self.runner = runner
        self.auto = autocapture
        self._camera = camera_getter
        self.reasons = list(reasons)
        # The visit the pictures are taken for: it runs the kind's checks and its visit
        # check (a licence's back is not its front again, a receipt part overlaps the last).
        self.visit: Visit | None = None
        self.kind: str = "face"
        self.picture: TakenPicture | None = None
        self._last_seq = -1
        self._active = False
        self._waiting = False
        self._build_preview_page()
        self._build_review_page()
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        runner.finished.connect(self._taken)

    # -- pages ---------------------------------------------------------------------------

    def _build_preview_page(self) -> None:
        page = Page()
        self.view = PreviewView()
        self.view.resized.connect(self.preview.set_display_size)
        row = QHBoxLayout()
        row.setSpacing(16)
        row.addWidget(self.view, 1)
        self.meters = MetersPanel()
        self.meters.hide()
        row.addWidget(self.meters, 0)
        page.body.addLayout(row, 1)
        self.status = label("", "hint")
        page.body.addWidget(self.status)
        self.cancel_button = button(self.tr("Cancel"), self.cancelled.emit, object_id="cancel")
        self.manual_button = button(
            self.tr("Take photo now"), self.manual_capture, "staff", object_id="manual"
        )
        self.manual_button.hide()
        self.skip_button = button(
            self.tr("Skip this step"), self.skip_requested.emit, object_id="skip"
        )
        self.skip_button.hide()
        page.set_footer([self.cancel_button, self.skip_button], [self.manual_button])
        self.preview_page = page
        self.addWidget(page)

    def _build_review_page(self) -> None:
        page = Page()
        flip = FlipBox(spacing=24)
        row = flip.box
        self.still = ImageView()
        row.addWidget(self.still, 3)
        side = QVBoxLayout()
        self.verdict = label("", "ok")
        side.addWidget(self.verdict)
        self.checks = ChecksList()
        side.addWidget(self.checks, 1)
        self.staff_hint = label("", "hint")
        side.addWidget(self.staff_hint)
        row.addLayout(side, 2)
        page.body.addWidget(flip, 1)
        self.retake_button = button(self.tr("Retake"), self.retake, object_id="retake")
        self.override_button = button(
            self.tr("Staff override…"), self.ask_override, "staff", object_id="override"
        )
        self.accept_button = button(
            self.tr("Use this photo"), self.accept, "primary", object_id="accept"
        )
        self.review_cancel = button(self.tr("Cancel"), self.cancelled.emit, object_id="cancel")
        page.set_footer(
            [self.review_cancel, self.retake_button, self.override_button], [self.accept_button]
        )
        self.review_page = page
        self.addWidget(page)
        self._build_override_page()

    def _build_override_page(self) -> None:
        self.override_page = OverridePage(self.reasons)
        self.override_page.chosen.connect(self.override)
        self.override_page.back.connect(lambda: self.setCurrentWidget(self.review_page))
        self.addWidget(self.override_page)
        self.staff_page = PinPage(
            self.staff_pin,
            subtitle=self.tr("Enter the staff PIN to override a failed check"),
            lockout=self.pin_lockout,
        )
        self.staff_page.unlocked.connect(self._show_reasons)
        self.staff_page.cancelled.connect(lambda: self.setCurrentWidget(self.review_page))
        self.addWidget(self.staff_page)

    # -- control ---------------------------------------------------------------------------

    def set_skippable(self, skippable: bool) -> None:
        """Offer "Skip this step" on the live page (an optional step)."""
        self.skip_button.setVisible(skippable)

    def set_step(self, text: str) -> None:
        """The flow's stepper on every page of this step."""
        for page in (self.preview_page, self.review_page, self.override_page, self.staff_page):
            page.set_step(text)

    def begin(self, kind: str, title: str, subtitle: str) -> None:
        """Start capturing ``kind``: preview page, fresh auto-capture, checks of this kind."""
        if needs_ocr(self.kind) and not needs_ocr(kind):
            self.runner.release_ocr()
        elif needs_ocr(kind):
            self.runner.warm_ocr()
        self.kind = kind
        self.picture = None
        self.preview_page.set_heading(title, subtitle)
        self.review_page.set_heading(title, self.tr("Check the picture"))
        self.view.kind = kind
        self.view.clear(self.tr("Starting the camera…"))
        self.meters.clear()
        self.meters.setVisible(self.prefs is not None and self.prefs.show_meters)
        self.manual_button.hide()
        self.auto.restart(time.monotonic())
        camera = self._camera()
        self._set_demo_scene(camera)
        self.preview.set_display_size(self.view.width(), self.view.height())
        self.preview.set_kind(kind)
        self.preview.set_source(camera)  # type: ignore[arg-type]
        if camera is None:
            self.view.clear(self.tr("No camera available. Ask a member of staff."))
            self.manual_button.hide()
        self._last_seq = -1
        self._waiting = False
        self._active = True
        self.setCurrentWidget(self.preview_page)
        self.timer.start()

    def use_camera(self) -> None:
        """Follow a camera switch while the step runs (admin, screenshots)."""
        camera = self._camera()
        self._set_demo_scene(camera)
        self.preview.set_source(camera)  # type: ignore[arg-type]
        self._last_seq = -1

    def _set_demo_scene(self, camera: object) -> None:
        """The demo camera holds up what this kind captures (a real camera has no scene)."""
        if camera is not None and hasattr(camera, "set_scene"):
            camera.set_scene(capture_kind(self.kind).demo)

    def stop(self) -> None:
        """Leave the step: stop checking frames and forget the picture."""
        if needs_ocr(self.kind) and self._active:
            self.runner.release_ocr()
        self._active = False
        self.timer.stop()
        self.preview.set_kind(None)
        self.preview.set_source(None)
        if self.picture is not None:
            self.picture.wipe()
        self.picture = None
        self.view.clear()
        self.still.clear()

    # -- the per-frame path (UI thread, keep it tiny) --------------------------------------

    def tick(self) -> None:
        """Show the newest processed frame and feed auto-capture; never waits."""
        state = self.preview.latest()
        if state is None or state.frame.seq == self._last_seq or not self._active:
            self._show_camera_trouble()
            return
        self._last_seq = state.frame.seq
        self._show(state)
        if self.auto.state in (State.CAPTURING, State.CAPTURED) or state.result is None:
            return
        for transition in self.auto.update(state.result.report, state.frame.timestamp):
            if transition.event is Event.AUTO_CAPTURE:
                self._capture(state)
            elif transition.event is Event.MANUAL_OFFERED:
                self.manual_button.show()

    def _show_camera_trouble(self) -> None:
        """Say so when the camera stopped delivering (unplugged, failed)."""
        camera = self._camera()
        trouble = getattr(camera, "state", "live") in ("failed", "reconnecting", "closed")
        if self._active and trouble and self.currentWidget() is self.preview_page:
            message = self.tr("The camera is not available. Reconnecting…")
            if self.view.message != message or self.view.has_frame:
                self.view.clear(message)
                self._last_seq = -1

    def _show(self, state: PreviewState) -> None:
        view = self.view
        if not view.has_frame:
            # Operators (and the start-up benchmark) see when a step's preview came up.
            log_event(log, "preview_started", kind=self.kind)
        view.set_frame(state.display, (state.frame.width, state.frame.height))
        result = state.result
        if result is None:
            return
        report = result.report
        view.checks = report.checks
        if self.meters.isVisible():
            self.meters.show_checks(report.checks)
        view.passed = report.passed
        view.subject_box = result.subject_box_full
        cause = guidance.root_cause(
            report.checks,
            self.kind,
            guidance.scene_peak(state.display),
            guidance.dark_floor(self.capture_settings, self.kind),
        )
        if cause is None:
            view.instruction = self.tr("Hold still…")
        else:
            name, instruction = cause
            view.instruction = texts.instruction(instruction) or texts.check_label(name)
        view.countdown = None
        if self.auto.state is State.HOLDING and self.auto.hold_since is not None:
            held = (state.frame.timestamp - self.auto.hold_since) * 1000.0
            stable = max(self.auto.settings.stable_ms, 1.0)
            view.countdown = min(1.0, held / stable)

    # -- capture and review -------------------------------------------------------------------

    def _capture(self, state: PreviewState) -> None:
        self.status.setText("")
        # A full-resolution check of a passport page takes seconds: say so, large.
        self.view.set_busy(
            self.tr("Taking the picture…"), self.tr("Hold still, this takes a few seconds.")
        )
        self._waiting = True
        assert self.visit is not None, "a flow sets the visit before its first step"
        self.runner.take(self.visit, self.kind, state.frame.image)

    def manual_capture(self) -> None:
        """Staff take the picture by hand from the newest frame."""
        state = self.preview.latest()
        if state is None or self.runner.busy:
            return
        self.auto.manual_capture(time.monotonic())
        self._capture(state)

    def _taken(self, picture: TakenPicture) -> None:
        # The capture thread is shared by every flow: only the step that asked takes it.
        if not self._waiting:
            return
        self._waiting = False
        if not self._active or picture.kind != self.kind:
            picture.wipe()
            return
        self.status.setText("")
        self.view.set_busy("")
        self.auto.capture_checked(picture.report, time.monotonic())
        self.picture = picture
        self.still.set_frame(picture.preview, (picture.preview.shape[1], picture.preview.shape[0]))
        self.checks.show_checks(picture.report.checks, self.hidden_checks)
        ok = picture.report.passed and picture.error is None
        if ok:
            self.verdict.setObjectName("ok")
            self.verdict.setText(self.tr("All checks passed"))
        else:
            self.verdict.setObjectName("bad")
            self.verdict.setText(
                self.tr("This picture failed a check")
                if picture.error is None
                else self.tr("This picture cannot be sent: %1").replace("%1", picture.error)
            )
        restyle(self.verdict, self.verdict.objectName())
        if not ok and picture.error is None and self.recorder is not None:
            failed = [c.name for c in picture.report.checks if not c.passed]
            self.recorder.check_failures(self.kind, failed)
        self.accept_button.setVisible(ok)
        restyle(self.retake_button, "" if ok else "primary")
        can_override = (not ok) and self.auto.override_allowed and picture.error is None
        self.override_button.setVisible(can_override)
        left = self.auto.settings.max_failed_attempts - self.auto.failed_attempts
        self.staff_hint.setText(
            self.tr("Staff: override possible after %n more attempts.", "", left)
            if not ok and left > 0
            else ""
        )
        self.setCurrentWidget(self.review_page)

    def retake(self) -> None:
        """Back to the preview for another picture."""
        if self.picture is not None:
            self.picture.wipe()
        self.picture = None
        if self.auto.state is State.CAPTURED:
            self.auto.restart(time.monotonic())
        self._last_seq = -1
        self.view.set_busy("")
        self.setCurrentWidget(self.preview_page)

    def accept(self) -> None:
        """Keep the picture that passed its checks."""
        if self.picture is None or self.auto.outcome is None:
            return
        self._finish(self.auto.outcome)

    def ask_override(self) -> None:
        """Staff first prove they are staff (the staff PIN), then choose the reason."""
        self.staff_page.reset()
        self.setCurrentWidget(self.staff_page)

    def _show_reasons(self) -> None:
        failed = [c for c in (self.picture.report.checks if self.picture else []) if not c.passed]
        self.override_page.offer(self.kind, [c.name for c in failed])
        self.setCurrentWidget(self.override_page)

    def override(self, reason: str) -> None:
        """Keep the failed picture, recording ``reason`` and the failed checks."""
        if self.picture is None:
            return
        self.auto.override(reason, time.monotonic())
        assert self.auto.outcome is not None
        self._finish(self.auto.outcome)

    def _finish(self, outcome: Outcome) -> None:
        if self.recorder is not None:
            how = "overridden" if outcome.overridden else "manual" if outcome.manual else "auto"
            reason = outcome.override_reason
            self.recorder.capture(
                self.kind,
                how,
                time.monotonic() - self.auto.started_at,
                outcome.failed_checks,
                self.reasons.index(reason) if reason in self.reasons else None,
            )
        picture, self.picture = self.picture, None
        self.timer.stop()
        if needs_ocr(self.kind):
            self.runner.release_ocr()
        self._active = False
        self.preview.set_kind(None)
        self.accepted.emit(picture, outcome)
