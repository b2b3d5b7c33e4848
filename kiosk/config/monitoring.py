"""Settings of the metrics endpoint, the health thresholds and the logs (plain data)."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


def parse_listen(value: str) -> tuple[str, int]:
    """``host:port`` (``[v6]:port`` for IPv6) as a (host, port) pair; ValueError if wrong."""
    host, sep, port = value.rpartition(":")
    host = host.strip("[]")
    if not sep or not host or not port.isdigit() or not 0 <= int(port) < 65536:
        raise ValueError(f"must be host:port, e.g. 127.0.0.1:9464 (got {value!r})")
    if host != "localhost":
        try:
            ipaddress.ip_address(host)
        except ValueError:
            # A name could resolve to any interface: the address to listen on is given as is.
            raise ValueError(
                f"the host must be an IP address or localhost, e.g. 127.0.0.1:9464 (got {value!r})"
            ) from None
    return host, int(port)


class MetricsSettings(BaseModel):
    """Where the delivery worker serves its Prometheus metrics (both off by default)."""

    model_config = ConfigDict(extra="forbid")

    # e.g. "127.0.0.1:9464"; served by `kiosk queue worker` (the service or the app's child).
    listen: str | None = None
    # A node_exporter textfile collector file, e.g. /var/lib/node_exporter/kiosk.prom.
    textfile: Path | None = None
    textfile_interval_s: float = Field(15.0, gt=0)
    # How often the app records the camera's state, fps and dropped frames.
    camera_sample_s: float = Field(10.0, gt=0)

    @field_validator("listen")
    @classmethod
    def _listen(cls, value: str | None) -> str | None:
        if value is not None:
            parse_listen(value)
        return value


class HealthSettings(BaseModel):
    """Thresholds of ``kiosk health`` (warning, critical)."""

    model_config = ConfigDict(extra="forbid")

    oldest_warning_s: float = Field(900.0, gt=0)
    oldest_critical_s: float = Field(3600.0, gt=0)
    failed_warning: int = Field(1, ge=1)
    failed_critical: int = Field(10, ge=1)
    disk_free_warning_pct: float = Field(15.0, ge=0, le=100)
    disk_free_critical_pct: float = Field(5.0, ge=0, le=100)
    # The app records the camera every metrics.camera_sample_s; older than this: not running.
    app_stale_s: float = Field(120.0, gt=0)

    @model_validator(mode="after")
    def _ordered(self) -> HealthSettings:
        if self.oldest_critical_s < self.oldest_warning_s:
            raise ValueError("oldest_critical_s must not be shorter than oldest_warning_s")
        if self.failed_critical < self.failed_warning:
            raise ValueError("failed_critical must not be lower than failed_warning")
        if self.disk_free_critical_pct > self.disk_free_warning_pct:
            raise ValueError("disk_free_critical_pct must not exceed disk_free_warning_pct")
        return self


class LoggingSettings(BaseModel):
    """One event per line to stderr (journald), optionally also to a rotating file."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["keyvalue", "json"] = "keyvalue"
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    file: Path | None = None
    file_max_bytes: int = Field(5_000_000, ge=10_000)
    file_backup_count: int = Field(5, ge=1, le=100)
