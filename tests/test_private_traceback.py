"""Bugs keep their frames in the log; messages that may quote customer data do not."""

from __future__ import annotations

import io
import json
import logging

import pytest

from kiosk.capture.models import ModelError
from kiosk.capture.readers.aamva import AamvaError
from kiosk.credentials import CredentialError
from kiosk.errors import KioskError
from kiosk.imaging.encode import EncodeError
from kiosk.monitoring.logs import JsonFormatter, KeyValueFormatter
from kiosk.pipeline import ChecksFailed
from kiosk.private_traceback import WITHHELD, log_failure, private_traceback

SECRET = "ERIKSSON ANNA MARIA L898902C3"  # what a customer's document would quote


def _parse_surname(text: str) -> None:
    raise ValueError(f"cannot parse {text!r}")


def _read_document() -> None:
    try:
        _parse_surname(SECRET)
    except ValueError as exc:
        raise RuntimeError(f"reading {SECRET} failed") from exc


def test_a_bug_keeps_every_frame_and_withholds_its_messages() -> None:
    with pytest.raises(RuntimeError) as caught:
        _read_document()
    text = private_traceback(caught.value)
    assert SECRET not in text
    assert "_parse_surname" in text and "_read_document" in text  # where it happened
    assert "builtins.ValueError: " + WITHHELD in text
    assert "builtins.RuntimeError: " + WITHHELD in text
    assert text.index("ValueError") < text.index("which led to") < text.index("RuntimeError")


def test_a_kiosk_error_keeps_its_message() -> None:
    try:
        raise KioskError("the outbox database /var/lib/branch-kiosk/outbox.sqlite3 is read-only")
    except KioskError as exc:
        assert "is read-only" in private_traceback(exc)


@pytest.mark.parametrize(
    "error", [EncodeError, CredentialError, AamvaError, ModelError, ChecksFailed]
)
def test_every_explained_failure_is_a_kiosk_error(error: type[Exception]) -> None:
    assert issubclass(error, KioskError)


@pytest.mark.parametrize("formatter", [KeyValueFormatter(), JsonFormatter()])
def test_the_log_formats_show_frames_not_data(formatter: logging.Formatter) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    log = logging.getLogger("test.private")
    log.addHandler(handler)
    log.propagate = False
    try:
        try:
            _read_document()
        except RuntimeError as exc:
            log_failure(log, "taking the passport picture failed", exc)
        log_failure(log, "saving failed", KioskError("disk full at /var/lib/branch-kiosk"))
    finally:
        log.removeHandler(handler)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    assert SECRET not in stream.getvalue()
    assert ("_parse_surname" in lines[0] and "level=ERROR" in lines[0]) or (
        json.loads(lines[0])["level"] == "ERROR" and "_parse_surname" in json.loads(lines[0])["exc"]
    )
    assert "disk full at /var/lib/branch-kiosk" in lines[1]
    assert "WARNING" in lines[1]
