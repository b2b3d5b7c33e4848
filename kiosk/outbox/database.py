"""The outbox's SQLite file: one connection per thread, WAL, FULL sync, versioned schema.

Every state change runs inside ``BEGIN IMMEDIATE`` (``Database.transaction``), so two
workers (the UI's child process and a CLI drain, say) never interleave their writes.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kiosk.outbox.errors import OutboxError
from kiosk.outbox.modes import PRIVATE_DIR, file_mode, set_mode, umask_for
from kiosk.outbox.schema import MIGRATIONS, SCHEMA_VERSION


class SchemaTooNew(OutboxError):
    """The file was written by a newer kiosk; refusing to touch it protects its data."""


class DatabaseDamaged(OutboxError):
    """The file failed SQLite's integrity check; it has been moved aside, not deleted."""


def is_damage(exc: BaseException) -> bool:
    """True when a SQLite error says the file is corrupt or not a database."""
    said = str(exc)
    return "malformed" in said or "not a database" in said


def _free_bytes(path: Path) -> int | None:
    try:
        info = os.statvfs(path)
    except OSError:
        return None
    return info.f_bavail * info.f_frsize


def explain(path: Path | str, exc: sqlite3.Error) -> str:
    """One line on a failed SQLite call: which file, what SQLite said, what to do."""
    said = str(exc)
    folder = Path(path).parent
    free = _free_bytes(folder)
    if is_damage(exc):
        advice = "it is damaged or not a kiosk outbox; `kiosk queue recover` salvages it"
    elif "locked" in said or "busy" in said:
        advice = "another process holds it; try again when that one has finished"
    elif "full" in said or (free is not None and free < 1024 * 1024):
        advice = f"the disk holding {folder} is full; free space there (nothing was lost)"
    elif "readonly" in said or not os.access(folder, os.W_OK):
        advice = f"{folder} is read-only; make it writable by this user (nothing was lost)"
    else:
        advice = "check the disk, and that the file and its directory belong to this user"
    return f"the outbox database {path} cannot be used ({said}): {advice}"


def move_aside(path: Path) -> Path:
    """Rename a database and its WAL files to ``<name>.damaged-<UTC time>``; the new name."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    for suffix in ("-wal", "-shm", ""):
        with contextlib.suppress(FileNotFoundError):
            os.replace(f"{path}{suffix}", f"{aside}{suffix}")
    return aside


def _is_locked(exc: OutboxError) -> bool:
    cause = exc.__cause__
    said = str(cause)
    return isinstance(cause, sqlite3.OperationalError) and ("locked" in said or "busy" in said)


def _enter_wal(conn: sqlite3.Connection, wait_s: float = 30.0) -> None:
    """Switch to WAL, waiting as the busy timeout would while another process holds the file.

    SQLite answers "database is locked" at once, without calling the busy handler, when a
    connection changes the journal mode while another process is creating or migrating the
    same file (seen with eight processes opening a new outbox at once), so wait here.
    """
    deadline = time.monotonic() + wait_s
    delay = 0.005
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except OutboxError as exc:
            if not _is_locked(exc) or time.monotonic() >= deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.2)


class GuardedConnection(sqlite3.Connection):
    """A connection whose SQLite failures are ``OutboxError``s that name the file.

    Every statement of the outbox runs through ``execute``/``executemany``, so this is
    the one place where a damaged, locked or unreadable database becomes a clear error.
    """

    def __init__(self, database: str | Path, *args: Any, **kwargs: Any) -> None:
        self.database_path = str(database)
        try:
            super().__init__(database, *args, **kwargs)
        except sqlite3.Error as exc:
            raise OutboxError(explain(database, exc)) from exc

    def execute(self, *args: Any, **kwargs: Any) -> sqlite3.Cursor:
        """``sqlite3.Connection.execute``, failing with an ``OutboxError``."""
        try:
            return super().execute(*args, **kwargs)
        except sqlite3.Error as exc:
            raise OutboxError(explain(self.database_path, exc)) from exc

    def executemany(self, *args: Any, **kwargs: Any) -> sqlite3.Cursor:
        """``sqlite3.Connection.executemany``, failing with an ``OutboxError``."""
        try:
            return super().executemany(*args, **kwargs)
        except sqlite3.Error as exc:
            raise OutboxError(explain(self.database_path, exc)) from exc


class Database:
    """Thread-local connections to one SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
        except OSError as exc:
            raise OutboxError(
                f"cannot create the outbox directory {path.parent} ({exc.strerror})"
            ) from None
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        existed = path.exists()
        # A damaged file must not take a single new job: check before anything is written.
        problem = self._check() if existed else None
        if problem is not None:
            self.close()
            aside = move_aside(path)
            raise DatabaseDamaged(
                f"the outbox database {path} is damaged ({problem}); it was moved to "
                f"{aside.name} and kept: run `kiosk queue recover` to salvage its jobs"
            )
        with self.transaction() as conn:
            self._migrate(conn)
        # SQLite gives the WAL and shared memory the database file's mode (and, as root,
        # its owner): both must be writable by every user of a shared outbox.
        mode = file_mode(path.parent)
        for suffix in ("", "-wal", "-shm"):
            set_mode(f"{path}{suffix}", mode)

    def _check(self) -> str | None:
        """What ``PRAGMA quick_check`` found wrong with the file, or None when it is sound."""
        try:
            rows = self.connection().execute("PRAGMA quick_check").fetchall()
        except OutboxError as exc:
            if exc.__cause__ is not None and is_damage(exc.__cause__):
                return str(exc.__cause__)
            raise
        except sqlite3.DatabaseError as exc:  # raised by the cursor while it reads
            if is_damage(exc):
                return str(exc)
            raise OutboxError(explain(self.path, exc)) from exc
        found = [str(row[0]) for row in rows]
        if found == ["ok"]:
            return None
        return f"quick_check: {found[0]}" + (f" and {len(found) - 1} more" if found[1:] else "")

    def created_at(self) -> float:
        """When this database was created (its oldest row, for one made before this was kept)."""
        row = self.read().execute("SELECT value FROM meta WHERE key = 'created_at'").fetchone()
        return float(row[0])

    def connection(self) -> sqlite3.Connection:
        """This thread's connection (created on first use)."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            old = os.umask(umask_for(self.path.parent))
            try:
                conn = sqlite3.connect(
                    self.path,
                    timeout=30,
                    isolation_level=None,
                    check_same_thread=False,
                    factory=GuardedConnection,
                )
            finally:
                os.umask(old)
            conn.row_factory = sqlite3.Row
            try:
                _enter_wal(conn)
                conn.execute("PRAGMA synchronous=FULL")
                conn.execute("PRAGMA foreign_keys=ON")
                # Deleted rows (wrapped blob keys among them) are overwritten, not left in
                # free pages.
                conn.execute("PRAGMA secure_delete=ON")
                conn.execute("PRAGMA busy_timeout=30000")
            except OutboxError:
                conn.close()
                raise
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` … ``COMMIT`` (``ROLLBACK`` on any exception)."""
        conn = self.connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def read(self) -> sqlite3.Connection:
        """This thread's connection for reads outside a write transaction."""
        return self.connection()

    def close(self) -> None:
        """Close every connection this object opened (call from the owning thread at exit)."""
        with self._lock:
            conns, self._all = self._all, []
        for conn in conns:
            with contextlib.suppress(sqlite3.ProgrammingError):
                conn.close()
        self._local = threading.local()

    def _migrate(self, conn: sqlite3.Connection) -> None:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise SchemaTooNew(
                f"the outbox database {self.path} has schema version {version}, newer than "
                f"this kiosk's {SCHEMA_VERSION}; upgrade the kiosk instead of downgrading"
            )
        for step in MIGRATIONS[version:]:
            step(conn)
        if version != SCHEMA_VERSION:
            # Only when it changes: a write on every open would fail on a full disk.
            conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
