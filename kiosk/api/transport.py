"""The one place HTTP failures become the API error hierarchy, and replies are validated."""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from kiosk.api import redact
from kiosk.api.errors import (
    AmbiguousError,
    ApiError,
    AuthError,
    CallSite,
    ClientStatusError,
    ConnectionFailed,
    InvalidResponseError,
    RateLimited,
    ServerError,
)
from kiosk.api.errors import parse_retry_after as parse_retry_after  # defensive, one place
from kiosk.config import HttpSettings

if TYPE_CHECKING:
    import httpx

M = TypeVar("M", bound=BaseModel)

USER_AGENT = "branch-kiosk/0.1"
# Each client's reply limit and request deadline (``http.max_response_bytes`` and
# ``http.request_deadline``), for ``send``.
_LIMITS: weakref.WeakKeyDictionary[httpx.Client, tuple[int, float]] = weakref.WeakKeyDictionary()


def make_client(
    http: HttpSettings, transport: httpx.BaseTransport | None = None, **kwargs: Any
) -> httpx.Client:
    """An httpx client with explicit timeouts, one deadline per request, a bound on reply
    size, TLS verification on, and redacted URL logs."""
    # httpx is imported where a client is made, not with the module: the kiosk app's own
    # process queues captures and never sends them (its delivery worker does), and httpx
    # with its dependencies costs it about 0.1 s of start-up and 20 MB resident
    # (benchmarks/README.md, app weight).
    import httpx

    from kiosk.api import deadline

    redact.install()
    timeout = httpx.Timeout(
        connect=http.connect_timeout,
        read=http.read_timeout,
        write=http.write_timeout,
        pool=http.connect_timeout,
    )
    client = httpx.Client(
        timeout=timeout,
        verify=True,
        transport=transport,
        # Replies are small JSON: compression saves nothing, and an uncompressed reply's
        # Content-Length is its size, so one over the limit is refused before it is read.
        headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"},
        **kwargs,
    )
    deadline.install(client)
    _LIMITS[client] = (http.max_response_bytes, http.request_deadline)
    return client


_DEFAULTS = HttpSettings()
# A timeout this close to the deadline is the deadline's (a socket wait may end a little early).
_SLACK = 0.05


def send(
    client: httpx.Client, request: httpx.Request, *, api: str, operation: str
) -> httpx.Response:
    """Send a request; map transport failures and error statuses to the API errors.

    The whole request (connect, send, reply) ends by ``http.request_deadline`` and the
    reply is read as a stream of at most ``http.max_response_bytes`` (kiosk/api/replies.py).
    A 2xx or 3xx reply is returned for the caller to validate.
    """
    import httpx

    from kiosk.api.deadline import request_budget
    from kiosk.api.replies import ReplyDeadlineExceeded, SendDeadlineExceeded, read_reply

    where: CallSite = {"api": api, "operation": operation}
    limit, seconds = _LIMITS.get(client, (_DEFAULTS.max_response_bytes, _DEFAULTS.request_deadline))
    late = f"not done within http.request_deadline ({seconds:g} s)"
    unread = ""
    with request_budget(seconds) as budget:
        # The pool wait and each socket operation are cut to the deadline too.
        timeouts = request.extensions.get("timeout") or {}
        request.extensions["timeout"] = {
            k: seconds if v is None else min(v, seconds) for k, v in timeouts.items()
        }
        try:
            streamed = client.send(request, stream=True)
            try:
                response, unread = read_reply(
                    streamed, limit=limit, budget=budget, api=api, operation=operation
                )
            finally:
                streamed.close()
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            if budget.remaining() < _SLACK:
                raise SendDeadlineExceeded(f"{late} (connecting)", **where) from None
            if "CERTIFICATE_VERIFY_FAILED" in str(exc):  # reached; its certificate not trusted
                raise ConnectionFailed("certificate not trusted", **where) from None
            raise ConnectionFailed(f"server unreachable ({type(exc).__name__})", **where) from None
        except (httpx.WriteError, httpx.WriteTimeout) as exc:
            if budget.remaining() < _SLACK:
                raise SendDeadlineExceeded(f"{late} (sending)", **where) from None
            # The body never arrived whole, so the server cannot have acted on it.
            raise ConnectionFailed(
                f"connection lost while sending ({type(exc).__name__})", **where
            ) from None
        except httpx.ReadTimeout:
            if budget.remaining() < _SLACK:
                raise ReplyDeadlineExceeded(f"{late} (waiting for the reply)", **where) from None
            raise AmbiguousError("no reply in time after the request was sent", **where) from None
        except (httpx.RemoteProtocolError, httpx.ReadError) as exc:
            raise AmbiguousError(
                f"connection dropped after the request was sent ({type(exc).__name__})", **where
            ) from None
        except httpx.HTTPError as exc:
            raise AmbiguousError(f"HTTP failure ({type(exc).__name__})", **where) from None
    status = response.status_code
    if status < 400:
        return response
    detail = _safe_detail(response) + unread
    if status == 401:
        raise AuthError(f"401 unauthorized{detail}", status_code=status, **where)
    if status == 429:
        retry_after = parse_retry_after(response.headers.get("Retry-After"))
        raise RateLimited(
            f"429 rate limited{detail}", retry_after=retry_after, status_code=status, **where
        )
    if status >= 500:
        raise ServerError(
            f"{status} server error{detail}",
            retry_after=parse_retry_after(response.headers.get("Retry-After")),
            status_code=status,
            **where,
        )
    raise ClientStatusError(f"{status} refused{detail}", status_code=status, **where)


def _safe_detail(response: httpx.Response) -> str:
    # Only a short, known message field: error bodies may echo what was sent.
    try:
        body = response.json()
    except ValueError:
        return ""
    if not isinstance(body, dict):
        return ""
    for key in ("message", "error", "detail"):
        value = body.get(key)
        if isinstance(value, str):
            return f": {value[:120]}"
        if isinstance(value, dict) and isinstance(value.get("message"), str):
            return f": {value['message'][:120]}"
    errors = body.get("errors")
    if isinstance(errors, dict) and isinstance(errors.get("message"), str):
        return f": {errors['message'][:120]}"
    return ""


def parse(model: type[M], response: httpx.Response, *, api: str, operation: str) -> M:
    """Validate a reply against its documented model, or raise InvalidResponseError."""
    try:
        return model.model_validate_json(response.content)
    except ValidationError as exc:
        fields = sorted({".".join(str(p) for p in e["loc"]) or "body" for e in exc.errors()})
        raise InvalidResponseError(
            f"reply {response.status_code} does not match the documented shape "
            f"(problem at: {', '.join(fields[:5])})",
            api=api,
            operation=operation,
            status_code=response.status_code,
        ) from None


def json_or_none(response: httpx.Response) -> Any:
    """The reply's JSON, or None when it is not JSON."""
    try:
        return response.json()
    except ValueError:
        return None


__all__ = ["ApiError", "json_or_none", "make_client", "parse", "parse_retry_after", "send"]
