"""Receipt: privacy notice → campaign → customer identifier → parts 1, 2, … → submit →
validation result."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from kiosk.core import Customer
from kiosk.monitoring.logs import event as log_event
from kiosk.progress import Submitted
from kiosk.visit import Visit
from ui import texts
from ui.context import UiContext
from ui.screens.capture_step import CaptureStep
from ui.screens.consent import Consent, ConsentPage, notice_text
from ui.screens.receipt_result import ReceiptResultPage
from ui.widgets.common import Page, button, label
from ui.widgets.confirm import confirm_overlay
from ui.widgets.keypad import Keypad
from ui.widgets.thumbs import ThumbRow

log = logging.getLogger(__name__)

# The stepper's screens: notice, promotion, customer number, receipt, parts, result.
SCREENS = 6


class ReceiptFlow(QStackedWidget):
    """The receipt screens; ``finished`` when the customer is done or cancels."""

    finished = Signal()

    def __init__(
        self, ctx: UiContext, language: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        # The visit holds the parts and checks each overlaps the one before.
        self.visit: Visit = ctx.services.visit("receipt")
        self.campaign: str | None = None
        self.customer: Customer | None = None
        self.plan: Submitted | None = None
        self.consent: Consent | None = None
        self.language = language or ctx.services.settings.language
        self._build_consent()
        self._build_campaigns()
        self._build_customer()
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
            capture_settings=ctx.services.settings.capture,
        )
        self._use_visit()
        self.capture.accepted.connect(self._kept)
        self.capture.cancelled.connect(self.ask_cancel)
        self.addWidget(self.capture)
        self._build_parts()
        self.result_page = ReceiptResultPage(ctx.core, ctx.background, self.language)
        self.result_page.set_step(self.step_text(5))
        self.result_page.done.connect(self.done)
        self.addWidget(self.result_page)

    # -- pages ---------------------------------------------------------------------------

    def _build_consent(self) -> None:
        settings = self.ctx.services.settings
        text = notice_text("receipt", dict(settings.app.receipt_consent_text), self.language)
        self.consent_page = ConsentPage(text, self.language)
        self.consent_page.accepted.connect(self._consented)
        self.consent_page.declined.connect(self.cancel)
        self.addWidget(self.consent_page)

    def _build_campaigns(self) -> None:
        page = Page()
        page.set_heading(self.tr("Submit a receipt"), self.tr("Choose the promotion"))
        # One large choice a line: any number of promotions fits any screen (the page
        # scrolls past a handful), each a full-width touch target.
        row = QVBoxLayout()
        row.setSpacing(16)
        for campaign in self.ctx.services.settings.sessionm.campaigns:
            row.addWidget(
                button(
                    campaign.name,
                    lambda c=campaign.permalink: self.choose_campaign(c),
                    "choice",
                    object_id=f"campaign-{campaign.permalink}",
                )
            )
        page.body.addLayout(row)
        # The demo does not remember receipts (its camera shows the same one every time).
        self.demo_note = label(
            self.tr(
                "Demo: duplicate memory is off. The demo camera shows the same receipt every "
                "time, so a receipt sent twice is not flagged here (a real kiosk flags it)."
            ),
            "hint",
        )
        self.demo_note.setVisible(self.ctx.services.demo)
        page.body.addWidget(self.demo_note)
        page.body.addStretch(1)
        page.set_footer([button(self.tr("Cancel"), self.cancel, object_id="cancel")], [])
        page.set_step(self.step_text(1))
        self.campaign_page = page
        self.addWidget(page)

    def _build_customer(self) -> None:
        page = Page()
        page.set_heading(
            self.tr("Your customer number"), self.tr("Type the number on your loyalty card or app.")
        )
        self.keypad = Keypad()
        self.keypad.changed.connect(lambda text: self.next_button.setEnabled(bool(text)))
        page.body.addWidget(self.keypad, 0, Qt.AlignmentFlag.AlignHCenter)
        page.body.addStretch(1)
        self.next_button = button(
            self.tr("Next"), self.customer_entered, "primary", object_id="next"
        )
        self.next_button.setEnabled(False)
        page.set_footer(
            [button(self.tr("Cancel"), self.cancel, object_id="cancel")], [self.next_button]
        )
        page.set_step(self.step_text(2))
        self.customer_page = page
        self.addWidget(page)

    def _build_parts(self) -> None:
        page = Page()
        page.set_heading(
            self.tr("Your receipt"),
            self.tr("Long receipt? Add another part, overlapping the last one."),
        )
        self.thumbs = ThumbRow(height=340)
        page.body.addWidget(self.thumbs, 1)
        self.parts_note = label("", "warn")
        page.body.addWidget(self.parts_note)
        self.add_button = button(self.tr("Add another part"), self.add_part, object_id="add-part")
        self.submit_button = button(
            self.tr("Send receipt"), self.submit, "primary", object_id="submit"
        )
        page.set_footer(
            [button(self.tr("Cancel"), self.ask_cancel, object_id="cancel"), self.add_button],
            [self.submit_button],
        )
        page.set_step(self.step_text(4))
        self.parts_page = page
        self.addWidget(page)

    # -- flow ------------------------------------------------------------------------------

    def step_text(self, screen: int) -> str:
        """The stepper: notice, promotion, customer number, receipt, parts, result."""
        skip = 0 if self.ctx.services.settings.app.consent_required else 1
        screen, total = screen - skip, SCREENS - skip
        dots = " ".join("●" if n <= screen else "○" for n in range(total))
        return (
            self.tr("Step %1 of %2").replace("%1", str(screen + 1)).replace("%2", str(total))
            + "   "
            + dots
        )

    def start(self) -> None:
        """Begin a new receipt: the privacy notice, then the campaign choice."""
        self.visit.wipe()
        self.visit = self.ctx.services.visit("receipt")
        self._use_visit()
        self.campaign = self.customer = self.plan = None
        self.consent = None
        self.keypad.clear()
        self.consent_page.set_step(self.step_text(0))
        if self.ctx.services.settings.app.consent_required:
            self.setCurrentWidget(self.consent_page)
        else:
            self._consented(None)

    def _use_visit(self) -> None:
        """The capture step takes its pictures for the visit, and lists the checks it judges."""
        self.capture.visit = self.visit
        self.capture.hidden_checks = set(self.visit.unjudged_checks)

    def _consented(self, consent: Consent | None) -> None:
        """The notice is accepted: the campaign (skipped when there is only one)."""
        self.consent = consent
        campaigns = self.ctx.services.settings.sessionm.campaigns
        if len(campaigns) == 1:
            self.choose_campaign(campaigns[0].permalink)
        else:
            self.setCurrentWidget(self.campaign_page)

    def choose_campaign(self, permalink: str) -> None:
        """The customer picked a campaign; next, who they are."""
        self.campaign = permalink
        self.setCurrentWidget(self.customer_page)

    def customer_entered(self) -> None:
        """The identifier is typed; capture part 1."""
        value = self.keypad.value.strip()
        if not value:
            return
        self.customer = self.ctx.core.customer(value)
        self.keypad.clear()
        self._capture_part()

    def _capture_part(self) -> None:
        number = len(self.visit.kept) + 1
        title = self.tr("Receipt, part %1").replace("%1", str(number))
        self.capture.set_step(self.step_text(3))
        self.capture.begin("receipt", title, texts.kind_hint("receipt"))
        self.setCurrentWidget(self.capture)

    def _kept(self, picture: Any, outcome: Any) -> None:
        if outcome.overridden:
            # The visit checks that staff named every failed check.
            self.visit.override(outcome.failed_checks, outcome.override_reason, picture=picture)
        else:
            self.visit.keep(picture, outcome)
        self.capture.stop()
        self._show_parts()

    def _show_parts(self) -> None:
        items = []
        for n, kept in enumerate(self.visit.pictures(), start=1):
            style = "warn" if kept.outcome.overridden else "ok"
            items.append((kept.picture.preview, self.tr("Part %1").replace("%1", str(n)), style))
        self.thumbs.show_items(items)
        self.add_button.setEnabled(self.visit.can_add_part)
        self.parts_note.setText("")
        self.submit_button.setEnabled(True)
        self.setCurrentWidget(self.parts_page)

    def add_part(self) -> None:
        """Capture one more part of a long receipt."""
        self._capture_part()

    def submit(self) -> None:
        """Queue the parts (off the UI thread), then follow the validation."""
        if self.customer is None or self.campaign is None or not self.visit.kept:
            return
        self.submit_button.setEnabled(False)
        visit, customer, campaign = self.visit, self.customer, self.campaign
        visit.consent = self.consent.as_json() if self.consent is not None else None
        self.ctx.background.run(
            lambda: visit.submit(campaign=campaign, customer=customer),
            self._submitted,
            self._submit_failed,
        )

    def _submit_failed(self, error: BaseException) -> None:
        # As in the customer flow: the reason is in the log, the customer gets what to do.
        self.submit_button.setEnabled(True)
        self.parts_note.setText(
            self.tr("Could not save the receipt. Please ask a member of staff.")
        )

    def _submitted(self, plan: Submitted) -> None:
        self.plan = plan
        self.visit.wipe()
        if self.consent is not None:
            log_event(log, "consent_accepted", reference=plan.reference, **self.consent.as_json())
        self.setCurrentWidget(self.result_page)
        self.result_page.follow(plan.reference, self._currency())

    def _currency(self) -> str:
        for campaign in self.ctx.services.settings.sessionm.campaigns:
            if campaign.permalink == self.campaign:
                return campaign.currency
        return "USD"

    def done(self) -> None:
        """Finished; "Done" never waits for the validation."""
        self.cancel()

    def ask_cancel(self) -> None:
        """Cancel; with parts taken, only once the customer confirms they go."""
        if not self.visit.kept and self.capture.picture is None:
            self.cancel()
            return
        confirm_overlay(self).ask(
            self.tr("Throw the receipt pictures away?"),
            self.tr("The pictures will be deleted and nothing will be sent."),
            self.tr("Delete and leave"),
            self.tr("Keep going"),
            self.cancel,
        )

    def cancel(self) -> None:
        """Leave the flow, wiping the pictures and the customer identifier."""
        self.result_page.stop()
        self.capture.stop()
        self.visit.wipe()
        self.keypad.clear()
        self.customer = self.plan = None
        self.finished.emit()
