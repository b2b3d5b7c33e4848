"""What text a setting may hold when it leaves the kiosk: the device tag and the API secrets.

The device tag is sent as AmpliFi's ``deviceTag`` and written into every log line and the
metrics' labels; a carriage return, NUL or U+2028 in it would forge log lines or break the
exposition. Tokens and keys go into HTTP headers and URL paths, which carry visible ASCII
only (RFC 9110, 5.5); httpx refuses to encode anything else, so a non-ASCII token failed
every call at delivery time instead of at ``kiosk config check``.
"""

from __future__ import annotations

import re

from pydantic import SecretStr

DEVICE_TAG_MAX = 64
_DEVICE_TAG = re.compile(rf"^[A-Za-z0-9._-]{{1,{DEVICE_TAG_MAX}}}$")
_HEADER_SAFE = re.compile(r"^[\x21-\x7e]+$")


def device_tag(value: str) -> str:
    """The tag, stripped; refused unless letters, digits, ``.``, ``_`` and ``-`` (≤ 64)."""
    value = value.strip()
    if not value:
        raise ValueError("must not be blank")
    if not _DEVICE_TAG.match(value):
        raise ValueError(
            f"must be 1 to {DEVICE_TAG_MAX} of A-Z a-z 0-9 . _ - (it is sent as deviceTag "
            "and written to the logs and metrics)"
        )
    return value


def header_safe(value: SecretStr | None) -> SecretStr | None:
    """Refuse a token or key that cannot be sent in a header (pydantic names the setting)."""
    if value is not None and not _HEADER_SAFE.match(value.get_secret_value()):
        raise ValueError(
            "must be visible ASCII without spaces (letters, digits, punctuation): it is sent "
            "in HTTP headers and URLs, which carry nothing else"
        )
    return value
