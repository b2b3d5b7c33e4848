"""Child processes the kiosk starts for itself: its delivery worker, OCR, the demo's sandbox."""

from __future__ import annotations

import ctypes
import logging
import signal
import subprocess
import sys

log = logging.getLogger(__name__)

PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent() -> None:
    """In the child, before exec: on Linux, get SIGTERM when the kiosk process dies."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL("libc.so.6", use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        except OSError:
            pass  # no libc by that name: the child then outlives a crashed kiosk


def running_pid(proc: subprocess.Popen[bytes] | None) -> int | None:
    """The child's process id while it runs, else None.

    Callers pass their handle attribute as the argument, so it is read once: the thread that
    stops the child may clear the attribute at any moment.
    """
    return proc.pid if proc is not None and proc.poll() is None else None


def end(
    proc: subprocess.Popen[bytes], what: str, timeout: float = 10.0, *, asked: bool = False
) -> None:
    """Stop a child: SIGTERM (unless ``asked`` to leave already), then SIGKILL after ``timeout``."""
    if not asked:
        proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        log.warning("%s did not stop in %g s; killing it", what, timeout)
        proc.kill()
        proc.wait(timeout=5)
