"""``kiosk queue``: status, drain, retry, purge, and the long-running worker."""

from __future__ import annotations

import argparse
import dataclasses
import logging
import signal
import sys
import threading
import time

from kiosk.cli.output import fail, print_json, settings_or_exit
from kiosk.config import Settings
from kiosk.core import KioskCore
from kiosk.outbox.events import JobEvent
from kiosk.outbox.jobs import Reachability
from kiosk.outbox.reach import WORDS, ReachState, classify, state_of
from kiosk.outbox.salvage import recover
from kiosk.systemd_notify import Heartbeat, watchdog_seconds

log = logging.getLogger(__name__)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``queue`` commands."""
    queue = sub.add_parser("queue", help="inspect and deliver the outbox")
    qsub = queue.add_subparsers(dest="queue_command", metavar="ACTION", required=True)
    status = qsub.add_parser("status", help="counts per state, oldest pending, last errors")
    status.add_argument("--json", action="store_true", help="print JSON")
    status.set_defaults(func=status_cmd)
    drain = qsub.add_parser("drain", help="deliver until empty; exit 1 if jobs remain")
    drain.add_argument(
        "--timeout",
        type=float,
        default=None,
        metavar="S",
        help="give up after S seconds (default: no limit)",
    )
    drain.set_defaults(func=drain_cmd)
    retry = qsub.add_parser("retry", help="send failed jobs (or one waiting job) again now")
    which = retry.add_mutually_exclusive_group(required=True)
    which.add_argument("job", nargs="?", type=int, help="one failed or waiting job's id")
    which.add_argument("--failed", action="store_true", help="every failed job")
    retry.set_defaults(func=retry_cmd)
    purge = qsub.add_parser("purge", help="delete failed jobs (and what waits on them)")
    purge.add_argument(
        "--failed", action="store_true", required=True, help="the failed jobs (required)"
    )
    purge.add_argument(
        "--older-than",
        type=float,
        default=None,
        metavar="DAYS",
        help="only those that failed more than DAYS days ago",
    )
    purge.set_defaults(func=purge_cmd)
    recover = qsub.add_parser(
        "recover",
        help="salvage a damaged outbox database into a new one (the damaged copy is kept)",
    )
    recover.set_defaults(func=recover_cmd)
    worker = qsub.add_parser("worker", help="deliver continuously until stopped (SIGTERM)")
    worker.set_defaults(func=worker_cmd)


def _age(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def _reach(reach: Reachability) -> str:
    # What the delivery worker last learned; it only knows a server it has sent to.
    state = state_of(reach)
    if state is ReachState.UNKNOWN:
        return f"{reach.api}: not contacted yet"
    since = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(reach.since or 0))
    if state is ReachState.ONLINE:
        return f"{reach.api}: online since {since}"
    word = {ReachState.DEGRADED: "degraded", ReachState.UNTRUSTED: "certificate not trusted"}
    return f"{reach.api}: {word.get(state, 'offline')} since {since} ({reach.reason})"


def status_cmd(args: argparse.Namespace) -> int:
    """Print the queue's state."""
    settings = settings_or_exit(args)
    with KioskCore(settings) as core:
        status = core.status()
        reach = core.connectivity()
        submissions = core.submissions(20)
    if args.json:
        print_json(
            {
                **dataclasses.asdict(status),
                "remaining": status.remaining,
                "connectivity": {
                    api: {**dataclasses.asdict(r), "state": state_of(r).value}
                    for api, r in reach.items()
                },
                "submissions": [view.to_json() for view in submissions],
            }
        )
        return 0
    counts = status.counts
    print(
        f"pending {counts['pending']}  in flight {counts['in_flight']}  "
        f"done {counts['done']}  failed {counts['failed']}  "
        f"(blocked behind failures: {status.blocked})"
    )
    print("; ".join(_reach(r) for r in reach.values()))
    print(
        f"oldest undelivered: {_age(status.oldest_pending_age)}; "
        f"next attempt in: {_age(status.next_attempt_in)}"
    )
    for line in status.last_errors:
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(line.at))
        print(
            f"  job {line.job_id} {line.kind} [{line.state}, {line.attempts} attempts, "
            f"{when}]: {line.error}"
        )
    return 0


class DrainProgress:
    """A worker observer: what a drain does as it happens, one line each on stderr (stdout
    keeps the summary)."""

    def job_event(self, event: JobEvent) -> None:
        """A job was delivered, rescheduled or failed."""
        what = event.state.value if not event.message else f"{event.state.value}: {event.message}"
        print(f"drain: job {event.job_id} ({event.kind}) {what}", file=sys.stderr, flush=True)

    def connectivity(self, api: str, online: bool, reason: str) -> None:
        """A server became reachable or not."""
        state = "reachable" if online else f"{WORDS[classify(reason)]} ({reason})"
        print(f"drain: {api} {state}", file=sys.stderr, flush=True)


def drain_cmd(args: argparse.Namespace) -> int:
    """Deliver everything; 0 when all delivered, 1 when jobs remain (saying why)."""
    settings = settings_or_exit(args)
    with KioskCore(settings) as core:
        result = core.drain(args.timeout, observers=(DrainProgress(),))
    print(f"delivered {result.delivered}; remaining {result.remaining}; failed {result.failed}")
    if result.ok:
        return 0
    if result.timed_out:
        print(f"stopped after {args.timeout} s with jobs still to deliver")
    if result.gave_up_on:
        print(
            f"stopped: every remaining job waits on {' and '.join(result.gave_up_on)}, "
            "which will not change by itself"
        )
    for reason in result.reasons:
        print(f"  {reason}")
    return 1


def retry_cmd(args: argparse.Namespace) -> int:
    """Move failed jobs back to pending."""
    settings = settings_or_exit(args)
    with KioskCore(settings) as core:
        count = core.retry(None if args.failed else args.job)
    if count == 0 and not args.failed:
        return fail(f"job {args.job} is neither failed nor waiting for its next attempt")
    print(f"{count} job(s) will be sent again")
    return 0


def purge_cmd(args: argparse.Namespace) -> int:
    """Delete failed jobs, their images, and the jobs waiting on them."""
    settings = settings_or_exit(args)
    with KioskCore(settings) as core:
        count = core.purge_failed(args.older_than)
    print(f"{count} job(s) deleted")
    return 0


def recover_cmd(args: argparse.Namespace) -> int:
    """Salvage a damaged (or moved-aside) outbox database; print what was recovered."""
    settings = settings_or_exit(args)
    print(recover(settings.data_dir).summary())
    return 0


def _longest_job_s(settings: Settings) -> float:
    # One job can take a token fetch, a reconciling read and the upload itself, each ended
    # by http.request_deadline; the loop does not turn (or ping) meanwhile.
    return 3 * settings.http.request_deadline


def worker_cmd(args: argparse.Namespace) -> int:
    """Deliver until SIGTERM/SIGINT (the app's child process, or the delivery service).

    Under systemd (``Type=notify``) it sends ``READY=1`` once the outbox is open and the
    loop runs, ``WATCHDOG=1`` from the loop, and ``STOPPING=1`` on SIGTERM.
    """
    settings = settings_or_exit(args)
    heartbeat = Heartbeat()
    stop = threading.Event()

    def on_signal(*_: object) -> None:
        heartbeat.stopping()
        stop.set()

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, on_signal)
    timeout = watchdog_seconds()
    if timeout is not None and timeout < _longest_job_s(settings):
        log.warning(
            "WatchdogSec=%.0f is shorter than one slow delivery can take (%.0f s: three "
            "requests of http.request_deadline); systemd may restart the worker mid-upload",
            timeout,
            _longest_job_s(settings),
        )
    from kiosk.monitoring.exporter import MetricsExporter  # the worker's alone, not every command's

    with KioskCore(settings) as core:
        worker = core.worker()
        exporter = MetricsExporter(settings, core.outbox.store).start()
        worker.observers.append(exporter.delivery)  # counts this worker's deliveries

        def beat() -> None:
            status = f"delivered {worker.delivered} job(s) since start"
            if not heartbeat.ready_sent:
                heartbeat.ready(status)
            else:
                heartbeat.beat(status)

        try:
            worker.run(stop, heartbeat=beat)
        finally:
            worker.clients.close()
            exporter.stop()
    return 0
