"""Staff override: after the staff PIN, why a picture that failed a check is acceptable."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.kinds import kind as capture_kind
from ui import texts
from ui.widgets.common import Page, button

# The built-in override reasons and whether each makes sense for a kind: a person (the oval
# guide) or a paper (a reason a branch adds in the config is offered for every kind).
REASON_KINDS = {
    "Customer cannot remove glasses or head covering": lambda k: k.guide == "oval",
    "Document is worn or damaged": lambda k: k.guide != "oval",
    "Camera cannot focus closer": lambda k: k.guide != "oval",
}


def reasons_for(reasons: list[str], kind: str) -> list[str]:
    """The override reasons that make sense for a picture of ``kind``."""
    pictured = capture_kind(kind)
    return [r for r in reasons if r not in REASON_KINDS or REASON_KINDS[r](pictured)]


class OverridePage(Page):
    """A touch list of the configured reasons; ``chosen(reason)``, or ``back``."""

    chosen = Signal(str)
    back = Signal()

    def __init__(self, reasons: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reasons = list(reasons)
        self.reason_buttons = {}
        for reason in self.reasons:
            choice = button(
                reason, lambda r=reason: self.chosen.emit(r), "reason", object_id=f"reason:{reason}"
            )
            self.reason_buttons[reason] = choice
            self.body.addWidget(choice)
        self.body.addStretch(1)
        self.set_footer([button(self.tr("Back"), self.back.emit, object_id="override-back")], [])

    def offer(self, kind: str, failed: list[str]) -> None:
        """Name the failed checks and show the reasons that make sense for ``kind``."""
        offered = reasons_for(self.reasons, kind)
        for reason, choice in self.reason_buttons.items():
            choice.setVisible(reason in offered)
        self.set_heading(
            self.tr("Staff override"),
            self.tr("Failed: %1. Why is this picture acceptable?").replace(
                "%1", ", ".join(texts.check_label(name) for name in failed)
            ),
        )
