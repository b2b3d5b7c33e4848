"""Replies are read up to ``http.max_response_bytes`` over real loopback HTTP."""

from __future__ import annotations

import gzip
import http.server
import json
import threading
from collections.abc import Iterator

import pytest

from kiosk.api.amplifi import AmpliFiClient
from kiosk.api.amplifi_models import GenericRequest
from kiosk.api.errors import ClientStatusError
from kiosk.api.replies import ReplyTooLarge
from kiosk.config import AmpliFiSettings, HttpSettings

LIMIT = 16 * 1024
_REQUEST = GenericRequest.model_validate(
    {"typeId": "t", "intTag": "1", "name": "n", "payload": {"k": "v"}}
)


class _Handler(http.server.BaseHTTPRequestHandler):
    """PUT /requests answers as the path's first segment says."""

    def do_PUT(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        mode = self.path.split("/")[1]
        reply = {"success": True, "requestId": "r1", "isDuplicate": False}
        body = json.dumps(reply).encode()
        status, headers = 200, {}
        if mode == "exact":
            body = body[:-1] + b" " * (LIMIT - len(body)) + b"}"
        elif mode == "over":
            body = body[:-1] + b" " * (LIMIT + 1 - len(body)) + b"}"
        elif mode == "gzip":
            body, headers = gzip.compress(body), {"Content-Encoding": "gzip"}
        elif mode == "refused":
            status = 400
            body = json.dumps({"message": "bad", "pad": "x" * LIMIT * 4}).encode()
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def server() -> Iterator[str]:
    """The replying server's base URL."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def client(url: str) -> AmpliFiClient:
    """An AmpliFi client with a small reply limit."""
    return AmpliFiClient(
        AmpliFiSettings(base_url=url, token="t"), HttpSettings(max_response_bytes=LIMIT)
    )


@pytest.mark.parametrize("mode", ["exact", "gzip"])
def test_a_reply_within_the_limit_is_read(server: str, mode: str) -> None:
    with client(f"{server}/{mode}") as amplifi:
        assert amplifi.put_request(_REQUEST).request_id == "r1"


def test_a_2xx_one_byte_over_the_limit_is_ambiguous(server: str) -> None:
    with client(f"{server}/over") as amplifi, pytest.raises(ReplyTooLarge, match="refused"):
        amplifi.put_request(_REQUEST)


def test_an_error_reply_over_the_limit_keeps_its_status(server: str) -> None:
    with client(f"{server}/refused") as amplifi, pytest.raises(ClientStatusError) as err:
        amplifi.put_request(_REQUEST)
    assert err.value.status_code == 400 and "was not read" in str(err.value)


def test_the_limit_and_deadline_are_settings_with_documented_defaults() -> None:
    http = HttpSettings()
    assert http.max_response_bytes == 512 * 1024 and http.request_deadline == 95.0
    with pytest.raises(ValueError):
        HttpSettings(request_deadline=0)
