"""What customers and staff read: override reasons that fit the picture, checks in plain
words without the ones nothing was judged for, and a delivery line that matches the strip."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel

from kiosk.capture.result import CheckResult
from kiosk.progress import Delivery
from ui import texts
from ui.screens.override_page import reasons_for
from ui.widgets.checks_list import ChecksList

DEFAULT_REASONS = [
    "Customer cannot remove glasses or head covering",
    "Document is worn or damaged",
    "Camera cannot focus closer",
    "Lighting in the branch cannot be improved",
    "Verified in person by staff",
]


def test_override_reasons_fit_the_kind_of_picture() -> None:
    receipt = reasons_for(DEFAULT_REASONS, "receipt")
    assert "Customer cannot remove glasses or head covering" not in receipt
    assert "Document is worn or damaged" in receipt
    face = reasons_for(DEFAULT_REASONS, "face")
    assert "Customer cannot remove glasses or head covering" in face
    assert "Document is worn or damaged" not in face
    # A branch's own reason is offered for every kind.
    assert "Customer is a minor" in reasons_for([*DEFAULT_REASONS, "Customer is a minor"], "face")


def test_review_lists_plain_words_and_only_what_was_judged(qtbot: Any) -> None:
    words = [texts.check_label(n) for n in ("resolution_dpi", "aspect", "part_overlap")]
    assert words == [
        "Close enough to read",
        "Held flat to the camera",
        "Overlaps the previous part",
    ]
    assert not any("dpi" in texts.check_label(n) for n in texts.CHECK_NAMES)
    checks = ChecksList()
    qtbot.addWidget(checks)
    checks.show_checks(
        [
            CheckResult("document", True, True, True),
            CheckResult("duplicate", True, 0.0, 0.9),
            CheckResult("part_overlap", True, None, 0.1),  # a first part: nothing to overlap
            CheckResult("sharpness", False, 20.0, 100.0, "Hold still, the receipt is blurred"),
        ],
        hidden={"duplicate"},  # duplicate memory off: "not sent before" would not be true
    )
    shown = " ".join(label.text() for label in checks.widget().findChildren(QLabel))
    assert "Sharp" in shown and "Document found" in shown
    assert "Not sent before" not in shown and "Overlaps" not in shown
    assert shown.index("Sharp") < shown.index("Document found")  # the failure first


def test_the_confirmation_says_sent_or_sending_and_queued_only_offline(make_kiosk: Any) -> None:
    done = make_kiosk().window.customer.done_page
    assert done.delivery_text(Delivery.SENT, True)[0] == "Sent. Thank you!"
    assert done.delivery_text(Delivery.QUEUED, True)[0] == "Sending…"
    assert done.delivery_text(Delivery.QUEUED, None)[0] == "Sending…"
    assert done.delivery_text(Delivery.QUEUED, False)[0].startswith("Queued: no connection")
