"""New customer flow: every step, overrides recorded, retake, offline then delivered."""

from __future__ import annotations

import socket
from typing import Any

from kiosk.capture.autocapture import State
from kiosk.kinds import prospect_kinds
from kiosk.sandbox.server import SandboxOptions, SandboxServer
from tests.ui.flow import WAIT_MS, click, confirm, find_button, get_picture, take_by_hand

REASON = "Verified in person by staff"


def _requests(kiosk: Any) -> dict:
    return kiosk.sandbox.state.snapshot()["amplifi"]["requests"]


def test_all_steps_then_submission_lands_with_the_override(qtbot: Any, make_kiosk: Any):
    kiosk = make_kiosk()
    w = kiosk.window
    click(qtbot, w.start.customer_tile)
    flow = w.customer
    assert flow.steps == [k.id for k in prospect_kinds()]  # the default: every AmpliFi kind
    # A customer out of view: the demo camera holds up a receipt instead of its face, so the
    # face picture can only be kept by a staff override. Every later step begins by showing
    # what it captures, and passes without one.
    kiosk.services.camera.set_scene("receipt")
    overridden = {}
    for n, key in enumerate(flow.steps):
        assert flow.index == n
        # The stepper counts the pictures, the check and the reference.
        assert f"Step {n + 1} of 6" in flow.capture.preview_page.stepper.text()
        overridden[key] = get_picture(qtbot, flow.capture, REASON)
    assert overridden == {
        "face": True,
        "license_front": False,
        "license_back": False,
        "passport": False,
    }
    assert flow.currentWidget() is flow.summary
    assert "Face photo" in flow.override_note.text()
    # The summary does not claim everything passed when staff overrode a check.
    assert "override" in flow.summary.subtitle.text()
    assert "Every check passed" not in flow.summary.subtitle.text()
    click(qtbot, flow.submit_button)
    qtbot.waitUntil(lambda: flow.currentWidget() is flow.done_page, timeout=WAIT_MS)
    reference = flow.done_page.reference.text()
    assert reference.startswith("K-")
    qtbot.waitUntil(lambda: len(_requests(kiosk)) == 1, timeout=WAIT_MS)
    (request,) = _requests(kiosk).values()
    payload = request["payload"]
    assert payload["reference"] == reference
    assert payload["deviceTag"] == "test-device"
    kinds = {o["kind"]: o for o in payload["overrides"]}
    assert set(kinds) == {k for k, v in overridden.items() if v}
    assert kinds["face"]["reason"] == REASON
    assert "face_count" in kinds["face"]["failedChecks"]
    images = kiosk.sandbox.state.snapshot()["amplifi"]["images"]
    assert {i["AFiImageId"] for i in payload["images"]} == set(images)
    assert len(images) == 4
    qtbot.waitUntil(lambda: flow.done_page.delivery.text().startswith("Sent"), timeout=WAIT_MS)


def test_override_needs_failed_attempts_and_retake_gives_a_new_picture(qtbot: Any, make_kiosk: Any):
    kiosk = make_kiosk(app={"admin_pin": "13579", "prospect_steps": ["face"]})
    w = kiosk.window
    click(qtbot, w.start.customer_tile)
    step = w.customer.capture
    kiosk.services.camera.set_scene("receipt")  # no face in view
    limit = kiosk.services.settings.capture.autocapture.max_failed_attempts
    first = None
    for attempt in range(1, limit + 1):
        take_by_hand(qtbot, step)
        assert not step.accept_button.isVisible()  # no face: the picture failed its checks
        assert step.override_button.isVisible() == (attempt == limit)
        if first is None:
            first = step.picture
        else:
            assert step.picture is not first
        if attempt < limit:
            click(qtbot, step.retake_button)
            assert step.currentWidget() is step.preview_page
            assert first.data == b""  # the retaken picture is wiped
    click(qtbot, step.override_button)
    assert step.currentWidget() is step.staff_page  # staff prove who they are first
    step.staff_page.keypad.type_text("13579")
    click(qtbot, find_button(step.staff_page, "unlock"))
    assert step.currentWidget() is step.override_page
    assert "One face" in step.override_page.subtitle.text()  # the face_count check
    click(qtbot, find_button(step.override_page, f"reason:{REASON}"))
    assert step.auto.state is State.CAPTURED
    kept = w.customer.visit.kept["face"]
    assert kept.outcome.overridden and kept.outcome.override_reason == REASON
    assert kept.capture.checks_passed is False


def test_offline_shows_queued_then_delivers(qtbot: Any, make_kiosk: Any):
    # AmpliFi lives on a port where nothing listens yet: the kiosk is offline.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    kiosk = make_kiosk(
        app={"admin_pin": "13579", "prospect_steps": ["face"]},
        amplifi={"base_url": url, "token": "test-token"},
    )
    w = kiosk.window
    click(qtbot, w.start.customer_tile)
    flow = w.customer
    get_picture(qtbot, flow.capture, REASON)
    click(qtbot, flow.submit_button)
    qtbot.waitUntil(lambda: flow.currentWidget() is flow.done_page, timeout=WAIT_MS)
    assert flow.done_page.reference.text().startswith("K-")
    qtbot.waitUntil(lambda: w.strip.online is False, timeout=WAIT_MS)
    # The worker keeps trying the unreachable server; between tries the job waits, queued
    # (the idle worker's connection probe may have found the server down before the submit).
    qtbot.waitUntil(lambda: flow.done_page.delivery.text().startswith("Queued"), timeout=WAIT_MS)
    # The server comes up: the queued submission is delivered without anyone doing anything.
    with SandboxServer(SandboxOptions(port=port, validation_delay=0.0)) as late:
        qtbot.waitUntil(lambda: flow.done_page.delivery.text().startswith("Sent"), timeout=WAIT_MS)
        assert len(late.state.snapshot()["amplifi"]["requests"]) == 1
        assert len(late.state.snapshot()["amplifi"]["images"]) == 1


def test_cancel_returns_to_start_and_wipes(qtbot: Any, make_kiosk: Any):
    kiosk = make_kiosk()
    w = kiosk.window
    click(qtbot, w.start.customer_tile)
    flow = w.customer
    get_picture(qtbot, flow.capture, REASON)
    kept = flow.visit.kept["face"].picture
    assert kept.data
    click(qtbot, flow.capture.cancel_button)
    # A picture is kept: Cancel asks first, and "Keep going" keeps it.
    confirm(qtbot, w, yes=False)
    assert w.current() is flow and kept.data
    click(qtbot, flow.capture.cancel_button)
    confirm(qtbot, w)
    assert w.current() is w.start
    assert kept.data == b"" and flow.visit.kept == {}


def test_a_licence_back_that_is_the_front_again_is_refused_by_the_visit(
    qtbot: Any, make_kiosk: Any
) -> None:
    kiosk = make_kiosk(app={"prospect_steps": ["license_front+license_back"]})
    w = kiosk.window
    click(qtbot, w.start.customer_tile)
    flow = w.customer
    assert get_picture(qtbot, flow.capture, REASON) is False  # the front, portrait and all
    assert flow.capture.kind == "license_back"
    # The customer shows the front again for the back.
    kiosk.services.camera.set_scene("license_front")
    take_by_hand(qtbot, flow.capture)
    picture = flow.capture.picture
    same = next(c for c in picture.report.checks if c.name == "other_side")
    assert not same.passed and same.instruction == "That is the same side again"
    assert not flow.capture.accept_button.isVisible()
    assert list(flow.visit.kept) == ["license_front"]
