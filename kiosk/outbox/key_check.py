"""The outbox opens its device key only when it is the key its captures are sealed with.

A key check value, HMAC-SHA256 of a constant under the device key, is stored in the outbox
database's ``meta`` table when the key is first used, with the public key captures may be
sealed to (kiosk/outbox/sealing.py). On every open:

- no key where one is looked for, while the outbox holds a job, a blob or a check value:
  DeviceKeyError naming where the key was and how many captures wait for it; no key is
  made, since captures queued under a new key would be lost when the old one is restored;
- a key whose check value differs (a wrong 32-byte key): DeviceKeyError before any job
  is tried, so nothing is dead-lettered as "does not decrypt";
- an outbox with captures but no check value (made before there was one, or salvaged into
  a new database): the key must open one of its wrapped blob keys or sealed fields first.

The check sits in the database rather than beside the key: removing ``keys/`` removes the
key, never the evidence that there was one. ``meta`` is a key/value table of the existing
schema, so no migration is needed.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pybase64
from cryptography.exceptions import InvalidTag

from kiosk.outbox.blobs import BlobError, BlobStore
from kiosk.outbox.database import Database
from kiosk.outbox.keys import DeviceKeyError, KeyStore, find_device_key, load_device_key
from kiosk.outbox.sealing import SEAL_PUB_NAME, SealPublicKey, write_public_key

log = logging.getLogger(__name__)

CHECK = "device_key_check"
SEAL_PUBLIC = "seal_public_key"
_CHECK_INPUT = b"branch-kiosk device key check v1"
# Captures tried when there is no check value yet: a wrong key opens none of them, the
# right one all but a damaged row.
_SAMPLES = 5


def check_value(key: bytes) -> str:
    """The key check value of a device key (hex)."""
    return hmac.new(key, _CHECK_INPUT, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class KeyFacts:
    """What the outbox database says about the key its captures need."""

    check: str | None = None
    seal_public: str | None = None
    holds_data: bool = False
    waiting: int = 0


def read_facts(conn: sqlite3.Connection) -> KeyFacts:
    """The check value, the recorded public key, whether any job or blob exists, and how
    many undelivered captures there are."""
    meta = dict(
        conn.execute("SELECT key, value FROM meta WHERE key IN (?, ?)", (CHECK, SEAL_PUBLIC))
    )
    holds = conn.execute(
        "SELECT EXISTS (SELECT 1 FROM jobs) OR EXISTS (SELECT 1 FROM blobs)"
    ).fetchone()[0]
    waiting = conn.execute(
        "SELECT COUNT(*) FROM jobs WHERE state != 'done' AND blob_id IS NOT NULL"
    ).fetchone()[0]
    return KeyFacts(meta.get(CHECK), meta.get(SEAL_PUBLIC), bool(holds), int(waiting))


def _missing(where: str, facts: KeyFacts) -> DeviceKeyError:
    return DeviceKeyError(
        f"the device key is missing ({where}) and this outbox was sealed with one: restore "
        f"{where} from backup; captures waiting: {facts.waiting} (no new key is made: "
        "it would leave them unreadable)"
    )


def _wrong(where: str, facts: KeyFacts) -> DeviceKeyError:
    return DeviceKeyError(
        f"the device key ({where}) is not the key this outbox was sealed with (its key "
        f"check value differs): restore the right key from backup; captures waiting: "
        f"{facts.waiting}; nothing was sent or changed"
    )


def load_seal_key(path: Path) -> SealPublicKey:
    """The public key of ``outbox.seal_to``; DeviceKeyError when it cannot be used."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DeviceKeyError(
            f"outbox.seal_to {path} cannot be read ({exc.strerror}): copy {SEAL_PUB_NAME} "
            "from the delivery side's keys directory (written when it opens the outbox)"
        ) from None
    try:
        return SealPublicKey.from_pem(data)
    except ValueError:
        raise DeviceKeyError(
            f"outbox.seal_to {path} is not an X25519 public key in PEM form "
            f"(the delivery side's keys/{SEAL_PUB_NAME})"
        ) from None


def _refuse_other_seal_key(path: Path, public: SealPublicKey, facts: KeyFacts) -> None:
    if (
        facts.seal_public is not None
        and facts.seal_public != pybase64.b64encode(public.raw).decode()
    ):
        raise DeviceKeyError(
            f"outbox.seal_to {path} is not this outbox's public key: captures sealed to it "
            f"could not be delivered; copy keys/{SEAL_PUB_NAME} of this data dir's delivery side"
        )


def _opens_a_capture(conn: sqlite3.Connection, blobs: BlobStore) -> bool | None:
    """Whether the key opens one of the stored captures; None when there is none to try."""
    rows = conn.execute("SELECT id, wrapped_key FROM blobs LIMIT ?", (_SAMPLES,)).fetchall()
    if any(blobs.opens(str(r[0]), bytes(r[1])) for r in rows):
        return True
    fields = conn.execute(
        "SELECT identity, sealed FROM jobs WHERE sealed IS NOT NULL LIMIT ?", (_SAMPLES,)
    ).fetchall()
    for identity, sealed in fields:
        with contextlib.suppress(BlobError, InvalidTag):
            blobs.unseal(bytes(sealed), str(identity))
            return True
    return False if rows or fields else None


def open_blobs(
    data_dir: Path, db: Database, key_store: KeyStore = "auto", seal_to: Path | None = None
) -> tuple[BlobStore, str]:
    """The outbox's blob store and where its key came from, once the key is checked.

    With ``seal_to`` the device key is neither read nor created: captures are sealed to
    that public key and this process cannot read them back.
    """
    directory = data_dir / "blobs"
    if seal_to is not None:
        seal_key = load_seal_key(seal_to)
        _refuse_other_seal_key(seal_to, seal_key, read_facts(db.read()))
        return BlobStore(directory, seal_to=seal_key, seal_to_path=seal_to), f"seal_to {seal_to}"
    with db.transaction() as conn:
        # Under the write lock: two processes opening a new outbox agree on one key.
        facts = read_facts(conn)
        key, where = find_device_key(data_dir, key_store)
        if key is None:
            if facts.check is not None or facts.holds_data:
                raise _missing(where, facts)
            key, where = load_device_key(data_dir, key_store, create=True)
        blobs = BlobStore(directory, key)
        check = check_value(key)
        if facts.check is not None and not hmac.compare_digest(facts.check, check):
            raise _wrong(where, facts)
        if facts.check is None and _opens_a_capture(conn, blobs) is False:
            raise _wrong(where, facts)
        public = pybase64.b64encode(blobs.public_key.raw).decode()
        # Written only when new: a write on every open would fail on a full disk.
        if facts.check != check:
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (CHECK, check))
        if facts.seal_public != public:
            conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (SEAL_PUBLIC, public)
            )
    keys = data_dir / "keys"
    try:
        keys.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_public_key(keys / SEAL_PUB_NAME, blobs.public_key)
    except OSError as exc:
        # Delivery does not need it; a queue-only process started later says it is missing.
        log.warning("cannot write %s (%s)", keys / SEAL_PUB_NAME, exc.strerror)
    return blobs, where


@contextlib.contextmanager
def _read_only(path: Path) -> Iterator[sqlite3.Connection | None]:
    if not path.exists():
        yield None
        return
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    try:
        yield conn
    finally:
        conn.close()


def key_problem(
    data_dir: Path, database: Path, key_store: KeyStore = "auto", seal_to: Path | None = None
) -> str | None:
    """Why the outbox's key cannot be used (missing, wrong, unreadable), or None.

    Creates and writes nothing, so a health check cannot hide a lost key by making one.
    """
    try:
        with _read_only(database) as conn:
            facts = read_facts(conn) if conn is not None else KeyFacts()
    except sqlite3.Error:
        return None  # an unreadable outbox is the outbox check's to report
    try:
        if seal_to is not None:
            _refuse_other_seal_key(seal_to, load_seal_key(seal_to), facts)
            return None
        key, where = find_device_key(data_dir, key_store)
        if key is None:
            return str(_missing(where, facts)) if facts.check or facts.holds_data else None
        if facts.check is not None and not hmac.compare_digest(facts.check, check_value(key)):
            return str(_wrong(where, facts))
    except DeviceKeyError as exc:
        return str(exc)
    return None
