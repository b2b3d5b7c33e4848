"""A process with ``outbox.seal_to`` queues captures it cannot read; delivery reads them."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from outbox_helpers import capture, make_jpeg, sandbox_settings, sha256

from kiosk.api.sessionm import Customer
from kiosk.cli.main import main
from kiosk.kinds import amplifi_types
from kiosk.outbox.blobs import BlobError, BlobStore
from kiosk.outbox.keys import DeviceKeyError
from kiosk.outbox.outbox import Outbox
from kiosk.outbox.sealing import SealPrivateKey, SealPublicKey, is_sealed
from kiosk.sandbox.server import SandboxServer


def test_the_screen_seals_and_cannot_read_and_delivery_delivers(
    sandbox: SandboxServer,
    kiosk_env: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    delivery = sandbox_settings(sandbox.url, kiosk_env)
    old_image = make_jpeg(1)
    with Outbox(delivery) as box:  # the delivery side first: key, check value, seal.pub
        box.submit_prospect(
            {"passport": capture(old_image)}, types=amplifi_types()
        )  # an old, device-key blob
    seal_pub = tmp_path / "screen" / "seal.pub"
    seal_pub.parent.mkdir()
    shutil.copy(kiosk_env / "keys" / "seal.pub", seal_pub)
    # The screen's process has no device key anywhere it could read (or make) one.
    keys_away = tmp_path / "keys-held-by-delivery"
    (kiosk_env / "keys").rename(keys_away)

    screen = sandbox_settings(sandbox.url, kiosk_env, seal_to=seal_pub)
    images = [make_jpeg(2), make_jpeg(3)]
    with Outbox(screen) as box:
        assert not box.store.blobs.can_decrypt
        prospect = box.submit_prospect({"passport": capture(images[0])}, types=amplifi_types())
        receipt = box.submit_receipt(
            [capture(images[1])], "sandbox-receipts", Customer("external_id", "cust-sealed-77")
        )
        new_jobs = [
            j for j in box.store.jobs() if j.submission in {prospect.reference, receipt.reference}
        ]
        for job in new_jobs:
            if job.blob_id is not None:
                with pytest.raises(DeviceKeyError, match=r"only seals captures to .*seal_to"):
                    box.store.image(job)
            if job.sealed is not None:
                assert is_sealed(job.sealed)
                with pytest.raises(DeviceKeyError, match="only seals"):
                    box.store.secret(job)
        with pytest.raises(DeviceKeyError, match="only seals"):
            box.worker()
    assert not (kiosk_env / "keys").exists()  # no key was read from or made in keys/
    with sqlite3.connect(kiosk_env / "outbox.sqlite3") as conn:
        wrapped = [bytes(r[0]) for r in conn.execute("SELECT wrapped_key FROM blobs")]
    assert sum(is_sealed(w) for w in wrapped) == 2 and len(wrapped) == 3

    # Its command line refuses to deliver, in one line, and touches no job.
    monkeypatch.setenv("KIOSK_OUTBOX__SEAL_TO", str(seal_pub))
    monkeypatch.setenv("KIOSK_AMPLIFI__BASE_URL", sandbox.url)
    monkeypatch.setenv("KIOSK_AMPLIFI__TOKEN", "t")
    monkeypatch.setenv("KIOSK_SESSIONM__BASE_URL", sandbox.url)
    monkeypatch.setenv("KIOSK_SESSIONM__API_KEY", "k")
    capsys.readouterr()
    assert main(["queue", "drain", "--timeout", "5"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("kiosk: error: this process only seals captures to") and "\n" not in err
    assert sandbox.snapshot()["calls"] == []

    # The delivery side, holding the key, delivers old and sealed captures alike.
    keys_away.rename(kiosk_env / "keys")
    with Outbox(delivery) as box:
        worker = box.worker(seed=1)
        try:
            assert worker.drain(timeout=60).ok
        finally:
            worker.clients.close()
    state = sandbox.snapshot()
    received = {v["sha256"] for v in state["amplifi"]["images"].values()}
    assert received == {sha256(old_image), sha256(images[0])}
    (record,) = state["sessionm"]["records"]
    assert record["external_id"] == receipt.summary["external_id"]
    assert record["image_sha256"] == [sha256(images[1])]


def test_a_seal_key_of_another_outbox_is_refused(
    sandbox: SandboxServer, kiosk_env: Path, tmp_path: Path
) -> None:
    with Outbox(sandbox_settings(sandbox.url, kiosk_env)):
        pass
    other = tmp_path / "other.pub"
    other.write_bytes(SealPrivateKey(b"o" * 32).public.pem())
    with pytest.raises(DeviceKeyError, match="is not this outbox's public key"):
        Outbox(sandbox_settings(sandbox.url, kiosk_env, seal_to=other))
    missing = tmp_path / "absent.pub"
    with pytest.raises(DeviceKeyError, match=r"cannot be read .*copy seal\.pub"):
        Outbox(sandbox_settings(sandbox.url, kiosk_env, seal_to=missing))
    other.write_bytes(b"not a key")
    with pytest.raises(DeviceKeyError, match="not an X25519 public key"):
        Outbox(sandbox_settings(sandbox.url, kiosk_env, seal_to=other))


def test_sealed_values_open_only_with_their_key_and_context(tmp_path: Path) -> None:
    key = b"d" * 32
    public = SealPublicKey.from_pem(SealPrivateKey(key).public.pem())
    screen = BlobStore(tmp_path / "blobs", seal_to=public, seal_to_path=tmp_path / "seal.pub")
    written = screen.write(b"\xff\xd8\xff an image" * 50)
    field = screen.seal(b'{"mode": "user_id"}', "create:x")
    delivery = BlobStore(tmp_path / "blobs", key)
    assert delivery.read(written.id, written.wrapped_key).startswith(b"\xff\xd8\xff an image")
    assert delivery.unseal(field, "create:x") == b'{"mode": "user_id"}'
    stranger = BlobStore(tmp_path / "blobs", b"e" * 32)
    assert not stranger.opens(written.id, written.wrapped_key)
    assert not delivery.opens("another-blob", written.wrapped_key)  # bound to its blob id
    with pytest.raises(BlobError, match="does not decrypt"):
        delivery.unseal(field, "create:y")
    tampered = bytearray(field)
    tampered[10] ^= 1  # inside the ephemeral public key
    with pytest.raises(BlobError, match="does not decrypt"):
        delivery.unseal(bytes(tampered), "create:x")
