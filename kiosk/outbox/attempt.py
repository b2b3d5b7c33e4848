"""One delivery attempt, run so that the worker's loop can renew, ping and walk away.

The request runs on a daemon thread of its own; the worker's loop thread waits for it in
short slices and on each slice renews the job's lease (fenced, every quarter lease), calls
the watchdog heartbeat and asks whether to give up (SIGTERM, a drain's timeout). Giving up
leaves the request running where it is — nothing can make a blocked socket read return —
and its lease to go silent: a restarted worker returns a dead process's lease at once, a
live one takes it over after ``lease_seconds`` of silence, and either reconciles the job
before any resend (kiosk/outbox/leases.py).

What "alive" means for the watchdog: the loop thread turns (only it pings), and the request
it waits on has run no longer than the longest legitimate delivery
(``RetryPolicy.longest_attempt``: token fetch, reconciling read and upload, each within
its connect + write + read timeouts). Past that the request is hung, not slow: the loop
stops pinging and renewing, so systemd's watchdog restarts the worker (WatchdogSec=), and
without systemd another worker takes the job over once the lease has gone silent. A loop
that hangs anywhere else stops the pings by itself.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, cast

from kiosk.errors import KioskError
from kiosk.outbox.errors import OutboxError
from kiosk.outbox.jobs import Job
from kiosk.outbox.leases import RENEWALS_PER_LEASE, LeaseLost

log = logging.getLogger(__name__)

T = TypeVar("T")

# How often the loop looks up from a request in flight: a SIGTERM is acted on within this.
SLICE_S = 0.25


class Abandoned(KioskError):
    """The worker stopped waiting for a request still in flight (stop or deadline)."""


@dataclass
class Call(Generic[T]):
    """A function run on the request thread, and what became of it."""

    fn: Callable[[], T]
    done: threading.Event = field(default_factory=threading.Event)
    value: T | None = None
    error: BaseException | None = None


def _serve(inbox: queue.SimpleQueue[Call[Any] | None]) -> None:
    while (call := inbox.get()) is not None:
        try:
            call.value = call.fn()
        except BaseException as exc:  # handed to the loop thread, which decides
            call.error = exc
        finally:
            call.done.set()


class RequestThread:
    """A daemon thread running one call at a time; a call given up on keeps it to itself."""

    def __init__(self, name: str = "outbox-request") -> None:
        self.name = name
        self._inbox: queue.SimpleQueue[Call[Any] | None] | None = None

    def start(self, fn: Callable[[], T]) -> Call[T]:
        """Run ``fn`` on the request thread (a new one after ``abandon``)."""
        if self._inbox is None:
            self._inbox = queue.SimpleQueue()
            # A daemon thread: a process stopping never waits for a request left running.
            threading.Thread(
                target=_serve, args=(self._inbox,), name=self.name, daemon=True
            ).start()
        call: Call[T] = Call(fn)
        self._inbox.put(call)
        return call

    def abandon(self) -> None:
        """Leave the current call running; its thread ends after it, the next call gets a new
        thread."""
        if self._inbox is not None:
            self._inbox.put(None)
            self._inbox = None

    def close(self) -> None:
        """Let the thread end once it is idle."""
        self.abandon()


@dataclass
class Supervision:
    """What the loop does while it waits on a request (see the module docstring)."""

    renew: Callable[[Job], bool]
    lease_seconds: float
    longest_attempt: float
    heartbeat: Callable[[], None] | None = None
    give_up: Callable[[], bool] = lambda: False
    monotonic: Callable[[], float] = time.monotonic

    def wait(self, call: Call[T], job: Job | None) -> T:
        """The call's value (or its exception); ``Abandoned`` or ``LeaseLost`` instead when
        the loop must stop waiting. Without a job (a verdict read) nothing is renewed."""
        started = last_renewal = self.monotonic()
        renew_every = self.lease_seconds / RENEWALS_PER_LEASE
        while not call.done.wait(min(SLICE_S, renew_every)):
            if self.give_up():
                what = "a verdict read" if job is None else f"job {job.id}"
                raise Abandoned(f"{what}: stopped waiting for its request")
            now = self.monotonic()
            if now - started > self.longest_attempt:
                continue  # hung: no ping, no renewal (module docstring)
            if self.heartbeat is not None:
                self.heartbeat()
            if job is not None and now - last_renewal >= renew_every:
                renewed = self._renew(job)
                if renewed is False:
                    raise LeaseLost(
                        f"job {job.id}: its lease was taken over while its request was in "
                        "flight; not completed here (the new holder reconciles it)"
                    )
                if renewed:
                    last_renewal = now
        if call.error is not None:
            raise call.error
        # Done without an error: the value is what fn returned (None only if fn returns None).
        return cast(T, call.value)

    def _renew(self, job: Job) -> bool | None:
        try:
            return self.renew(job)
        except OutboxError as exc:
            # The database is busy or failing: the next slice tries again; the lease has
            # three more renewals' worth of time before anyone may take it.
            log.warning("job %d: lease not renewed: %s", job.id, exc)
            return None
