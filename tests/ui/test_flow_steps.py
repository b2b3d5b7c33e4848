"""The New customer steps as a branch configures them: a choice of documents, a step the
customer may skip with a recorded reason, and retaking one picture from the summary."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from kiosk.config import load_settings
from kiosk.errors import KioskError
from tests.ui.conftest import PIN
from tests.ui.flow import WAIT_MS, click, find_button, get_picture
from ui.flow_steps import StepsError, parse_step

REASON = "Verified in person by staff"


def test_steps_are_checked_when_the_config_is_read() -> None:
    ok = load_settings(
        None,
        device_tag="t",
        app={"prospect_steps": ["face", "license_front+license_back|passport?"]},
    )
    assert ok.app.prospect_steps[1] == "license_front+license_back|passport?"
    for wrong in (["face||passport"], ["face", "face?"], ["Face"], ["passport??"]):
        with pytest.raises((KioskError, ValueError)):
            load_settings(None, device_tag="t", app={"prospect_steps": wrong})
    step = parse_step("license_front+license_back|passport?")
    assert step.options == (("license_front", "license_back"), ("passport",))
    assert step.optional and step.is_choice
    with pytest.raises(StepsError):
        parse_step("receipt")  # not a New customer picture


def test_a_choice_then_a_skipped_step_reaches_the_summary_with_its_reason(
    qtbot: Any, make_kiosk: Any, caplog: Any
) -> None:
    kiosk = make_kiosk(
        app={"admin_pin": PIN, "prospect_steps": ["license_front|passport", "face?"]}
    )
    w = kiosk.window
    click(qtbot, w.start.customer_tile)
    flow = w.customer
    assert flow.currentWidget() is flow.choice_page
    assert not flow.choice_skip.isVisible()  # this choice is not optional
    click(qtbot, find_button(flow.choice_page, "choose:license_front"))
    assert flow.steps == ["license_front", "face"]
    get_picture(qtbot, flow.capture, REASON)
    # The face is optional: its live page offers to skip it, and skipping asks why.
    step = flow.capture
    assert step.kind == "face" and step.skip_button.isVisible()
    click(qtbot, step.skip_button)
    assert flow.currentWidget() is flow.skip_page
    click(qtbot, find_button(flow.skip_page, "skip-back"))
    assert flow.currentWidget() is step and step.kind == "face"
    click(qtbot, step.skip_button)
    reason = "The customer did not bring it today"
    click(qtbot, find_button(flow.skip_page, f"skip:{reason}"))
    assert flow.currentWidget() is flow.summary
    assert flow.steps == ["license_front"]
    assert flow.skips() == [{"step": "face", "reason": reason}]
    assert "Skipped: Face photo" in flow.override_note.text()
    with caplog.at_level(logging.INFO, logger="ui.screens.customer_flow"):
        click(qtbot, flow.submit_button)
        qtbot.waitUntil(lambda: flow.currentWidget() is flow.done_page, timeout=WAIT_MS)
    events = [r.getMessage() for r in caplog.records if "step_skipped" in r.getMessage()]
    assert events and flow.done_page.reference.text() in events[0] and "face" in events[0]
    # The skip and its reason go with the submission itself.
    qtbot.waitUntil(
        lambda: len(kiosk.sandbox.state.snapshot()["amplifi"]["requests"]) == 1, timeout=WAIT_MS
    )
    (request,) = kiosk.sandbox.state.snapshot()["amplifi"]["requests"].values()
    assert request["payload"]["skipped"] == [{"step": "face", "reason": reason}]
    assert "consent" not in request["payload"]  # no notice shown in this branch's setup


def test_a_thumbnail_retakes_only_that_picture(qtbot: Any, make_kiosk: Any) -> None:
    kiosk = make_kiosk(app={"admin_pin": PIN, "prospect_steps": ["face", "license_front"]})
    w = kiosk.window
    click(qtbot, w.start.customer_tile)
    flow = w.customer
    for _ in flow.steps:
        get_picture(qtbot, flow.capture, REASON)
    assert flow.currentWidget() is flow.summary
    face, front = flow.visit.kept["face"].picture, flow.visit.kept["license_front"].picture
    click(qtbot, flow.thumbs.thumbs[0])
    assert flow.currentWidget() is flow.capture and flow.capture.kind == "face"
    get_picture(qtbot, flow.capture, REASON)
    assert flow.currentWidget() is flow.summary
    assert flow.visit.kept["license_front"].picture is front  # kept as it was
    assert flow.visit.kept["face"].picture is not face and face.data == b""
