"""Replies read as a stream, bounded in size (``http.max_response_bytes``) and in time
(``http.request_deadline``), and the errors for a reply that is too large or too slow.

Both APIs answer with small JSON (a SessionM page of 100 records is the largest), so a
reply past the limit is refused unread rather than held in memory: a 200 MB body once
took 710 MB of resident memory and a 1 GB chunked one a MemoryError. The limit counts
decoded bytes, and a compressed reply is inflated only up to it (a gzip bomb stays small).

What a refusal means for the outbox follows what the server may have done:

- a 2xx (or 3xx) reply past the limit or the deadline: the request may have been
  processed, so it is ambiguous (reconcile before resending);
- an error status: its status says what happened, so it is judged by its status as ever
  and only the body past the limit (or the deadline) is left unread;
- the deadline passing before the body was sent whole: nothing was processed, so the
  request may be sent again as it is.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from kiosk.api.deadline import Budget
from kiosk.api.errors import (
    AmbiguousError,
    ApiError,
    ConnectionFailed,
    ErrorFields,
    InvalidResponseError,
)

if TYPE_CHECKING:
    import httpx

# Headers that described the body as it came over the wire, not as it is kept.
_WIRE_HEADERS = {"content-encoding", "content-length", "transfer-encoding"}


class ReplyTooLarge(AmbiguousError):
    """A 2xx reply longer than ``http.max_response_bytes``: refused, the request may have
    been processed."""


class DeadlineExceeded(ApiError):
    """The request did not finish within ``http.request_deadline``."""


class SendDeadlineExceeded(DeadlineExceeded, ConnectionFailed):
    """The deadline passed before the request was sent whole: nothing was processed."""


class ReplyDeadlineExceeded(DeadlineExceeded, AmbiguousError):
    """The request was sent but its reply did not arrive whole by the deadline."""


def _inflater(encoding: str) -> zlib._Decompress | None:
    if encoding in ("", "identity"):
        return None
    if encoding in ("gzip", "x-gzip", "deflate"):
        # 32 + MAX_WBITS: a gzip or zlib header, whichever the server sent.
        return zlib.decompressobj(32 + zlib.MAX_WBITS)
    raise ValueError(encoding)


def read_reply(
    response: httpx.Response, *, limit: int, budget: Budget, api: str, operation: str
) -> tuple[httpx.Response, str]:
    """The reply with its body read as a stream: at most ``limit`` decoded bytes, by the
    budget's deadline (see the module's docstring for what is refused and how), and for an
    error status a note of what of its body was left unread."""
    import httpx

    where: ErrorFields = {"api": api, "operation": operation, "status_code": response.status_code}
    refuse = response.status_code < 400
    declared = response.headers.get("Content-Length", "")
    parts: list[bytes] = []
    size = 0
    cut = ""
    try:
        inflater = _inflater(response.headers.get("Content-Encoding", "").strip().lower())
    except ValueError:
        if refuse:
            raise InvalidResponseError(
                "reply in a content coding that was not asked for", **where
            ) from None
        inflater, cut = None, " (its body in an unknown coding was not read)"
    if declared.isdigit() and int(declared) > limit and inflater is None:
        if refuse:
            raise ReplyTooLarge(
                f"reply of {declared} bytes refused unread (over http.max_response_bytes, {limit})",
                **where,
            )
        cut = f" (its {declared}-byte body was not read)"
    try:
        # A reply a transport already holds in memory (httpx.MockTransport) is decoded.
        chunks: Iterator[bytes] = iter((response.content,))
        inflater = None
    except httpx.ResponseNotRead:
        chunks = response.iter_raw() if not cut else iter(())
    try:
        for raw in chunks:
            data = raw if inflater is None else inflater.decompress(raw, limit + 1 - size)
            size += len(data)
            if size > limit:
                if refuse:
                    raise ReplyTooLarge(
                        f"reply over http.max_response_bytes ({limit} bytes) refused; the "
                        "rest was not read",
                        **where,
                    )
                cut = f" (its body past {limit} bytes was not read)"
                break
            parts.append(data)
            if budget.passed():
                if refuse:
                    raise ReplyDeadlineExceeded(
                        "the reply was still arriving at the request's deadline "
                        "(http.request_deadline)",
                        **where,
                    )
                cut = " (its body was still arriving at the deadline)"
                break
    except zlib.error:
        if refuse:
            raise InvalidResponseError("compressed reply does not inflate", **where) from None
        parts, cut = [], " (its compressed body does not inflate)"
    except httpx.TransportError:
        if refuse:
            raise  # judged by the caller with every other transport failure
        cut = " (its body did not arrive whole)"
    headers = [(k, v) for k, v in response.headers.multi_items() if k.lower() not in _WIRE_HEADERS]
    reply = httpx.Response(
        response.status_code, headers=headers, content=b"".join(parts), request=response.request
    )
    return reply, cut
