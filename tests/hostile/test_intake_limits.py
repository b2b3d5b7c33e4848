"""Hostile image files at the command line's doors: refused on the header, in one line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from bombs import BOMBS, jpeg_bomb
from hostile_run import REFUSED_PEAK_MB, Run, queued, run_kiosk

SUBMIT = [
    *("submit", "receipt", "--campaign", "sandbox-receipts"),
    *("--external-id", "cust-1"),
]


def assert_refused(run: Run, name: str, why: str) -> None:
    """Exit 2, one line naming the file and why, memory far below a decode."""
    assert run.code == 2, run.errors
    assert len(run.errors) == 1, run.errors
    line = run.errors[0]
    assert line.startswith("kiosk: error: ") and name in line and why in line, line
    assert "Traceback" not in line
    assert run.peak_mb < REFUSED_PEAK_MB, f"{name}: peak {run.peak_mb:.0f} MB"


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_bombs_are_refused_by_check_and_submit(name: str, tmp_path: Path, kiosk_env: Path) -> None:
    path = tmp_path / name
    path.write_bytes(BOMBS[name]())
    why = "PDF document" if name.startswith("pdf") else "pixel limit"
    assert_refused(run_kiosk("check", "--kind", "receipt", str(path)), name, why)
    assert_refused(run_kiosk(*SUBMIT, str(path)), name, why)
    assert queued(kiosk_env) == (0, 0)


def test_the_pixel_limit_is_a_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "tall.jpg"
    path.write_bytes(jpeg_bomb(3000, 2000))  # 6 MP declared
    monkeypatch.setenv("KIOSK_INTAKE__MAX_PIXELS", "5000000")
    run = run_kiosk("check", "--kind", "receipt", str(path))
    assert_refused(run, "tall.jpg", "3000 x 2000 px (6 MP), over the 5 MP limit")


def test_files_that_are_not_regular_are_refused_without_a_read(
    tmp_path: Path, kiosk_env: Path
) -> None:
    fifo = tmp_path / "pipe.jpg"
    os.mkfifo(fifo)  # nobody writes: reading it would block forever
    folder = tmp_path / "folder.jpg"
    folder.mkdir()
    loop = tmp_path / "loop.jpg"
    loop.symlink_to(tmp_path / "loop2.jpg")
    (tmp_path / "loop2.jpg").symlink_to(loop)
    cases = [
        (fifo, "a FIFO"),
        (folder, "a directory"),
        (Path("/dev/zero"), "a device"),
        (loop, "symbolic link loop"),
        (tmp_path / "missing.jpg", "no such file"),
    ]
    for path, why in cases:
        run = run_kiosk("check", "--kind", "receipt", str(path), timeout=60)
        assert_refused(run, path.name, why)
    # Both doors share the file opener; submit is tried on the two a read would never end.
    for path, why in (cases[0], cases[2]):  # the FIFO and the device
        assert_refused(run_kiosk(*SUBMIT, str(path), timeout=60), path.name, why)
    assert queued(kiosk_env) == (0, 0)


def test_a_file_over_the_size_limit_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "huge.jpg"
    with big.open("wb") as out:  # sparse: 400 MB declared, nothing written
        out.write(jpeg_bomb(100, 100))
        out.truncate(400 * 1024 * 1024)
    run = run_kiosk("check", "--kind", "receipt", str(big))
    assert_refused(run, "huge.jpg", "400 MB is over the 300 MB limit (intake.max_file_bytes)")
    monkeypatch.setenv("KIOSK_INTAKE__MAX_FILE_BYTES", "1000")
    small = tmp_path / "small.png"
    small.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 2000)
    run = run_kiosk(*SUBMIT, str(small))
    assert_refused(run, "small.png", "over the 0 MB limit")
