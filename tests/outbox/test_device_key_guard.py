"""A lost or wrong device key stops the outbox before any job is tried, and nothing is lost."""

from __future__ import annotations

import secrets
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from outbox_helpers import FACE_SAMPLE, capture, make_jpeg, sandbox_settings, sha256

from kiosk.cli.main import main
from kiosk.config import load_settings
from kiosk.kinds import amplifi_types
from kiosk.outbox.key_check import CHECK, check_value
from kiosk.outbox.keys import DeviceKeyError
from kiosk.outbox.outbox import Outbox
from kiosk.sandbox.server import SandboxServer


def restore(key_file: Path, key: bytes) -> None:
    """Put a key back as from a backup: the file only its owner may read (0600)."""
    key_file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    key_file.write_bytes(key)
    key_file.chmod(0o600)


def jobs(data_dir: Path) -> list[tuple[str, int]]:
    """(state, attempts) of every job, read without opening the outbox."""
    with sqlite3.connect(f"file:{data_dir / 'outbox.sqlite3'}?mode=ro", uri=True) as conn:
        return [(r[0], r[1]) for r in conn.execute("SELECT state, attempts FROM jobs ORDER BY id")]


def test_a_deleted_key_is_refused_everywhere_until_restored(
    fast_env: SandboxServer, kiosk_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["submit", "prospect", "--force", "centered,yaw", "--face", str(FACE_SAMPLE)]) == 0
    key_file = kiosk_env / "keys" / "device.key"
    key = key_file.read_bytes()
    waiting = jobs(kiosk_env)
    assert [s for s, _ in waiting] == ["pending", "pending"]
    key_file.unlink()
    capsys.readouterr()

    for command in (["queue", "status"], ["queue", "drain", "--timeout", "5"]):
        assert main(command) == 2, command
        err = capsys.readouterr().err.strip()
        assert err.count("\n") == 0 and err.startswith("kiosk: error: the device key is missing")
        assert f"restore {key_file} from backup; captures waiting: 1" in err
    # The delivery service's worker exits at once, before it leases anything.
    service = subprocess.run(
        [sys.executable, "-m", "kiosk", "queue", "worker"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert service.returncode == 2
    errors = [line for line in service.stderr.splitlines() if line.startswith("kiosk: error:")]
    assert len(errors) == 1 and "the device key is missing" in errors[0]
    assert not key_file.exists()  # no new key was minted
    assert main(["health"]) == 2
    line = capsys.readouterr().out
    assert line.startswith("KIOSK CRITICAL") and "device key: the device key is missing" in line
    assert jobs(kiosk_env) == waiting  # nothing tried, nothing dead-lettered
    assert fast_env.snapshot()["amplifi"]["images"] == {}

    restore(key_file, key)
    assert main(["queue", "drain", "--timeout", "60"]) == 0
    assert [s for s, _ in jobs(kiosk_env)] == ["done", "done"]
    assert len(fast_env.snapshot()["amplifi"]["images"]) == 1
    assert main(["health"]) == 0


def test_a_wrong_key_is_refused_before_any_attempt(
    sandbox: SandboxServer, kiosk_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = sandbox_settings(sandbox.url, kiosk_env)
    image = make_jpeg(5)
    with Outbox(settings) as box:
        box.submit_prospect({"passport": capture(image)}, types=amplifi_types())
    key_file = kiosk_env / "keys" / "device.key"
    right = key_file.read_bytes()
    restore(key_file, secrets.token_bytes(32))
    with pytest.raises(DeviceKeyError, match="not the key this outbox was sealed with") as err:
        Outbox(settings)
    assert str(key_file) in str(err.value) and "captures waiting: 1" in str(err.value)
    assert jobs(kiosk_env) == [("pending", 0), ("pending", 0)]
    assert sandbox.snapshot()["calls"] == []

    restore(key_file, right)
    with Outbox(settings) as box:
        worker = box.worker(seed=1)
        try:
            assert worker.drain(timeout=30).ok
        finally:
            worker.clients.close()
    (received,) = sandbox.snapshot()["amplifi"]["images"].values()
    assert received["sha256"] == sha256(image)


def test_an_outbox_without_a_check_value_is_checked_against_its_captures(
    sandbox: SandboxServer, kiosk_env: Path
) -> None:
    # An outbox queued before the check value existed, or salvaged into a new database.
    settings = sandbox_settings(sandbox.url, kiosk_env)
    with Outbox(settings) as box:
        box.submit_prospect({"passport": capture(make_jpeg(6))}, types=amplifi_types())
        with box.store.db.transaction() as conn:
            conn.execute("DELETE FROM meta WHERE key = ?", (CHECK,))
    key_file = kiosk_env / "keys" / "device.key"
    right = key_file.read_bytes()
    restore(key_file, secrets.token_bytes(32))
    with pytest.raises(DeviceKeyError, match="not the key this outbox was sealed with"):
        Outbox(settings)
    key_file.unlink()
    with pytest.raises(DeviceKeyError, match="the device key is missing"):
        Outbox(settings)  # jobs exist: no key is minted even without a check value
    assert not key_file.exists()
    restore(key_file, right)
    with Outbox(settings) as box:
        row = box.store.db.read().execute("SELECT value FROM meta WHERE key = ?", (CHECK,))
        assert row.fetchone()[0] == check_value(right)  # recorded once the key proved right


def test_a_new_outbox_makes_its_key_and_records_its_check(
    sandbox: SandboxServer, kiosk_env: Path
) -> None:
    settings = sandbox_settings(sandbox.url, kiosk_env)
    with Outbox(settings):
        pass
    key_file = kiosk_env / "keys" / "device.key"
    key = key_file.read_bytes()
    assert (kiosk_env / "keys" / "seal.pub").read_bytes().startswith(b"-----BEGIN PUBLIC KEY")
    assert (kiosk_env / "keys" / "seal.pub").stat().st_mode & 0o777 == 0o644
    # Even an empty outbox that had a key keeps asking for it: captures queued under a new
    # key would be lost the day the old one is restored.
    key_file.unlink()
    with pytest.raises(DeviceKeyError, match="captures waiting: 0"):
        Outbox(settings)
    restore(key_file, key)
    with Outbox(load_settings(None, data_dir=kiosk_env, outbox={"key_store": "file"})):
        pass
