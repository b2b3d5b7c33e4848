"""``kiosk health``: the kiosk's state in one line (or JSON), with Nagios exit codes.

It reads the same numbers the metrics endpoint serves (``collector.py``), so a health
check and a Prometheus alert never disagree about the outbox, the APIs or the camera.
Exit codes follow the Nagios plugin guidelines: 0 OK, 1 WARNING, 2 CRITICAL.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from dataclasses import asdict, dataclass, field
from enum import IntEnum
from pathlib import Path
from typing import Any

from kiosk.config import Settings
from kiosk.monitoring import labels


class Status(IntEnum):
    """A check's state; the value is the Nagios exit code."""

    OK = 0
    WARNING = 1
    CRITICAL = 2


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

    from kiosk.monitoring.collector import KioskCollector

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
    checks = [outbox]
    apis: dict[str, str] = {}
    for api in labels.APIS:
        reachable = value("kiosk_api_reachable", {"api": api})
        if value("kiosk_api_auth_refused", {"api": api}):
            apis[api] = "credentials refused"
            checks.append(Check(api, Status.CRITICAL, "credentials refused"))
        elif reachable == 0:
            apis[api] = "unreachable"
            checks.append(Check(api, Status.WARNING, "unreachable"))
        else:
            apis[api] = "not contacted yet" if reachable is None else "reachable"
            checks.append(Check(api, Status.OK, apis[api]))
    checks.append(_camera(value))
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
    figures = {
        "outbox": {"undelivered": undelivered, "failed": failed, "oldest_age_s": oldest},
        "apis": apis,
        "disk_free_pct": round(free_pct, 1),
        "last_delivery_at": last or None,
    }
    return Health(checks, figures)


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
