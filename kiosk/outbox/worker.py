"""The outbox worker: leases jobs, delivers them, and decides what a failure means.

Usable in a thread (``run(stop)``), as its own process (``kiosk queue worker``) or to
drain once (``drain(timeout)``). Progress goes to plain-callback observers; another
process sees it through the store.
"""

from __future__ import annotations

import logging
import math
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from kiosk.api.errors import (
    AmbiguousError,
    ApiError,
    AuthError,
    ConnectionFailed,
    PermanentError,
    RetryableError,
)
from kiosk.outbox.backoff import RetryPolicy
from kiosk.outbox.blobs import BlobError
from kiosk.outbox.deliver import Clients, deliver
from kiosk.outbox.errors import OutboxError
from kiosk.outbox.follow import FollowPolicy, follow_once
from kiosk.outbox.jobs import Job, JobKind, JobState
from kiosk.outbox.probe import Prober
from kiosk.outbox.store import Store, lease_owner
from kiosk.outbox.verdicts import Verdicts

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobEvent:
    """A job changed state."""

    job_id: int
    submission: str
    kind: str
    state: JobState
    attempts: int
    message: str = ""
    reconciled: bool = False
    resent_after_ambiguous: bool = False


class OutboxObserver(Protocol):
    """Receives the worker's progress (called on the worker's thread)."""

    def job_event(self, event: JobEvent) -> None:
        """A job was delivered, rescheduled or dead-lettered."""

    def connectivity(self, api: str, online: bool, reason: str) -> None:
        """A server became reachable or unreachable."""


# Consecutive failed probes after which a drain without a timeout counts a server as gone:
# with the probe backoff (0.5 s doubling, at most 30 s) about a minute of trying.
DRAIN_PROBE_LIMIT = 7


@dataclass
class DrainResult:
    """What ``drain`` achieved."""

    delivered: int
    remaining: int
    failed: int
    timed_out: bool
    reasons: list[str] = field(default_factory=list)
    # The APIs every remaining job waited on when a drain without a timeout gave up.
    gave_up_on: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when nothing is left to deliver and nothing failed."""
        return self.remaining == 0 and self.failed == 0


class Worker:
    """Delivers outbox jobs one at a time; many workers may share one store."""

    def __init__(
        self,
        store: Store,
        clients: Clients,
        policy: RetryPolicy | None = None,
        observers: tuple[OutboxObserver, ...] = (),
        seed: int | None = None,
        follow: FollowPolicy | None = None,
        prober: Prober | None = None,
    ) -> None:
        self.store = store
        self.clients = clients
        self.policy = policy or RetryPolicy()
        # Delivered receipts are followed until judged, when no job is ready.
        self.follow = follow or FollowPolicy()
        self.verdicts = Verdicts(store.db)
        self.observers = list(observers)
        self.owner = lease_owner()
        self._rng = random.Random(seed)
        self._wake = threading.Event()
        self._offline_until: dict[str, float] = {}
        self._offline_failures: dict[str, int] = {}
        # What this worker last told the store about each API (recorded on change only).
        self._believed: dict[str, bool] = {}
        # When this worker last learned each API's reachability (monotonic seconds), by
        # delivering or by a connection probe (absent: never). Idle, it probes once that is
        # older than the prober's interval (kiosk.outbox.probe).
        self.prober = prober
        self._learned_at: dict[str, float] = {}
        self.delivered = 0
        self._claimed: Job | None = None
        # Why an API cannot come back by itself (credentials refused, unreachable past the
        # probe limit): a drain without a timeout stops when every remaining job waits on one.
        self._hopeless: dict[str, str] = {}

    # -- control ---------------------------------------------------------------

    def wake(self) -> None:
        """New work arrived (or the network came back): stop waiting."""
        self._wake.set()

    def online(self, api: str) -> bool:
        """Whether the worker currently believes ``api`` is reachable."""
        return self._offline_until.get(api, 0.0) <= time.time()

    def run(
        self,
        stop: threading.Event,
        idle_poll: float = 1.0,
        heartbeat: Callable[[], None] | None = None,
    ) -> None:
        """Deliver until ``stop`` is set; polls the store so other processes' work is seen.

        ``heartbeat`` is called on every turn of the loop (at least every ``idle_poll``
        seconds while idle), so a watchdog fed from it stops being fed if the loop hangs.
        """
        self.store.recover()
        try:
            while not stop.is_set():
                if heartbeat is not None:
                    heartbeat()
                if self.run_once():
                    continue
                self.probe_if_due()
                self._wait(idle_poll)
        finally:
            self._release()

    def drain(self, timeout: float | None = None) -> DrainResult:
        """Deliver until nothing is pending or in flight, or until ``timeout`` seconds."""
        self.store.recover()
        deadline = None if timeout is None else time.monotonic() + timeout
        delivered_before = self.delivered
        timed_out = False
        gave_up_on: tuple[str, ...] = ()
        # Jobs waiting on a dead-lettered job cannot move until staff retry or purge it.
        while self.store.deliverable():
            if self.run_once():
                continue
            if deadline is not None and time.monotonic() >= deadline:
                timed_out = True
                break
            if deadline is None and (gave_up_on := self._all_hopeless()):
                break
            remaining = None if deadline is None else deadline - time.monotonic()
            self._wait(0.5 if remaining is None else max(0.0, min(0.5, remaining)))
        self._release()
        # One read of each receipt record that is due now (each read schedules the next one
        # later), so a drain leaves the verdicts the server already has in the store.
        while (deadline is None or time.monotonic() < deadline) and self.follow_verdict():
            pass
        status = self.store.status()
        reasons = [
            f"job {e.job_id} ({e.kind}, {e.state}): {e.error}"
            for e in status.last_errors
            if e.state != JobState.DONE.value
        ]
        reasons = [f"{api}: {self._hopeless[api]}" for api in gave_up_on] + reasons
        if status.blocked:
            reasons.append(
                f"{status.blocked} job(s) wait on failed jobs "
                "(kiosk queue retry --failed, or kiosk queue purge --failed)"
            )
        return DrainResult(
            delivered=self.delivered - delivered_before,
            remaining=self.store.outstanding(),
            failed=status.counts.get(JobState.FAILED.value, 0),
            timed_out=timed_out,
            reasons=reasons,
            gave_up_on=gave_up_on,
        )

    def _all_hopeless(self) -> tuple[str, ...]:
        """The APIs of the remaining jobs when none of them can come back by itself."""
        if not self._hopeless:
            return ()
        waiting = {JobKind(kind).api for kind in self.store.waiting_kinds()}
        if waiting and waiting <= self._hopeless.keys():
            return tuple(sorted(waiting))
        return ()

    def _wait(self, cap: float) -> None:
        now = time.time()
        hint = self.store.wait_hint(now)
        offline = [until - now for until in self._offline_until.values() if until > now]
        if hint is not None and hint <= 0 and offline:
            # What is ready waits for an unreachable server's next probe.
            hint = min(offline)
        timeout = cap if hint is None else min(cap, hint)
        self._wake.wait(max(0.01, timeout))
        self._wake.clear()

    # -- one job ---------------------------------------------------------------

    def _skipped_apis(self) -> list[str]:
        now = time.time()
        return [api for api, until in self._offline_until.items() if until > now]

    def _release(self) -> None:
        if self._claimed is not None:
            self.store.release(self._claimed)
            self._claimed = None

    def run_once(self) -> bool:
        """Deliver (or reschedule) one ready job, else read one delivered receipt's record
        that is due; False when there was nothing to do."""
        job, self._claimed = self._claimed, None
        if job is None:
            job = self.store.claim(self.owner, self.policy.lease_seconds, self._skipped_apis())
        if job is None:
            return self.follow_verdict()
        try:
            outcome = deliver(job, self.store, self.clients)
        except ApiError as exc:
            self._failed(job, exc)
            return True
        except BlobError as exc:
            self._dead(job, str(exc), "blob")
            return True
        except Exception as exc:
            # A bug must not take the worker down or loop hot on one job.
            log.exception("job %d (%s): unexpected %s", job.id, job.kind, type(exc).__name__)
            self._dead(job, f"internal error ({type(exc).__name__}); see the kiosk log", "bug")
            return True
        self._mark_online(job.kind.api)
        # The next job is leased in the same commit as this one's completion.
        self._claimed = self.store.complete(
            job,
            outcome.result,
            then_claim=(self.owner, self.policy.lease_seconds, self._skipped_apis()),
        )
        self.delivered += 1
        self._emit(
            JobEvent(
                job.id,
                job.submission,
                job.kind.value,
                JobState.DONE,
                job.attempts + 1,
                "delivered",
                outcome.reconciled,
                outcome.resent_after_ambiguous,
            )
        )
        return True

    def follow_verdict(self) -> bool:
        """Read one due receipt's SessionM record and store its verdict; False if none due."""
        try:
            verdict = follow_once(
                self.store,
                self.verdicts,
                self.clients.sessionm,
                self.follow,
                self._rng,
                sessionm_online=self.online("sessionm"),
            )
        except OutboxError as exc:
            # The store could not be read or written: delivery itself reports that.
            log.warning("following receipts' verdicts: %s", exc)
            return False
        if verdict is None:
            self._forget_delivered()
        return verdict is not None

    def _forget_delivered(self) -> None:
        # Idle: delete what delivered plans no longer need (README, "The outbox").
        try:
            self.store.forget_delivered()
        except OutboxError as exc:
            log.warning("forgetting delivered plans: %s", exc)

    def _failed(self, job: Job, exc: ApiError) -> None:
        api = job.kind.api
        attempts = job.attempts + 1
        if isinstance(exc, PermanentError):
            self._mark_online(api)  # it answered, if only to refuse
            self._dead(job, str(exc), type(exc).__name__)
            return
        if isinstance(exc, ConnectionFailed | AuthError):
            failures = self._offline_failures.get(api, 0) + 1
            self._offline_failures[api] = failures
            pause = self.policy.probe_delay(failures, self._rng)
            if isinstance(exc, AuthError):
                pause = max(pause, min(self.policy.cap, 60.0))
                # A fetched token was already refreshed once: the credentials are refused.
                self._hopeless[api] = f"authentication refused ({exc}); fix the credentials"
            elif failures >= DRAIN_PROBE_LIMIT:
                self._hopeless[api] = (
                    f"unreachable after {failures} probes ({exc}); check the network and "
                    "the base URL"
                )
            self._offline_until[api] = time.time() + pause
            self._notify_connectivity(api, False, str(exc))
            # Not the job's fault: do not use up its attempts.
            self.store.retry_later(
                job, delay=0.0, error=str(exc), error_class=type(exc).__name__, counted=False
            )
            self._emit(
                JobEvent(
                    job.id, job.submission, job.kind.value, JobState.PENDING, job.attempts, str(exc)
                )
            )
            return
        ambiguous = isinstance(exc, AmbiguousError)
        if attempts >= self.policy.max_attempts or (
            ambiguous and attempts >= self.policy.max_ambiguous_attempts
        ):
            self._dead(
                job, f"gave up after {attempts} attempts; last error: {exc}", type(exc).__name__
            )
            return
        retry_after = exc.retry_after if isinstance(exc, RetryableError) else None
        delay = self.policy.delay(attempts, self._rng, retry_after)
        self.store.retry_later(
            job, delay=delay, error=str(exc), error_class=type(exc).__name__, ambiguous=ambiguous
        )
        self._notify_connectivity(api, False, str(exc))  # 5xx, 429, no reply: degraded
        self._emit(
            JobEvent(job.id, job.submission, job.kind.value, JobState.PENDING, attempts, str(exc))
        )

    def _dead(self, job: Job, reason: str, error_class: str) -> None:
        self.store.fail(job, reason, error_class)
        log.warning("job %d (%s) failed: %s", job.id, job.kind, reason)
        self._emit(
            JobEvent(
                job.id, job.submission, job.kind.value, JobState.FAILED, job.attempts + 1, reason
            )
        )

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

    def _emit(self, event: JobEvent) -> None:
        for observer in self.observers:
            try:
                observer.job_event(event)
            except Exception:
                log.exception("outbox observer failed")
