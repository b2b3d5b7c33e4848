"""A server whose TLS certificate is not trusted (self-signed) is reported as that, not as
"unreachable": by the probe, by a delivery, by `kiosk queue status` and by `kiosk health`."""

from __future__ import annotations

import datetime as dt
import http.server
import ssl
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import cv2
import numpy as np
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from kiosk.cli.main import main
from kiosk.config import load_settings
from kiosk.core import KioskCore
from kiosk.outbox.plans import Capture
from kiosk.outbox.probe import Target, probe
from kiosk.outbox.reach import ReachState, state_of


def _self_signed(directory: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


class _Ok(http.server.BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PUT = do_POST

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def untrusted(tmp_path: Path) -> Iterator[str]:
    """An https server on loopback with a self-signed certificate for localhost."""
    cert, key = _self_signed(tmp_path)
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Ok)
    server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"https://localhost:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_the_probe_says_certificate_not_trusted(untrusted: str) -> None:
    result = probe(Target.for_url(untrusted), timeout=5.0)
    assert not result.online
    assert result.reason == "certificate not trusted (self-signed certificate)"


def test_a_delivery_to_it_is_reported_as_certificate_not_trusted(
    untrusted: str, kiosk_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = load_settings(
        None,
        amplifi={"base_url": untrusted, "token": "t"},
        sessionm={"base_url": untrusted, "api_key": "k"},
        outbox={"key_store": "file"},
    )
    jpeg = cv2.imencode(".jpg", np.full((480, 640, 3), 128, np.uint8))[1].tobytes()
    with KioskCore(settings) as core:
        core.submit_prospect({"face": Capture(jpeg, "image/jpeg", datetime.now(UTC))})
        worker = core.worker()
        try:
            assert worker.run_once()
        finally:
            core.retire(worker)
        reach = core.connectivity()["amplifi"]
    assert reach.online is False and reach.reason.endswith("certificate not trusted")
    assert state_of(reach) is ReachState.UNTRUSTED
    capsys.readouterr()
    assert main(["queue", "status"]) == 0
    line = capsys.readouterr().out.splitlines()[1]
    assert line.startswith("amplifi: certificate not trusted since")
    assert main(["health"]) == 2
    out = capsys.readouterr().out
    assert out.startswith("KIOSK CRITICAL") and "amplifi: certificate not trusted" in out
    assert "unreachable" not in out.split("amplifi:")[1].split(";")[0]
