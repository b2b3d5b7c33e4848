"""The modes of the outbox's files follow its data dir: group-shared (2770) or private.

The installed kiosk's two users share the queue through the data dir's group; the key stays
its owner's. Both users opening one database is checked on the booted root
(tests/packaging/test_booted_separation.py), where the two accounts exist.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from outbox_helpers import capture, make_jpeg, sandbox_settings

from kiosk.kinds import amplifi_types
from kiosk.outbox.outbox import Outbox
from kiosk.sandbox.server import SandboxServer


def modes(data_dir: Path) -> dict[str, int]:
    """The mode of everything under ``data_dir``, by relative path ("." the dir itself)."""
    found = {".": stat.S_IMODE(data_dir.stat().st_mode)}
    for path in data_dir.rglob("*"):
        found[str(path.relative_to(data_dir))] = stat.S_IMODE(path.lstat().st_mode)
    return found


def queue_one(url: str, data_dir: Path) -> dict[str, int]:
    """Queue a prospect with an image and leave the database open while its files are read."""
    with Outbox(sandbox_settings(url, data_dir)) as box:
        box.submit_prospect({"passport": capture(make_jpeg(5))}, types=amplifi_types())
        # The WAL and shared memory exist while a connection is open.
        seen = modes(data_dir)
        assert "outbox.sqlite3-wal" in seen and "outbox.sqlite3-shm" in seen
        return seen


@pytest.mark.parametrize("umask", [0o022, 0o077])
def test_in_a_group_shared_data_dir_the_queue_is_group_read_write(
    sandbox: SandboxServer, tmp_path: Path, umask: int
) -> None:
    data_dir = tmp_path / "shared"
    data_dir.mkdir()
    data_dir.chmod(0o2770)
    old = os.umask(umask)  # whatever the caller's umask: the other user must get in
    try:
        seen = queue_one(sandbox.url, data_dir)
    finally:
        os.umask(old)
    assert seen.pop(".") == 0o2770
    # The key is the delivery side's alone.
    assert seen.pop("keys") == 0o700
    assert seen.pop("keys/device.key") == 0o600
    assert seen.pop("keys/seal.pub") == 0o644
    assert seen.pop("blobs") == 0o2770
    blobs = [name for name in seen if name.startswith("blobs/")]
    assert blobs and all(name.endswith(".blob") for name in blobs)
    assert seen == dict.fromkeys(seen, 0o660), seen
    assert {"outbox.sqlite3", "outbox.sqlite3-wal", "outbox.sqlite3-shm"} <= set(seen)


def test_in_a_private_data_dir_the_queue_stays_private(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    data_dir = tmp_path / "private"
    # Group-writable but not setgid: not the shared layout, so nothing is opened up.
    data_dir.mkdir()
    data_dir.chmod(0o770)
    old = os.umask(0o022)
    try:
        seen = queue_one(sandbox.url, data_dir)
    finally:
        os.umask(old)
    assert seen.pop(".") == 0o770
    assert seen.pop("keys/seal.pub") == 0o644
    directories = {"keys", "blobs"}
    assert {name: seen.pop(name) for name in directories} == dict.fromkeys(directories, 0o700)
    assert seen == dict.fromkeys(seen, 0o600), seen
