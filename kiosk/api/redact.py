"""Keeps secrets that live in request URLs out of httpx's per-request log line.

SessionM puts the API key and the customer's id in the path (``/apps/KEY/external/users/
ID/...``) or the ``auth_token`` query; httpx logs every request's full URL at INFO. The
filter shortens that URL to scheme, host and the last path segment (the operation).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import httpx


class RedactRequestUrls(logging.Filter):
    """Rewrites the URL argument of httpx's ``HTTP Request: ...`` records."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Replace any URL argument with its redacted form; never drops a record."""
        import httpx  # loaded by then: the filter is installed when a client is made

        if isinstance(record.args, tuple) and any(isinstance(a, httpx.URL) for a in record.args):
            record.args = tuple(redacted(a) if isinstance(a, httpx.URL) else a for a in record.args)
        return True


def redacted(url: httpx.URL) -> str:
    """``scheme://host:port/…/last-segment``: enough to tell calls apart, no ids or keys."""
    last = url.path.rstrip("/").rsplit("/", 1)[-1]
    return f"{url.scheme}://{url.netloc.decode('ascii', 'replace')}/…/{last}"


def install() -> None:
    """Attach the filter to the ``httpx`` logger once per process."""
    logger = logging.getLogger("httpx")
    if not any(isinstance(f, RedactRequestUrls) for f in logger.filters):
        logger.addFilter(RedactRequestUrls())
