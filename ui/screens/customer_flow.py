"""New customer: privacy notice → face, licence front and back, passport → summary (tap a
picture to retake it) → submit → reference."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QStackedWidget, QWidget

from kiosk.capture.checks.license_sides import LicenseSides, check_front_portrait
from kiosk.core_events import Delivery, Progress, Submitted
from kiosk.kinds import KINDS
from kiosk.pipeline import ExtraCheck
from kiosk.monitoring.logs import event as log_event
from ui import texts
from ui.context import UiContext
from ui.screens.capture_step import CaptureStep
from ui.screens.consent import Consent, ConsentPage, notice_text
from ui.session import Session
from ui.widgets.common import IconLabel, Page, button, label, restyle
from ui.widgets.confirm import confirm_overlay
from ui.widgets.thumbs import ThumbRow

log = logging.getLogger(__name__)

STATUS_POLL_MS = 1000


def online(core: Any) -> bool | None:
    """What the delivery worker last learned of the servers (None: not yet known)."""
    known = [r.online for r in core.connectivity().values() if r.online is not None]
    return None if not known else all(known)


class CustomerFlow(QStackedWidget):
    """The New customer screens; ``finished`` when the customer is done or cancels."""

    finished = Signal()

    def __init__(
        self, ctx: UiContext, language: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.session = Session()
        self.steps = [s for s in ctx.services.steps if KINDS[s].api == "amplifi"]
        self.index = 0
        # The step being retaken from the summary (None: going through the steps in order).
        self.retaking: str | None = None
        self.plan: Submitted | None = None
        self.consent: Consent | None = None
        self.language = language or ctx.services.settings.language
        self.capture = CaptureStep(
            ctx.preview,
            ctx.runner,
            ctx.new_autocapture(),
            ctx.services.current_camera,
            ctx.services.settings.app.override_reasons,
            recorder=ctx.core.recorder,
            staff_pin=ctx.services.staff_pin,
            prefs=ctx.prefs,
            capture_settings=ctx.services.settings.capture,
        )
        # The licence's sides: the front shows a portrait, the back is not the front again.
        self.sides = LicenseSides()
        self.capture.accepted.connect(self._kept)
        self.capture.cancelled.connect(self.ask_cancel)
        self.addWidget(self.capture)
        self._build_consent()
        self._build_summary()
        self._build_done()
        self.poll = QTimer(self)
        self.poll.setInterval(STATUS_POLL_MS)
        self.poll.timeout.connect(self._poll_status)

    def _build_consent(self) -> None:
        settings = self.ctx.services.settings
        text = notice_text("prospect", dict(settings.app.consent_text), self.language)
        self.consent_page = ConsentPage(text, self.language)
        self.consent_page.accepted.connect(self._consented)
        self.consent_page.declined.connect(self.cancel)
        self.addWidget(self.consent_page)

    def _build_summary(self) -> None:
        page = Page()
        page.set_heading(self.tr("Check your pictures"))
        self.thumbs = ThumbRow(action=self.tr("Tap to retake"))
        self.thumbs.chosen.connect(self.retake_item)
        page.body.addWidget(self.thumbs, 1)
        self.override_note = label("", "warn")
        page.body.addWidget(self.override_note)
        self.submit_button = button(self.tr("Send"), self.submit, "primary", object_id="submit")
        page.set_footer(
            [
                # Leaving and retaking look and read differently: one ends the visit.
                button(self.tr("Cancel and leave"), self.ask_cancel, "danger", object_id="cancel"),
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
        page.body.addWidget(IconLabel("check", 160, 72))
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
        """Begin a new customer: the privacy notice, then the first step."""
        self.session.wipe()
        self.sides.forget()
        self.plan = None
        self.consent = None
        self.retaking = None
        self.index = 0
        self.consent_page.set_step(self.step_text(0))
        if self.ctx.services.settings.app.consent_required:
            self.setCurrentWidget(self.consent_page)
        else:
            self._consented(None)

    def _consented(self, consent: Consent | None) -> None:
        self.consent = consent
        self._begin_step()

    def restart(self) -> None:
        """Throw the pictures away and start at the first picture again (consent stands)."""
        self.session.wipe()
        self.sides.forget()
        self.retaking = None
        self.index = 0
        self._begin_step()

    def retake_item(self, index: int) -> None:
        """Retake one picture from the summary; the others are kept."""
        if not 0 <= index < len(self.steps) or self.currentWidget() is not self.summary:
            return
        self.retaking = self.steps[index]
        self.index = index
        self._begin_step()

    def step_text(self, screen: int) -> str:
        """The stepper: the notice, each picture, the check, the reference."""
        # Without the notice (consent collected elsewhere) the pictures are the first screens.
        skip = 0 if self.ctx.services.settings.app.consent_required else 1
        screen, total = screen - skip, len(self.steps) + 3 - skip
        dots = " ".join("●" if n <= screen else "○" for n in range(total))
        return (
            self.tr("Step %1 of %2").replace("%1", str(screen + 1)).replace("%2", str(total))
            + "   "
            + dots
        )

    def _begin_step(self) -> None:
        key = self.steps[self.index]
        self.capture.extra_check = self._extra_check(key)
        self.capture.set_step(self.step_text(self.index + 1))
        self.capture.begin(key, texts.kind_label(key), texts.kind_hint(key))
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
        if self.retaking is not None:
            self.retaking = None
            self.index = len(self.steps)
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
        self.summary.set_step(self.step_text(len(self.steps) + 1))
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
        if self.consent is not None:
            # The notice's acceptance goes with the submission's reference into the log
            # (no customer data in either).
            log_event(log, "consent_accepted", reference=plan.reference, **self.consent.as_json())
        self.reference.setText(plan.reference)
        # Until the first poll answers: neither "sent" nor "waiting" is known yet.
        self._set_delivery(self.tr("Sending…"), "warn")
        self.done_page.set_step(self.step_text(len(self.steps) + 2))
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
        self.ctx.background.run(
            lambda: (core.follow(reference), online(core)), self._show_status
        )

    def _show_status(self, answer: tuple[Progress, bool | None]) -> None:
        progress, is_online = answer
        if self.plan is None or progress.reference != self.plan.reference:
            return
        text, style = self.delivery_text(progress.delivery, is_online)
        self._set_delivery(text, style)
        if progress.delivery is Delivery.SENT:
            self.poll.stop()

    def delivery_text(self, delivery: Delivery, is_online: bool | None = True) -> tuple[str, str]:
        """What the confirmation says about a submission's delivery: "Sent" once delivered,
        "Queued" only while it waits for a connection that is down."""
        if delivery is Delivery.SENT:
            return self.tr("Sent. Thank you!"), "ok"
        if delivery is Delivery.FAILED:
            return self.tr("Saved; staff will finish sending it."), "warn"
        if delivery is Delivery.SENDING or is_online is not False:
            return self.tr("Sending…"), "warn"
        return (
            self.tr("Queued: no connection right now. It will be sent automatically."),
            "warn",
        )

    def _set_delivery(self, text: str, style: str) -> None:
        self.delivery.setText(text)
        restyle(self.delivery, style)

    def done(self) -> None:
        """The customer is finished; "Done" never waits for delivery."""
        self.cancel()

    def ask_cancel(self) -> None:
        """Cancel; with pictures taken, only once the customer confirms they go."""
        if not self.session.kept and self.capture.picture is None:
            self.cancel()
            return
        confirm_overlay(self).ask(
            self.tr("Throw the pictures away?"),
            self.tr("Your pictures will be deleted and nothing will be sent."),
            self.tr("Delete and leave"),
            self.tr("Keep going"),
            self.cancel,
        )

    def cancel(self) -> None:
        """Leave the flow, wiping every picture."""
        self.poll.stop()
        self.capture.stop()
        self.session.wipe()
        self.plan = None
        self.finished.emit()
