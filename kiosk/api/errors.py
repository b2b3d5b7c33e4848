"""One error hierarchy for both APIs, shaped by what the outbox must do next.

- ``RetryableError``: nothing reached the server (or it said "try later"): send again.
- ``AuthError``: the credentials were refused even after one token refresh.
- ``PermanentError``: the server refused the request for good: dead-letter it.
- ``AmbiguousError``: the request may have been processed: reconcile before resending.

Messages never carry request bodies, image data or customer identifiers.
"""

from __future__ import annotations

import email.utils
import math
import re
import time
from datetime import UTC
from typing import TypedDict, Unpack

from kiosk.errors import KioskError

# Anything longer is cut here, before the outbox's own cap (outbox.retry_after_cap): a
# value this size is a mistake, and keeping it finite keeps every sum with it finite.
RETRY_AFTER_LIMIT_S = 366 * 86400.0
_SECONDS = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header, or None when it says nothing usable.

    RFC 9110 section 10.2.3: ``delay-seconds`` (digits) or an HTTP-date. Digits and a date
    in the past or future, and negative numbers, are honoured clamped to 0 ..
    ``RETRY_AFTER_LIMIT_S`` (a date in year 9999, ``99999999999`` seconds); anything else
    (``inf``, ``nan``, exponents, text, a date that does not parse) is garbage and gives
    None: the caller's own backoff applies.
    """
    if not value:
        return None
    value = value.strip()
    if _SECONDS.fullmatch(value):
        # Digits (a fraction tolerated, a negative is "now"); 20 digits exceed any limit.
        if value.startswith("-"):
            return 0.0
        return RETRY_AFTER_LIMIT_S if len(value) > 20 else min(float(value), RETRY_AFTER_LIMIT_S)
    if len(value) > 64 or not any(c.isalpha() for c in value):
        return None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, OverflowError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)  # RFC 9110 dates are GMT
    try:
        seconds = when.timestamp() - (time.time() if now is None else now)
    except (OverflowError, OSError, ValueError):
        return None
    return min(max(0.0, seconds), RETRY_AFTER_LIMIT_S)


def _sane_wait(seconds: float | None) -> float | None:
    # Whoever parsed the header, a wait is finite, not negative and within the limit.
    if seconds is None or math.isnan(seconds):
        return None
    return min(max(0.0, seconds), RETRY_AFTER_LIMIT_S)


class CallSite(TypedDict):
    """Which call failed, before any reply: the API and its operation."""

    api: str
    operation: str


class ErrorFields(TypedDict, total=False):
    """``ApiError``'s keywords, which its subclasses hand on."""

    api: str
    operation: str
    status_code: int | None


class ApiError(KioskError):
    """Any failure of an API call."""

    def __init__(
        self, message: str, *, api: str = "", operation: str = "", status_code: int | None = None
    ) -> None:
        self.api = api
        self.operation = operation
        self.status_code = status_code
        where = " ".join(p for p in (api, operation) if p)
        super().__init__(f"{where}: {message}" if where else message)


class RetryableError(ApiError):
    """The request did not take effect and may be sent again as it is."""

    def __init__(
        self, message: str, *, retry_after: float | None = None, **kw: Unpack[ErrorFields]
    ) -> None:
        self.retry_after = _sane_wait(retry_after)
        super().__init__(message, **kw)


class ConnectionFailed(RetryableError):
    """The server could not be reached (refused, DNS, unreachable, connect timeout)."""


class ServerError(RetryableError):
    """The server answered 5xx."""


class RateLimited(RetryableError):
    """The server answered 429; ``retry_after`` holds its ``Retry-After`` in seconds."""


class AuthError(ApiError):
    """401: the credentials were refused (after one token refresh where one is possible)."""


class PermanentError(ApiError):
    """The request was refused for good; sending it again will not help."""


class ClientStatusError(PermanentError):
    """A 4xx other than 401 and 429."""


class RejectedError(PermanentError):
    """The API processed the call and reported a documented error code in its body.

    SessionM does this with a 2xx reply and ``"status": "error"``; ``code`` is one of
    ``missing_data``, ``campaign_unavailable``, ``validation``, ``image_not_found`` or
    another code the server sent.
    """

    def __init__(self, code: str, message: str, **kw: Unpack[ErrorFields]) -> None:
        self.code = code
        super().__init__(f"{code}: {message}" if message else code, **kw)


class AmbiguousError(ApiError):
    """The request was sent and may have been processed: read timeout or dropped reply."""


class InvalidResponseError(AmbiguousError):
    """A 2xx reply that does not match the documented shape (it may still have been applied)."""
