"""The outbox worker: leases jobs, delivers them, and decides what a failure means.

Usable in a thread (``run(stop)``), as its own process (``kiosk queue worker``) or to
drain once (``drain(timeout)``). Progress goes to its ``OutboxObserver``s (events.py); another
process sees it through the store. Each request runs on a thread of its own while the
loop renews the job's lease, pings the watchdog and watches for a stop
(kiosk/outbox/attempt.py).
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable

from kiosk.api.errors import (
    AmbiguousError,
    ApiError,
    AuthError,
    ConnectionFailed,
    PermanentError,
    RetryableError,
)
from kiosk.outbox.attempt import Abandoned, RequestThread, Supervision
from kiosk.outbox.backoff import RetryPolicy
from kiosk.outbox.blobs import BlobError
from kiosk.outbox.deliver import Clients, Outcome, Prepared, deliver
from kiosk.outbox.errors import OutboxError
from kiosk.outbox.events import DRAIN_PROBE_LIMIT as DRAIN_PROBE_LIMIT
from kiosk.outbox.events import DrainResult as DrainResult
from kiosk.outbox.events import JobEvent as JobEvent
from kiosk.outbox.events import OutboxObserver as OutboxObserver
from kiosk.outbox.follow import FollowPolicy, follow_once
from kiosk.outbox.jobs import Job, JobState
from kiosk.outbox.leases import LeaseLost, worker_id
from kiosk.outbox.probe import Prober
from kiosk.outbox.reachability import WorkerReachability
from kiosk.outbox.store import Store
from kiosk.outbox.verdicts import Verdicts

log = logging.getLogger(__name__)


class Worker(WorkerReachability):
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
        self._init_reachability(prober)
        self.owner = worker_id()
        self._rng = random.Random(seed)
        self._wake = threading.Event()
        self._requests = RequestThread(f"outbox-request-{self.owner}")
        # What the loop does while a request is in flight; run() and drain() set the
        # heartbeat and when to give up.
        self.supervision = Supervision(
            renew=lambda job: self.store.renew(job, self.policy.lease_seconds),
            lease_seconds=self.policy.lease_seconds,
            longest_attempt=self.policy.longest_attempt,
            monotonic=store.monotonic,
        )
        self.delivered = 0
        self._claimed: Job | None = None

    # -- control ---------------------------------------------------------------

    def wake(self) -> None:
        """New work arrived (or the network came back): stop waiting."""
        self._wake.set()

    def run(
        self,
        stop: threading.Event,
        idle_poll: float = 1.0,
        heartbeat: Callable[[], None] | None = None,
    ) -> None:
        """Deliver until ``stop`` is set; polls the store so other processes' work is seen.

        ``heartbeat`` is called on every turn of the loop (at least every ``idle_poll``
        seconds while idle, every quarter second while a request is in flight), so a
        watchdog fed from it stops being fed if the loop hangs or a request outlives the
        longest legitimate delivery (kiosk/outbox/attempt.py). Once ``stop`` is set the
        loop returns within a quarter second, whatever a request is doing.
        """
        self._start()
        self.supervision.heartbeat = heartbeat
        self.supervision.give_up = stop.is_set
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
            self._requests.close()

    def _start(self) -> None:
        self.store.recover()
        # Waits set before the cap existed, or by a clock since corrected, end by the cap.
        self.store.clamp_waits()

    def drain(self, timeout: float | None = None) -> DrainResult:
        """Deliver until nothing is pending or in flight, or until ``timeout`` seconds
        (a request still in flight then is left to its lease)."""
        self._start()
        deadline = None if timeout is None else time.monotonic() + timeout
        self.supervision.give_up = lambda: deadline is not None and time.monotonic() >= deadline
        delivered_before = self.delivered
        timed_out = False
        gave_up_on: tuple[str, ...] = ()
        # Jobs waiting on a dead-lettered job cannot move until staff retry or purge it.
        while self.store.deliverable():
            if deadline is not None and time.monotonic() >= deadline:
                timed_out = True
                break
            if self.run_once():
                continue
            if deadline is None and (gave_up_on := self._all_hopeless()):
                break
            remaining = None if deadline is None else deadline - time.monotonic()
            self._wait(0.5 if remaining is None else max(0.0, min(0.5, remaining)))
        self._release()
        self._requests.close()
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

    def _wait(self, cap: float) -> None:
        hint = self.store.wait_hint(self.store.clock())
        now = time.monotonic()
        offline = [until - now for until in self._offline_until.values() if until > now]
        if hint is not None and hint <= 0 and offline:
            # What is ready waits for an unreachable server's next probe.
            hint = min(offline)
        timeout = cap if hint is None else min(cap, hint)
        self._wake.wait(max(0.01, timeout))
        self._wake.clear()

    # -- one job ---------------------------------------------------------------

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
            self._settle(job)
        except LeaseLost as exc:
            # Another worker holds the job now and reconciles it before any resend.
            log.warning("%s", exc)
        except Abandoned as exc:
            # Stopping: the request is left in flight, its lease to go silent or to die
            # with this process; whoever takes the job reconciles it first.
            self._requests.abandon()
            log.warning("%s (left in flight, to be reconciled)", exc)
        return True

    def _attempt(self, job: Job) -> Outcome:
        """Deliver on the request thread while this thread renews, pings and watches."""
        source = Prepared.load(job, self.store)
        call = self._requests.start(lambda: deliver(job, source, self.clients))
        return self.supervision.wait(call, job)

    def _settle(self, job: Job) -> None:
        try:
            outcome = self._attempt(job)
        except ApiError as exc:
            self._failed(job, exc)
            return
        except BlobError as exc:
            self._dead(job, str(exc), "blob")
            return
        except (MemoryError, OSError) as exc:
            self._out_of_resources(job, exc)
            return
        except (Abandoned, LeaseLost):
            raise
        except Exception as exc:
            # A bug must not take the worker down or loop hot on one job.
            log.exception("job %d (%s): unexpected %s", job.id, job.kind, type(exc).__name__)
            self._dead(job, f"internal error ({type(exc).__name__}); see the kiosk log", "bug")
            return
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

    def _out_of_resources(self, job: Job, exc: MemoryError | OSError) -> None:
        # The machine, not the job: memory or descriptors ran out (a reply too large to
        # hold, say). Retried with backoff and never dead-lettered; ambiguous, because the
        # request may have been sent before its reply could not be read.
        attempts = job.attempts + 1
        strerror = getattr(exc, "strerror", None)  # an OSError's; MemoryError has none
        why = type(exc).__name__ + (f" ({strerror})" if strerror else "")
        log.warning("job %d (%s): out of resources: %s; retried", job.id, job.kind, why)
        self.store.retry_later(
            job,
            delay=self.policy.delay(attempts, self._rng),
            error=f"out of resources while delivering: {why}",
            error_class=type(exc).__name__,
            ambiguous=True,
        )
        self._emit(
            JobEvent(job.id, job.submission, job.kind.value, JobState.PENDING, attempts, why)
        )

    def follow_verdict(self) -> bool:
        """Read one due receipt's SessionM record and store its verdict; False if none due."""
        online = self.online("sessionm")
        # On the request thread too, so a reply that never ends cannot hold up a stop.
        call = self._requests.start(
            lambda: follow_once(
                self.store,
                self.verdicts,
                self.clients.sessionm,
                self.follow,
                self._rng,
                sessionm_online=online,
            )
        )
        try:
            verdict = self.supervision.wait(call, None)
        except Abandoned:
            self._requests.abandon()  # the verdict check's own lease lets it be read again
            return False
        except OutboxError as exc:
            # The store could not be read or written: delivery itself reports that.
            log.warning("following receipts' verdicts: %s", exc)
            return False
        if verdict is None:
            self._forget_delivered()
        return verdict is not None

    def _forget_delivered(self) -> None:
        # Idle: delete what delivered plans no longer need (docs/outbox.md).
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
            self._went_offline(api, exc)
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

    def _emit(self, event: JobEvent) -> None:
        for observer in self.observers:
            try:
                observer.job_event(event)
            except Exception:
                log.exception("outbox observer failed")
