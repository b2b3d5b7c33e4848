"""The status strip of an idle kiosk learns whether the servers answer."""

from __future__ import annotations

import socket
from typing import Any

from tests.ui.flow import WAIT_MS


def test_an_idle_kiosk_leaves_checking_connection_once_the_worker_has_probed(
    qtbot: Any, make_kiosk: Any
) -> None:
    kiosk = make_kiosk()
    core = kiosk.services.core
    strip = kiosk.window.strip
    assert core.status().remaining == 0  # nothing to deliver, ever, in this test
    qtbot.waitUntil(lambda: strip.online is True, timeout=WAIT_MS)
    assert "Checking connection" not in strip.network.text()
    assert "Online" in strip.network.text()
    assert {api: r.online for api, r in core.connectivity().items()} == {
        "amplifi": True,
        "sessionm": True,
    }
    assert core.status().remaining == 0
    # The sandbox was only connected to: it received no call.
    state = kiosk.sandbox.snapshot()
    assert not state["amplifi"]["images"] and not state["sessionm"]["records"]


def test_an_idle_kiosk_whose_servers_do_not_answer_shows_offline(
    qtbot: Any, make_kiosk: Any
) -> None:
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}"
    kiosk = make_kiosk(amplifi={"base_url": dead}, sessionm={"base_url": dead})
    strip = kiosk.window.strip
    qtbot.waitUntil(lambda: strip.online is False, timeout=WAIT_MS)
    assert "Offline" in strip.network.text()
    reach = kiosk.services.core.connectivity()
    assert {api: r.online for api, r in reach.items()} == {"amplifi": False, "sessionm": False}
    assert reach["amplifi"].reason == "server unreachable (ConnectionRefusedError)"
