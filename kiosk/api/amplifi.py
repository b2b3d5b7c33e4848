"""AmpliFi client: token, ``POST /prospect/image`` and ``PUT /requests``."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from kiosk.api.amplifi_models import (
    GenericRequest,
    GenericRequestResponse,
    ProspectImageRequest,
    ProspectImageResponse,
    TokenResponse,
)
from kiosk.api.base64_body import body_with_base64, encode_image
from kiosk.api.errors import AuthError, RejectedError
from kiosk.api.transport import make_client, parse, send
from kiosk.config import AmpliFiSettings, HttpSettings

if TYPE_CHECKING:
    import httpx

API = "AmpliFi"
_JSON = {"Content-Type": "application/json"}


class AmpliFiClient:
    """Calls AmpliFi with the ``token`` header; a fetched token is refreshed once on 401."""

    def __init__(
        self,
        settings: AmpliFiSettings,
        http: HttpSettings,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._settings = settings
        self._client = make_client(http, transport)
        self._lock = threading.Lock()
        self._token: str | None = (
            settings.token.get_secret_value() if settings.token is not None else None
        )

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    def __enter__(self) -> AmpliFiClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- token ---------------------------------------------------------------

    def fetch_token(self) -> str:
        """Ask ``token_url`` for a new token with the configured credentials and cache it."""
        url = self._settings.token_url
        if url is None:
            raise AuthError(
                "no token_url configured to fetch a token from", api=API, operation="token"
            )
        body = {k: v.get_secret_value() for k, v in self._settings.credentials.items()}
        request = self._client.build_request("POST", url, json=body)
        response = send(self._client, request, api=API, operation="token")
        token = parse(TokenResponse, response, api=API, operation="token").token
        with self._lock:
            self._token = token
        return token

    def _current_token(self) -> str:
        with self._lock:
            token = self._token
        if token is not None:
            return token
        if self._settings.token_url is None:
            raise AuthError(
                "no token configured (set amplifi.token or amplifi.token_url)",
                api=API,
                operation="token",
            )
        return self.fetch_token()

    def _call(self, method: str, path: str, content: bytes, operation: str) -> httpx.Response:
        url = self._settings.base_url + path
        for attempt in (1, 2):
            headers = {**_JSON, "token": self._current_token()}
            request = self._client.build_request(method, url, content=content, headers=headers)
            try:
                return send(self._client, request, api=API, operation=operation)
            except AuthError:
                # A static token cannot be refreshed; a fetched one is refreshed exactly once.
                if attempt == 2 or self._settings.token_url is None:
                    raise
                with self._lock:
                    self._token = None
        raise AssertionError("unreachable")

    # -- calls ---------------------------------------------------------------

    def post_prospect_image(
        self,
        *,
        device_tag: str,
        afi_image_id: str,
        image: bytes,
        type: str | None = None,
        dts_created: str | None = None,
        pre_segment: str | None = None,
    ) -> ProspectImageResponse:
        """Upload one prospect image (raw encoded bytes; base64 is done here)."""
        return self.post_prospect_image_b64(
            device_tag=device_tag,
            afi_image_id=afi_image_id,
            image_b64=encode_image(image),
            type=type,
            dts_created=dts_created,
            pre_segment=pre_segment,
        )

    def post_prospect_image_b64(
        self,
        *,
        device_tag: str,
        afi_image_id: str,
        image_b64: bytes,
        type: str | None = None,
        dts_created: str | None = None,
        pre_segment: str | None = None,
    ) -> ProspectImageResponse:
        """Upload one prospect image whose base64 is already computed."""
        model = ProspectImageRequest(
            device_tag=device_tag,
            afi_image_id=afi_image_id,
            image_base64="AAAA",
            type=type,
            dts_created=dts_created,
            pre_segment=pre_segment,
        )
        content = body_with_base64(model, ("image_base64",), image_b64)
        response = self._call("POST", "/prospect/image", content, "prospect/image")
        reply = parse(ProspectImageResponse, response, api=API, operation="prospect/image")
        if not reply.success:
            raise RejectedError(
                "unsuccessful",
                "the server reported success=false",
                api=API,
                operation="prospect/image",
                status_code=response.status_code,
            )
        return reply

    def put_request(self, request: GenericRequest) -> GenericRequestResponse:
        """Submit a generic request; a repeated ``intTag`` comes back with ``isDuplicate``."""
        content = request.model_dump_json(by_alias=True, exclude_none=True).encode()
        response = self._call("PUT", "/requests", content, "requests")
        reply = parse(GenericRequestResponse, response, api=API, operation="requests")
        if not reply.success:
            raise RejectedError(
                "unsuccessful",
                "the server reported success=false",
                api=API,
                operation="requests",
                status_code=response.status_code,
            )
        return reply
