"""What a lost, truncated or damaged outbox database leaves behind: never a job that vanishes
without a word, never a kept copy that still opens a customer's identifier, and a drain on
a disk that filled before any worker ran still frees it."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from outbox.outbox_helpers import damage_a_leaf_of_jobs, make_jpeg, padded_receipt

from kiosk.cli.main import main
from kiosk.outbox.jobs import JobKind, JobSpec
from kiosk.outbox.reserve import RESERVE_NAME
from kiosk.outbox.store import Store
from kiosk.sandbox.server import SandboxServer

DB = "outbox.sqlite3"


@pytest.fixture(autouse=True)
def key_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_OUTBOX__KEY_STORE", "file")


def _error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    (line,) = [line for line in err.splitlines() if line.startswith("kiosk: error: ")]
    return line


def _session_request(store: Store, n: int) -> None:
    """A job without an image, as a session's closing PUT /requests is."""
    spec = JobSpec(JobKind.GENERIC_REQUEST, f"request-{n}", {"intTag": str(n)})
    store.enqueue(f"sub-r{n}", "prospect", {"kinds": ["face"]}, [spec])


def _delete_database(data_dir: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{data_dir / DB}{suffix}").unlink(missing_ok=True)


def test_a_deleted_database_with_only_imageless_jobs_is_reported(
    kiosk_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store(kiosk_env, key_store="file")
    _session_request(store, 1)
    store.close()
    _delete_database(kiosk_env)
    assert main(["queue", "status"]) == 2
    line = _error(capsys)
    assert "is missing though this data dir had one" in line and "jobs it held are lost" in line
    assert not (kiosk_env / DB).exists()  # nothing was started afresh behind staff's back
    assert main(["queue", "recover"]) == 0
    assert "its jobs are lost; a new outbox begun" in capsys.readouterr().out
    assert main(["queue", "status"]) == 0
    assert capsys.readouterr().out.startswith("pending 0")


def test_an_empty_database_beside_blobs_is_an_error_not_pending_0(
    kiosk_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store(kiosk_env, key_store="file")
    spec = JobSpec(
        JobKind.PROSPECT_IMAGE, "image-1", {"AFiImageId": "image-1"}, make_jpeg(1), "image/jpeg"
    )
    store.enqueue("sub-1", "prospect", {"kinds": ["face"]}, [spec])
    store.close()
    _delete_database(kiosk_env)
    (kiosk_env / DB).write_bytes(b"")  # truncated to nothing
    assert main(["queue", "status"]) == 2
    line = _error(capsys)
    assert "is empty (0 bytes) though 1 encrypted captures wait" in line, line
    assert main(["queue", "recover"]) == 0
    assert "1 encrypted captures" in capsys.readouterr().out
    (lost,) = kiosk_env.glob("blobs.lost-*")
    assert len(list(lost.glob("*.blob"))) == 1


def test_the_kept_damaged_copy_no_longer_holds_sealed_identifiers_or_keys(
    kiosk_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store(kiosk_env, key_store="file")
    customer = {"external_id": "customer-0042"}
    create = JobSpec(
        JobKind.SM_CREATE,
        "receipt-1",
        {"campaign": "spring"},
        make_jpeg(7),
        "image/jpeg",
        secret=customer,
    )
    store.enqueue("sub-receipt", "receipt", {"kinds": ["receipt"]}, [create])
    for n in range(60):  # later pages of the jobs table, the last of which gets damaged
        _session_request(store, n)
    store.close()
    conn = sqlite3.connect(kiosk_env / DB)
    (sealed,) = conn.execute("SELECT sealed FROM jobs WHERE identity = 'receipt-1'").fetchone()
    (wrapped,) = conn.execute("SELECT wrapped_key FROM blobs").fetchone()
    conn.close()
    assert sealed and wrapped
    damage_a_leaf_of_jobs(kiosk_env / DB)
    assert main(["queue", "status"]) == 2
    capsys.readouterr()
    (aside,) = [p for p in kiosk_env.glob(f"{DB}.damaged-*") if not p.name.endswith("-wal")]
    assert sealed in aside.read_bytes()  # before: the copy opens with the device key
    assert main(["queue", "recover"]) == 0
    assert "kept without its sealed fields and keys" in capsys.readouterr().out
    kept = aside.read_bytes()
    assert sealed not in kept and wrapped not in kept
    copy = sqlite3.connect(aside)
    assert copy.execute("SELECT COUNT(*) FROM jobs WHERE sealed IS NOT NULL").fetchone()[0] == 0
    assert copy.execute("SELECT COUNT(*) FROM jobs WHERE identity = 'receipt-1'").fetchone()[0]
    copy.close()
    # The salvaged outbox still holds what it needs to deliver the receipt.
    live = sqlite3.connect(kiosk_env / DB)
    assert live.execute("SELECT sealed FROM jobs WHERE identity = 'receipt-1'").fetchone()[0]
    live.close()
    assert not list(kiosk_env.glob(".salvage-*")) and not list(kiosk_env.glob(".*.scrubbing"))


@contextlib.contextmanager
def _tmpfs(where: Path, size: str) -> Iterator[Path]:
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    where.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", where], check=True)
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", where], check=False)


def test_a_drain_frees_a_disk_that_filled_before_any_worker_ran(
    tmp_path: Path,
    sandbox_env: SandboxServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with _tmpfs(tmp_path / "full", "24m") as mount:
        data = mount / "data"
        monkeypatch.setenv("KIOSK_DATA_DIR", str(data))
        submit = ["submit", "receipt", "--campaign", "sandbox-receipts", "--external-id", "c1"]
        assert main([*submit, str(padded_receipt(tmp_path / "r.jpg"))]) == 0
        # The command that queued it left the reserve; no worker has run.
        assert (data / RESERVE_NAME).exists()
        fd = os.open(mount / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
        for chunk in (65536, 512, 1):
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"\0" * chunk)
        os.close(fd)
        capsys.readouterr()
        assert main(["queue", "drain", "--timeout", "60"]) == 0, capsys.readouterr()
        assert not list((data / "blobs").glob("*.blob"))
        assert len(sandbox_env.state.records) == 1
