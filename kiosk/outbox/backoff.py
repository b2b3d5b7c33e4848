"""The retry policy in one place: exponential backoff with full jitter, Retry-After honoured
up to a cap, and how long one delivery may legitimately take."""

from __future__ import annotations

import random
from dataclasses import dataclass

from kiosk.config import HttpSettings, OutboxSettings

# Offline probing: how soon to try a server again after it could not be reached.
OFFLINE_PROBE_BASE = 0.5
OFFLINE_PROBE_CAP = 30.0


@dataclass(frozen=True)
class RetryPolicy:
    """How long to wait before attempt n + 1, and when to give up."""

    base: float = 1.0
    cap: float = 300.0
    max_attempts: int = 1000
    max_ambiguous_attempts: int = 20
    lease_seconds: float = 120.0
    retry_after_cap: float = 3600.0
    # One delivery's longest legitimate time: past it the request counts as hung (the
    # worker stops renewing its lease and pinging the watchdog). The default is
    # longest_delivery_s() of the default http settings.
    longest_attempt: float = 285.0

    @classmethod
    def from_settings(
        cls, settings: OutboxSettings, http: HttpSettings | None = None
    ) -> RetryPolicy:
        """The policy the config asks for."""
        return cls(
            base=settings.backoff_base,
            cap=settings.backoff_cap,
            max_attempts=settings.max_attempts,
            max_ambiguous_attempts=settings.max_ambiguous_attempts,
            lease_seconds=settings.lease_seconds,
            retry_after_cap=settings.retry_after_cap,
            longest_attempt=longest_delivery_s(http or HttpSettings()),
        )

    @property
    def longest_wait(self) -> float:
        """No job waits longer than this for its next attempt (seconds)."""
        return max(self.cap, self.retry_after_cap)

    def delay(self, attempt: int, rng: random.Random, retry_after: float | None = None) -> float:
        """Full jitter: uniform(0, min(cap, base * 2**attempt)), never below Retry-After
        (itself at most ``retry_after_cap``)."""
        ceiling = min(self.cap, self.base * (2 ** min(attempt, 30)))
        jittered = rng.uniform(0.0, ceiling)
        if retry_after is not None and retry_after == retry_after:  # NaN says nothing
            # The server's Retry-After wins over the backoff cap (it knows when it can take
            # more), not over retry_after_cap: a year-long or infinite one would park the job.
            return max(jittered, min(max(0.0, retry_after), self.retry_after_cap))
        return jittered

    def probe_delay(self, failures: int, rng: random.Random) -> float:
        """How long an unreachable server is left alone before the next probe."""
        ceiling = min(OFFLINE_PROBE_CAP, self.cap, OFFLINE_PROBE_BASE * (2 ** min(failures, 30)))
        return rng.uniform(ceiling / 2, ceiling)


def longest_delivery_s(http: HttpSettings) -> float:
    """The longest one job may legitimately take: a token fetch, a reconciling read and the
    upload itself, each up to connect + write + read timeout (285 s by default)."""
    return 3 * (http.connect_timeout + http.write_timeout + http.read_timeout)
