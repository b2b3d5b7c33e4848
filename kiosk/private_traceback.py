"""Tracebacks for the log that keep where a bug happened and drop what it was handed.

A ``KioskError``'s message is written to name a file, setting or server and never customer
data (kiosk/errors.py), so it is kept. Any other exception's message may quote its input (a
pydantic validation error prints the value it refused, a decoder the bytes it choked on), so
the frames and the exception's type are logged and its message is withheld.
"""

from __future__ import annotations

import logging
import traceback

from kiosk.errors import KioskError

WITHHELD = "(message withheld: it may quote customer data)"


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception and those it was raised from or during, oldest first."""
    chain: list[BaseException] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append(current)
        context = None if current.__suppress_context__ else current.__context__
        current = current.__cause__ or context
    return chain[::-1]


def message_of(exc: BaseException) -> str:
    """The exception's own words if they are safe to log, else the type and a notice."""
    name = f"{type(exc).__module__}.{type(exc).__qualname__}"
    return f"{name}: {exc}" if isinstance(exc, KioskError) else f"{name}: {WITHHELD}"


def private_traceback(exc: BaseException) -> str:
    """Every frame of the exception chain, each exception by type (and safe message)."""
    parts: list[str] = []
    for n, link in enumerate(_chain(exc)):
        if n:
            parts.append("\nwhich led to:\n")
        parts.append("Traceback (most recent call last):\n")
        parts.extend(traceback.format_tb(link.__traceback__))
        parts.append(message_of(link) + "\n")
    return "".join(parts).rstrip("\n")


def log_failure(log: logging.Logger, what: str, exc: BaseException) -> None:
    """A ``KioskError`` as one warning line; anything else is a bug: error with its frames."""
    if isinstance(exc, KioskError):
        log.warning("%s: %s", what, exc)
    else:
        log.error("%s: %s", what, message_of(exc), exc_info=exc)
