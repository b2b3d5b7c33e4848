"""The production delivery path: ``kiosk queue worker`` as a child process of the kiosk."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

import cv2
import numpy as np

from kiosk.config import load_settings
from kiosk.kinds import amplifi_types
from kiosk.outbox.jobs import JobState
from kiosk.outbox.outbox import Outbox
from kiosk.outbox.plans import Capture
from ui.delivery import ProcessDelivery


def test_child_worker_delivers_what_the_ui_queued_and_stops(sandbox_env: Any):
    settings = load_settings(None)
    jpeg = cv2.imencode(".jpg", np.full((480, 640, 3), 128, np.uint8))[1].tobytes()
    with Outbox(settings) as outbox:
        plan = outbox.submit_prospect(
            {"face": Capture(jpeg, "image/jpeg", datetime.now(UTC))}, types=amplifi_types()
        )
        delivery = ProcessDelivery(None)
        delivery.start()
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                states = {j.state for j in outbox.store.jobs(submission=plan.reference)}
                if states == {JobState.DONE}:
                    break
                time.sleep(0.1)
            assert states == {JobState.DONE}
            assert delivery.running
        finally:
            delivery.stop()
        assert not delivery.running
    requests = sandbox_env.state.snapshot()["amplifi"]["requests"]
    assert [r["payload"]["reference"] for r in requests.values()] == [plan.reference]
