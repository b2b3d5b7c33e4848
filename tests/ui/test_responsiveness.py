"""The UI event loop keeps running while the preview runs with live checks."""

from __future__ import annotations

import itertools
import time
from typing import Any

import pytest
from PySide6.QtCore import QTimer

from tests.ui.flow import click

STALL_LIMIT_MS = 100.0
RUN_S = 2.0


@pytest.mark.parametrize("kind", ["face", "receipt"])
def test_event_loop_never_stalls_while_preview_checks_run(qtbot: Any, make_kiosk: Any, kind: str):
    kiosk = make_kiosk(camera={"source": "demo", "demo_fps": 30.0})
    w = kiosk.window
    if kind == "face":
        click(qtbot, w.start.customer_tile)
        step = w.customer.capture
    else:
        click(qtbot, w.start.receipt_tile)
        w.receipt.keypad.type_text("9")
        click(qtbot, w.receipt.next_button)
        step = w.receipt.capture
    # Keep the preview running: no auto-capture to the review page during the measurement
    # (the demo camera shows a face and a receipt that pass their checks).
    step.auto.settings = step.auto.settings.model_copy(update={"stable_ms": 1e9})
    preview = kiosk.ctx.preview
    qtbot.waitUntil(lambda: preview.processed > 3, timeout=8000)
    ticks: list[float] = []
    ui_ms: list[float] = []
    original = step.tick

    def timed_tick() -> None:
        t0 = time.perf_counter()
        original()
        ui_ms.append((time.perf_counter() - t0) * 1000)

    step.timer.timeout.disconnect()
    step.timer.timeout.connect(timed_tick)
    probe = QTimer()
    probe.setInterval(5)
    probe.timeout.connect(lambda: ticks.append(time.perf_counter()))
    processed = preview.processed
    probe.start()
    qtbot.wait(int(RUN_S * 1000))
    probe.stop()
    checked = preview.processed - processed
    gaps = [(b - a) * 1000 for a, b in itertools.pairwise(ticks)]
    worst = max(gaps)
    ui_ms.sort()
    median_ui = ui_ms[len(ui_ms) // 2]
    print(
        f"\n[{kind}] max event-loop gap {worst:.1f} ms over {RUN_S:.0f} s; "
        f"{checked} frames checked; UI tick median {median_ui:.2f} ms, max {ui_ms[-1]:.2f} ms"
    )
    assert checked > 5  # the checks really ran during the measurement
    assert step.currentWidget() is step.preview_page
    # A check that holds the GIL (or the UI thread) stalls the loop on every frame it checks;
    # a busy machine may deschedule the process once or twice in 2 s, which is not the app's.
    stalls = [g for g in gaps if g >= STALL_LIMIT_MS]
    assert len(stalls) <= 2, f"{len(stalls)} stalls over {STALL_LIMIT_MS:.0f} ms: {stalls}"
