"""New customer: face, licence front and back, passport → summary → submit → reference."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QStackedWidget, QWidget

from kiosk.capture.checks.license_sides import LicenseSides, check_front_portrait
from kiosk.core_events import Delivery, Progress, Submitted
from kiosk.kinds import KINDS
from kiosk.pipeline import ExtraCheck
from ui import texts, theme
from ui.context import UiContext
from ui.screens.capture_step import CaptureStep
from ui.session import Session
from ui.widgets.common import Page, button, label, restyle
from ui.widgets.thumbs import ThumbRow

log = logging.getLogger(__name__)

STATUS_POLL_MS = 1000


class CustomerFlow(QStackedWidget):
    """The New customer screens; ``finished`` when the customer is done or cancels."""

    finished = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.session = Session()
        self.steps = [s for s in ctx.services.steps if KINDS[s].api == "amplifi"]
        self.index = 0
        self.plan: Submitted | None = None
        self.capture = CaptureStep(
            ctx.preview,
            ctx.runner,
            ctx.new_autocapture(),
            ctx.services.current_camera,
            ctx.services.settings.app.override_reasons,
            recorder=ctx.core.recorder,
            staff_pin=ctx.services.staff_pin,
            pin_lockout=ctx.services.pin_lockout,
            prefs=ctx.prefs,
        )
        # The licence's sides: the front shows a portrait, the back is not the front again.
        self.sides = LicenseSides()
        self.capture.accepted.connect(self._kept)
        self.capture.cancelled.connect(self.cancel)
        self.addWidget(self.capture)
        self._build_summary()
        self._build_done()
        self.poll = QTimer(self)
        self.poll.setInterval(STATUS_POLL_MS)
        self.poll.timeout.connect(self._poll_status)

    def _build_summary(self) -> None:
        page = Page()
        page.set_heading(self.tr("Check your pictures"))
        self.thumbs = ThumbRow()
        page.body.addWidget(self.thumbs)
        self.override_note = label("", "warn")
        page.body.addWidget(self.override_note)
        page.body.addStretch(1)
        self.submit_button = button(self.tr("Send"), self.submit, "primary", object_id="submit")
        page.set_footer(
            [
                # Leaving and retaking look and read differently: one ends the visit.
                button(self.tr("Cancel and leave"), self.cancel, "danger", object_id="cancel"),
                button(self.tr("Retake all pictures"), self.restart, object_id="restart"),
            ],
            [self.submit_button],
        )
        self.summary = page
        self.addWidget(page)

    def _build_done(self) -> None:
        page = Page()
        page.set_heading(self.tr("Thank you"), "")
        page.body.addStretch(1)
        mark = QLabel()
        mark.setPixmap(theme.icon("check").pixmap(QSize(160, 160)))
        mark.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        page.body.addWidget(mark)
        caption = label(self.tr("Your reference"), "subtitle")
        caption.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        page.body.addWidget(caption)
        self.reference = label("", "reference")
        self.reference.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        page.body.addWidget(self.reference)
        self.delivery = label("", "warn")
        self.delivery.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        page.body.addWidget(self.delivery)
        keep = label(self.tr("Please keep this reference for your records."), "hint")
        keep.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        page.body.addWidget(keep)
        page.body.addStretch(2)
        page.set_footer([], [button(self.tr("Done"), self.done, "primary", object_id="done")])
        self.done_page = page
        self.addWidget(page)

    # -- flow ------------------------------------------------------------------------------

    def start(self) -> None:
        """Begin a new customer at the first step."""
        self.session.wipe()
        self.sides.forget()
        self.plan = None
        self.index = 0
        self._begin_step()

    def restart(self) -> None:
        """Throw the pictures away and start at the first step again."""
        self.start()

    def _begin_step(self) -> None:
        key = self.steps[self.index]
        step_of = (
            self.tr("Step %1 of %2")
            .replace("%1", str(self.index + 1))
            .replace("%2", str(len(self.steps)))
        )
        self.capture.extra_check = self._extra_check(key)
        self.capture.begin(key, texts.kind_label(key), f"{step_of} · {texts.kind_hint(key)}")
        self.setCurrentWidget(self.capture)

    def _extra_check(self, key: str) -> ExtraCheck | None:
        """The check a step adds on the card crop (runs on the capture thread)."""
        if key == "license_front":
            count = self.ctx.runner.count_faces
            return lambda crop: check_front_portrait(crop, count)
        if key == "license_back":
            return self.sides.check_back
        return None

    def _kept(self, picture: Any, outcome: Any) -> None:
        if self.steps[self.index] == "license_front":
            self.sides.remember_front(picture.preview)
        self.session.keep(self.steps[self.index], picture, outcome)
        self.index += 1
        if self.index < len(self.steps):
            self._begin_step()
            return
        self.capture.stop()
        self._show_summary()

    def _show_summary(self) -> None:
        items = []
        notes = []
        for key in self.steps:
            kept = self.session.kept[key]
            style = "warn" if kept.outcome.overridden else "ok"
            items.append((kept.picture.preview, texts.kind_label(key), style))
            if kept.outcome.overridden:
                notes.append(texts.kind_label(key))
        self.thumbs.show_items(items)
        self.summary.set_heading(
            self.tr("Check your pictures"),
            self.tr("Not every check passed: staff accepted some pictures by override.")
            if notes
            else self.tr("Every check passed. Ready to send."),
        )
        self.override_note.setText(
            self.tr("Staff override recorded for: %1").replace("%1", ", ".join(notes))
            if notes
            else ""
        )
        self.submit_button.setEnabled(True)
        self.setCurrentWidget(self.summary)

    def submit(self) -> None:
        """Queue the pictures in the outbox (off the UI thread), then show the reference."""
        self.submit_button.setEnabled(False)
        kept = {key: self.session.kept[key] for key in self.steps}
        core = self.ctx.core
        self.ctx.background.run(
            lambda: core.submit_prospect(kept), self._submitted, self._submit_failed
        )

    def _submitted(self, plan: Submitted) -> None:
        self.plan = plan
        self.session.wipe()
        self.reference.setText(plan.reference)
        text, style = self.delivery_text(Delivery.QUEUED)
        self._set_delivery(text, style)
        self.setCurrentWidget(self.done_page)
        self.poll.start()
        self._poll_status()

    def _submit_failed(self, error: BaseException) -> None:
        # The reason is in the log for staff (the background runner logged it); the customer
        # is told what happened and what to do, in their language.
        self.submit_button.setEnabled(True)
        self.override_note.setText(
            self.tr("Could not save the pictures. Please ask a member of staff.")
        )

    def _poll_status(self) -> None:
        if self.plan is None:
            return
        reference, core = self.plan.reference, self.ctx.core
        self.ctx.background.run(lambda: core.follow(reference), self._show_status)

    def _show_status(self, progress: Progress) -> None:
        if self.plan is None or progress.reference != self.plan.reference:
            return
        text, style = self.delivery_text(progress.delivery)
        self._set_delivery(text, style)
        if progress.delivery is Delivery.SENT:
            self.poll.stop()

    def delivery_text(self, delivery: Delivery) -> tuple[str, str]:
        """What the confirmation says about a submission's delivery."""
        if delivery is Delivery.SENT:
            return self.tr("Sent. Thank you!"), "ok"
        if delivery is Delivery.FAILED:
            return self.tr("Saved; staff will finish sending it."), "warn"
        if delivery is Delivery.SENDING:
            return self.tr("Sending…"), "warn"
        return (
            self.tr("Queued: it will be sent automatically as soon as the connection allows."),
            "warn",
        )

    def _set_delivery(self, text: str, style: str) -> None:
        self.delivery.setText(text)
        restyle(self.delivery, style)

    def done(self) -> None:
        """The customer is finished; "Done" never waits for delivery."""
        self.cancel()

    def cancel(self) -> None:
        """Leave the flow, wiping every picture."""
        self.poll.stop()
        self.capture.stop()
        self.session.wipe()
        self.plan = None
        self.finished.emit()
