"""Guessing the admin PIN: a few free tries, then a wait that doubles to 15 min, kept on disk,
logged without the digits, counted for the fleet's alert, cleared by `kiosk pin reset`."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest
from prometheus_client import CollectorRegistry

from kiosk.cli.main import main
from kiosk.monitoring.collector import KioskCollector
from kiosk.pin_lockout import FILE_NAME, FREE_TRIES, MAX_LOCK_S, PinLockout, Verdict, lock_seconds

PIN = "482913"


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def _guess_until_locked(lockout: PinLockout) -> None:
    while lockout.remaining() == 0:
        assert lockout.check("0000", PIN) is Verdict.WRONG


def test_the_wait_doubles_from_30_s_to_a_15_min_cap() -> None:
    assert [lock_seconds(n) for n in range(1, FREE_TRIES)] == [0.0] * (FREE_TRIES - 1)
    assert [lock_seconds(n) for n in range(FREE_TRIES, FREE_TRIES + 7)] == [
        30.0,
        60.0,
        120.0,
        240.0,
        480.0,
        900.0,
        900.0,
    ]


def test_a_guesser_gets_about_100_tries_a_day(kiosk_env: Path) -> None:
    """The figure in docs/reliability.md: guesses one pad takes in 24 h at full speed."""
    clock = Clock()
    lockout = PinLockout(kiosk_env, clock)
    start, tries = clock.now, 0
    while clock.now - start < 24 * 3600:
        clock.now += lockout.remaining()
        assert lockout.check(f"{tries % 10000:04d}", PIN) is Verdict.WRONG
        tries += 1
    assert 95 <= tries <= 105, tries


def test_the_right_pin_is_refused_while_locked_and_accepted_after(kiosk_env: Path) -> None:
    clock = Clock()
    lockout = PinLockout(kiosk_env, clock)
    _guess_until_locked(lockout)
    assert lockout.state().failures == FREE_TRIES
    assert lockout.check(PIN, PIN) is Verdict.LOCKED
    clock.now += 30
    assert lockout.check(PIN, PIN) is Verdict.ACCEPTED
    assert lockout.state().failures == 0 and not (kiosk_env / FILE_NAME).exists()


def test_the_lockout_is_kept_in_the_data_dir(kiosk_env: Path) -> None:
    clock = Clock()
    _guess_until_locked(PinLockout(kiosk_env, clock))
    assert (kiosk_env / FILE_NAME).stat().st_mode & 0o077 == 0
    again = PinLockout(kiosk_env, clock)  # the app restarted
    assert again.remaining() == 30.0
    assert again.check(PIN, PIN) is Verdict.LOCKED


def test_a_clock_set_back_does_not_lock_beyond_the_cap(kiosk_env: Path) -> None:
    clock = Clock()
    lockout = PinLockout(kiosk_env, clock)
    _guess_until_locked(lockout)
    clock.now -= 10 * 24 * 3600
    assert 0 < lockout.remaining() <= MAX_LOCK_S


def test_a_damaged_lockout_file_locks_once_rather_than_opening(kiosk_env: Path) -> None:
    kiosk_env.mkdir(parents=True)
    (kiosk_env / FILE_NAME).write_text("{not json")
    lockout = PinLockout(kiosk_env)
    assert lockout.check(PIN, PIN) is Verdict.LOCKED
    lockout.clock = lambda: time.time() + 31
    assert lockout.check(PIN, PIN) is Verdict.ACCEPTED


def test_each_failure_is_a_security_event_without_the_digits(
    kiosk_env: Path, caplog: pytest.LogCaptureFixture
) -> None:
    clock = Clock()
    lockout = PinLockout(kiosk_env, clock)
    with caplog.at_level(logging.INFO, logger="kiosk.security"):
        for guess in ("1111", "2222", "3333", "4444", "5555"):
            lockout.check(guess, PIN)
    failed = [r.getMessage() for r in caplog.records if "admin_pin_failed" in r.getMessage()]
    assert len(failed) == FREE_TRIES
    assert failed[0].startswith("event=admin_pin_failed count=1 locked_until=- ")
    assert "count=5 locked_until=2027-01-15T08:00:30Z lock_s=30" in failed[-1]
    for text in (r.getMessage() for r in caplog.records):
        assert not any(d * 4 in text for d in "12345") and PIN not in text


def test_failures_are_counted_for_the_metrics(kiosk_env: Path) -> None:
    lockout = PinLockout(kiosk_env, Clock())
    for _ in range(3):
        lockout.check("0000", PIN)
    registry = CollectorRegistry()
    registry.register(KioskCollector(kiosk_env, "test-device"))
    assert registry.get_sample_value("kiosk_admin_pin_failures_total") == 3.0


def test_kiosk_pin_reset_unlocks_the_pads(
    kiosk_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _guess_until_locked(PinLockout(kiosk_env))
    assert main(["pin", "status"]) == 0
    assert "locked until" in capsys.readouterr().out
    assert main(["pin", "reset"]) == 0
    assert PinLockout(kiosk_env).check(PIN, PIN) is Verdict.ACCEPTED
    assert main(["pin", "status"]) == 0
    assert "not locked; 0 wrong PIN(s)" in capsys.readouterr().out
