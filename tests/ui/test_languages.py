"""English and Spanish, switchable on the start screen."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from tests.ui.flow import WAIT_MS, click, find_button
from ui import texts
from ui.theme import I18N


def _lrelease() -> str:
    found = shutil.which("pyside6-lrelease") or shutil.which(
        "pyside6-lrelease", path=str(Path(sys.executable).parent)
    )
    assert found, "pyside6-lrelease (PySide6's tools) is needed to check the compiled file"
    return found


def test_spanish_translation_is_complete_and_compiled(tmp_path: Path):
    root = ET.parse(I18N / "kiosk_es.ts").getroot()
    messages = root.findall("context/message")
    assert len(messages) > 150
    unfinished = [
        m.find("source").text
        for m in messages
        if m.find("translation").get("type") == "unfinished" or not m.find("translation").text
    ]
    assert unfinished == []
    # The committed .qm is what the .ts compiles to today (file times mean nothing in a clone).
    fresh = tmp_path / "kiosk_es.qm"
    command = [_lrelease(), "-silent", str(I18N / "kiosk_es.ts"), "-qm", str(fresh)]
    subprocess.run(command, check=True)
    assert (I18N / "kiosk_es.qm").read_bytes() == fresh.read_bytes()


def test_language_switch_on_start_screen(qtbot: Any, make_kiosk: Any):
    kiosk = make_kiosk()
    w = kiosk.window
    assert w.start.title.text() == "Welcome"
    click(qtbot, find_button(w.start, "lang-es"))
    assert w.languages.current == "es"
    assert w.start.title.text() == "Bienvenido"
    assert w.start.language_buttons["es"].isChecked()
    assert "En línea" in w.strip.network.text() or "Comprobando" in w.strip.network.text()
    # Core instructions appear translated in the preview.
    click(qtbot, w.start.receipt_tile)
    assert w.receipt.customer_page.title.text() == "Su número de cliente"
    w.receipt.keypad.type_text("1")
    click(qtbot, w.receipt.next_button)
    view = w.receipt.capture.view
    qtbot.waitUntil(lambda: bool(view.instruction), timeout=WAIT_MS)
    spanish = {texts.instruction(text) for text in texts._INSTRUCTIONS} | {
        "No se mueva…",
        "Tomando la foto…",
    }
    assert "Encuadre el recibo completo" in spanish  # the translator is really active
    assert view.instruction in spanish
    w.go_start()
    click(qtbot, find_button(w.start, "lang-en"))
    assert w.start.title.text() == "Welcome"


def test_counts_read_as_singular_or_plural_in_both_languages(make_kiosk: Any) -> None:
    from PySide6.QtCore import QCoreApplication

    w = make_kiosk().window
    text = "Staff: override possible after %n more attempts."

    def said(n: int) -> str:
        return QCoreApplication.translate("CaptureStep", text, "", n)

    w.languages.use("en")
    assert said(1) == "Staff: override possible after 1 more attempt."
    assert said(3) == "Staff: override possible after 3 more attempts."
    w.languages.use("es")
    assert said(1) == "Personal: se podrá anular tras 1 intento más."
    assert said(2) == "Personal: se podrá anular tras 2 intentos más."
    w.languages.use("en")
    for ts in ("kiosk_en.ts", "kiosk_es.ts"):
        root = ET.parse(I18N / ts).getroot()
        plural = root.findall("context/message[@numerus='yes']")
        assert len(plural) >= 2 and all(
            m.find("translation").get("type") != "unfinished" for m in plural
        )
