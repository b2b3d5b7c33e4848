"""One error hierarchy for both APIs, shaped by what the outbox must do next.

- ``RetryableError``: nothing reached the server (or it said "try later"): send again.
- ``AuthError``: the credentials were refused even after one token refresh.
- ``PermanentError``: the server refused the request for good: dead-letter it.
- ``AmbiguousError``: the request may have been processed: reconcile before resending.

Messages never carry request bodies, image data or customer identifiers.
"""

from __future__ import annotations

from kiosk.errors import KioskError


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

    def __init__(self, message: str, *, retry_after: float | None = None, **kw: object) -> None:
        self.retry_after = retry_after
        super().__init__(message, **kw)  # type: ignore[arg-type]


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

    def __init__(self, code: str, message: str, **kw: object) -> None:
        self.code = code
        super().__init__(f"{code}: {message}" if message else code, **kw)  # type: ignore[arg-type]


class AmbiguousError(ApiError):
    """The request was sent and may have been processed: read timeout or dropped reply."""


class InvalidResponseError(AmbiguousError):
    """A 2xx reply that does not match the documented shape (it may still have been applied)."""
