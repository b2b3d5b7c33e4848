"""The receipt flow's last screen: the reference at once, then the stored verdict as the
delivery worker records it."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from kiosk.core import KioskCore
from kiosk.progress import Delivery, Progress, ReceiptResult
from ui import texts
from ui.background import Background
from ui.submission_follow import SubmissionFollower
from ui.widgets.common import Page, button, label, restyle, touch_scrolling

RESULT_POLL_MS = 1500
# Symbols of the common campaign currencies; another code is shown as the code itself.
SYMBOLS = {"USD": "$", "CAD": "$", "MXN": "$", "EUR": "€", "GBP": "£"}


def price_text(price: float, currency: str, language: str) -> str:
    """A price with its currency, written as the UI's language writes money."""
    locale = QLocale(QLocale.Language.Spanish if language == "es" else QLocale.Language.English)
    return locale.toCurrencyString(price, SYMBOLS.get(currency, currency + " "))


class ReceiptResultPage(Page):
    """Reference, delivery and verdict of one receipt; ``done`` when the customer taps Done."""

    done = Signal()

    def __init__(
        self,
        core: KioskCore,
        background: Background,
        language: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.follower = SubmissionFollower(
            core, background, RESULT_POLL_MS, self._polled, self._poll_failed, parent=self
        )
        self._language = language
        self._currency = "USD"
        self.validation: ReceiptResult | None = None
        self.set_heading(self.tr("Receipt saved"), self.tr("Your reference"))
        self.reference = label("", "reference")
        self.body.addWidget(self.reference)
        self.status = label("", "warn")
        self.body.addWidget(self.status)
        self.reason = label("", "subtitle")
        self.body.addWidget(self.reason)
        self.lines = QTableWidget(0, 4)
        self.lines.setHorizontalHeaderLabels(
            [self.tr("Item"), self.tr("Quantity"), self.tr("Price"), self.tr("Points")]
        )
        header = self.lines.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        touch_scrolling(self.lines)
        self.lines.setMinimumHeight(96)
        self.lines.verticalHeader().hide()
        self.lines.verticalHeader().setDefaultSectionSize(44)
        self.lines.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.lines.hide()
        self.body.addWidget(self.lines, 1)
        self.points = label("", "ok")
        self.body.addWidget(self.points)
        # The lines take the room first (up to all of them), the gap below what is left.
        self.body.addStretch(0)
        self.set_footer([], [button(self.tr("Done"), self.done.emit, "primary", object_id="done")])

    def follow(self, reference: str, currency: str) -> None:
        """Show a receipt just queued and follow it until its verdict is final."""
        self._currency = currency
        self.validation = None
        self.reference.setText(reference)
        self._set_title(self.tr("Receipt saved"))
        # Until the first poll answers whether the connection is up.
        self._set_status(self.tr("Sending…"), "warn")
        self.reason.setText("")
        self.lines.hide()
        self.points.setText("")
        self.follower.follow(reference)

    def stop(self) -> None:
        """Stop following (the customer left); a late answer is ignored."""
        self.follower.stop()
        self.validation = None

    def _poll_failed(self) -> None:
        self._set_status(self.tr("Sent; waiting for the result…"), "warn")

    def _polled(self, progress: Progress, is_online: bool | None) -> None:
        if progress.receipt is None:
            if progress.delivery is Delivery.FAILED:
                self._set_status(self.tr("Saved; staff will finish sending it."), "warn")
            elif progress.first_delivered:
                self._set_title(self.tr("Receipt sent"))
                self._set_status(self.tr("Sent; waiting for the result…"), "warn")
            elif is_online is False:
                self._set_status(
                    self.tr("Queued: no connection right now. It will be sent automatically."),
                    "warn",
                )
            else:
                self._set_status(self.tr("Sending…"), "warn")
            return
        self.validation = progress.receipt
        self.show_result(progress.receipt)
        if progress.receipt.final:
            self.follower.stop()

    def show_result(self, result: ReceiptResult) -> None:
        """Show the stored verdict: accepted or not, SessionM's own reason, lines, points."""
        status = result.status
        # The title says the verdict; the line under the reference says what it means.
        if status == "valid":
            self._set_title(self.tr("Receipt accepted"))
            self._set_status(self.tr("Checked and valid for this promotion."), "ok")
        elif status == "invalid":
            self._set_title(self.tr("Receipt not accepted"))
            self._set_status(self.tr("The promotion's provider did not accept it."), "bad")
        elif status == "incomplete":
            self._set_title(self.tr("Receipt sent"))
            self._set_status(self.tr("Waiting for all parts…"), "warn")
        else:
            # pending, or a status the page does not list: still being checked.
            self._set_title(self.tr("Receipt sent"))
            self._set_status(self.tr("Checking your receipt…"), "warn")
        self.reason.setText(texts.invalid_reason(result.reason) if result.reason else "")
        lines = result.lines
        self.lines.setRowCount(len(lines))
        self.lines.setMaximumHeight(44 * len(lines) + 52)
        for row, line in enumerate(lines):
            values = [
                line.description,
                "" if line.quantity is None else str(line.quantity),
                ""
                if line.price is None
                else price_text(line.price, self._currency, self._language),
                "" if line.points is None else str(line.points),
            ]
            for col, value in enumerate(values):
                self.lines.setItem(row, col, QTableWidgetItem(value))
        self.lines.setVisible(bool(lines))
        self.points.setText(
            self.tr("Points earned: %1").replace("%1", str(result.points)) if lines else ""
        )

    def _set_title(self, title: str) -> None:
        """The title says only what is true: saved, sent or judged."""
        self.set_heading(title, self.tr("Your reference"))

    def _set_status(self, text: str, style: str) -> None:
        self.status.setText(text)
        restyle(self.status, style)
