"""``kiosk health``: the kiosk's state in one line (or JSON), with Nagios exit codes.

It reads the same numbers the metrics endpoint serves (``collector.py``), so a health
check and a Prometheus alert never disagree about the outbox, the APIs or the camera.
Exit codes follow the Nagios plugin guidelines: 0 OK, 1 WARNING, 2 CRITICAL.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import time
from dataclasses import asdict, dataclass, field
from enum import IntEnum
from pathlib import Path
from typing import Any

from kiosk.config import Settings
from kiosk.config.perms import config_file_warnings, settings_config_path
from kiosk.monitoring import labels
from kiosk.outbox.reach import WORDS, ReachState


class Status(IntEnum):
    """A check's state; the value is the Nagios exit code."""

    OK = 0
    WARNING = 1
    CRITICAL = 2


API_STATES = tuple(s.value for s in ReachState if s is not ReachState.UNKNOWN)
# Degraded and offline servers may come back by themselves; a certificate or credentials
# the server refuses will not.
API_STATUS = {
    ReachState.UNKNOWN: Status.OK,
    ReachState.ONLINE: Status.OK,
    ReachState.UNTRUSTED: Status.CRITICAL,
    ReachState.REFUSED: Status.CRITICAL,
}


@dataclass(frozen=True)
class Check:
    """One part of the summary: its name, state and a short reason (no customer data)."""

    name: str
    status: Status
    detail: str


@dataclass
class Health:
    """Every check, the worst state, and the figures behind them."""

    checks: list[Check]
    figures: dict[str, Any] = field(default_factory=dict)

    @property
    def status(self) -> Status:
        """The worst state of any check."""
        return max((c.status for c in self.checks), default=Status.OK)

    def line(self) -> str:
        """``KIOSK WARNING - outbox: …; sessionm: …`` (the Nagios plugin output form)."""
        parts = "; ".join(f"{c.name}: {c.detail}" for c in self.checks)
        return f"KIOSK {self.status.name} - {parts}"

    def to_json(self) -> dict[str, Any]:
        """The summary as JSON-able data."""
        return {
            "status": self.status.name.lower(),
            "exit_code": int(self.status),
            "checks": [{**asdict(c), "status": c.status.name.lower()} for c in self.checks],
            **self.figures,
        }


def _age(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def _level(value: float, warning: float, critical: float) -> Status:
    if value >= critical:
        return Status.CRITICAL
    return Status.WARNING if value >= warning else Status.OK


def evaluate(settings: Settings, now: float | None = None) -> Health:
    """Read the data dir now and judge it against the ``health.*`` thresholds."""
    # Imported here: the kiosk app imports this module at start-up and judges health only
    # when staff ask (prometheus_client costs it 12 ms of start-up, measured).
    from prometheus_client import CollectorRegistry

    from kiosk.monitoring.collector import OUTBOX_FILE, KioskCollector
    from kiosk.outbox.key_check import key_problem

    now = time.time() if now is None else now
    limits = settings.health
    registry = CollectorRegistry()
    registry.register(KioskCollector(settings.data_dir, settings.device_tag, limits.app_stale_s))
    value = registry.get_sample_value

    def total(state: str) -> int:
        return int(
            sum(
                value("kiosk_outbox_jobs", {"api": api, "call": call, "state": state}) or 0
                for kind, call in labels.CALLS.items()
                for api in (kind.split(".")[0],)
            )
        )

    undelivered = total("pending") + total("in_flight")
    failed = total("failed")
    oldest = max(
        (value("kiosk_outbox_oldest_undelivered_age_seconds", {"api": a}) or 0.0)
        for a in labels.APIS
    )
    if not value("kiosk_outbox_readable"):
        outbox = Check("outbox", Status.CRITICAL, "the database cannot be read (see the log)")
    else:
        outbox = Check(
            "outbox",
            max(
                _level(oldest, limits.oldest_warning_s, limits.oldest_critical_s),
                _level(failed, limits.failed_warning, limits.failed_critical),
            ),
            f"{undelivered} undelivered"
            + (f" (oldest {_age(oldest)})" if undelivered else "")
            + f", {failed} failed",
        )
    parked = _parked(settings, now)
    if parked and outbox.status is not Status.CRITICAL:
        # A wait no worker would set (a clock that was ahead, a build before the cap): it
        # lasts until the worker's next start or claim clamps it, or `kiosk queue retry`.
        outbox = Check(
            "outbox",
            max(outbox.status, Status.WARNING),
            f"{outbox.detail}, {parked} waiting beyond the longest wait",
        )
    checks = [outbox]
    # A lost or wrong device key stops delivery until it is restored (kiosk/outbox/key_check.py).
    key = key_problem(
        settings.data_dir,
        settings.data_dir / OUTBOX_FILE,
        settings.outbox.key_store,
        settings.outbox.seal_to,
    )
    if key is not None:
        checks.append(Check("device key", Status.CRITICAL, key))
    apis: dict[str, str] = {}
    for api in labels.APIS:
        reachable = value("kiosk_api_reachable", {"api": api})
        state = next(
            (
                ReachState(s)
                for s in API_STATES
                if value("kiosk_api_state", {"api": api, "state": s})
            ),
            ReachState.UNKNOWN if reachable is None else ReachState.OFFLINE,
        )
        if value("kiosk_api_auth_refused", {"api": api}):
            state = ReachState.REFUSED
        apis[api] = WORDS[state]
        checks.append(Check(api, API_STATUS.get(state, Status.WARNING), apis[api]))
    checks.append(_camera(value))
    files, missing = _files(settings)
    checks.append(files)
    checks += _services()
    free = value("kiosk_data_dir_free_bytes") or 0.0
    size = value("kiosk_data_dir_size_bytes") or 1.0
    free_pct = 100.0 * free / size
    disk = Status.OK
    if free_pct <= limits.disk_free_critical_pct:
        disk = Status.CRITICAL
    elif free_pct <= limits.disk_free_warning_pct:
        disk = Status.WARNING
    checks.append(Check("disk", disk, f"{free_pct:.0f}% free ({free / 1e9:.1f} GB)"))
    last = max(
        (value("kiosk_outbox_last_delivery_timestamp_seconds", {"api": a}) or 0.0)
        for a in labels.APIS
    )
    checks.append(
        Check(
            "last delivery",
            Status.OK,
            "never" if not last else f"{_age(max(0.0, now - last))} ago",
        )
    )
    exposed = config_file_warnings(settings_config_path(settings))
    if exposed:
        # Only when there is something to say: a sound config adds nothing to the line.
        checks.append(Check("config", Status.WARNING, exposed[0]))
    figures = {
        "outbox": {"undelivered": undelivered, "failed": failed, "oldest_age_s": oldest},
        "apis": apis,
        "disk_free_pct": round(free_pct, 1),
        "last_delivery_at": last or None,
        "files_missing": missing,
    }
    return Health(checks, figures)


def _files(settings: Settings) -> tuple[Check, list[dict[str, str]]]:
    """The files the app needs (face model, style, translation, demo photo): the verdict,
    and each missing one (what it is, where it belongs, what fails without it)."""
    from kiosk.capture.models import candidate_paths
    from kiosk.resource_files import missing_files

    missing = missing_files(candidate_paths(settings.face_model)[0])
    listed = [{"what": f.what, "path": str(f.path), "fails": f.fails} for f in missing]
    if not missing:
        return Check("files", Status.OK, "all present"), listed
    status = Status.CRITICAL if any(f.critical for f in missing) else Status.WARNING
    words = ", ".join(f"{f.what} missing at {f.path} ({f.fails})" for f in missing)
    return Check("files", status, words), listed


def _parked(settings: Settings, now: float) -> int:
    """Pending jobs whose next attempt is later than the longest wait allows."""
    path = settings.data_dir / "outbox.sqlite3"
    longest = max(settings.outbox.backoff_cap, settings.outbox.retry_after_cap)
    if not path.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
        try:
            row = conn.execute(
                "SELECT COUNT(*) FROM jobs WHERE state = 'pending' AND next_attempt_at > ?",
                (now + longest + 60.0,),  # a minute's slack for the worker's own clock
            ).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return 0  # an unreadable outbox is already critical (kiosk_outbox_readable)
    return int(row[0])


def _camera(value: Any) -> Check:
    if not value("kiosk_app_up"):
        if value("kiosk_app_last_seen_timestamp_seconds") is None:
            # No app has run on this data dir (a delivery-only device): nothing to judge.
            return Check("camera", Status.OK, "no app on this device")
        return Check("camera", Status.WARNING, "the app is not running")
    state = next(
        (s for s in labels.CAMERA_STATES if value("kiosk_camera_state", {"state": s})), "absent"
    )
    if state == "live":
        return Check("camera", Status.OK, f"live, {value('kiosk_camera_fps') or 0:.0f} fps")
    if state in ("opening", "reconnecting"):
        return Check("camera", Status.WARNING, state)
    return Check("camera", Status.CRITICAL, state)


# sd_booted(3): this directory exists only when systemd is PID 1 of this system.
SYSTEMD_RUNNING = Path("/run/systemd/system")
DELIVERY_UNIT = "branch-kiosk-delivery.service"
SCREEN_UNITS = "branch-kiosk-session@*.service"


def _unit_states(*args: str) -> list[dict[str, str]]:
    """``systemctl show`` of the units named (globs: the loaded ones), one dict per unit."""
    command = [shutil.which("systemctl") or "systemctl", "show", "--no-pager"]
    command += ["-p", "Id", "-p", "LoadState", "-p", "UnitFileState", "-p", "ActiveState"]
    try:
        out = subprocess.run([*command, *args], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.TimeoutExpired):
        return []
    units = []
    for block in out.strip().split("\n\n"):
        fields = dict(line.split("=", 1) for line in block.splitlines() if "=" in line)
        if fields.get("LoadState") == "loaded":
            units.append(fields)
    return units


def _services() -> list[Check]:
    """Warnings for the kiosk's systemd units: delivery not running, an enabled screen not up.

    Only on a system that systemd runs and where the units are installed; elsewhere nothing.
    The screen unit is Type=notify: it is "active" only once the app has said READY=1.
    """
    if not SYSTEMD_RUNNING.is_dir():
        return []
    checks = []
    for unit in _unit_states(DELIVERY_UNIT):
        if unit["ActiveState"] != "active":
            state = unit["ActiveState"]
            checks.append(Check("delivery", Status.WARNING, f"{unit['Id']} is {state}"))
    screens = [u for u in _unit_states(SCREEN_UNITS) if u.get("UnitFileState") == "enabled"]
    for unit in screens:
        if unit["ActiveState"] != "active":
            detail = f"{unit['Id']} is enabled but the app has not reported up"
            checks.append(Check("screen", Status.WARNING, detail))
    return checks
