"""Whether an API's server can be reached, learned without calling the API.

An idle delivery worker has nothing to send, so it never learns whether the servers
answer; the status strip, ``kiosk queue status`` and the metrics would say "not known"
all day. This probe opens a TCP connection to the base URL's host and port (and
completes the TLS handshake for https, verified as the API clients verify it), then
closes it. It sends no HTTP request and no credentials: neither vendor's API pages
(AmpliFi prospect image and generic request, SessionM image validation) document a
health endpoint, and every documented call is an authenticated business call that could
be billed, rate-limited or logged as the kiosk's traffic.
"""

from __future__ import annotations

import socket
import ssl
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from kiosk.config import Settings

DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class Target:
    """Where a probe connects: a host and port, with or without TLS."""

    host: str
    port: int
    tls: bool

    @classmethod
    def for_url(cls, url: str) -> Target:
        """The server behind ``url``, or the proxy the environment sends its calls through."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        host = parts.hostname or ""
        # The API clients honour HTTP(S)_PROXY / ALL_PROXY / NO_PROXY (httpx trust_env):
        # behind a proxy the first hop is the proxy, so that is what must answer.
        proxies = urllib.request.getproxies_environment()
        proxy = proxies.get(scheme) or proxies.get("all")
        # NO_PROXY; urllib leaves this function undocumented, so typeshed does not declare it.
        bypass = urllib.request.proxy_bypass_environment  # type: ignore[attr-defined]
        if proxy and not bypass(host, proxies):
            via = urlsplit(proxy if "://" in proxy else f"http://{proxy}")
            via_scheme = via.scheme.lower()
            return cls(
                via.hostname or "",
                via.port or DEFAULT_PORTS.get(via_scheme, 80),
                via_scheme == "https",
            )
        return cls(host, parts.port or DEFAULT_PORTS.get(scheme, 443), scheme == "https")


@dataclass(frozen=True)
class ProbeResult:
    """What one probe learned: reachable or not, and why not (no URL, no secrets)."""

    online: bool
    reason: str


def probe(target: Target, timeout: float) -> ProbeResult:
    """Connect (and shake hands over TLS) within ``timeout`` seconds, then hang up."""
    try:
        with socket.create_connection((target.host, target.port), timeout=timeout) as sock:
            if target.tls:
                with _tls_context().wrap_socket(sock, server_hostname=target.host):
                    pass
    except ssl.SSLCertVerificationError as exc:
        # Reached, but not trusted (self-signed, expired, wrong name): no network fault.
        return ProbeResult(False, f"certificate not trusted ({exc.verify_message})")
    except ssl.SSLError as exc:
        # As the clients see it: httpx reports a failed handshake as a ConnectError.
        return ProbeResult(False, f"TLS handshake failed ({type(exc).__name__})")
    except TimeoutError:
        return ProbeResult(False, "server unreachable (connect timeout)")
    except OSError as exc:
        return ProbeResult(False, f"server unreachable ({type(exc).__name__})")
    return ProbeResult(True, "reachable")


def _tls_context() -> ssl.SSLContext:
    # The context the API clients verify with (kiosk.api.transport: httpx, verify=True).
    import httpx

    return httpx.create_ssl_context()


@dataclass(frozen=True)
class Prober:
    """Probes the configured APIs' servers once the worker's knowledge is ``interval`` old."""

    urls: dict[str, str]  # api -> base URL
    interval: float
    timeout: float

    @classmethod
    def from_settings(cls, settings: Settings) -> Prober:
        """The configured base URLs, probe interval and connect timeout."""
        return cls(
            {"amplifi": settings.amplifi.base_url, "sessionm": settings.sessionm.base_url},
            settings.outbox.reachability_probe_s,
            settings.http.connect_timeout,
        )

    def run(self, apis: Iterable[str]) -> dict[str, ProbeResult]:
        """Probe each API's server; one connection per distinct server."""
        by_target: dict[Target, ProbeResult] = {}
        results = {}
        for api in apis:
            url = self.urls.get(api)
            if url is None:
                continue
            target = Target.for_url(url)
            if target not in by_target:
                by_target[target] = probe(target, self.timeout)
            results[api] = by_target[target]
        return results
