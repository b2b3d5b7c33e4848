"""The New customer flow's last screen: the reference at once, then whether the pictures
have been sent, as the delivery worker records it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget

from kiosk.core import KioskCore
from kiosk.progress import Delivery, Progress
from ui.background import Background
from ui.submission_follow import SubmissionFollower
from ui.widgets.common import IconLabel, Page, button, label, restyle

STATUS_POLL_MS = 1000


class SubmissionDonePage(Page):
    """Thanks, the reference and its delivery; ``done`` when the customer taps Done."""

    done = Signal()

    def __init__(
        self, core: KioskCore, background: Background, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.follower = SubmissionFollower(
            core, background, STATUS_POLL_MS, self._show, parent=self
        )
        self.set_heading(self.tr("Thank you"), "")
        self.body.addStretch(1)
        self.body.addWidget(IconLabel("check", 160, 72))
        caption = label(self.tr("Your reference"), "subtitle")
        caption.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.body.addWidget(caption)
        self.reference = label("", "reference")
        self.reference.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.body.addWidget(self.reference)
        self.delivery = label("", "warn")
        self.delivery.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.body.addWidget(self.delivery)
        keep = label(self.tr("Please keep this reference for your records."), "hint")
        keep.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.body.addWidget(keep)
        self.body.addStretch(2)
        self.set_footer([], [button(self.tr("Done"), self.done.emit, "primary", object_id="done")])

    def follow(self, reference: str) -> None:
        """Show a submission just queued and follow it until it is sent."""
        self.reference.setText(reference)
        # Until the first answer: neither "sent" nor "waiting" is known yet.
        self._set_delivery(self.tr("Sending…"), "warn")
        self.follower.follow(reference)

    def stop(self) -> None:
        """Stop following (the customer left); a late answer is ignored."""
        self.follower.stop()

    def _show(self, progress: Progress, is_online: bool | None) -> None:
        text, style = self.delivery_text(progress.delivery, is_online)
        self._set_delivery(text, style)
        if progress.delivery is Delivery.SENT:
            self.follower.stop()

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
