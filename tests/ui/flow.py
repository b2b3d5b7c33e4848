"""Driving the kiosk like a person would, for the UI tests."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from kiosk.capture.autocapture import State
from ui.screens.capture_step import CaptureStep

# Generous: the test machine's two cores are shared; waits end as soon as the condition holds.
WAIT_MS = 15000


def click(qtbot: Any, widget: Any) -> None:
    """A left click in the middle of a widget."""
    assert widget.isVisible() and widget.isEnabled(), widget.accessibleName()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def wait_review(qtbot: Any, step: CaptureStep, timeout: int = WAIT_MS) -> None:
    """Until the step shows its review page."""
    qtbot.waitUntil(lambda: step.currentWidget() is step.review_page, timeout=timeout)


def take_by_hand(qtbot: Any, step: CaptureStep) -> None:
    """Wait for the manual button, press it, wait for the review (auto-capture may win)."""
    qtbot.waitUntil(
        lambda: step.currentWidget() is step.review_page or step.manual_button.isVisible(),
        timeout=WAIT_MS,
    )
    if step.currentWidget() is not step.review_page:
        click(qtbot, step.manual_button)
    wait_review(qtbot, step)


def get_picture(qtbot: Any, step: CaptureStep, reason: str) -> bool:
    """Keep a picture: accept it if it passed, else retake until staff may override.

    Returns True when the picture was overridden.
    """
    take_by_hand(qtbot, step)
    while True:
        if step.accept_button.isVisible():
            click(qtbot, step.accept_button)
            return False
        if step.override_button.isVisible():
            step.override(reason)
            return True
        click(qtbot, step.retake_button)
        assert step.auto.state in (State.WAITING, State.HOLDING, State.CAPTURING)
        take_by_hand(qtbot, step)


def find_button(widget: Any, name: str) -> Any:
    """The button with this accessible name under ``widget``."""
    from PySide6.QtWidgets import QPushButton

    return next(b for b in widget.findChildren(QPushButton) if b.accessibleName() == name)


def _tap(window: Any, kind: QEvent.Type, at_ms: int) -> None:
    target = window.start
    local = QPointF(12, 12)
    glob = QPointF(target.mapToGlobal(QPoint(12, 12)))
    pressed = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseButtonRelease else None
    event = QMouseEvent(
        kind,
        local,
        glob,
        Qt.MouseButton.LeftButton,
        pressed if pressed is not None else Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    event.setTimestamp(at_ms)
    QApplication.sendEvent(target, event)


def five_corner_taps(window: Any) -> None:
    """Five quick taps in the top-left corner, as a platform delivers them: every second one
    is a double-click."""
    for n in range(5):
        at = 10_000 + n * 355
        kind = QEvent.Type.MouseButtonDblClick if n % 2 else QEvent.Type.MouseButtonPress
        _tap(window, kind, at)
        _tap(window, QEvent.Type.MouseButtonRelease, at + 60)


def confirm(qtbot: Any, window: Any, yes: bool = True) -> None:
    """Answer the question over the window (discard the pictures, exit the kiosk)."""
    from ui.widgets.confirm import confirm_overlay

    overlay = confirm_overlay(window)
    assert overlay.isVisible(), "no question was asked"
    click(qtbot, overlay.yes_button if yes else overlay.no_button)
