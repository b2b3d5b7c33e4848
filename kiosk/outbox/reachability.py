"""What the delivery worker believes of each API's server: reachable or not, since when,
whether it can come back by itself, and when to probe it while idle."""

from __future__ import annotations

import logging
import math
import random
import time

from kiosk.api.errors import ApiError, AuthError
from kiosk.outbox.backoff import RetryPolicy
from kiosk.outbox.errors import OutboxError
from kiosk.outbox.events import DRAIN_PROBE_LIMIT, OutboxObserver
from kiosk.outbox.jobs import JobKind
from kiosk.outbox.probe import Prober
from kiosk.outbox.store import Store

log = logging.getLogger(__name__)


class WorkerReachability:
    """The worker's view of the servers; ``Worker`` adds delivery."""

    store: Store
    policy: RetryPolicy
    observers: list[OutboxObserver]
    _rng: random.Random

    def _init_reachability(self, prober: Prober | None) -> None:
        # Per API, until when (monotonic seconds) it counts as unreachable.
        self._offline_until: dict[str, float] = {}
        self._offline_failures: dict[str, int] = {}
        # What this worker last told the store about each API (recorded on change only).
        self._believed: dict[str, bool] = {}
        # When this worker last learned each API's reachability (monotonic seconds), by
        # delivering or by a connection probe (absent: never). Idle, it probes once that is
        # older than the prober's interval (kiosk.outbox.probe).
        self.prober = prober
        self._learned_at: dict[str, float] = {}
        # Why an API cannot come back by itself (credentials refused, unreachable past the
        # probe limit): a drain without a timeout stops when every remaining job waits on one.
        self._hopeless: dict[str, str] = {}

    def online(self, api: str) -> bool:
        """Whether the worker currently believes ``api`` is reachable."""
        return self._offline_until.get(api, 0.0) <= time.monotonic()

    def _skipped_apis(self) -> list[str]:
        now = time.monotonic()
        return [api for api, until in self._offline_until.items() if until > now]

    def _all_hopeless(self) -> tuple[str, ...]:
        """The APIs of the remaining jobs when none of them can come back by itself."""
        if not self._hopeless:
            return ()
        waiting = {JobKind(kind).api for kind in self.store.waiting_kinds()}
        if waiting and waiting <= self._hopeless.keys():
            return tuple(sorted(waiting))
        return ()

    def _went_offline(self, api: str, exc: ApiError) -> None:
        """A connection failed or the credentials were refused: back off probing ``api``."""
        failures = self._offline_failures.get(api, 0) + 1
        self._offline_failures[api] = failures
        pause = self.policy.probe_delay(failures, self._rng)
        if isinstance(exc, AuthError):
            pause = max(pause, min(self.policy.cap, 60.0))
            # A fetched token was already refreshed once: the credentials are refused.
            self._hopeless[api] = f"authentication refused ({exc}); fix the credentials"
        elif failures >= DRAIN_PROBE_LIMIT:
            self._hopeless[api] = (
                f"unreachable after {failures} probes ({exc}); check the network and the base URL"
            )
        self._offline_until[api] = time.monotonic() + pause
        self._notify_connectivity(api, False, str(exc))

    def probe_if_due(self) -> list[str]:
        """Idle: probe each API with nothing waiting for it whose reachability this worker
        has not learned within the prober's interval; the APIs probed."""
        if self.prober is None:
            return []
        now = time.monotonic()
        stale = [
            api
            for api in sorted({kind.api for kind in JobKind})
            if now - self._learned_at.get(api, -math.inf) >= self.prober.interval
        ]
        if not stale:
            return []
        try:
            # An API with jobs waiting learns by delivering them (even while backing off):
            # a bare connect there could hide an answer such as refused credentials.
            waiting = {JobKind(kind).api for kind in self.store.waiting_kinds()}
        except OutboxError as exc:
            log.warning("probing the servers: %s", exc)
            return []
        due = [api for api in stale if api not in waiting]
        # At most http.connect_timeout per server; a job queued meanwhile waits that long.
        for api, result in self.prober.run(due).items():
            if result.online:
                self._mark_online(api)
            else:
                self._learned_at[api] = time.monotonic()
                if self._believed.get(api) is not False:
                    self._notify_connectivity(api, False, result.reason)
        return due

    def _mark_online(self, api: str) -> None:
        self._learned_at[api] = time.monotonic()
        self._hopeless.pop(api, None)
        was_offline = api in self._offline_until
        self._offline_until.pop(api, None)
        self._offline_failures.pop(api, None)
        if was_offline or self._believed.get(api) is not True:
            self._notify_connectivity(api, True, "reachable")

    def _notify_connectivity(self, api: str, online: bool, reason: str) -> None:
        self._learned_at[api] = time.monotonic()
        self._believed[api] = online
        try:
            self.store.record_connectivity(api, online, reason)
        except OutboxError:
            log.warning("could not record that %s is %s", api, "online" if online else "offline")
        for observer in self.observers:
            try:
                observer.connectivity(api, online, reason)
            except Exception:
                log.exception("outbox observer failed")
