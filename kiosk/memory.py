"""Keeping the kiosk's resident memory down: one heap for all threads, and freed memory
handed back to the operating system after a large, one-off piece of work.

glibc keeps memory that was freed inside its heaps and arenas mapped, so a process that
once ran a big model keeps its resident size long after dropping it. ``malloc_trim``
returns those free pages; on the kiosk this takes the app back down by the ~75 MB a YuNet
net at 1280 px holds (measured: load + one detection, then drop + trim).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gc
import linecache
import sys
from functools import cache


@cache
def _libc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    name = ctypes.util.find_library("c") or "libc.so.6"
    with contextlib.suppress(OSError):
        libc = ctypes.CDLL(name)
        if hasattr(libc, "malloc_trim"):  # glibc; musl has none
            return libc
    return None


def give_back_freed_memory() -> bool:
    """Collect garbage, then return free heap pages to the OS; False where libc cannot."""
    # Source lines kept for tracebacks: PySide6's import hook reads the whole source of every
    # module imported after it into this cache (about 500 files, 7 MB of text, once the OCR
    # engine has loaded); a traceback reads its lines again when it needs them.
    linecache.clearcache()
    gc.collect()
    libc = _libc()
    if libc is None:
        return False
    libc.malloc_trim(0)
    return True


# glibc's mallopt parameters (malloc.h).
_M_ARENA_MAX = -8


def one_malloc_arena() -> bool:
    """Have every thread allocate from the main heap; call before starting threads.

    glibc gives each thread that allocates under contention its own arena, and memory freed
    in one is reused only by the threads on it: the kiosk app's preview, capture and camera
    threads each kept the peak of their own work. With one arena the app's resident memory in
    the licence and passport steps fell from about 290 to 245-255 MB (measured on the demo,
    benchmarks/README.md). Python's small objects are allocated under the GIL anyway.
    """
    libc = _libc()
    if libc is None:
        return False
    return bool(libc.mallopt(_M_ARENA_MAX, 1))
