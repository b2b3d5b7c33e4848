"""The PySide6 None reference leak is real here, and the guard keeps None alive."""

from __future__ import annotations

import sys
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from ui.none_guard import _RESERVE, SINGLETONS, guard_none_refcount


class _Painted(QWidget):
    def paintEvent(self, event: Any) -> None:
        pass


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_repaints_leak_none_references_and_the_guard_covers_them(qtbot: Any):
    guard_none_refcount()  # what make_application does
    widget = _Painted()
    qtbot.addWidget(widget)
    widget.resize(50, 50)
    widget.show()
    widget.repaint()
    before = sys.getrefcount(None)
    for _ in range(200):
        widget.repaint()
    lost = before - sys.getrefcount(None)
    # The bug the guard exists for: overrides of Qt virtuals drop references to None.
    assert lost >= 150
    # Days of 30 fps repaints (2.6 million a day) stay far inside the reserve.
    assert sys.getrefcount(None) > _RESERVE // 2
    assert not guard_none_refcount()  # applied once only


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="True is immortal from Python 3.12")
def test_emitted_signals_are_covered_too(qtbot: Any):
    from PySide6.QtCore import QObject, Signal

    class _Emitter(QObject):
        changed = Signal(str)

    guard_none_refcount()
    emitter = _Emitter()
    for _ in range(5000):  # unguarded, a few hundred of these abort the interpreter
        emitter.changed.emit("es")
    for singleton in SINGLETONS:
        assert sys.getrefcount(singleton) > _RESERVE // 2
