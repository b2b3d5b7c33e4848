"""The outbox's SQLite schema, version by version (``PRAGMA user_version``).

``Database`` runs the migrations a file has not had yet, each in the transaction that opens
it; a file from a newer kiosk is refused (``SchemaTooNew``), never downgraded.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable

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


@migration
def _v4(conn: sqlite3.Connection) -> None:
    # meta.created_at: blob files older than the database are not its orphans (a database
    # recreated beside them must not sweep them). receipt_hashes: the receipt fingerprints,
    # one transaction per remember instead of a JSON file rewritten by every process.
    _script(
        conn,
        """
        CREATE TABLE meta (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE receipt_hashes (
            id         INTEGER PRIMARY KEY,
            hash       TEXT NOT NULL,
            created_at REAL NOT NULL
        );
        CREATE INDEX receipt_hashes_age ON receipt_hashes (created_at);
        """,
    )
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('created_at', ?)", (repr(_created_at(conn)),)
    )


@migration
def _v5(conn: sqlite3.Connection) -> None:
    # Fenced leases (kiosk/outbox/leases.py): every claim takes the next lease_token, and a
    # state change only lands for the owner and token it was claimed with; lease_beat counts
    # the holder's renewals, so another worker can tell a live lease from a silent one on
    # its own monotonic clock, whatever the two wall clocks say.
    _script(
        conn,
        """
        ALTER TABLE jobs ADD COLUMN lease_token INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE jobs ADD COLUMN lease_beat INTEGER NOT NULL DEFAULT 0
        """,
    )


def _created_at(conn: sqlite3.Connection) -> float:
    # An upgraded database is as old as its oldest row; a new one is created now.
    row = conn.execute(
        "SELECT MIN(created_at) FROM (SELECT created_at FROM jobs "
        "UNION ALL SELECT created_at FROM blobs)"
    ).fetchone()
    return float(row[0]) if row and row[0] is not None else time.time()


def _script(conn: sqlite3.Connection, script: str) -> None:
    # executescript() would COMMIT the surrounding BEGIN IMMEDIATE; run statements one by one.
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


SCHEMA_VERSION = len(MIGRATIONS)
