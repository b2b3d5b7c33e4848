"""The one place HTTP failures become the API error hierarchy, and replies are validated."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from kiosk.api import redact
from kiosk.api.errors import (
    AmbiguousError,
    ApiError,
    AuthError,
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


def make_client(
    http: HttpSettings, transport: httpx.BaseTransport | None = None, **kwargs: Any
) -> httpx.Client:
    """An httpx client with explicit timeouts, TLS verification on, and redacted URL logs."""
    # httpx is imported where a client is made, not with the module: the kiosk app's own
    # process queues captures and never sends them (its delivery worker does), and httpx
    # with its dependencies costs it about 0.1 s of start-up and 20 MB resident
    # (benchmarks/README.md, app weight).
    import httpx

    redact.install()
    timeout = httpx.Timeout(
        connect=http.connect_timeout,
        read=http.read_timeout,
        write=http.write_timeout,
        pool=http.connect_timeout,
    )
    return httpx.Client(
        timeout=timeout,
        verify=True,
        transport=transport,
        headers={"User-Agent": USER_AGENT},
        **kwargs,
    )


def send(
    client: httpx.Client, request: httpx.Request, *, api: str, operation: str
) -> httpx.Response:
    """Send a request; map transport failures and error statuses to the API errors.

    A 2xx or 3xx reply is returned for the caller to validate.
    """
    import httpx

    where = {"api": api, "operation": operation}
    try:
        response = client.send(request)
    except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
        raise ConnectionFailed(f"server unreachable ({type(exc).__name__})", **where) from None
    except (httpx.WriteError, httpx.WriteTimeout) as exc:
        # The body never arrived whole, so the server cannot have acted on it.
        raise ConnectionFailed(
            f"connection lost while sending ({type(exc).__name__})", **where
        ) from None
    except httpx.ReadTimeout:
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
    detail = _safe_detail(response)
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
