"""Call paths as the sandbox shows them: the API key and customer ids replaced by names.

SessionM puts the API key and the customer's id in the path; ``/_sandbox/state`` and any
log keep only which endpoint form was called.
"""

from __future__ import annotations

import re

_PRIVATE = re.compile(r"/apps/[^/]+|/external/users/[^/]+|/users/[^/]+")


def _placeholder(match: re.Match[str]) -> str:
    segment = match.group(0)
    if segment.startswith("/apps/"):
        return "/apps/{api_key}"
    if segment.startswith("/external/"):
        return "/external/users/{external_id}"
    return "/users/{user_id}"


def public_path(path: str) -> str:
    """``/priv/v1/apps/{api_key}/users/{user_id}/…``: the form of the call, no secrets."""
    return _PRIVATE.sub(_placeholder, path)
