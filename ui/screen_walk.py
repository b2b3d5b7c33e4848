"""Every screen of the kiosk with realistic content, shown one after the other without the
camera pipeline: for the layout test at each screen size and the screenshots command.

Each entry shows a screen and names its primary actions (the buttons a person must be able
to reach on it). Pictures are synthetic images with check reports, so no frame is checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from PySide6.QtWidgets import QPushButton, QWidget

from kiosk.capture.autocapture import Outcome
from kiosk.capture.result import CaptureReport, CheckResult
from kiosk.picture import TakenPicture
from kiosk.progress import ReceiptResult, ResultLine

# The longest reference a customer is shown (ui/plans: K- and two groups of four).
SAMPLE_REFERENCE = "K-7T86-M0QX"


@dataclass
class Screen:
    """A screen to look at: its name and the buttons that must be on screen."""

    name: str
    primary: list[QPushButton]


def sample_picture(kind: str, failed: bool = False, width: int = 900) -> TakenPicture:
    """A synthetic picture of ``kind`` with a report (every check, or some failed)."""
    height = 1400 if kind == "receipt" else 600 if kind == "face" else 570
    image = np.full((height, width, 3), 90, np.uint8)
    image[40:-40, 40:-40] = (200, 190, 180)
    names = {
        "face": ["face_count", "eye_distance", "centered", "roll", "yaw", "exposure", "sharpness"],
        "receipt": ["document", "inside_frame", "resolution", "exposure", "glare", "sharpness",
                    "receipt_like", "duplicate", "part_overlap"],
    }.get(kind, ["document", "inside_frame", "fill", "tilt", "aspect", "resolution_dpi", "glare",
                 "sharpness", "mrz_band", "mrz"])  # fmt: skip
    checks = [
        CheckResult(
            name,
            not (failed and n in (1, 5)),
            None if name == "part_overlap" else 1.0,
            1.0,
            "Hold the passport still and flat" if failed and n in (1, 5) else "",
        )
        for n, name in enumerate(names)
    ]
    report = CaptureReport(kind, checks)
    return TakenPicture(kind, report, image, b"jpeg", "image/jpeg", datetime.now().astimezone())


def _show_review(step: Any, kind: str, failed: bool) -> None:
    step.stop()
    step.kind = kind
    step._active = True
    step._waiting = True
    # Enough failed attempts for staff to be offered the override.
    step.auto.failed_attempts = step.auto.settings.max_failed_attempts
    step.auto.override_allowed = failed
    step._taken(sample_picture(kind, failed))


def screens(window: Any) -> Iterator[Screen]:
    """Show each screen of ``window`` in turn, yielding its name and primary buttons."""
    w = window
    yield Screen("start", [w.start.customer_tile, w.start.receipt_tile,
                           *w.start.language_buttons.values()])  # fmt: skip
    customer = w.customer
    w.stack.setCurrentWidget(customer)
    customer.consent_page.set_step(customer.step_text(0))
    customer.setCurrentWidget(customer.consent_page)
    yield Screen("consent", [customer.consent_page.agree])
    from ui.flow_steps import parse_step

    customer._show_choice(parse_step("license_front+license_back|passport?"))
    choices = [b for b in customer.choice_page.findChildren(QPushButton)
               if b.accessibleName().startswith("choose:")]  # fmt: skip
    yield Screen("choice", [*choices, customer.choice_skip])
    customer.setCurrentWidget(customer.skip_page)
    reasons = [b for b in customer.skip_page.findChildren(QPushButton)
               if b.accessibleName().startswith("skip:")]  # fmt: skip
    yield Screen("skip-reason", reasons)
    step = customer.capture
    # The live page without a camera: heading, stepper and the staff's manual button.
    step.set_step(customer.step_text(4))
    from ui import texts

    step.preview_page.set_heading(texts.kind_label("passport"), texts.kind_hint("passport"))
    step.view.kind = "passport"
    step.view.clear("")
    step.manual_button.show()
    customer.setCurrentWidget(step)
    step.setCurrentWidget(step.preview_page)
    yield Screen("capture-preview", [step.cancel_button, step.manual_button])
    step.manual_button.hide()
    _show_review(step, "passport", failed=True)
    yield Screen("capture-review-failed", [step.retake_button, step.override_button])
    step._show_reasons()
    shown = [b for b in step.override_page.reason_buttons.values() if not b.isHidden()]
    yield Screen("staff-override", shown)
    step.ask_override()
    unlock = [b for b in step.staff_page.findChildren(QPushButton)
              if b.accessibleName() == "unlock"]  # fmt: skip
    yield Screen("staff-pin", unlock)
    _show_review(step, "face", failed=False)
    yield Screen("capture-review-passed", [step.accept_button])
    step.stop()
    for key in customer.steps:
        picture = sample_picture(key)
        customer.visit.keep(picture, Outcome(overridden=key == "passport",
                                             override_reason="Verified in person by staff",
                                             failed_checks=["glare"]), key=key)  # fmt: skip
    customer._show_summary()
    yield Screen("summary", [customer.submit_button, *customer.thumbs.thumbs])
    customer.ask_cancel()
    overlay = _confirm(w)
    yield Screen("confirm-cancel", [overlay.yes_button, overlay.no_button])
    overlay.dismiss()
    customer.visit.wipe()
    done = customer.done_page
    done.reference.setText(SAMPLE_REFERENCE)
    text, style = done.delivery_text(next(iter(_deliveries())), False)
    done._set_delivery(text, style)
    done.set_step(customer.step_text(len(customer.steps) + 2))
    customer.setCurrentWidget(customer.done_page)
    yield Screen("confirmation", _buttons(customer.done_page, "done"))

    receipt = w.receipt
    w.stack.setCurrentWidget(receipt)
    receipt.setCurrentWidget(receipt.consent_page)
    yield Screen("receipt-consent", [receipt.consent_page.agree])
    receipt.setCurrentWidget(receipt.campaign_page)
    tiles = [b for b in receipt.campaign_page.findChildren(QPushButton)
             if b.accessibleName().startswith("campaign-")]  # fmt: skip
    yield Screen("receipt-campaign", tiles)
    receipt.campaign = (tiles and tiles[0].accessibleName().removeprefix("campaign-")) or None
    receipt.keypad.type_text("40418812")
    receipt.setCurrentWidget(receipt.customer_page)
    yield Screen("receipt-customer", [receipt.next_button])
    receipt.keypad.clear()
    for n in range(1, 3):
        receipt.visit.keep(sample_picture("receipt"), Outcome(), key=f"part{n}")
    receipt._show_parts()
    yield Screen("receipt-parts", [receipt.submit_button, receipt.add_button])
    receipt.visit.wipe()
    receipt.result_page.reference.setText(SAMPLE_REFERENCE)
    receipt.result_page.show_result(
        ReceiptResult(
            "valid",
            True,
            "",
            tuple(ResultLine(f"Grocery item {n}", 1, 4.99 + n, 10) for n in range(4)),
            40,
        )
    )
    receipt.setCurrentWidget(receipt.result_page)
    yield Screen("receipt-result", _buttons(receipt.result_page, "done"))

    w.stack.setCurrentWidget(w.start)
    w.overlay.show_seconds(20)
    yield Screen("idle-warning", _buttons(w.overlay, "still-here"))
    w.overlay.hide()
    w.ask_pin()
    yield Screen("pin", _buttons(w.pin, "unlock"))
    w.admin.show_admin()
    w.stack.setCurrentWidget(w.admin)
    admin = w.admin
    back = _buttons(admin, "back") + _buttons(admin, "exit")
    for index in range(admin.tabs.count()):
        admin.tabs.setCurrentIndex(index)
        tab = admin.tabs.widget(index)
        if tab is admin.camera:
            admin.camera._found([])
            admin.camera.show_health(_camera_report(w))
        yield Screen(f"admin-tab-{index}", back)
    admin.tabs.setCurrentIndex(0)
    admin.ask_exit()
    overlay = _confirm(w)
    yield Screen("confirm-exit", [overlay.yes_button, overlay.no_button])
    overlay.dismiss()
    w.go_start()


def _deliveries() -> Iterator[Any]:
    from kiosk.progress import Delivery

    yield Delivery.QUEUED


def _confirm(window: QWidget) -> Any:
    from ui.widgets.confirm import confirm_overlay

    return confirm_overlay(window)


def _buttons(root: QWidget, name: str) -> list[QPushButton]:
    return [b for b in root.findChildren(QPushButton) if b.accessibleName() == name]


def _camera_report(window: Any) -> Any:
    """A camera test report for the camera tab (the demo camera's, measured once)."""
    from kiosk.camera.frame import SourceInfo
    from kiosk.camera.health import CameraTestReport

    info = SourceInfo(name="Demo camera", kind="demo", width=1280, height=720, fps=30.0,
                      is_demo=True)  # fmt: skip
    return CameraTestReport(info, "live", None, 60, 0, 420.0, None, None)
