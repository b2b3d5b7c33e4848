"""Encrypted image blobs on disk, each under its own data key wrapped by the device key.

A blob file is ``MAGIC | nonce | AES-GCM(data key, image)``; the wrapped data key lives
in the database row. The data key (and a job's sealed fields) is wrapped either with the
device key (AES-GCM) or, in a process that only queues (``outbox.seal_to``), sealed to
the delivery side's public key (kiosk/outbox/sealing.py); a store holding the device key
opens both. Since the wrapped key is in the row, deleting the row (SQLite
``secure_delete``) erases the blob even where flash keeps old pages of the file. Files
are written to a temp name, fsynced, renamed and the directory fsynced before the row
that names them commits.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kiosk.outbox.errors import OutboxError
from kiosk.outbox.keys import DeviceKeyError
from kiosk.outbox.modes import dir_mode, file_mode, set_mode
from kiosk.outbox.sealing import SealPrivateKey, SealPublicKey, is_sealed

MAGIC = b"BKB1"
NONCE = 12
_DISK_FULL = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}


class BlobError(OutboxError):
    """A blob cannot be written or read."""


class DiskFullError(BlobError):
    """No room to write a blob; nothing was queued."""


@dataclass(frozen=True)
class SealedBlob:
    """What the database keeps of a written blob."""

    id: str
    wrapped_key: bytes
    size: int


class BlobStore:
    """Writes, reads and deletes encrypted blob files in one 0700 directory.

    Give it the device key to read and write, or only ``seal_to`` (the delivery side's
    public key, from ``seal_to_path``) to write what it then cannot read.
    """

    def __init__(
        self,
        directory: Path,
        device_key: bytes | None = None,
        *,
        seal_to: SealPublicKey | None = None,
        seal_to_path: Path | None = None,
    ) -> None:
        if (device_key is None) == (seal_to is None):
            raise ValueError("a blob store needs the device key or a public key, not both")
        self.directory = directory
        try:
            # Group-shared when the data dir is (kiosk/outbox/modes.py).
            directory.mkdir(parents=True, exist_ok=True, mode=dir_mode(directory.parent))
            set_mode(directory, dir_mode(directory.parent))
        except OSError as exc:
            raise BlobError(f"cannot use the blob directory {directory} ({exc.strerror})") from None
        self._file_mode = file_mode(directory.parent)
        self._device = AESGCM(device_key) if device_key is not None else None
        self._private = SealPrivateKey(device_key) if device_key is not None else None
        self._seal_to = seal_to
        self._seal_to_path = seal_to_path

    @property
    def can_decrypt(self) -> bool:
        """False in a process that only seals to the delivery side's public key."""
        return self._device is not None

    @property
    def public_key(self) -> SealPublicKey:
        """The public key captures are sealed to for this store's device key (or seal_to)."""
        if self._private is not None:
            return self._private.public
        assert self._seal_to is not None
        return self._seal_to

    def refuse_unless_readable(self) -> None:
        """DeviceKeyError in a process that only seals (it holds no key to read with)."""
        if self._device is None:
            raise DeviceKeyError(
                f"this process only seals captures to {self._seal_to_path} (outbox.seal_to) "
                "and cannot read them: delivery runs where the device key is (the delivery "
                "service's `kiosk queue worker`)"
            )

    def _wrap(self, secret: bytes, context: bytes) -> bytes:
        if self._seal_to is not None:
            return self._seal_to.seal(secret, context)
        assert self._device is not None
        nonce = secrets.token_bytes(NONCE)
        return nonce + self._device.encrypt(nonce, secret, context)

    def _unwrap(self, wrapped: bytes, context: bytes) -> bytes:
        """The secret inside ``wrapped``; InvalidTag when this key does not open it."""
        self.refuse_unless_readable()
        assert self._device is not None and self._private is not None
        if is_sealed(wrapped):
            try:
                return self._private.open(wrapped, context)
            except InvalidTag:
                pass  # a device-key value may start with the marker by chance: try that too
        return self._device.decrypt(wrapped[:NONCE], wrapped[NONCE:], context)

    def opens(self, blob_id: str, wrapped_key: bytes) -> bool:
        """Whether this store's key unwraps a blob's data key (the file is not read)."""
        try:
            self._unwrap(wrapped_key, blob_id.encode())
        except InvalidTag:
            return False
        return True

    def path(self, blob_id: str) -> Path:
        """The file of a blob."""
        return self.directory / f"{blob_id}.blob"

    def write(self, data: bytes, *, sync_directory: bool = True) -> SealedBlob:
        """Encrypt and durably write ``data``; raise DiskFullError when the disk is full.

        With ``sync_directory=False`` the caller must call ``sync_directory()`` before it
        relies on the file's name surviving a power cut (one directory fsync for a batch).
        """
        blob_id = secrets.token_hex(16)
        data_key = AESGCM.generate_key(bit_length=256)
        nonce = secrets.token_bytes(NONCE)
        body = AESGCM(data_key).encrypt(nonce, data, blob_id.encode())
        wrapped = self._wrap(data_key, blob_id.encode())
        final = self.path(blob_id)
        tmp = final.with_suffix(".tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                # The mode whatever the umask: the other user of a shared outbox reads it.
                os.fchmod(fd, self._file_mode)
                view = memoryview(b"".join((MAGIC, nonce, body)))
                while view:
                    view = view[os.write(fd, view) :]
                os.fsync(fd)
            finally:
                os.close(fd)
            os.rename(tmp, final)
            if sync_directory:
                self.sync_directory()
        except OSError as exc:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            if exc.errno in _DISK_FULL:
                raise DiskFullError(
                    f"not enough disk space to queue the image in {self.directory} "
                    f"({len(data) // 1024} KB needed); nothing was queued"
                ) from None
            raise BlobError(f"cannot write a blob in {self.directory}: {exc.strerror}") from None
        return SealedBlob(blob_id, wrapped, len(data))

    def read(self, blob_id: str, wrapped_key: bytes) -> bytes:
        """Decrypt a blob; raise BlobError when it is missing or does not authenticate."""
        self.refuse_unless_readable()
        try:
            raw = self.path(blob_id).read_bytes()
        except FileNotFoundError:
            raise BlobError(f"blob {blob_id} is missing from {self.directory}") from None
        if not raw.startswith(MAGIC):
            raise BlobError(f"blob {blob_id} is not a kiosk blob")
        try:
            data_key = self._unwrap(wrapped_key, blob_id.encode())
            nonce = raw[len(MAGIC) : len(MAGIC) + NONCE]
            return AESGCM(data_key).decrypt(nonce, raw[len(MAGIC) + NONCE :], blob_id.encode())
        except InvalidTag:
            raise BlobError(
                f"blob {blob_id} does not decrypt with this device's key "
                "(damaged file or a different device key)"
            ) from None

    def seal(self, data: bytes, context: str) -> bytes:
        """Encrypt a small secret (e.g. a customer id) with the device key (or seal it)."""
        return self._wrap(data, context.encode())

    def unseal(self, sealed: bytes, context: str) -> bytes:
        """Decrypt what ``seal`` produced for the same context."""
        try:
            return self._unwrap(sealed, context.encode())
        except InvalidTag:
            raise BlobError("a sealed job field does not decrypt with this device's key") from None

    def delete(self, blob_id: str) -> None:
        """Remove a blob's file (its key is forgotten by deleting its row)."""
        with contextlib.suppress(FileNotFoundError):
            self.path(blob_id).unlink()

    def sync_directory(self) -> None:
        """fsync the directory so renames and unlinks survive a power cut."""
        fd = os.open(self.directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def sweep(self, known: set[str], newer_than: float = 0.0) -> int:
        """Delete temp files, and blobs no row refers to written after ``newer_than``."""
        removed = 0
        for entry in self.directory.iterdir():
            stem, suffix = entry.stem, entry.suffix
            orphan = suffix == ".blob" and stem not in known
            with contextlib.suppress(FileNotFoundError):
                if suffix == ".tmp" or (orphan and entry.stat().st_mtime >= newer_than):
                    entry.unlink()
                    removed += 1
        if removed:
            self.sync_directory()
        return removed
