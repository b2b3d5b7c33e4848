"""Who may write the outbox's data dir and read its device key, checked before either is used.

Another local user who could create the data dir, ``keys/`` or ``device.key`` before the
kiosk first runs (a world-writable parent, a planted directory) would otherwise have the
kiosk adopt them: plant a key they know, or read the captures' keys later. The kiosk
refuses instead, in one line naming the path and the fix.

The installed kiosk shares its data dir between two users: the delivery service's
``branch-kiosk`` owns it (group ``branch-kiosk``, mode 2770) and the screen user is in that
group. So the data dir may belong to this user, to root, or to a group this user is in;
it may never be writable by every user. ``keys/`` and the key file must be this user's
own, ``keys/`` writable by nobody else and the key readable by nobody else, when this
process reads its key from that file.
"""

from __future__ import annotations

import grp
import os
import pwd
import stat
from pathlib import Path

from kiosk.credentials import DEVICE_KEY, credentials_dir
from kiosk.outbox.errors import OutboxError


class UnsafePermissions(OutboxError):
    """The data dir or the device key could be changed or read by another local user."""


def _user(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def _group(gid: int) -> str:
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)


def _my_groups() -> set[int]:
    return {os.getegid(), *os.getgroups()}


def check_data_dir(data_dir: Path) -> None:
    """Refuse a data dir every user may write, or one owned by a user outside our group."""
    try:
        info = data_dir.stat()
    except FileNotFoundError:
        return
    mode, me = stat.S_IMODE(info.st_mode), os.geteuid()
    if mode & stat.S_IWOTH:
        raise UnsafePermissions(
            f"the data directory {data_dir} is writable by every user (mode {mode:04o}); "
            f"chmod o-w {data_dir} (or remove it if this kiosk did not create it)"
        )
    shared = info.st_gid in _my_groups()
    if mode & stat.S_IWGRP and not shared:
        raise UnsafePermissions(
            f"the data directory {data_dir} is writable by group {_group(info.st_gid)}, "
            f"which this user ({_user(me)}) is not in; chmod g-w {data_dir}"
        )
    if info.st_uid not in (me, 0) and not (shared and mode & stat.S_IWGRP):
        raise UnsafePermissions(
            f"the data directory {data_dir} belongs to {_user(info.st_uid)}, not to this "
            f"user ({_user(me)}) or a group it is in; chown it to the kiosk's user, or "
            "remove it if this kiosk did not create it"
        )


def check_key_file(key_file: Path) -> None:
    """Refuse ``keys/`` or the key file owned by another user, or open to group or others."""
    me = os.geteuid()
    for path, what in ((key_file.parent, "key directory"), (key_file, "device key file")):
        try:
            info = path.lstat()
        except FileNotFoundError:
            continue
        mode = stat.S_IMODE(info.st_mode)
        if stat.S_ISLNK(info.st_mode):
            raise UnsafePermissions(f"the {what} {path} is a symbolic link; remove it")
        if info.st_uid != me:
            raise UnsafePermissions(
                f"the {what} {path} belongs to {_user(info.st_uid)}, not to this user "
                f"({_user(me)}); a key someone else placed cannot be trusted: remove it "
                "if this kiosk did not create it, else chown it"
            )
        # The directory: nobody else may add or swap a file (keys.py then makes it 0700);
        # the key itself: nobody else may even read it.
        closed = 0o022 if path == key_file.parent else 0o077
        if mode & closed:
            fix = "0700" if path == key_file.parent else "0600"
            raise UnsafePermissions(
                f"the {what} {path} is open to other users (mode {mode:04o}); a key they "
                f"could read or replace cannot be trusted: chmod {fix} {path} if this kiosk "
                "created it, else remove it"
            )


def uses_key_file(key_store: str) -> bool:
    """Whether this process may read (or create) its device key from ``keys/device.key``."""
    if key_store == "credential":
        return False
    folder = credentials_dir()
    # With the credential outbox.device_key the file is only compared with it (keys.py).
    return not (key_store == "auto" and folder is not None and (folder / DEVICE_KEY).is_file())


def check_data_dir_and_key(data_dir: Path, key_store: str, *, seals_only: bool = False) -> None:
    """Both checks, as the outbox needs them before it opens the database and the key.

    A process that only seals to the delivery side's public key (``outbox.seal_to``) never
    reads the device key, and in the two-user layout ``keys/`` is another user's: only the
    data dir is checked then.
    """
    check_data_dir(data_dir)
    if not seals_only and uses_key_file(key_store):
        check_key_file(data_dir / "keys" / "device.key")
