"""The start screen comes first: the flows and the admin screen are built, the camera opened
and input watched once it is up, or at once when a tap needs them."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from kiosk.monitoring.collector import KioskCollector
from tests.app_run import app_config, run_app
from tests.ui.flow import WAIT_MS, click, five_corner_taps
from ui.app import AFTER_START_MS
from ui.window import BUILD_REST_AFTER_MS


def test_the_other_screens_follow_the_start_screen(qtbot: Any, make_kiosk: Any) -> None:
    w = make_kiosk().window
    assert w.current() is w.start and w.stack.count() == 2  # start and PIN only
    assert w._rest is None
    qtbot.waitUntil(lambda: w._rest is not None, timeout=BUILD_REST_AFTER_MS + WAIT_MS)
    assert w.stack.count() == 5
    assert w.current() is w.start  # built in the background, not shown


def test_a_tap_before_they_are_built_still_opens_the_flow(qtbot: Any, make_kiosk: Any) -> None:
    w = make_kiosk().window
    assert w._rest is None
    click(qtbot, w.start.customer_tile)
    assert w.current() is w.customer
    assert w.customer.capture.kind == "face"


def test_the_camera_opens_once_the_start_screen_is_up(qtbot: Any, make_kiosk: Any) -> None:
    kiosk = make_kiosk(camera_later=True)
    w, services = kiosk.window, kiosk.services
    assert services.camera is None and services.camera_pending
    qtbot.waitUntil(lambda: "Camera starting" in w.strip.camera.text(), timeout=WAIT_MS)
    services.open_pending_camera()
    assert services.camera is not None and not services.camera_pending
    w.refresh_status()
    qtbot.waitUntil(lambda: "Camera live (demo)" in w.strip.camera.text(), timeout=WAIT_MS)
    camera = services.camera
    services.open_pending_camera()  # once only
    assert services.camera is camera


def test_a_step_begun_before_the_camera_opened_opens_it(qtbot: Any, make_kiosk: Any) -> None:
    kiosk = make_kiosk(camera_later=True)
    w = kiosk.window
    click(qtbot, w.start.customer_tile)
    step = w.customer.capture
    assert kiosk.services.camera is not None and not kiosk.services.camera_pending
    qtbot.waitUntil(lambda: step.view.has_frame, timeout=WAIT_MS)  # a live preview


def test_the_staff_gesture_counts_once_input_is_watched(make_kiosk: Any) -> None:
    w = make_kiosk(watch_input=False).window
    five_corner_taps(w)
    assert w.current() is w.start  # nothing sees the taps yet
    w.watch_input()
    five_corner_taps(w)
    assert w.current() is w.pin


def test_the_app_opens_the_camera_and_watches_input_after_its_start_screen(
    qtbot: Any, sandbox: Any, tmp_path: Path
) -> None:
    seen: list[tuple[bool, bool, bool]] = []

    def during(window: Any) -> bool:
        services = window.ctx.services
        seen.append((window.start.isVisible(), services.camera is not None, window._watching))
        return services.camera is not None and window._watching

    assert run_app(app_config(tmp_path, sandbox, "service"), during) == 0
    # The first look, on the loop's first turns: the start screen up, the camera not yet.
    assert seen[0] == (True, False, False)
    assert seen[-1] == (True, True, True)


def test_the_metrics_see_the_camera_opening_then_live(qtbot: Any, make_kiosk: Any) -> None:
    kiosk = make_kiosk(camera_later=True, metrics={"camera_sample_s": 0.05})
    services = kiosk.services
    services.core.watch_camera(services.watched_camera)  # as build_kiosk does
    collector = KioskCollector(services.settings.data_dir, services.settings.device_tag)

    def state_is(state: str) -> bool:
        samples = {
            (s.name, tuple(s.labels.items())): s.value
            for metric in collector.collect()
            for s in metric.samples
        }
        return samples.get(("kiosk_camera_state", (("state", state),))) == 1

    qtbot.waitUntil(lambda: state_is("opening"), timeout=WAIT_MS)
    services.open_pending_camera()
    qtbot.waitUntil(lambda: state_is("live"), timeout=WAIT_MS)


def test_an_exit_before_the_start_screen_settles_starts_nothing_after_it(
    qtbot: Any, sandbox: Any, tmp_path: Path
) -> None:
    seen: dict[str, Any] = {}

    def during(window: Any) -> bool:
        seen["services"] = window.ctx.services
        return True  # exit on the loop's first turns, before the camera opens

    assert run_app(app_config(tmp_path, sandbox, "child"), during) == 0
    qtbot.wait(max(AFTER_START_MS, BUILD_REST_AFTER_MS) + 500)
    services = seen["services"]
    assert services.camera is None and not services.camera_pending
    assert services.current_camera() is None  # closed services open no camera, ever
    assert not [t for t in threading.enumerate() if t.name.startswith("camera-")]


def test_building_the_admin_screen_leaves_the_camera_to_the_start(make_kiosk: Any) -> None:
    kiosk = make_kiosk(camera_later=True)
    w, services = kiosk.window, kiosk.services
    camera_tab = w.admin.camera  # built now, as the start screen's timer would
    assert services.camera is None and services.camera_pending
    services.open_pending_camera()
    w.admin.show_admin()  # each showing looks at the camera open now: the demo's
    assert not camera_tab.bad_receipt_button.isHidden()
