"""The retry policy in one place: exponential backoff with full jitter, Retry-After honoured."""

from __future__ import annotations

import random
from dataclasses import dataclass

from kiosk.config import OutboxSettings

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

    @classmethod
    def from_settings(cls, settings: OutboxSettings) -> RetryPolicy:
        """The policy the config asks for."""
        return cls(
            base=settings.backoff_base,
            cap=settings.backoff_cap,
            max_attempts=settings.max_attempts,
            max_ambiguous_attempts=settings.max_ambiguous_attempts,
            lease_seconds=settings.lease_seconds,
        )

    def delay(self, attempt: int, rng: random.Random, retry_after: float | None = None) -> float:
        """Full jitter: uniform(0, min(cap, base * 2**attempt)), never below Retry-After."""
        ceiling = min(self.cap, self.base * (2 ** min(attempt, 30)))
        jittered = rng.uniform(0.0, ceiling)
        if retry_after is not None:
            # The server's Retry-After wins even over the cap: it knows when it can take more.
            return max(jittered, retry_after)
        return jittered

    def probe_delay(self, failures: int, rng: random.Random) -> float:
        """How long an unreachable server is left alone before the next probe."""
        ceiling = min(OFFLINE_PROBE_CAP, self.cap, OFFLINE_PROBE_BASE * (2 ** min(failures, 30)))
        return rng.uniform(ceiling / 2, ceiling)
