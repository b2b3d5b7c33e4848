"""``kiosk queue recover``: salvage a damaged outbox database into a fresh one.

What SQLite can still read of the damaged copy is copied table by table; a table whose
pages are damaged is read row by row, skipping the rows it cannot read. The blob files stay
where they are: a salvaged job keeps its image when its blob row (the wrapped key) and its
file both survived, and fails, saying so, when either was lost.

The damaged copy is kept for whoever looks into the failure, but not what it held under
the device key: it is rebuilt from what could be read with the sealed customer
identifiers, the wrapped image keys and the jobs' replies removed, and the original bytes
are overwritten before the file is replaced (``scrub_kept_copy``). Otherwise the copy
would let anyone with the device key read those identifiers for as long as it is kept.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.outbox.database import Database, DatabaseDamaged, move_aside
from kiosk.outbox.errors import OutboxError
from kiosk.outbox.recovery import MARKER_NAME
from kiosk.outbox.store import DATABASE_NAME

# Parents before children, so each row's references can be checked as it is copied.
TABLES = ("submissions", "blobs", "jobs", "job_deps", "verdicts", "connectivity", "receipt_hashes")
# Row ids probed when even the largest rowid of a damaged table cannot be read.
PROBE_LIMIT = 100_000
LOST_IMAGE = "its image was lost with the damaged outbox database; capture it again"
LOST_PARENT = "a job it waits on was lost with the damaged outbox database; capture it again"


@dataclass(frozen=True)
class Recovery:
    """What ``recover`` did."""

    source: Path | None
    jobs: int
    pending: int
    relinked: int
    lost: int
    unlinked_files: int
    moved_blobs: Path | None = None
    # The database was gone (or empty) with no damaged copy: its jobs are lost.
    lost_database: bool = False

    def summary(self) -> str:
        """One line for staff."""
        if self.source is None and self.moved_blobs is None:
            if self.lost_database:
                return (
                    "the outbox database was missing and no damaged copy was found: its jobs "
                    "are lost; a new outbox begun"
                )
            return "the outbox database is sound; nothing to recover"
        if self.source is None:
            return (
                f"no database or damaged copy held the keys of {self.unlinked_files} encrypted "
                f"captures; they were moved to {self.moved_blobs} (kept) and a new outbox begun"
            )
        return (
            f"salvaged {self.jobs} jobs ({self.pending} still to deliver) from {self.source.name}"
            f" (kept without its sealed fields and keys); {self.relinked} images re-linked, "
            f"{self.lost} jobs failed with a lost image, {self.unlinked_files} image files "
            "without a key left in place"
        )


def _damaged_copies(data_dir: Path) -> list[Path]:
    found = [
        p
        for p in data_dir.glob(f"{DATABASE_NAME}.damaged-*")
        if p.name[-4:] not in {"-wal", "-shm"}
    ]
    return sorted(found, key=lambda p: p.name)


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [str(row[1]) for row in conn.execute(f"PRAGMA table_info({table})")]


def _read_rows(src: sqlite3.Connection, table: str, columns: list[str]) -> list[tuple[Any, ...]]:
    select = f"SELECT {', '.join(columns)} FROM {table}"
    try:
        return src.execute(select).fetchall()
    except sqlite3.DatabaseError:
        pass
    try:
        top = int(src.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0] or 0)
    except sqlite3.DatabaseError:
        top = PROBE_LIMIT
    rows = []
    for rowid in range(1, top + 1):
        try:
            row = src.execute(f"{select} WHERE rowid = ?", (rowid,)).fetchone()
        except sqlite3.DatabaseError:
            continue
        if row is not None:
            rows.append(row)
    return rows


def _copy(src: sqlite3.Connection, dst: sqlite3.Connection) -> None:
    for table in TABLES:
        wanted = _columns(dst, table)
        try:
            have = set(_columns(src, table))
        except sqlite3.DatabaseError:
            have = set(wanted)  # the schema page itself is unreadable: try the known columns
        columns = [c for c in wanted if c in have]
        if not columns:
            continue  # an older schema without this table
        try:
            rows = _read_rows(src, table, columns)
        except sqlite3.DatabaseError:
            continue
        marks = ", ".join("?" * len(columns))
        dst.executemany(
            f"INSERT OR IGNORE INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows
        )


def _relink(dst: sqlite3.Connection, blob_dir: Path) -> tuple[int, int]:
    """Drop blob rows without a file; fail jobs whose image or parent is lost; (linked, lost)."""
    present = {p.stem for p in blob_dir.glob("*.blob")} if blob_dir.is_dir() else set()
    rows = [str(r[0]) for r in dst.execute("SELECT id FROM blobs")]
    dst.executemany("DELETE FROM blobs WHERE id = ?", [(b,) for b in rows if b not in present])
    now = time.time()
    failed = (
        "UPDATE jobs SET state = 'failed', last_error = ?, error_class = 'lost', updated_at = ? "
    )
    lost = dst.execute(
        failed + "WHERE state != 'done' AND blob_id IS NOT NULL "
        "AND blob_id NOT IN (SELECT id FROM blobs)",
        (LOST_IMAGE, now),
    ).rowcount
    lost += dst.execute(
        failed + "WHERE state != 'done' AND id IN (SELECT job_id FROM job_deps "
        "WHERE depends_on NOT IN (SELECT id FROM jobs))",
        (LOST_PARENT, now),
    ).rowcount
    dst.execute(
        "DELETE FROM job_deps WHERE job_id NOT IN (SELECT id FROM jobs) "
        "OR depends_on NOT IN (SELECT id FROM jobs)"
    )
    # A lease held when the database broke may have sent its request: reconcile first.
    dst.execute(
        "UPDATE jobs SET state = 'pending', ambiguous = 1, lease_owner = NULL, "
        "lease_expires = NULL WHERE state = 'in_flight'"
    )
    linked = dst.execute(
        "SELECT COUNT(*) FROM jobs WHERE state != 'failed' AND blob_id IS NOT NULL"
    ).fetchone()[0]
    return int(linked), lost


@contextlib.contextmanager
def _from_copy(
    source: Path, target: Path, *, erase_copy: bool = False
) -> Iterator[tuple[sqlite3.Connection, sqlite3.Connection]]:
    """Connections to a working copy of ``source`` (with its WAL) and to a new, empty
    database of the current schema at ``target``. Reading a copy means SQLite's own recovery
    of the WAL never writes to the kept file; ``erase_copy`` overwrites the copy's bytes
    before it is deleted (it holds what the scrub removes)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    Database(target).close()
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".salvage-") as tmp:
        copy = Path(tmp) / "damaged.sqlite3"
        shutil.copyfile(source, copy)
        if Path(f"{source}-wal").exists():
            shutil.copyfile(f"{source}-wal", f"{copy}-wal")
        src = sqlite3.connect(copy, isolation_level=None)
        dst = sqlite3.connect(target, isolation_level=None)
        try:
            yield src, dst
        finally:
            src.close()
            dst.close()
        if erase_copy:
            for suffix in ("-wal", "-shm", ""):
                _overwrite(Path(f"{copy}{suffix}"))


def _salvage(source: Path, data_dir: Path) -> Recovery:
    target = data_dir / DATABASE_NAME
    building = data_dir / f"{DATABASE_NAME}.recovering"
    with _from_copy(source, building) as (src, dst):
        dst.execute("BEGIN IMMEDIATE")
        _copy(src, dst)
        linked, lost = _relink(dst, data_dir / "blobs")
        dst.execute("COMMIT")
        jobs = dst.execute("SELECT COUNT(*) FROM jobs").fetchone()[0]
        pending = dst.execute(
            "SELECT COUNT(*) FROM jobs WHERE state IN ('pending', 'in_flight')"
        ).fetchone()[0]
        keyed = {str(r[0]) for r in dst.execute("SELECT id FROM blobs")}
        dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    blob_dir = data_dir / "blobs"
    unkeyed = (
        sum(1 for p in blob_dir.glob("*.blob") if p.stem not in keyed) if blob_dir.is_dir() else 0
    )
    for suffix in ("-wal", "-shm"):
        Path(f"{building}{suffix}").unlink(missing_ok=True)
    os.replace(building, target)
    scrub_kept_copy(source, data_dir)
    return Recovery(source, int(jobs), int(pending), linked, lost, unkeyed)


def _overwrite(path: Path) -> None:
    """Zeros over a file's bytes, synced, then unlink it (best effort on flash, as
    ``secure_delete`` is: the filesystem may keep old blocks)."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    with path.open("r+b") as handle:
        block = b"\0" * 65536
        for _ in range(0, size, len(block)):
            handle.write(block)
        handle.flush()
        os.fsync(handle.fileno())
    path.unlink()


def scrub_kept_copy(source: Path, data_dir: Path) -> None:
    """Replace the damaged copy by what could be read of it without sealed fields or keys."""
    scrubbed = data_dir / f".{source.name}.scrubbing"
    with _from_copy(source, scrubbed, erase_copy=True) as (src, dst):
        dst.execute("BEGIN IMMEDIATE")
        _copy(src, dst)
        # What the device key opens: customer ids, image keys; and the servers' replies.
        dst.execute("UPDATE jobs SET sealed = NULL, result = NULL")
        dst.execute("DELETE FROM blobs")
        dst.execute("COMMIT")
        dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        dst.execute("VACUUM")
    for suffix in ("-wal", "-shm"):
        Path(f"{scrubbed}{suffix}").unlink(missing_ok=True)
    for suffix in ("-wal", "-shm", ""):
        _overwrite(Path(f"{source}{suffix}"))
    os.replace(scrubbed, source)
    os.chmod(source, 0o600)


def recover(data_dir: Path) -> Recovery:
    """Salvage the newest damaged copy into a fresh outbox database (see the module doc)."""
    target = data_dir / DATABASE_NAME
    if target.exists() and target.stat().st_size == 0:
        wal = Path(f"{target}-wal")
        if wal.exists() and wal.stat().st_size:
            move_aside(target)  # its log may still hold jobs: salvage them below
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
    if target.exists():
        try:
            Database(target).close()
        except DatabaseDamaged:
            pass  # moved aside by the check: salvage it below
        else:
            return Recovery(None, 0, 0, 0, 0, 0)
    copies = _damaged_copies(data_dir)
    if copies:
        return _salvage(copies[-1], data_dir)
    blob_dir = data_dir / "blobs"
    count = sum(1 for _ in blob_dir.glob("*.blob")) if blob_dir.is_dir() else 0
    marker = data_dir / MARKER_NAME
    had_one = marker.exists()
    if not count:
        marker.unlink(missing_ok=True)  # staff chose to start afresh
        return Recovery(None, 0, 0, 0, 0, 0, lost_database=had_one)
    # Without any database the images cannot be decrypted; keep them out of the way.
    lost = data_dir / f"blobs.lost-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}"
    try:
        os.replace(blob_dir, lost)
    except OSError as exc:
        raise OutboxError(f"cannot move {blob_dir} aside ({exc.strerror})") from None
    marker.unlink(missing_ok=True)
    return Recovery(None, 0, 0, 0, 0, count, moved_blobs=lost, lost_database=had_one)


__all__ = ["Recovery", "move_aside", "recover"]
