"""What the demo adds to the app: a bad receipt on request from the admin screen, and a note
in the receipt flow that duplicate memory is off."""

from __future__ import annotations

from typing import Any

from kiosk.camera.demo import DemoSource
from ui.screens.receipt_flow import ReceiptFlow


def test_admin_screen_switches_the_demo_camera_to_a_bad_receipt(make_kiosk: Any) -> None:
    kiosk = make_kiosk()
    camera = kiosk.services.camera
    assert isinstance(camera, DemoSource)
    admin = kiosk.window.admin
    admin.show_admin()
    assert not admin.bad_receipt_button.isHidden()  # on the camera tab, not the open one
    assert "unreadable" in admin.bad_receipt_button.text()
    admin.toggle_bad_receipt()
    assert camera.painter.bad_receipt is True
    assert "good receipt" in admin.bad_receipt_button.text()
    camera.set_scene("receipt")
    dark, _ = camera.painter.render(1.0)
    admin.toggle_bad_receipt()
    assert camera.painter.bad_receipt is False
    good, _ = camera.painter.render(1.0)
    assert dark.mean() < 40 < good.mean()


def test_the_receipt_flow_says_duplicate_memory_is_off_only_in_the_demo(
    make_kiosk: Any,
) -> None:
    kiosk = make_kiosk()
    assert not kiosk.window.receipt.demo_note.isVisibleTo(kiosk.window.receipt.campaign_page)
    kiosk.services.demo = True
    demo_flow = ReceiptFlow(kiosk.ctx)
    try:
        assert demo_flow.demo_note.isVisibleTo(demo_flow.campaign_page)
        assert "duplicate memory is off" in demo_flow.demo_note.text()
        # Its review does not list the duplicate check, which the demo does not judge.
        assert demo_flow.capture.hidden_checks == {"duplicate"}
        assert kiosk.window.receipt.capture.hidden_checks == set()
    finally:
        kiosk.services.demo = False
        demo_flow.deleteLater()
