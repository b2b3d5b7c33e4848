"""Time the outbox cannot trust: hostile Retry-After values, a clock that was a year ahead.

No job waits longer than ``outbox.retry_after_cap`` (1 h) for its next attempt, whatever a
server says; a wait set by a wrong clock is clamped at the worker's start, warned about by
``kiosk health`` and can be ended by ``kiosk queue retry``.
"""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

import pytest
from drip import StatusServer

from kiosk.api.errors import RETRY_AFTER_LIMIT_S, parse_retry_after
from kiosk.cli.main import main
from kiosk.config import Settings, load_settings
from kiosk.kinds import amplifi_types
from kiosk.outbox.backoff import RetryPolicy
from kiosk.outbox.deliver import Clients
from kiosk.outbox.jobs import JobState
from kiosk.outbox.outbox import Outbox
from kiosk.outbox.plans import Capture
from kiosk.outbox.store import Store
from kiosk.outbox.worker import Worker

CAP_S = 3600.0  # outbox.retry_after_cap's default
NOW = 1_700_000_000.0


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("120", 120.0),
        (" 7 ", 7.0),
        ("2.5", 2.5),
        ("-4", 0.0),
        ("0", 0.0),
        ("99999999999", RETRY_AFTER_LIMIT_S),
        ("9" * 5000, RETRY_AFTER_LIMIT_S),  # beyond Python's int-from-text limit
        ("Fri, 31 Dec 9999 23:59:59 GMT", RETRY_AFTER_LIMIT_S),
        ("Tue, 14 Nov 2023 22:13:50 GMT", 30.0),
        ("Sun, 06 Nov 1994 08:49:37 GMT", 0.0),  # in the past: now
        ("inf", None),
        ("-inf", None),
        ("nan", None),
        ("1e9", None),
        ("soon", None),
        ("Fri, 31 Dec 99999 23:59:59 GMT", None),
        ("Mon, 32 Foo 2020 99:99:99 GMT", None),
        ("", None),
    ],
)
def test_retry_after_is_parsed_defensively(header: str, seconds: float | None) -> None:
    assert parse_retry_after(header, now=NOW) == seconds


def _jpeg_capture() -> Capture:
    import cv2
    import numpy as np

    ok, buf = cv2.imencode(".jpg", np.full((48, 64, 3), 90, np.uint8))
    assert ok
    return Capture(buf.tobytes(), "image/jpeg", datetime.now().astimezone())


def _settings(url: str, data_dir: Path) -> Settings:
    return load_settings(
        None,
        data_dir=data_dir,
        amplifi={"base_url": url, "token": "test-token"},
        sessionm={"base_url": url, "api_key": "test-key"},
        http={"connect_timeout": 2.0, "read_timeout": 5.0, "write_timeout": 5.0},
        outbox={"key_store": "file", "backoff_base": 0.01, "backoff_cap": 0.05},
    )


@pytest.mark.parametrize(
    "retry_after", ["99999999999", "inf", "Fri, 31 Dec 9999 23:59:59 GMT", "nan", "-1", "x"]
)
def test_a_429_never_parks_a_job_beyond_the_cap(kiosk_env: Path, retry_after: str) -> None:
    with StatusServer("429 Too Many Requests", {"Retry-After": retry_after}) as server:
        settings = _settings(server.url, kiosk_env)
        with Outbox(settings) as box:
            box.submit_prospect({"face": _jpeg_capture()}, types=amplifi_types())
            worker = box.worker(seed=1)
            try:
                before = time.time()
                assert worker.run_once()
            finally:
                worker.clients.close()
            job = next(j for j in box.store.jobs() if j.kind.value == "amplifi.prospect_image")
    assert job.state is JobState.PENDING and job.error_class == "RateLimited"
    wait = job.next_attempt_at - before
    assert 0.0 <= wait <= CAP_S + 5.0, wait
    if retry_after in ("99999999999", "Fri, 31 Dec 9999 23:59:59 GMT"):
        assert wait >= CAP_S - 5.0  # a huge wait is obeyed up to the cap
    else:
        assert wait <= 1.0  # garbage (inf, nan, text) or "now": the own backoff (0.05 s cap)


def test_a_wait_set_while_the_clock_was_a_year_ahead_is_clamped_warned_and_retryable(
    kiosk_env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    year = 365 * 86400.0
    with StatusServer("503 Service Unavailable", {"Retry-After": "600"}) as server:
        settings = _settings(server.url, kiosk_env)
        with Outbox(settings) as box:
            box.submit_prospect({"face": _jpeg_capture()}, types=amplifi_types())
        # One attempt while the clock is a year ahead: the 503's wait is set a year out.
        ahead = Store(kiosk_env, "file", clock=lambda: time.time() + year)
        worker = Worker(
            ahead, Clients.from_settings(settings), RetryPolicy.from_settings(settings.outbox)
        )
        try:
            assert worker.run_once()
        finally:
            worker.clients.close()
            ahead.close()
    monkeypatch.setenv("KIOSK_OUTBOX__KEY_STORE", "file")
    with Outbox(settings) as box:
        (job,) = [j for j in box.store.jobs() if j.kind.value == "amplifi.prospect_image"]
        assert job.state is JobState.PENDING and job.next_attempt_at > time.time() + year - 60

        # The clock is right again: kiosk health says a job waits beyond the longest wait.
        assert main(["health"]) == 1
        out = capsys.readouterr().out
        assert "1 waiting beyond the longest wait" in out

        # Staff can send it now: a waiting job is accepted, not only a failed one.
        assert main(["queue", "retry", str(job.id)]) == 0
        assert "1 job(s) will be sent again" in capsys.readouterr().out
        again = box.store.get(job.id)
        assert again is not None and again.next_attempt_at <= time.time()

        # Parked again, a worker's start (or its next claim) brings it within the cap.
        with box.store.db.transaction() as conn:
            conn.execute(
                "UPDATE jobs SET next_attempt_at = ? WHERE id = ?", (time.time() + year, job.id)
            )
        assert box.store.clamp_waits() == 1
        clamped = box.store.get(job.id)
        assert clamped is not None
        assert clamped.next_attempt_at <= time.time() + CAP_S
        # What health still warns of is the 503 the attempt met (a degraded server), no
        # longer a wait beyond the cap.
        assert main(["health"]) == 1
        out = capsys.readouterr().out
        assert "waiting beyond the longest wait" not in out and "amplifi: degraded" in out, out
