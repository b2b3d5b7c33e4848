"""The outbox's SQLite file: one connection per thread, WAL, FULL sync, versioned schema.

Every state change runs inside ``BEGIN IMMEDIATE`` (``Database.transaction``), so two
workers (the UI's child process and a CLI drain, say) never interleave their writes.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from kiosk.outbox.errors import OutboxError

# Each migration takes the schema from version i to i + 1; never edit a released one.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = []


def migration(func: Callable[[sqlite3.Connection], None]) -> Callable[[sqlite3.Connection], None]:
    """Register the next schema migration."""
    MIGRATIONS.append(func)
    return func


@migration
def _v1(conn: sqlite3.Connection) -> None:
    _script(
        conn,
        """
        CREATE TABLE jobs (
            id              INTEGER PRIMARY KEY,
            submission      TEXT NOT NULL,
            kind            TEXT NOT NULL,
            identity        TEXT NOT NULL UNIQUE,
            seq             INTEGER NOT NULL DEFAULT 0,
            payload         TEXT NOT NULL,
            sealed          BLOB,
            blob_id         TEXT,
            state           TEXT NOT NULL DEFAULT 'pending'
                            CHECK (state IN ('pending', 'in_flight', 'done', 'failed')),
            attempts        INTEGER NOT NULL DEFAULT 0,
            ambiguous       INTEGER NOT NULL DEFAULT 0,
            next_attempt_at REAL NOT NULL DEFAULT 0,
            lease_owner     TEXT,
            lease_expires   REAL,
            result          TEXT,
            last_error      TEXT,
            error_class     TEXT,
            created_at      REAL NOT NULL,
            updated_at      REAL NOT NULL,
            done_at         REAL
        );
        CREATE INDEX jobs_ready ON jobs (state, next_attempt_at);
        CREATE INDEX jobs_submission ON jobs (submission);
        CREATE TABLE job_deps (
            job_id     INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
            depends_on INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
            PRIMARY KEY (job_id, depends_on)
        );
        CREATE INDEX job_deps_on ON job_deps (depends_on);
        CREATE TABLE blobs (
            id          TEXT PRIMARY KEY,
            wrapped_key BLOB NOT NULL,
            size        INTEGER NOT NULL,
            mime_type   TEXT NOT NULL,
            created_at  REAL NOT NULL
        );
        CREATE TABLE submissions (
            id         TEXT PRIMARY KEY,
            kind       TEXT NOT NULL,
            summary    TEXT NOT NULL,
            created_at REAL NOT NULL
        );
        """,
    )


@migration
def _v2(conn: sqlite3.Connection) -> None:
    # What the delivery worker last learned of each API, so every process can show it.
    _script(
        conn,
        """
        CREATE TABLE connectivity (
            api    TEXT PRIMARY KEY,
            online INTEGER NOT NULL,
            reason TEXT NOT NULL,
            since  REAL NOT NULL
        );
        """,
    )


@migration
def _v3(conn: sqlite3.Connection) -> None:
    # What became of each submission, kept for staff: a receipt's SessionM verdict (followed
    # until valid or invalid), a prospect session's AmpliFi requestId. No customer ids.
    _script(
        conn,
        """
        CREATE TABLE verdicts (
            submission     TEXT PRIMARY KEY,
            api            TEXT NOT NULL CHECK (api IN ('amplifi', 'sessionm')),
            create_job     INTEGER,
            validation_id  TEXT,
            status         TEXT,
            invalid_code   INTEGER,
            invalid_reason TEXT,
            points         REAL,
            results        TEXT,
            store_name     TEXT,
            receipt_date   TEXT,
            request_id     TEXT,
            is_duplicate   INTEGER,
            follow         TEXT NOT NULL CHECK (follow IN ('following', 'final', 'gave_up')),
            checks         INTEGER NOT NULL DEFAULT 0,
            next_check_at  REAL,
            last_error     TEXT,
            created_at     REAL NOT NULL,
            updated_at     REAL NOT NULL
        );
        CREATE INDEX verdicts_due ON verdicts (follow, next_check_at);
        """,
    )


def _script(conn: sqlite3.Connection, script: str) -> None:
    # executescript() would COMMIT the surrounding BEGIN IMMEDIATE; run statements one by one.
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


SCHEMA_VERSION = len(MIGRATIONS)


class SchemaTooNew(OutboxError):
    """The file was written by a newer kiosk; refusing to touch it protects its data."""


def explain(path: Path | str, exc: sqlite3.Error) -> str:
    """One line on a failed SQLite call: which file, what SQLite said, what to do."""
    said = str(exc)
    if "not a database" in said or "malformed" in said:
        advice = "it is damaged or not a kiosk outbox; move it aside and a new one is started"
    elif "locked" in said or "busy" in said:
        advice = "another process holds it; try again when that one has finished"
    else:
        advice = "check the disk, and that the file and its directory belong to this user"
    return f"the outbox database {path} cannot be used ({said}): {advice}"


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
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise OutboxError(
                f"cannot create the outbox directory {path.parent} ({exc.strerror})"
            ) from None
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        with self.transaction() as conn:
            self._migrate(conn)
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.chmod(f"{path}{suffix}", 0o600)

    def connection(self) -> sqlite3.Connection:
        """This thread's connection (created on first use)."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            old = os.umask(0o077)
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
                conn.execute("PRAGMA journal_mode=WAL")
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
        conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
