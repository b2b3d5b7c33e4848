"""A guard against a PySide6 reference-count bug that crashes long-running kiosks on Python 3.11.

Measured here (PySide6 6.12, CPython 3.11.7): every call of a Python override of a Qt virtual
(``paintEvent``, ``resizeEvent``, ``eventFilter``…) and every ``processEvents`` drops one
reference to ``None`` that was never taken. A 30 fps preview repaints 30 times a second, so
``None``'s count (about 50 000 at start) reaches zero in well under an hour and the interpreter
aborts with "none_dealloc: deallocating None". From Python 3.12 ``None`` is immortal and this
does nothing. ``tests/ui/test_none_guard.py`` shows the leak and that the guard holds.
"""

from __future__ import annotations

import ctypes
import sys

# Enough references for centuries of repaints; far below the counter's 2**63 limit.
_RESERVE = 1 << 48
_guarded = False


def guard_none_refcount() -> bool:
    """Give ``None`` a huge reserve of references once (CPython < 3.12); True if applied."""
    global _guarded
    if _guarded or sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    # ob_refcnt is the first field of every CPython object.
    ctypes.c_ssize_t.from_address(id(None)).value += _RESERVE
    _guarded = True
    return True
