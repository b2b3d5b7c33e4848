"""The settings' URL rules: absolute http(s), plain HTTP only to this machine, masked passwords.

Secrets (tokens, API keys, customer ids) travel with every API call, so a base URL that
would send them in plain HTTP to another host is refused unless
``http.allow_insecure_http`` says the network is a lab's.
"""

from __future__ import annotations

import ipaddress
from typing import Any
from urllib.parse import urlsplit, urlunsplit


def check_base_url(value: str) -> str:
    """The URL checked as an absolute http(s) URL, scheme and host lowercased, no trailing /."""
    # Schemes and host names are case-insensitive (RFC 3986 3.1, 3.2.2): compare and keep
    # them in their lowercase form, so HTTP://host is judged as the plain http it is.
    parts = urlsplit(value.strip())
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(
            f"must be an absolute http(s) URL with a scheme, e.g. https://api.example.com "
            f"(got {mask_url(value)!r})"
        )
    netloc = parts.netloc.rsplit("@", 1)
    netloc[-1] = netloc[-1].lower()
    return urlunsplit(parts._replace(scheme=scheme, netloc="@".join(netloc))).rstrip("/")


def mask_url(url: str) -> str:
    """The URL with any password in it starred."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    user, _, host = parts.netloc.rpartition("@")
    name = user.split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{name}:***@{host}"))


def plain_http_problems(urls: dict[str, Any]) -> list[str]:
    """One line per URL that would send secrets in plain HTTP to another host."""
    lines = []
    for name, url in urls.items():
        if not isinstance(url, str):
            continue
        if urlsplit(url.strip()).scheme.lower() == "http" and not is_loopback_url(url):
            lines.append(
                f"{name} uses plain http:// to a non-loopback host; use https:// "
                "(or set http.allow_insecure_http = true for a lab network)"
            )
    return lines


_GUARDED_URLS = (("amplifi", "base_url"), ("amplifi", "token_url"), ("sessionm", "base_url"))


def raw_plain_http_problems(raw: dict[str, Any]) -> list[str]:
    """``plain_http_problems`` of the guarded URLs in the raw merged input of the settings."""

    # The model's own check runs only when every field is valid; with other errors the raw
    # input is checked so that this problem is reported in the same run.
    def get(section: str, key: str) -> Any:
        part = raw.get(section)
        return part.get(key) if isinstance(part, dict) else None

    if str(get("http", "allow_insecure_http")).lower() in {"true", "1", "yes", "on", "t", "y"}:
        return []
    urls = {f"{section}.{key}": get(section, key) for section, key in _GUARDED_URLS}
    return plain_http_problems(urls)


def is_loopback_url(url: str) -> bool:
    """True when the URL's host is this machine (plain HTTP is only allowed there)."""
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
