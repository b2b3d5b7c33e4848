"""Receipt flow end to end on the demo camera and the sandbox."""

from __future__ import annotations

from typing import Any

from kiosk.capture.autocapture import Event
from tests.ui.flow import WAIT_MS, click, wait_review


def test_receipt_two_parts_land_in_sandbox_and_result_is_shown(qtbot: Any, make_kiosk: Any):
    kiosk = make_kiosk()
    w = kiosk.window
    click(qtbot, w.start.receipt_tile)
    flow = w.receipt
    # One campaign configured: straight to the customer number.
    assert flow.currentWidget() is flow.customer_page
    assert not flow.next_button.isEnabled()
    flow.keypad.type_text("4242")
    click(qtbot, flow.next_button)
    step = flow.capture
    assert flow.currentWidget() is step
    events: list[Event] = []
    step.auto.observers.append(
        type("O", (), {"on_transition": lambda s, t: events.append(t.event)})()
    )
    wait_review(qtbot, step)
    assert Event.AUTO_CAPTURE in events  # nobody pressed a button
    assert step.accept_button.isVisible()
    click(qtbot, step.accept_button)
    assert flow.currentWidget() is flow.parts_page
    click(qtbot, flow.add_button)
    assert "2" in step.preview_page.title.text()
    wait_review(qtbot, step)
    overlap = step.picture.report.get("part_overlap")
    assert overlap is not None and overlap.passed  # part 2 joins part 1
    click(qtbot, step.accept_button)
    assert len(flow.visit.kept) == 2
    click(qtbot, flow.submit_button)
    qtbot.waitUntil(lambda: flow.currentWidget() is flow.result_page, timeout=WAIT_MS)
    reference = flow.result_page.reference.text()
    assert reference.startswith("K-")
    # Until the worker delivers it, the receipt is saved, not sent.
    assert flow.result_page.title.text() in ("Receipt saved", "Receipt sent", "Receipt accepted")
    assert flow.visit.kept == {}  # images wiped once queued

    def record() -> dict | None:
        records = kiosk.sandbox.state.snapshot()["sessionm"]["records"]
        return records[0] if records else None

    qtbot.waitUntil(lambda: record() is not None and len(record()["images"]) == 2, timeout=WAIT_MS)
    rec = record()
    assert rec["campaign_permalink"] == "sandbox-receipts"
    assert rec["data"]["reference"] == reference
    assert rec["data"]["device_tag"] == kiosk.services.settings.device_tag
    # The result screen follows the record to its verdict, with lines and points.
    result = flow.result_page
    qtbot.waitUntil(
        lambda: result.validation is not None and result.validation.final, timeout=WAIT_MS
    )
    assert flow.result_page.title.text() == "Receipt accepted"  # the title says the verdict
    # …once: the line under the reference says what it means, and prices carry the currency.
    assert flow.result_page.status.text() == "Checked and valid for this promotion."
    assert flow.result_page.lines.item(0, 2).text().startswith("$")
    assert flow.result_page.lines.rowCount() == len(flow.result_page.validation.lines) > 0
    assert str(flow.result_page.validation.points) in flow.result_page.points.text()
    click(qtbot, flow.findChild(type(flow.submit_button), "done") or _done(flow))
    assert w.current() is w.start


def _done(flow: Any) -> Any:
    return next(
        b
        for b in flow.result_page.findChildren(type(flow.submit_button))
        if b.accessibleName() == "done"
    )


def test_done_never_waits_for_the_validation(qtbot: Any, make_kiosk: Any):
    kiosk = make_kiosk()
    kiosk.sandbox.set_faults("latency=1,latency_ms=3000")
    w = kiosk.window
    click(qtbot, w.start.receipt_tile)
    flow = w.receipt
    flow.keypad.type_text("77")
    click(qtbot, flow.next_button)
    wait_review(qtbot, flow.capture)
    click(qtbot, flow.capture.accept_button)
    click(qtbot, flow.submit_button)
    qtbot.waitUntil(lambda: flow.currentWidget() is flow.result_page, timeout=WAIT_MS)
    # Online and not yet delivered: "Sending…" ("Queued" is only for a connection that is down).
    assert flow.result_page.status.text() == "Sending…"
    click(qtbot, _done(flow))
    assert w.current() is w.start
    assert flow.plan is None


def test_invalid_result_shows_the_servers_reason(qtbot: Any, make_kiosk: Any):
    from kiosk.api.sessionm_models import ImageValidation
    from kiosk.progress import ReceiptResult

    flow = make_kiosk().window.receipt
    record = ImageValidation.model_validate(
        {"id": 7, "status": "invalid", "invalid_code": 3, "invalid_reason": "Seen on 2 March"}
    )
    flow.result_page.show_result(ReceiptResult.from_record(record))
    # The title gives the verdict; the line under the reference does not repeat it.
    assert flow.result_page.title.text() == "Receipt not accepted"
    assert flow.result_page.status.text() == "The promotion's provider did not accept it."
    # SessionM's own text; the page's description of the code only when it sends none.
    assert flow.result_page.reason.text() == "Seen on 2 March"
    assert flow.result_page.lines.isHidden()
    bare = ImageValidation.model_validate({"id": 8, "status": "invalid", "invalid_code": 3})
    flow.result_page.show_result(ReceiptResult.from_record(bare))
    assert flow.result_page.reason.text() == "Receipt submitted twice"
    unknown = ImageValidation.model_validate({"id": 9, "status": "invalid", "invalid_code": 19})
    flow.result_page.show_result(ReceiptResult.from_record(unknown))
    assert flow.result_page.reason.text() == "code 19"


def test_a_part_and_its_caption_fit_a_compact_screen_without_scrolling(qtbot: Any, make_kiosk: Any):
    kiosk = make_kiosk()
    w = kiosk.window
    w.resize(1024, 600)  # a field tablet: the compact style
    qtbot.waitUntil(lambda: w.compact, timeout=WAIT_MS)
    click(qtbot, w.start.receipt_tile)
    w.receipt.keypad.type_text("5")
    click(qtbot, w.receipt.next_button)
    step = w.receipt.capture
    wait_review(qtbot, step)
    click(qtbot, step.accept_button)
    page = w.receipt.currentWidget()
    (thumb,) = w.receipt.thumbs.thumbs
    qtbot.waitUntil(lambda: thumb.caption.isVisible(), timeout=WAIT_MS)
    qtbot.wait(50)  # the layouts settle
    # The page does not scroll, and the customer sees the part's picture and its caption.
    assert page.scroll.verticalScrollBar().maximum() == 0
    for shown in (thumb.picture, thumb.caption):
        assert shown.visibleRegion().boundingRect() == shown.rect()
    assert thumb.picture.height() >= 150  # still a picture worth checking
