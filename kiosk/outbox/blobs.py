"""Encrypted image blobs on disk, each under its own data key wrapped by the device key.

A blob file is ``MAGIC | nonce | AES-GCM(data key, image)``; the wrapped data key lives
in the database row, so deleting the row (SQLite ``secure_delete``) erases the blob even
where flash keeps old pages of the file. Files are written to a temp name, fsynced,
renamed and the directory fsynced before the row that names them commits.
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
    """Writes, reads and deletes encrypted blob files in one 0700 directory."""

    def __init__(self, directory: Path, device_key: bytes) -> None:
        self.directory = directory
        try:
            directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.chmod(directory, 0o700)
        except OSError as exc:
            raise BlobError(f"cannot use the blob directory {directory} ({exc.strerror})") from None
        self._device = AESGCM(device_key)

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
        wrap_nonce = secrets.token_bytes(NONCE)
        wrapped = wrap_nonce + self._device.encrypt(wrap_nonce, data_key, blob_id.encode())
        final = self.path(blob_id)
        tmp = final.with_suffix(".tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
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
        try:
            raw = self.path(blob_id).read_bytes()
        except FileNotFoundError:
            raise BlobError(f"blob {blob_id} is missing from {self.directory}") from None
        if not raw.startswith(MAGIC):
            raise BlobError(f"blob {blob_id} is not a kiosk blob")
        try:
            data_key = self._device.decrypt(
                wrapped_key[:NONCE], wrapped_key[NONCE:], blob_id.encode()
            )
            nonce = raw[len(MAGIC) : len(MAGIC) + NONCE]
            return AESGCM(data_key).decrypt(nonce, raw[len(MAGIC) + NONCE :], blob_id.encode())
        except InvalidTag:
            raise BlobError(
                f"blob {blob_id} does not decrypt with this device's key "
                "(damaged file or a different device key)"
            ) from None

    def seal(self, data: bytes, context: str) -> bytes:
        """Encrypt a small secret (e.g. a customer id) with the device key."""
        nonce = secrets.token_bytes(NONCE)
        return nonce + self._device.encrypt(nonce, data, context.encode())

    def unseal(self, sealed: bytes, context: str) -> bytes:
        """Decrypt what ``seal`` produced for the same context."""
        try:
            return self._device.decrypt(sealed[:NONCE], sealed[NONCE:], context.encode())
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
