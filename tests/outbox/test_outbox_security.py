"""What a lost or stolen kiosk gives away: encrypted blobs, private files, clean logs."""

from __future__ import annotations

import logging
import re
import stat
from pathlib import Path

import httpx
import pybase64
import pytest
from outbox_helpers import FACE_SAMPLE, padded_receipt

from kiosk.api.redact import RedactRequestUrls, redacted
from kiosk.cli.main import main
from kiosk.config import load_settings
from kiosk.outbox.blobs import BlobError, BlobStore
from kiosk.outbox.outbox import Outbox
from kiosk.sandbox.server import SandboxServer

CUSTOMER = "cust-7f3a9-private"
LONG_BASE64 = re.compile(rb"[A-Za-z0-9+/]{80,}")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def mode(path: Path) -> int:
    """Permission bits of a path."""
    return stat.S_IMODE(path.stat().st_mode)


def submit_both(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Queue a two-part receipt for CUSTOMER and a forced face session, via the CLI."""
    first = padded_receipt(tmp_path / "part1.jpg", part=slice(0, 1000))
    second = padded_receipt(tmp_path / "part2.jpg", part=slice(900, None))
    receipt = ["submit", "receipt", "--campaign", "sandbox-receipts", "--external-id", CUSTOMER]
    assert main([*receipt, str(first), str(second)]) == 0
    assert main(["submit", "prospect", "--force", "centered,yaw", "--face", str(FACE_SAMPLE)]) == 0
    capsys.readouterr()


def test_blobs_are_encrypted_private_and_gone_after_delivery(
    fast_env: SandboxServer,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
    kiosk_env: Path,
) -> None:
    caplog.set_level(logging.DEBUG)
    submit_both(tmp_path, capsys)
    settings = load_settings(None)
    with Outbox(settings) as box:
        jobs = [j for j in box.store.jobs() if j.blob_id]
        plain = {j.blob_id: box.store.image(j) for j in jobs}
        assert len(plain) == 3
        # While a connection is open the WAL exists; it must be as private as the database.
        db = box.store.db.path
        files = [db, Path(f"{db}-wal"), kiosk_env / "keys" / "device.key"]
        assert all(mode(p) == 0o600 for p in files), {str(p): oct(mode(p)) for p in files}
    for directory in (kiosk_env, kiosk_env / "blobs", kiosk_env / "keys"):
        assert mode(directory) == 0o700, directory
    for blob_id, image in plain.items():
        path = kiosk_env / "blobs" / f"{blob_id}.blob"
        raw = path.read_bytes()
        assert mode(path) == 0o600
        assert image.startswith(b"\xff\xd8\xff")  # the plaintext is a JPEG...
        assert not raw.startswith(b"\xff\xd8\xff") and PNG_SIGNATURE not in raw  # ...the file not
        assert image[:32] not in raw and image[-32:] not in raw
        assert pybase64.b64encode(image[:300])[:64] not in raw

    # Deliver through faults, so that retries and error paths log too.
    fast_env.set_faults("5xx=0.3,drop_before=0.1,drop_after=0.1,429=0.1,retry_after=0", seed=3)
    assert main(["-v", "queue", "drain", "--timeout", "60"]) == 0
    assert list((kiosk_env / "blobs").iterdir()) == []
    state = fast_env.snapshot()
    assert sum(len(r["images"]) for r in state["sessionm"]["records"]) == 2
    assert fast_env.snapshot()["faults"]["counts"]["5xx"] > 0

    texts = [r.getMessage() for r in caplog.records]
    texts += [caplog.text]  # formatted lines, exceptions included
    assert len(caplog.records) > 0
    samples = [pybase64.b64encode(image)[i : i + 40] for image in plain.values() for i in (0, 999)]
    for text in texts:
        data = text.encode()
        assert CUSTOMER not in text
        assert LONG_BASE64.search(data) is None, LONG_BASE64.search(data)
        assert not any(s in data for s in samples)


def test_a_blob_does_not_open_with_another_key_or_after_tampering(tmp_path: Path) -> None:
    blobs = BlobStore(tmp_path / "blobs", b"k" * 32)
    sealed = blobs.write(b"\xff\xd8\xff\xe0 a tiny jpeg" * 100)
    assert blobs.read(sealed.id, sealed.wrapped_key).startswith(b"\xff\xd8\xff")
    with pytest.raises(BlobError, match="does not decrypt"):
        BlobStore(tmp_path / "blobs", b"x" * 32).read(sealed.id, sealed.wrapped_key)
    path = blobs.path(sealed.id)
    raw = bytearray(path.read_bytes())
    raw[40] ^= 1
    path.write_bytes(bytes(raw))
    with pytest.raises(BlobError, match="does not decrypt"):
        blobs.read(sealed.id, sealed.wrapped_key)
    # Forgetting the wrapped key is erasing the image, whatever the flash still holds.
    with pytest.raises(BlobError):
        blobs.read(sealed.id, b"\x00" * len(sealed.wrapped_key))


def test_request_urls_are_logged_without_keys_or_customer_ids() -> None:
    url = httpx.URL(
        "https://sm.example.com/api/v1/apps/KEY123/image_validations/77/images?auth_token=TOK9"
    )
    assert redacted(url) == "https://sm.example.com/…/images"
    record = logging.LogRecord(
        "httpx", logging.INFO, __file__, 1, "HTTP Request: %s %s", ("GET", url), None
    )
    assert RedactRequestUrls().filter(record)
    text = record.getMessage()
    assert "KEY123" not in text and "TOK9" not in text and "77" not in text
