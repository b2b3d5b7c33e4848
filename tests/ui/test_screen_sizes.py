"""Every screen, in both languages, fits a 1024×600 field tablet, a 1280×800 kiosk, a
1920×1080 screen and a 1080×1920 portrait kiosk: the window never grows, no widget asks for
more than the screen, each primary button is fully on screen, and no text is cut off."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics, QTextDocument
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

from tests.ui.conftest import PIN
from ui.screen_walk import screens

SIZES = [(1024, 600), (1280, 800), (1920, 1080), (1080, 1920)]
CAMPAIGNS = [
    {"permalink": "spring-rewards", "name": "Spring Rewards"},
    {"permalink": "fuel-points", "name": "Fuel Points"},
    {"permalink": "back-to-school", "name": "Back to School"},
]


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def fully_visible(widget: QWidget) -> bool:
    """The whole widget is on screen: not clipped by its window or a scroll area."""
    if not widget.isVisible():
        return False
    return widget.visibleRegion().boundingRect() == widget.rect()


def clipped_text(widget: QWidget) -> str | None:
    """Why ``widget``'s text does not fit it, or None."""
    if isinstance(widget, QPushButton):
        if widget.text() and widget.width() < widget.sizeHint().width():
            return f"button {widget.text()!r}: {widget.width()} < {widget.sizeHint().width()}"
        return None
    if not isinstance(widget, QLabel) or not widget.text() or widget.pixmap().width() > 0:
        return None
    text, room = widget.text(), widget.contentsRect()
    indent = 2 * max(0, widget.margin())
    width, height = room.width() - indent, room.height() - indent
    if widget.textFormat() == Qt.TextFormat.RichText or (
        widget.textFormat() == Qt.TextFormat.AutoText and "<" in text and ">" in text
    ):
        doc = QTextDocument()
        doc.setDefaultFont(widget.font())
        doc.setDocumentMargin(0)
        doc.setHtml(text)
        if widget.wordWrap():
            doc.setTextWidth(width)
            need = (doc.idealWidth(), doc.size().height())
        else:
            need = (doc.idealWidth(), doc.size().height())
        if need[0] > width + 1 or need[1] > height + 2:
            return f"label {text!r}: needs {need}, has {width}×{height}"
        return None
    metrics = QFontMetrics(widget.font())
    if widget.wordWrap():
        longest = max(metrics.horizontalAdvance(word) for word in text.split())
        need = metrics.boundingRect(
            QRect(0, 0, width, 100_000), int(Qt.TextFlag.TextWordWrap), text
        )
        if longest > width + 1 or need.height() > height + 1:
            return f"label {text!r}: needs {need.width()}×{need.height()}, has {width}×{height}"
        return None
    need_w = max(metrics.horizontalAdvance(line) for line in text.split("\n"))
    if need_w > width + 1:
        return f"label {text!r}: needs {need_w} px, has {width}"
    return None


def problems(window: Any, size: tuple[int, int], name: str, primary: list[QWidget]) -> list[str]:
    """Everything wrong with the screen on show."""
    found = []
    if window.size().toTuple() != size:
        found.append(f"{name}: the window is {window.size().toTuple()}, not {size}")
    if not primary:
        found.append(f"{name}: no primary action")
    for widget in primary:
        if not fully_visible(widget):
            found.append(
                f"{name}: {widget.accessibleName() or widget.text()!r} not fully on screen"
            )
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        least = widget.minimumSize().expandedTo(widget.minimumSizeHint())
        if not widget.isWindow() and (least.width() > size[0] or least.height() > size[1]):
            found.append(f"{name}: {type(widget).__name__} needs {least.toTuple()}")
        # Text is cut off only where it shows: a label scrolled out of view is not cut.
        if widget.visibleRegion().isEmpty():
            continue
        why = clipped_text(widget)
        if why:
            found.append(f"{name}: {why}")
    return found


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_screen_fits_the_screen_in_both_languages(
    qtbot: Any, make_kiosk: Any, size: tuple[int, int]
) -> None:
    kiosk = make_kiosk(
        app={"admin_pin": PIN, "consent_required": True},
        sessionm={"campaigns": CAMPAIGNS},
    )
    window = kiosk.window
    window.resize(*size)
    settle()
    assert window.compact is (size[1] < 720)
    seen: list[str] = []
    found: list[str] = []
    for language in ("en", "es"):
        window.set_language(language)
        window.resize(*size)
        for screen in screens(window):
            settle()
            seen.append(f"{language}:{screen.name}")
            found += [
                f"{language} {p}" for p in problems(window, size, screen.name, screen.primary)
            ]
    assert len(seen) >= 2 * 20
    assert found == [], "\n".join(found)
