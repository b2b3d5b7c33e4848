"""The outbox on a failing disk: a damaged, deleted, read-only or full database."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from outbox_helpers import damage_a_leaf_of_jobs, make_jpeg, padded_receipt

from kiosk.cli.main import main
from kiosk.outbox.jobs import JobKind, JobSpec
from kiosk.outbox.reserve import RESERVE_NAME
from kiosk.outbox.store import Store
from kiosk.sandbox.server import SandboxServer


@pytest.fixture(autouse=True)
def key_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line and the tests' stores share the device key file."""
    monkeypatch.setenv("KIOSK_OUTBOX__KEY_STORE", "file")


def fill(data_dir: Path, count: int) -> None:
    """``count`` prospect-image jobs, each with its encrypted image, then the store closed."""
    store = Store(data_dir, key_store="file")
    try:
        for n in range(count):
            spec = JobSpec(
                JobKind.PROSPECT_IMAGE,
                f"image-{n}",
                {"AFiImageId": f"image-{n}", "deviceTag": "t", "note": "x" * 600},
                image=make_jpeg(n, 32, 24),
                mime_type="image/jpeg",
            )
            store.enqueue(f"sub-{n}", "prospect", {"kinds": ["face"]}, [spec])
    finally:
        store.close()  # the last connection checkpoints the WAL into the file


def blob_count(data_dir: Path) -> int:
    """Encrypted image files in the data dir."""
    return sum(1 for _ in (data_dir / "blobs").glob("*.blob"))


def one_error(capsys: pytest.CaptureFixture[str]) -> str:
    """The single stderr line of a failed command."""
    err = capsys.readouterr().err
    assert "Traceback" not in err
    # Log records (logfmt, from the worker) may precede it; the error is one line.
    lines = [line for line in err.splitlines() if line.startswith("kiosk: error: ")]
    assert len(lines) == 1, err
    return lines[0]


def test_a_damaged_database_is_moved_aside_then_salvaged(
    kiosk_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(kiosk_env, 60)
    damage_a_leaf_of_jobs(kiosk_env / "outbox.sqlite3")
    assert main(["queue", "status"]) == 2
    line = one_error(capsys)
    assert "is damaged" in line and "kept" in line and "kiosk queue recover" in line
    assert not (kiosk_env / "outbox.sqlite3").exists()
    (aside,) = [p for p in kiosk_env.glob("outbox.sqlite3.damaged-*") if p.suffix != ".sqlite3"]
    kept = aside.read_bytes()
    # No new job goes anywhere until the outbox is recovered.
    photo = padded_receipt(tmp_path / "receipt.jpg")
    submit = ["submit", "receipt", "--campaign", "sandbox-receipts", "--external-id", "c1"]
    assert main([*submit, str(photo)]) == 2
    assert "60 encrypted captures" in one_error(capsys)
    assert blob_count(kiosk_env) == 60
    assert main(["queue", "recover"]) == 0
    summary = capsys.readouterr().out
    assert "salvaged" in summary and aside.name in summary, summary
    conn = sqlite3.connect(kiosk_env / "outbox.sqlite3")
    jobs = conn.execute("SELECT COUNT(*) FROM jobs WHERE state = 'pending'").fetchone()[0]
    conn.close()
    assert 0 < jobs < 60, jobs  # the undamaged pages' jobs, each with its image
    # The damaged copy is kept as what could be read of it, without the image keys.
    assert aside.read_bytes() != kept
    scrubbed = sqlite3.connect(aside)
    assert scrubbed.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    assert scrubbed.execute("SELECT COUNT(*) FROM jobs").fetchone()[0] == jobs
    assert scrubbed.execute("SELECT COUNT(*) FROM blobs").fetchone()[0] == 0
    scrubbed.close()
    assert blob_count(kiosk_env) == 60  # nothing deleted
    store = Store(kiosk_env, key_store="file")
    try:
        while (job := store.claim("test", 60)) is not None:
            assert store.image(job)  # re-linked: the salvaged key decrypts the file
    finally:
        store.close()


def test_a_missing_database_beside_blobs_is_an_error_not_a_sweep(
    kiosk_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(kiosk_env, 90)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{kiosk_env / 'outbox.sqlite3'}{suffix}").unlink(missing_ok=True)
    for args in (["queue", "drain"], ["queue", "status"], ["queue", "worker"]):
        assert main(args) == 2
        line = one_error(capsys)
        assert "90 encrypted captures" in line and "have no database" in line, line
        assert "nothing deleted" in line
        assert blob_count(kiosk_env) == 90
    assert not (kiosk_env / "outbox.sqlite3").exists()
    # Staff choose: recover moves the keyless files aside (kept) and starts afresh.
    assert main(["queue", "recover"]) == 0
    assert "90 encrypted captures" in capsys.readouterr().out
    (lost,) = kiosk_env.glob("blobs.lost-*")
    assert sum(1 for _ in lost.glob("*.blob")) == 90
    assert main(["queue", "status"]) == 0


def test_orphans_are_swept_only_when_newer_than_the_database(kiosk_env: Path) -> None:
    store = Store(kiosk_env, key_store="file")
    try:
        created = store.db.created_at()
        old = store.blobs.write(b"from a database lost before this one")
        os.utime(store.blobs.path(old.id), (created - 3600, created - 3600))
        new = store.blobs.write(b"written, then a crash before its row committed")
        store.recover()
        assert store.blobs.path(old.id).exists()
        assert not store.blobs.path(new.id).exists()
    finally:
        store.close()


@contextlib.contextmanager
def tmpfs(where: Path, size: str) -> Iterator[Path]:
    """A small tmpfs mounted at ``where`` (root only), unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    where.mkdir()
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", where], check=True
    )
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", where], check=True)


def test_a_read_only_data_dir_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with tmpfs(tmp_path / "ro", "16m") as mount:
        data = mount / "data"
        fill(data, 3)
        monkeypatch.setenv("KIOSK_DATA_DIR", str(data))
        subprocess.run(["mount", "-o", "remount,ro", mount], check=True)
        photo = padded_receipt(tmp_path / "receipt.jpg")
        submit = ["submit", "receipt", "--campaign", "sandbox-receipts", "--external-id", "c1"]
        for args in (
            ["queue", "status"],
            ["queue", "drain", "--timeout", "5"],
            [*submit, str(photo)],
        ):
            assert main(args) == 2, args
            line = one_error(capsys)
            assert "read-only" in line, line
        assert blob_count(data) == 3


def test_a_full_disk_refuses_captures_and_the_worker_still_delivers(
    tmp_path: Path,
    sandbox_env: SandboxServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with tmpfs(tmp_path / "full", "24m") as mount:
        data = mount / "data"
        monkeypatch.setenv("KIOSK_DATA_DIR", str(data))
        photo = padded_receipt(tmp_path / "receipt.jpg")
        submit = [
            "submit",
            "receipt",
            "--campaign",
            "sandbox-receipts",
            "--external-id",
            "c1",
        ]
        assert main([*submit, str(photo)]) == 0
        assert main(["queue", "drain", "--timeout", "0"]) in (0, 1)  # the worker's reserve
        capsys.readouterr()
        assert (data / RESERVE_NAME).exists()
        again = [*submit, "--resubmit", "--reason", "storage test"]  # the same receipt again
        assert main([*again, str(padded_receipt(tmp_path / "second.jpg", grey=70))]) == 0
        queued = blob_count(data)
        fd = os.open(mount / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
        for chunk in (65536, 512, 1):  # fill the disk to the last byte
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"\0" * chunk)
        os.close(fd)
        assert main([*again, str(padded_receipt(tmp_path / "third.jpg", grey=80))]) == 2
        assert "is full; nothing was queued" in one_error(capsys)
        assert blob_count(data) == queued
        assert main(["queue", "drain", "--timeout", "60"]) == 0, capsys.readouterr()
        assert blob_count(data) == 0  # delivered and deleted on a full disk
        assert not (data / RESERVE_NAME).exists()  # spent
        assert len(sandbox_env.state.records) == 2
