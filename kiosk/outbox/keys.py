"""The device key that wraps every blob's data key: OS keyring where one works, else a file.

On a headless Linux kiosk there is usually no unlocked keyring, so the fallback is a
0600 file in a 0700 directory under the data dir. Under systemd the key may instead be the
credential ``outbox.device_key`` (``LoadCredentialEncrypted=``, see kiosk/credentials.py):
the same 32 bytes as the key file, raw or base64, so an existing key file can be encrypted
into a credential as it is.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import secrets
from pathlib import Path
from typing import Literal

import pybase64

from kiosk.credentials import DEVICE_KEY, CredentialError, read_credential
from kiosk.outbox.errors import OutboxError

log = logging.getLogger(__name__)

KEY_BYTES = 32
SERVICE = "branch-kiosk"
KeyStore = Literal["auto", "credential", "keyring", "file"]


class DeviceKeyError(OutboxError):
    """The device key cannot be read or created."""


def _keyring_usable() -> bool:
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return False
    backend = keyring.get_keyring()
    return not isinstance(backend, fail.Keyring) and getattr(backend, "priority", 0) > 0


def _account(data_dir: Path) -> str:
    # One key per data dir, so two kiosk profiles on one account never share a key.
    return "device-key-" + hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:16]


class _KeyringFailed(Exception):
    """The keyring backend failed: the file is used instead (unless the keyring is required)."""


def keyring_entry(data_dir: Path) -> str:
    """How the keyring entry of this data dir's key is named in messages."""
    return f"OS keyring entry {SERVICE}/{_account(data_dir)}"


def _from_keyring(data_dir: Path, create: bool) -> bytes | None:
    import keyring

    account = _account(data_dir)
    try:
        stored = keyring.get_password(SERVICE, account)
        if stored is None and create:
            stored = pybase64.b64encode(secrets.token_bytes(KEY_BYTES)).decode()
            keyring.set_password(SERVICE, account, stored)
            stored = keyring.get_password(SERVICE, account)
            if stored is None:
                raise _KeyringFailed("the keyring did not keep the new key")
    except Exception as exc:  # any backend failure means "no usable keyring"
        log.info("OS keyring unusable (%s); using the key file", type(exc).__name__)
        raise _KeyringFailed(type(exc).__name__) from None
    if stored is None:
        return None
    try:
        key = pybase64.b64decode(stored, validate=True)
    except ValueError:
        key = b""
    if len(key) != KEY_BYTES:
        raise DeviceKeyError(
            f"the {keyring_entry(data_dir)} is damaged (not a {KEY_BYTES}-byte key in "
            "base64); restore it from a backup: queued images cannot be decrypted without it"
        )
    return key


def _read_file(path: Path) -> bytes | None:
    """The key file's key, or None when there is no key file."""
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise DeviceKeyError(f"the device key file {path} is a directory; remove it") from None
    except PermissionError:
        raise DeviceKeyError(
            f"the device key file {path} cannot be read; it must belong to this user (0600)"
        ) from None
    if len(key) != KEY_BYTES:
        raise DeviceKeyError(
            f"the device key file {path} is damaged ({len(key)} bytes, not {KEY_BYTES}); "
            "restore it from a backup: queued images cannot be decrypted without it"
        )
    if path.stat().st_mode & 0o077:
        os.chmod(path, 0o600)
    return key


def _create_file(path: Path) -> bytes:
    """A new key in a new key file (or the key another process created first)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path.parent, 0o700)
    key = secrets.token_bytes(KEY_BYTES)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, key)
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        # link() fails if another process created the key first: then use theirs.
        os.link(tmp, path)
    except FileExistsError:
        found = _read_file(path)
        assert found is not None
        key = found
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return key


def _from_credential(key_file: Path) -> bytes | None:
    try:
        data = read_credential(DEVICE_KEY)
    except CredentialError as exc:
        raise DeviceKeyError(str(exc)) from None
    if data is None:
        return None
    key = data
    if len(key) != KEY_BYTES:
        try:
            key = pybase64.b64decode(data.strip(), validate=True)
        except ValueError:
            key = b""
    if len(key) != KEY_BYTES:
        raise DeviceKeyError(
            f"credential {DEVICE_KEY} must hold a {KEY_BYTES}-byte key, raw or base64 "
            f"(it holds {len(data)} bytes)"
        )
    if key_file.exists() and key_file.read_bytes() != key:
        # Blobs sealed with the file's key would no longer open: refuse rather than strand them.
        raise DeviceKeyError(
            f"credential {DEVICE_KEY} differs from the device key file {key_file}; "
            "encrypt that file into the credential (systemd-creds encrypt) or remove the "
            "credential, so that queued images stay readable"
        )
    return key


def key_file(data_dir: Path) -> Path:
    """The device key file of a data dir."""
    return data_dir / "keys" / "device.key"


def find_device_key(data_dir: Path, store: KeyStore = "auto") -> tuple[bytes | None, str]:
    """The device key (None when there is none yet) and where it is or would be created.

    Never creates a key: the outbox decides that (kiosk/outbox/key_check.py), since a new
    key beside captures sealed with a lost one would strand them.
    """
    return _resolve(data_dir, store, create=False)


def load_device_key(
    data_dir: Path, store: KeyStore = "auto", *, create: bool = True
) -> tuple[bytes, str]:
    """The device key and where it came from (credential, ``keyring`` or the key file);
    created where there is none when ``create``, else DeviceKeyError."""
    key, source = _resolve(data_dir, store, create)
    if key is None:
        raise DeviceKeyError(f"there is no device key ({source} does not exist)")
    return key, source


def _resolve(data_dir: Path, store: KeyStore, create: bool) -> tuple[bytes | None, str]:
    path = key_file(data_dir)
    if store in ("auto", "credential"):
        key = _from_credential(path)
        if key is not None:
            return key, f"credential {DEVICE_KEY}"
        if store == "credential":
            raise DeviceKeyError(
                f"outbox.key_store is 'credential' but there is no credential {DEVICE_KEY} "
                "(LoadCredentialEncrypted= in the unit sets $CREDENTIALS_DIRECTORY)"
            )
    if store in ("auto", "keyring") and not path.exists() and _keyring_usable():
        try:
            found = _from_keyring(data_dir, create)
        except _KeyringFailed:
            if store == "keyring":
                raise DeviceKeyError(
                    "outbox.key_store is 'keyring' but the OS keyring is not usable"
                ) from None
        else:
            return found, "keyring" if found is not None else keyring_entry(data_dir)
    elif store == "keyring":
        raise DeviceKeyError("outbox.key_store is 'keyring' but no OS keyring backend is available")
    key = _read_file(path)
    if key is None and create:
        key = _create_file(path)
    return key, str(path)
