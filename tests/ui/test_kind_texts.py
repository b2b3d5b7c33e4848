"""Every capture kind in the registry has its words in both languages and a guide the live
view can draw."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QRectF

from kiosk.kinds import KINDS
from ui import texts
from ui.i18n import Languages
from ui.screens.capture_step import needs_ocr
from ui.screens.override_page import reasons_for
from ui.theme import I18N
from ui.widgets.preview_view import PreviewView


def _translations(ts: str) -> dict[tuple[str, str], str]:
    """(context, source) → finished translation of a .ts file."""
    found = {}
    for context in ET.parse(I18N / ts).getroot().findall("context"):
        name = context.find("name").text  # type: ignore[union-attr]
        for m in context.findall("message"):
            tr = m.find("translation")
            if tr is not None and tr.get("type") != "unfinished" and tr.text:
                found[(name, m.find("source").text)] = tr.text  # type: ignore[index,union-attr]
    return found


@pytest.mark.parametrize("kind_id", list(KINDS))
def test_every_kind_has_its_words_in_both_languages(qapp: Any, kind_id: str) -> None:
    words = texts.KIND_TEXTS[kind_id]
    keys = [("Kinds", words.title), ("Kinds", words.hint)]
    if words.choice is not None:
        keys.append(("FlowSteps", words.choice))
    assert all(text.strip() for _, text in keys)
    spanish = _translations("kiosk_es.ts")
    assert all(spanish.get(key) for key in keys), [k for k in keys if k not in spanish]
    languages = Languages()
    try:
        # English is the source language: the words as written.
        assert languages.use("en")
        assert texts.kind_label(kind_id) == words.title
        assert texts.kind_hint(kind_id) == words.hint
        # The compiled Spanish catalogue translates each of them.
        assert languages.use("es")
        assert texts.kind_label(kind_id) == spanish[("Kinds", words.title)]
        assert texts.kind_hint(kind_id) == spanish[("Kinds", words.hint)]
        if words.choice is not None:
            assert texts.kind_choice(kind_id) == spanish[("FlowSteps", words.choice)]
    finally:
        languages.use("en")


def test_no_words_for_a_kind_the_registry_does_not_have() -> None:
    assert set(texts.KIND_TEXTS) == set(KINDS)


@pytest.mark.parametrize("kind_id", list(KINDS))
def test_every_kind_guide_is_drawn_inside_the_picture(qtbot: Any, kind_id: str) -> None:
    kind = KINDS[kind_id]
    view = PreviewView()
    qtbot.addWidget(view)
    view.resize(1280, 720)
    view.show()
    view.set_frame(np.full((720, 1280, 3), 128, np.uint8), (1280, 720))
    view.kind = kind_id
    picture = QRectF(0, 0, 1280, 720)
    guide = view.guide_rect(picture)
    assert picture.contains(guide) and guide.width() > 200 and guide.height() > 200
    if kind.guide == "document":
        assert kind.geometry is not None
        assert guide.width() / guide.height() == pytest.approx(kind.geometry.aspect, rel=0.01)
    shown = view.grab().toImage()
    # The guide's outline is painted: inside it the frame shows, outside it is shaded.
    centre = shown.pixelColor(640, 360).red()
    corner = shown.pixelColor(5, 700).red()
    assert centre > corner


@pytest.mark.parametrize("kind_id", list(KINDS))
def test_the_capture_step_reads_ocr_and_reasons_from_the_record(kind_id: str) -> None:
    kind = KINDS[kind_id]
    assert needs_ocr(kind_id) is kind.needs_ocr
    offered = reasons_for(
        ["Customer cannot remove glasses or head covering", "Document is worn or damaged", "X"],
        kind_id,
    )
    person = kind.guide == "oval"
    assert ("Customer cannot remove glasses or head covering" in offered) is person
    assert ("Document is worn or damaged" in offered) is not person
    assert "X" in offered  # a branch's own reason fits every kind
