"""The live preview's overlay: the instruction inside the picture and off the document at
every screen size, the hold ring gone while the picture is taken, and the hint that names
the root cause first (light, then focus, then framing, then content)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QRectF

from kiosk.capture.result import CheckResult
from kiosk.config.capture import CaptureSettings
from ui import guidance
from ui.app import make_application
from ui.widgets.preview_view import PreviewView

# Preview areas of the four screens (the view's size on the live page).
VIEWS = [(976, 330), (1184, 520), (1824, 800), (984, 1500)]


def view_with(kind: str, size: tuple[int, int], text: str, box: Any) -> PreviewView:
    make_application()
    view = PreviewView()
    view.resize(*size)
    frame = np.full((360, 640, 3), 120, np.uint8)  # the display copy of a 1280×720 frame
    scale = min(size[0] / 640, size[1] / 360)
    shown = np.ascontiguousarray(
        np.full((round(360 * scale), round(640 * scale), 3), 120, np.uint8)
    )
    view.set_frame(shown if shown.size else frame, (1280, 720))
    view.kind = kind
    view.subject_box = box
    view.instruction = text
    view.passed = False
    return view


@pytest.mark.parametrize("size", VIEWS, ids=[f"{w}x{h}" for w, h in VIEWS])
@pytest.mark.parametrize(
    "kind,box",
    [
        ("passport", (250.0, 60.0, 780.0, 560.0)),  # held a little larger than the guide
        ("license_front", (330.0, 150.0, 620.0, 392.0)),
        ("receipt", (520.0, 40.0, 240.0, 640.0)),
        ("face", (520.0, 160.0, 240.0, 300.0)),
    ],
)
def test_the_instruction_stays_in_the_picture_and_off_the_document(
    qtbot: Any, kind: str, box: Any, size: tuple[int, int]
) -> None:
    text = "Hold the passport still and flat"
    view = view_with(kind, size, text, box)
    qtbot.addWidget(view)
    view.countdown = 0.4
    view.grab()  # paints
    picture = view._image_rect()
    drawn = view.instruction_rect
    assert not drawn.isEmpty()
    assert picture.adjusted(-0.5, -0.5, 0.5, 0.5).contains(drawn), (drawn, picture)
    document = view.guide_rect(picture).united(view._subject_rect(picture) or QRectF())
    assert not drawn.intersects(document.intersected(picture)), (drawn, document)
    assert not drawn.intersects(view.ring_rect)


def test_the_hold_ring_is_gone_while_the_picture_is_taken(qtbot: Any) -> None:
    view = view_with("passport", (1184, 520), "Hold still…", None)
    qtbot.addWidget(view)
    view.countdown = 0.8
    view.grab()
    assert not view.ring_rect.isEmpty()
    view.countdown = 0.9
    view.set_busy("Taking the picture…", "Hold still, this takes a few seconds.")
    view.grab()
    assert view.ring_rect.isEmpty()


def failed(name: str, instruction: str) -> CheckResult:
    return CheckResult(name, False, 0.0, 1.0, instruction)


def test_the_first_hint_is_the_root_cause() -> None:
    checks = [
        failed("document", "Show the whole card"),
        CheckResult("inside_frame", True, 0.1, 0.01),
        failed("sharpness", "Hold the card still and flat"),
        failed("exposure", "Too dark: add light"),
    ]
    assert guidance.root_cause(checks, "license_front") == ("exposure", "Too dark: add light")
    assert [c.name for c in guidance.in_cause_order(checks)] == [
        "exposure",
        "sharpness",
        "document",
        "inside_frame",
    ]
    content = [failed("receipt_like", "This does not look like a receipt")]
    assert guidance.root_cause([*content, failed("glare", "Tilt")], "receipt")[0] == "glare"


def test_a_dark_receipt_is_told_the_light_is_too_low() -> None:
    # What the pipeline reports for the demo's dark receipt: no document, not a receipt.
    checks = [
        failed("document", "Place the receipt flat on a dark surface in view"),
        failed("receipt_like", "This does not look like a receipt"),
    ]
    dark = np.full((90, 160, 3), 14, np.uint8)
    dark[30:60, 60:100] = 34  # the receipt, barely lighter than the tray
    bright = np.full((90, 160, 3), 20, np.uint8)
    bright[10:80, 60:100] = 240
    floor = guidance.dark_floor(CaptureSettings(), "receipt")
    said = guidance.root_cause(checks, "receipt", guidance.scene_peak(dark), floor)
    assert said == ("exposure", "Too dark: more light on the receipt, please")
    lit = guidance.root_cause(checks, "receipt", guidance.scene_peak(bright), floor)
    assert lit == ("document", "Place the receipt flat on a dark surface in view")
