"""The command line against readers that leave, garbage on the OCR worker's input, and a
model other users must be able to read: one line or nothing on stderr, never a traceback."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sample_data import MODELS

from kiosk.capture.readers.ocr_process import serve
from kiosk.cli.main import main

ROOT = Path(__file__).resolve().parents[2]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


@pytest.mark.parametrize("command", [["config", "show"], ["queue", "status", "--json"], ["--help"]])
def test_a_reader_that_goes_away_gets_no_traceback(command: list[str]) -> None:
    # `kiosk … | head -1`: the reader takes one line and closes the pipe, here before the
    # command has written (so the write meets the closed pipe every time, not by timing).
    read, write = os.pipe()
    os.close(read)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "kiosk", *command],
            stdout=write,
            stderr=subprocess.PIPE,
            env=_env(),
            timeout=120,
            check=False,
        )
    finally:
        os.close(write)
    assert proc.stderr == b"", proc.stderr.decode()
    assert proc.returncode in (0, 1)


def test_head_minus_one_reads_a_line_and_nothing_is_reported() -> None:
    with subprocess.Popen(
        [sys.executable, "-m", "kiosk", "config", "show"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(),
    ) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        assert proc.stdout.readline() == b"{\n"
        proc.stdout.close()
        err = proc.stderr.read()
        proc.wait(timeout=120)
    assert b"Traceback" not in err and b"BrokenPipeError" not in err


GARBAGE = [
    b"not json at all\n",
    b"[1, 2]\n",
    b'{"op": "line"}\n',
    b'{"op": "line", "shape": [10, 10]}\nshort',
    b'{"op": "line", "shape": [100000, 100000, 3]}\n',
    b"\xff\xfe\x00garbage\n",
]


class _UnreachedEngine:
    """The OCR engine garbage must never reach (each call is a failure of the test)."""

    def read_line(self, image: object) -> object:
        raise AssertionError("garbage reached the OCR engine")

    read_lines = read_line


@pytest.mark.parametrize("garbage", GARBAGE)
def test_garbage_is_a_protocol_fault_before_the_engine(garbage: bytes) -> None:
    # The faults the command turns into its one line (kiosk/cli/ocr_worker_cmd.py).
    with pytest.raises((ValueError, KeyError, TypeError)):
        serve(io.BytesIO(garbage), io.BytesIO(), _UnreachedEngine())  # type: ignore[arg-type]


def test_the_ocr_worker_fed_garbage_says_so_in_one_line() -> None:
    # The command itself, engine loaded, on the first kind of garbage; the others are the
    # same fault at the same place (the test above).
    proc = subprocess.run(
        [sys.executable, "-m", "kiosk", "ocr-worker"],
        input=GARBAGE[0],
        capture_output=True,
        env=_env(),
        timeout=240,
        check=False,
    )
    err = proc.stderr.decode()
    assert "Traceback" not in err, err
    errors = [line for line in err.splitlines() if line.startswith("kiosk: error: ")]
    assert proc.returncode == 2 and len(errors) == 1, err
    assert errors[0].startswith("kiosk: error: ocr-worker: a request it cannot read (")
    assert "not json" not in err  # its input is never echoed


def test_an_installed_model_is_readable_by_every_user(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dest = tmp_path / "models"
    assert (
        main(["models", "install", str(MODELS / "yunet_s_dynamic.onnx"), "--dest", str(dest)]) == 0
    )
    installed = dest / "yunet_s_dynamic.onnx"
    assert installed.stat().st_mode & 0o777 == 0o644
