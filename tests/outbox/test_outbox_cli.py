"""``kiosk submit`` and ``kiosk queue`` end to end: offline first, bad input, a full disk."""

from __future__ import annotations

import json
import os
import re
import resource
import signal
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from outbox_helpers import FACE_SAMPLE, FAST_RETRY, padded_receipt

from kiosk.cli.main import main
from kiosk.config import load_settings
from kiosk.outbox.outbox import Outbox
from kiosk.sandbox.server import SandboxOptions, SandboxServer


@pytest.fixture(scope="module")
def receipt_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real receipt scan with a margin: it passes the receipt checks."""
    return padded_receipt(tmp_path_factory.mktemp("receipt") / "receipt.jpg")


@pytest.fixture(scope="module")
def huge_photo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 30 MB photo: the receipt at 12 MP with sensor-like noise, as a lightly packed PNG."""
    path = tmp_path_factory.mktemp("huge") / "huge.png"
    small = cv2.imread(str(padded_receipt(path.with_suffix(".jpg"))))
    big = cv2.resize(small, None, fx=1.9, fy=1.9, interpolation=cv2.INTER_LINEAR)
    noise = np.random.default_rng(1).integers(-10, 11, size=big.shape, dtype=np.int16)
    big = np.clip(big.astype(np.int16) + noise, 0, 255).astype(np.uint8)
    assert cv2.imwrite(str(path), big, [cv2.IMWRITE_PNG_COMPRESSION, 1])
    assert path.stat().st_size >= 30_000_000
    return path


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``kiosk ARGV`` in this process: exit code, stdout, stderr."""
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def queue_state(capsys: pytest.CaptureFixture[str], data_dir: Path) -> tuple[dict[str, int], list]:
    """Counts per state (from ``kiosk queue status --json``) and the blob directory's files."""
    code, out, _ = cli(capsys, "queue", "status", "--json")
    assert code == 0
    blobs = data_dir / "blobs"
    files = sorted(p.name for p in blobs.iterdir()) if blobs.exists() else []
    return json.loads(out)["counts"], files


def closed_port() -> int:
    """A loopback port nothing listens on (yet)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# -- offline first --------------------------------------------------------------------


def test_submit_offline_then_drain_once_the_server_is_up(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    kiosk_env: Path,
    receipt_file: Path,
) -> None:
    port = closed_port()
    url = f"http://127.0.0.1:{port}"
    for name, value in {
        "KIOSK_AMPLIFI__BASE_URL": url,
        "KIOSK_AMPLIFI__TOKEN": "test-token",
        "KIOSK_SESSIONM__BASE_URL": url,
        "KIOSK_SESSIONM__API_KEY": "test-key",
        "KIOSK_OUTBOX__KEY_STORE": "file",
        "KIOSK_OUTBOX__BACKOFF_BASE": str(FAST_RETRY["backoff_base"]),
        "KIOSK_OUTBOX__BACKOFF_CAP": str(FAST_RETRY["backoff_cap"]),
    }.items():
        monkeypatch.setenv(name, value)

    code, out, err = cli(
        capsys,
        "submit",
        "receipt",
        "--campaign",
        "sandbox-receipts",
        "--external-id",
        "customer-77",
        str(receipt_file),
    )
    assert code == 0, err
    receipt = json.loads(out)
    # The face sample fails the centring check: refused, then queued with --force.
    code, _, err = cli(capsys, "submit", "prospect", "--face", str(FACE_SAMPLE))
    assert code == 2 and "face check failed" in err and "--force" in err
    code, out, err = cli(
        capsys, "submit", "prospect", "--force", "centered,yaw", "--face", str(FACE_SAMPLE)
    )
    assert code == 0, err
    prospect = json.loads(out)
    assert prospect["overrides"] and prospect["images"][0]["checksPassed"] is False

    code, out, _ = cli(capsys, "queue", "drain", "--timeout", "2")
    assert code == 1
    assert "delivered 0; remaining 3" in out
    assert "unreachable" in out  # says why

    with SandboxServer(SandboxOptions(port=port, validation_delay=0.0)) as server:
        code, out, err = cli(capsys, "queue", "drain", "--timeout", "60")
        assert code == 0, out + err
        assert "delivered 3; remaining 0; failed 0" in out
        # Each delivery as it happens, one line on stderr (the worker's observer).
        assert len(re.findall(r"^drain: job \d+ \(\S+\) done\b", err, re.M)) == 3, err
        assert re.search(r"^drain: sessionm reachable$", err, re.M), err
        state = server.snapshot()
    counts, files = queue_state(capsys, kiosk_env)
    assert counts == {"pending": 0, "in_flight": 0, "done": 3, "failed": 0}
    assert files == []

    (record,) = state["sessionm"]["records"]
    assert receipt["externalId"] == "customer-77"  # the customer's id as given
    assert record["external_id"] == receipt["sessionmExternalId"]
    assert record["customer"] == {"mode": "external_id"} and len(record["images"]) == 1
    (image_id,) = state["amplifi"]["images"]
    assert image_id == prospect["images"][0]["AFiImageId"]
    request = state["amplifi"]["requests"][prospect["intTag"]]
    (override,) = request["payload"]["overrides"]
    assert override["kind"] == "face" and override["failedChecks"]
    assert set(override["failedChecks"]) == set(prospect["overrides"][0]["failedChecks"])


# -- bad input ----------------------------------------------------------------------------


@pytest.fixture
def one_queued(
    fast_env: SandboxServer, capsys: pytest.CaptureFixture[str], receipt_file: Path, kiosk_env: Path
) -> tuple[dict[str, int], list]:
    """A queue holding one good receipt; returns its state to compare against."""
    code, _, err = cli(
        capsys, "submit", "receipt", "--campaign", "sandbox-receipts", "--user-id", "u1",
        str(receipt_file),
    )  # fmt: skip
    assert code == 0, err
    state = queue_state(capsys, kiosk_env)
    assert state[0]["pending"] == 1 and len(state[1]) == 1
    return state


def _bad_files(tmp_path: Path, receipt_file: Path) -> dict[str, tuple[list[str], str]]:
    good = receipt_file.read_bytes()
    (tmp_path / "truncated.jpg").write_bytes(good[: len(good) // 3])
    (tmp_path / "notes.jpg").write_text("Customer said the photo is attached.\n" * 20)
    (tmp_path / "empty.png").write_bytes(b"")
    campaign = ["--campaign", "sandbox-receipts", "--user-id", "u1"]
    return {
        "corrupt": ([*campaign, str(tmp_path / "truncated.jpg")], "corrupt or truncated"),
        "text": ([*campaign, str(tmp_path / "notes.jpg")], "is text, not an image"),
        "empty": ([*campaign, str(tmp_path / "empty.png")], "empty image data"),
        "missing": ([*campaign, str(tmp_path / "nowhere.jpg")], "no such file"),
        # One bad part refuses the whole receipt, the good part with it (``--resubmit`` lets
        # the good part past its near-duplicate check: it was queued once already).
        "bad second part": (
            [
                *campaign,
                "--resubmit",
                "--reason",
                "test",
                str(receipt_file),
                str(tmp_path / "truncated.jpg"),
            ],
            "corrupt or truncated",
        ),
        "unknown campaign": (
            ["--campaign", "no-such-campaign", "--user-id", "u1", str(receipt_file)],
            "unknown campaign 'no-such-campaign'; configured campaigns: sandbox-receipts",
        ),
    }


@pytest.mark.parametrize(
    "case", ["corrupt", "text", "empty", "missing", "bad second part", "unknown campaign"]
)
def test_bad_input_is_refused_clearly_and_queues_nothing(
    case: str,
    one_queued: tuple[dict[str, int], list],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    receipt_file: Path,
    kiosk_env: Path,
) -> None:
    args, message = _bad_files(tmp_path, receipt_file)[case]
    code, out, err = cli(capsys, "submit", "receipt", *args)
    assert code == 2 and out == ""
    assert message in err
    assert err.startswith("kiosk: error: ") and err.count("\n") == 1  # one line
    assert queue_state(capsys, kiosk_env) == one_queued


def test_the_same_receipt_again_is_refused_as_a_near_duplicate(
    one_queued: tuple[dict[str, int], list],
    capsys: pytest.CaptureFixture[str],
    receipt_file: Path,
    kiosk_env: Path,
) -> None:
    code, out, err = cli(
        capsys, "submit", "receipt", "--campaign", "sandbox-receipts", "--user-id", "u2",
        str(receipt_file),
    )  # fmt: skip
    assert code == 2 and out == ""
    assert "already submitted" in err and "(failed: duplicate)" in err
    assert queue_state(capsys, kiosk_env) == one_queued
    # Only hashes are kept for this, never the image.
    conn = sqlite3.connect(kiosk_env / "outbox.sqlite3")
    hashes = conn.execute("SELECT * FROM receipt_hashes").fetchall()
    conn.close()
    assert len(hashes) == 1 and len(hashes[0][1]) == 16  # one 64-bit hash in hex


def test_a_30_mb_photo_is_re_encoded_to_fit(
    fast_env: SandboxServer,
    capsys: pytest.CaptureFixture[str],
    huge_photo: Path,
    kiosk_env: Path,
) -> None:
    code, out, err = cli(
        capsys, "submit", "receipt", "--campaign", "sandbox-receipts", "--user-id", "u2",
        str(huge_photo),
    )  # fmt: skip
    assert code == 0, err
    settings = load_settings(None)
    with Outbox(settings) as box:
        (job,) = box.store.jobs()
        queued = box.store.image(job)
    assert len(queued) < settings.max_image_bytes < 10_000_000
    assert queued.startswith(b"\xff\xd8\xff")  # re-encoded as JPEG, not the PNG as given
    decoded = cv2.imdecode(np.frombuffer(queued, np.uint8), cv2.IMREAD_UNCHANGED)
    assert decoded is not None and max(decoded.shape[:2]) >= 1011
    code, out, _ = cli(capsys, "queue", "drain", "--timeout", "60")
    assert code == 0, out
    (record,) = fast_env.snapshot()["sessionm"]["records"]
    assert len(record["images"]) == 1


def _limit_file_size(limit: int) -> Any:
    def apply() -> None:
        # A real "disk full" as the process sees it: writes past ``limit`` fail with EFBIG.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_a_full_disk_is_reported_and_queues_nothing(
    one_queued: tuple[dict[str, int], list],
    capsys: pytest.CaptureFixture[str],
    receipt_file: Path,
    kiosk_env: Path,
) -> None:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    # Room for the database and the key, not for another blob like the one already queued.
    blob_size = max((kiosk_env / "blobs" / f).stat().st_size for f in one_queued[1])
    proc = subprocess.run(
        [sys.executable, "-m", "kiosk", "submit", "receipt", "--campaign", "sandbox-receipts",
         "--user-id", "u3", "--resubmit", "--reason", "test", str(receipt_file)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limit_file_size(blob_size // 2),
    )  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    assert "not enough disk space" in proc.stderr and "nothing was queued" in proc.stderr
    assert "Traceback" not in proc.stderr
    # The half-written temp file is gone; the queue is as it was.
    assert queue_state(capsys, kiosk_env) == one_queued


def test_failed_jobs_are_shown_retried_and_purged(
    fast_env: SandboxServer,
    capsys: pytest.CaptureFixture[str],
    receipt_file: Path,
    kiosk_env: Path,
) -> None:
    # The server no longer runs the campaign: the create is refused for good.
    fast_env.state.campaigns = {"another-campaign"}
    code, _, err = cli(
        capsys, "submit", "receipt", "--campaign", "sandbox-receipts", "--user-id", "u9",
        str(receipt_file), str(receipt_file),
    )  # fmt: skip
    assert code == 0, err
    code, out, _ = cli(capsys, "queue", "drain", "--timeout", "30")
    assert code == 1
    assert "delivered 0; remaining 1; failed 1" in out
    assert "campaign_unavailable" in out and "wait on failed jobs" in out
    code, out, _ = cli(capsys, "queue", "status")
    assert code == 0
    assert "pending 1  in flight 0  done 0  failed 1  (blocked behind failures: 1)" in out
    assert "campaign_unavailable" in out
    # The worker reached SessionM (which refused the create): it is known to be online.
    assert "sessionm: online since" in out and "amplifi: not contacted yet" in out
    code, out, _ = cli(capsys, "queue", "status", "--json")
    failed = [e for e in json.loads(out)["last_errors"] if e["state"] == "failed"]
    assert len(failed) == 1 and failed[0]["kind"] == "sessionm.create"

    code, _, err = cli(capsys, "queue", "retry", "99999")
    assert code == 2 and "is neither failed nor waiting" in err
    # Once the campaign is back, a retry delivers both parts.
    fast_env.state.campaigns = None
    code, out, _ = cli(capsys, "queue", "retry", str(failed[0]["job_id"]))
    assert code == 0 and "1 job(s) will be sent again" in out
    code, out, _ = cli(capsys, "queue", "drain", "--timeout", "30")
    assert code == 0, out
    (record,) = fast_env.snapshot()["sessionm"]["records"]
    assert len(record["images"]) == record["image_count"] == 2

    # A refusal that staff give up on: purge takes the failed job and what waits on it.
    fast_env.state.campaigns = {"another-campaign"}
    # The same receipt again is a near-duplicate now that it was queued: resubmit it.
    code, _, err = cli(
        capsys, "submit", "receipt", "--campaign", "sandbox-receipts", "--user-id", "u9",
        "--resubmit", "--reason", "test", str(receipt_file), str(receipt_file),
    )  # fmt: skip
    assert code == 0, err
    code, out, err = cli(capsys, "queue", "drain", "--timeout", "30")
    assert code == 1, out + err
    assert len(list((kiosk_env / "blobs").iterdir())) == 2
    code, out, _ = cli(capsys, "queue", "purge", "--failed")
    assert code == 0 and "2 job(s) deleted" in out
    counts, files = queue_state(capsys, kiosk_env)
    assert counts == {"pending": 0, "in_flight": 0, "done": 2, "failed": 0}
    assert files == []
