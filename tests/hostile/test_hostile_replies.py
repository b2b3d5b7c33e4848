"""Replies that would exhaust or hold the delivery worker are refused, bounded and retried.

Each case runs one delivery attempt in a child process against a loopback server that
misbehaves (reply_server.py) and measures the growth of the child's peak resident memory
over that attempt. The request deadline is 3 s there and the per-operation timeouts 20 s,
so a drip ends only if the deadline ends it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from reply_server import hostile_server

HERE = Path(__file__).resolve().parent
# Far below the 200 MB to 1 GB the server offers (a 200 MB reply once cost 710 MB).
GROWTH_LIMIT_MB = 50


def attempt(base_url: str, data_dir: Path, image_bytes: int = 2000) -> dict:
    """One delivery attempt in a child process; what it reported."""
    done = subprocess.run(
        [sys.executable, str(HERE / "reply_child.py"), base_url, str(data_dir), str(image_bytes)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("mode", "error_class"),
    [
        ("huge", "ReplyTooLarge"),  # refused by its Content-Length, unread
        ("huge-unannounced", "ReplyTooLarge"),  # refused while streaming
        ("chunked", "ReplyTooLarge"),  # no end at all
        ("gzip-bomb", "ReplyTooLarge"),  # inflated only up to the limit
        ("error-huge", "ServerError"),  # judged by its status; its endless body left unread
        ("drip", "ReplyDeadlineExceeded"),  # one byte every 2 s
        ("drip-headers", "ReplyDeadlineExceeded"),  # even before the status is complete
    ],
)
def test_a_hostile_reply_is_bounded_and_the_job_waits_for_a_retry(
    mode: str, error_class: str, tmp_path: Path
) -> None:
    with hostile_server() as url:
        report = attempt(f"{url}/{mode}", tmp_path / "data")
    assert report["error_class"] == error_class, report
    assert report["growth_kib"] < GROWTH_LIMIT_MB * 1024, report
    # One such attempt never dead-letters the job: it is sent again (after reconciling
    # where the server may have processed it).
    assert report["state"] == "pending" and report["attempts"] == 1, report


def test_an_upload_the_server_never_reads_ends_by_the_deadline(tmp_path: Path) -> None:
    # 6 MB of image (8 MB of base64) is more than the loopback socket buffers take.
    with hostile_server(stall_upload=True) as url:
        report = attempt(f"{url}/stall", tmp_path / "data", image_bytes=6_000_000)
    assert report["error_class"] == "SendDeadlineExceeded", report
    # Nothing reached the server whole: the attempt is not counted against the job.
    assert report["state"] == "pending" and report["attempts"] == 0, report
