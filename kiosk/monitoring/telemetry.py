"""What the app records for the delivery worker's metrics: captures, checks, the camera.

The app and the delivery worker are separate processes, and only the worker serves
metrics; so the app adds its counts to a small SQLite file in the data dir
(``telemetry.sqlite3``, beside the outbox) and the worker reads it at scrape time. Counts
only ever grow (Prometheus counters); histograms are stored as their cumulative buckets.
Labels come from closed sets (``labels.py``), never from customer data.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from kiosk.errors import KioskError

FILE_NAME = "telemetry.sqlite3"
# Step start to capture, seconds: a held pose takes ~1 s, a struggling customer a minute.
STEP_BUCKETS = (1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0, 300.0)

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS counters ("
    " metric TEXT NOT NULL, labels TEXT NOT NULL, value REAL NOT NULL,"
    " PRIMARY KEY (metric, labels))",
    "CREATE TABLE IF NOT EXISTS gauges ("
    " metric TEXT NOT NULL, labels TEXT NOT NULL, value REAL NOT NULL, at REAL NOT NULL,"
    " PRIMARY KEY (metric, labels))",
)


class TelemetryError(KioskError):
    """The telemetry file cannot be used (the kiosk goes on; only counts are lost)."""


def _key(labels: Mapping[str, str]) -> str:
    return json.dumps(dict(sorted(labels.items())), separators=(",", ":"))


@dataclass(frozen=True)
class Sample:
    """One stored series: its metric, labels, value and (gauges) when it was recorded."""

    metric: str
    labels: dict[str, str]
    value: float
    at: float | None = None


class Telemetry:
    """The telemetry file of one data dir; every call opens, writes and closes."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / FILE_NAME

    @contextlib.contextmanager
    def _connect(self, write: bool) -> Iterator[sqlite3.Connection]:
        if not write and not self.path.exists():
            yield sqlite3.connect(":memory:")
            return
        old = os.umask(0o077)
        try:
            if write:
                self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise TelemetryError(f"the telemetry file {self.path} cannot be used ({exc})") from None
        finally:
            os.umask(old)
        try:
            conn.execute("PRAGMA busy_timeout=10000")
            if write:
                conn.execute("PRAGMA journal_mode=WAL")
                # Counts, not customer data: losing the last ones to a power cut is acceptable,
                # a disk barrier on the app's thread at every capture is not.
                conn.execute("PRAGMA synchronous=NORMAL")
                conn.execute("BEGIN IMMEDIATE")
                for statement in _SCHEMA:
                    conn.execute(statement)
            yield conn
            if write:
                conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise TelemetryError(f"the telemetry file {self.path} cannot be used ({exc})") from None
        finally:
            conn.close()

    def add(self, metric: str, labels: Mapping[str, str], amount: float = 1.0) -> None:
        """Add ``amount`` to a counter."""
        self.add_many([(metric, labels, amount)])

    def add_many(self, items: Sequence[tuple[str, Mapping[str, str], float]]) -> None:
        """Add to several counters in one transaction."""
        with self._connect(write=True) as conn:
            conn.executemany(
                "INSERT INTO counters (metric, labels, value) VALUES (?, ?, ?) "
                "ON CONFLICT (metric, labels) DO UPDATE SET value = value + excluded.value",
                [(m, _key(labels), amount) for m, labels, amount in items],
            )

    def observe(
        self,
        metric: str,
        labels: Mapping[str, str],
        value: float,
        buckets: Sequence[float] = STEP_BUCKETS,
    ) -> None:
        """Add one observation to a histogram (cumulative buckets, sum and count)."""
        items: list[tuple[str, Mapping[str, str], float]] = [
            (f"{metric}_bucket", {**labels, "le": _le(b)}, 1.0) for b in buckets if value <= b
        ]
        items += [
            (f"{metric}_bucket", {**labels, "le": "+Inf"}, 1.0),
            (f"{metric}_sum", labels, value),
            (f"{metric}_count", labels, 1.0),
        ]
        self.add_many(items)

    def set(self, metric: str, labels: Mapping[str, str], value: float) -> None:
        """Set a gauge (replacing its earlier value), stamped with the time."""
        self.set_many([(metric, labels, value)])

    def set_many(self, items: Sequence[tuple[str, Mapping[str, str], float]]) -> None:
        """Set several gauges in one transaction."""
        now = time.time()
        with self._connect(write=True) as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO gauges (metric, labels, value, at) VALUES (?, ?, ?, ?)",
                [(m, _key(labels), value, now) for m, labels, value in items],
            )

    def counters(self) -> list[Sample]:
        """Every stored counter series."""
        return self._read("SELECT metric, labels, value, NULL FROM counters")

    def gauges(self) -> list[Sample]:
        """Every stored gauge series with when it was set."""
        return self._read("SELECT metric, labels, value, at FROM gauges")

    def _read(self, query: str) -> list[Sample]:
        with self._connect(write=False) as conn:
            try:
                rows = conn.execute(query).fetchall()
            except sqlite3.OperationalError:
                return []  # no table yet: nothing recorded
        return [Sample(m, json.loads(labels), value, at) for m, labels, value, at in rows]


def _le(bound: float) -> str:
    return repr(float(bound))
