"""The privacy notice a customer accepts before the camera opens."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import QWidget

from ui.widgets.common import Page, button, label

# The built-in notices, translated like every other text (a branch may replace them in the
# config: app.consent_text / app.receipt_consent_text, per language).
DEFAULTS = {
    "prospect": QT_TRANSLATE_NOOP(
        "ConsentPage",
        "To open your account this kiosk takes a photo of your face and pictures of your "
        "identity documents. They are sent securely to the bank to verify your identity, "
        "and no copy stays on this kiosk once they are sent. You can stop at any time: "
        "Cancel throws the pictures away.",
    ),
    "receipt": QT_TRANSLATE_NOOP(
        "ConsentPage",
        "This kiosk takes a picture of your receipt and sends it, with your customer "
        "number, to the promotion's provider to check it and award your points. No copy "
        "stays on this kiosk once it is sent. You can stop at any time.",
    ),
}


def notice_text(flow: str, configured: dict[str, str], language: str) -> str:
    """The notice of ``flow`` (prospect or receipt): the branch's own text in this language
    from the config, else the built-in one translated."""
    own = configured.get(language, "").strip()
    return own or QCoreApplication.translate("ConsentPage", DEFAULTS[flow])


@dataclass(frozen=True)
class Consent:
    """What the customer accepted and when: the notice's version is a hash of its text."""

    accepted_at: datetime
    version: str
    language: str

    def as_json(self) -> dict[str, str]:
        """For the log and the submission record."""
        return {
            "acceptedAt": self.accepted_at.isoformat(timespec="seconds"),
            "version": self.version,
            "language": self.language,
        }


def text_version(text: str) -> str:
    """A short SHA-256 of the notice's text: which wording was accepted."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class ConsentPage(Page):
    """The notice, "I agree" and "Cancel"; ``accepted(Consent)`` or ``declined``."""

    accepted = Signal(object)
    declined = Signal()

    def __init__(self, text: str, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = language
        self.set_heading(self.tr("Before we start"), self.tr("Your privacy"))
        self.notice = label(text, "notice")
        self.body.addWidget(self.notice)
        self.body.addStretch(1)
        self.agree = button(self.tr("I agree"), self._agree, "primary", object_id="consent-agree")
        self.set_footer(
            [button(self.tr("Cancel"), self.declined.emit, object_id="consent-cancel")],
            [self.agree],
        )

    @property
    def text(self) -> str:
        """The notice as shown."""
        return self.notice.text()

    def _agree(self) -> None:
        self.accepted.emit(
            Consent(datetime.now().astimezone(), text_version(self.text), self.language)
        )
