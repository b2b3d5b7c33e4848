"""A guard against PySide6 reference-count bugs that crash long-running kiosks on Python 3.11.

Measured here (PySide6 6.12.0, CPython 3.11.7; ``tests/ui/test_none_guard.py``):

- every call of a Python override of a Qt virtual (``paintEvent``, ``resizeEvent``,
  ``eventFilter``…) and every ``processEvents`` drops one reference to ``None`` that was
  never taken;
- every ``SignalInstance.emit`` returns ``True`` without taking a reference for it, so each
  emitted signal (a preview frame, a status change, a language switch) drops one reference
  to ``True``; a bare ``Signal().emit()`` loop aborts the interpreter with "bool_dealloc:
  deallocating True or False" within a few hundred emits.

Neither is in this code: the first is in shiboken's virtual-call path, the second in the
value ``emit`` hands back, which the interpreter releases whether or not it is used. A
30 fps preview reaches zero in well under an hour. From Python 3.12 the three singletons
are immortal (PEP 683) and this does nothing; before it, each is given a reserve of
references that no kiosk session can use up. ``False`` gets one too, as the same code paths
may hand it back.
"""

from __future__ import annotations

import ctypes
import sys

# Enough references for centuries of repaints and emits; far below the counter's 2**63 limit.
_RESERVE = 1 << 48
SINGLETONS: tuple[object, ...] = (None, True, False)
_guarded = False


def guard_singleton_refcounts() -> bool:
    """Give ``None``, ``True`` and ``False`` a huge reserve of references once (CPython < 3.12);
    True if applied."""
    global _guarded
    if _guarded or sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    for singleton in SINGLETONS:
        # ob_refcnt is the first field of every CPython object.
        ctypes.c_ssize_t.from_address(id(singleton)).value += _RESERVE
    _guarded = True
    return True


# The name the app has always called; it now guards all three singletons.
guard_none_refcount = guard_singleton_refcounts
