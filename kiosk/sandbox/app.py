"""The sandbox's HTTP face: both APIs as their pages describe them, on Starlette."""

from __future__ import annotations

import binascii
import json
import secrets
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pybase64
from pydantic import BaseModel, ValidationError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.types import ASGIApp

from kiosk.api.amplifi_models import GenericRequest, ProspectImageRequest
from kiosk.api.sessionm_models import AddImageRequest, CreateValidationRequest, ImageIn
from kiosk.sandbox.facts import ImageFacts
from kiosk.sandbox.faults import FaultInjector, FaultMiddleware, FaultSpec, quiet_drops
from kiosk.sandbox.paths import public_path
from kiosk.sandbox.state import (
    DOCUMENTED_MIME_TYPES,
    IMAGE_LIMIT,
    RecordNotFound,
    SandboxState,
    SessionMRefusal,
    StoredImage,
)

_Model = TypeVar("_Model", bound=BaseModel)


@dataclass
class SandboxAuth:
    """Credentials the sandbox accepts; None means any non-empty value."""

    token: str | None = None
    api_key: str | None = None
    auth_token: str | None = None
    revoked: set[str] = field(default_factory=set)
    seen: set[str] = field(default_factory=set)


def _shape(value: Any) -> Any:
    # The structure of a JSON body with every value replaced by its type: safe to show.
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shape(value[0])] if value else []
    return type(value).__name__


def _problem_fields(exc: ValidationError) -> str:
    return ", ".join(sorted({".".join(str(p) for p in e["loc"]) for e in exc.errors()}))


def _decode_image(b64: str) -> bytes:
    try:
        return pybase64.b64decode(b64, validate=True)
    except (binascii.Error, ValueError):
        raise SessionMRefusal("validation", "Invalid image data sent in.") from None


class SandboxApp:
    """Routes of both APIs plus the ``/_sandbox`` admin endpoints."""

    def __init__(self, state: SandboxState, injector: FaultInjector, auth: SandboxAuth) -> None:
        self.state = state
        self.injector = injector
        self.auth = auth
        quiet_drops()
        apps = "/v1/apps/{api_key}"
        ext = "/external/users/{external_id}"
        usr = "/users/{user_id}"
        routes = [
            Route("/token", self.token, methods=["POST"]),
            Route("/prospect/image", self.prospect_image, methods=["POST"]),
            Route("/requests", self.generic_request, methods=["PUT"]),
            Route(f"/priv{apps}/image_validations", self.create, methods=["POST"]),
            Route(f"/priv{apps}{usr}/image_validations", self.create, methods=["POST"]),
            Route(f"/priv{apps}{ext}/image_validations", self.create, methods=["POST"]),
            Route(
                f"/api{apps}/image_validations/{{vid:int}}/images", self.add_image, methods=["POST"]
            ),
            Route(
                f"/priv{apps}{usr}/image_validations/{{vid:int}}/images",
                self.add_image,
                methods=["POST"],
            ),
            Route(
                f"/priv{apps}{ext}/image_validations/{{vid:int}}/images",
                self.add_image,
                methods=["POST"],
            ),
            Route(f"/api{apps}/image_validations", self.list, methods=["GET"]),
            Route(f"/priv{apps}{usr}/image_validations", self.list, methods=["GET"]),
            Route(f"/priv{apps}{ext}/image_validations", self.list, methods=["GET"]),
            Route("/_sandbox/state", self.show_state, methods=["GET"]),
            Route("/_sandbox/health", self.health, methods=["GET"]),
            Route("/_sandbox/reset", self.reset, methods=["POST"]),
            Route("/_sandbox/faults", self.set_faults, methods=["POST"]),
            Route("/_sandbox/revoke-tokens", self.revoke_tokens, methods=["POST"]),
        ]
        self.asgi: ASGIApp = FaultMiddleware(Starlette(routes=routes), injector, state)

    # -- helpers ---------------------------------------------------------------

    async def _body(self, request: Request) -> tuple[bytes, Any]:
        raw = await request.body()
        try:
            return raw, json.loads(raw)
        except ValueError:
            return raw, None

    def _log(self, request: Request, shape: Any, status: int, outcome: str) -> None:
        self.state.log_call(
            {
                "method": request.method,
                "path": public_path(request.url.path),
                "query": sorted(request.query_params.keys()),
                "headers": sorted(
                    h for h in request.headers if h in ("token", "authorization", "content-type")
                ),
                "body": shape,
                "status": status,
                "outcome": outcome,
            }
        )

    # -- AmpliFi ---------------------------------------------------------------

    def _amplifi_token_ok(self, request: Request) -> bool:
        token = request.headers.get("token", "")
        if not token or token in self.auth.revoked:
            return False
        self.auth.seen.add(token)
        if self.auth.token is None:
            return True
        return token == self.auth.token or token in self.state.issued_tokens

    async def token(self, request: Request) -> JSONResponse:
        """Issue a token for any JSON object of credentials."""
        _, body = await self._body(request)
        if not isinstance(body, dict):
            self._log(request, None, 400, "bad credentials body")
            return JSONResponse(
                {"success": False, "message": "credentials must be a JSON object"}, 400
            )
        token = secrets.token_urlsafe(24)
        with self.state.lock:
            self.state.issued_tokens.add(token)
        self._log(request, _shape(body), 200, "token issued")
        return JSONResponse({"token": token})

    async def _amplifi(
        self, request: Request, model: type[_Model]
    ) -> tuple[_Model, Any] | tuple[None, JSONResponse]:
        # The parsed request and its shape (for the log), or None and the error reply.
        raw, body = await self._body(request)
        shape = _shape(body)
        if not self._amplifi_token_ok(request):
            self._log(request, shape, 401, "unauthorized")
            return None, JSONResponse(
                {"success": False, "message": "invalid or missing token"}, 401
            )
        try:
            return model.model_validate_json(raw), shape
        except ValidationError as exc:
            problem = _problem_fields(exc)
            self._log(request, shape, 400, f"invalid: {problem}")
            return None, JSONResponse(
                {"success": False, "message": f"invalid fields: {problem}"}, 400
            )

    async def prospect_image(self, request: Request) -> JSONResponse:
        """``POST /prospect/image``."""
        parsed, shape = await self._amplifi(request, ProspectImageRequest)
        if parsed is None:
            return shape
        try:
            data = pybase64.b64decode(parsed.image_base64, validate=True)
        except (binascii.Error, ValueError):
            self._log(request, shape, 400, "bad base64")
            return JSONResponse({"success": False, "message": "imageBase64 is not base64"}, 400)
        # No size limit here: AmpliFi's pages state none (SessionM's 10 MB is its own).
        facts = ImageFacts.measure(data)
        self.state.add_prospect_image(
            parsed.afi_image_id,
            parsed.device_tag,
            parsed.type,
            parsed.dts_created,
            parsed.pre_segment,
            facts,
        )
        self._log(request, shape, 200, "stored")
        return JSONResponse({"success": True})

    async def generic_request(self, request: Request) -> JSONResponse:
        """``PUT /requests``: deduplicated by ``intTag``."""
        parsed, shape = await self._amplifi(request, GenericRequest)
        if parsed is None:
            return shape
        request_id, duplicate = self.state.put_request(
            parsed.int_tag, parsed.type_id, parsed.name, parsed.payload
        )
        self._log(request, shape, 200, "duplicate" if duplicate else "stored")
        body: dict[str, Any] = {"success": True, "requestId": request_id}
        if duplicate:
            body["isDuplicate"] = True
        return JSONResponse(body)

    # -- SessionM --------------------------------------------------------------

    def _customer(self, request: Request) -> tuple[str, str] | JSONResponse:
        key = request.path_params["api_key"]
        # A refused key or token is a plain 401: the page defines no error code for it.
        if not key or (self.auth.api_key is not None and key != self.auth.api_key):
            return JSONResponse({"message": "Invalid API key."}, 401)
        params = request.path_params
        if "user_id" in params:
            return ("user_id", params["user_id"])
        if "external_id" in params:
            return ("external_id", params["external_id"])
        token = request.query_params.get("auth_token", "")
        if not token:
            return _error("missing_data", "auth_token is required.", 200)
        if self.auth.auth_token is not None and token != self.auth.auth_token:
            return JSONResponse({"message": "Invalid auth token."}, 401)
        return ("auth_token", token)

    async def create(self, request: Request) -> JSONResponse:
        """Create a validation record with its first images."""
        raw, body = await self._body(request)
        shape = _shape(body)
        customer = self._customer(request)
        if isinstance(customer, JSONResponse):
            self._log(request, shape, customer.status_code, "unauthorized")
            return customer
        try:
            parsed = CreateValidationRequest.model_validate_json(raw)
        except ValidationError as exc:
            self._log(request, shape, 200, f"missing_data: {_problem_fields(exc)}")
            return _error("missing_data", "Required parameter is missing.", 200)
        try:
            images = [self._stored(img) for img in parsed.image_validation.images]
            fields = parsed.image_validation.model_dump(exclude={"images"})
            record = self.state.create_record(customer, fields, images)
        except SessionMRefusal as refusal:
            self._log(request, shape, 200, refusal.code)
            return _error(refusal.code, refusal.message, 200)
        self._log(request, shape, 200, "created")
        return JSONResponse({"status": "ok", "image_validation": self.state.record_json(record)})

    async def add_image(self, request: Request) -> JSONResponse:
        """Add one image to a record."""
        raw, body = await self._body(request)
        shape = _shape(body)
        customer = self._customer(request)
        if isinstance(customer, JSONResponse):
            self._log(request, shape, customer.status_code, "unauthorized")
            return customer
        try:
            parsed = AddImageRequest.model_validate_json(raw)
        except ValidationError as exc:
            missing = isinstance(body, dict) and not (body.get("image") or {}).get("base64_data")
            code, message = (
                ("image_not_found", "No image data sent in.")
                if missing
                else ("validation", "Invalid image data sent in.")
            )
            self._log(request, shape, 200, f"{code}: {_problem_fields(exc)}")
            return _error(code, message, 200)
        try:
            record = self.state.add_image(
                customer, request.path_params["vid"], self._stored(parsed.image)
            )
        except SessionMRefusal as refusal:
            self._log(request, shape, 200, refusal.code)
            return _error(refusal.code, refusal.message, 200)
        except RecordNotFound:
            # No documented code for an unknown record: a plain 404, no invented one.
            self._log(request, shape, 404, "no such record")
            return JSONResponse({"message": "Image validation not found."}, 404)
        self._log(request, shape, 200, "image added")
        return JSONResponse({"status": "ok", "image_validation": self.state.listed_json(record)})

    def _stored(self, image: ImageIn) -> StoredImage:
        if image.mime_type is not None and image.mime_type not in DOCUMENTED_MIME_TYPES:
            # Only the page's formats (JPG, PNG, TIFF, PDF, GIF); mime_type itself is optional.
            raise SessionMRefusal("validation", "Invalid image data sent in.")
        data = _decode_image(image.base64_data)
        if len(data) >= IMAGE_LIMIT:
            raise SessionMRefusal("validation", "An image passed in is over 10MB.")
        return StoredImage(image.id, image.mime_type, ImageFacts.measure(data))

    async def list(self, request: Request) -> JSONResponse:
        """List a customer's records, ``limit``/``page`` paged."""
        customer = self._customer(request)
        if isinstance(customer, JSONResponse):
            self._log(request, None, customer.status_code, "unauthorized")
            return customer
        try:
            limit = int(request.query_params.get("limit", "100"))
            page = int(request.query_params.get("page", "1"))
            if limit < 1 or page < 1:
                raise ValueError
        except ValueError:
            # The page defines no error for the list call: a plain 400, no invented code.
            self._log(request, None, 400, "bad paging")
            return JSONResponse({"message": "limit and page must be positive integers."}, 400)
        with self.state.lock:
            records = [
                self.state.listed_json(r) for r in self.state.list_records(customer, limit, page)
            ]
        self._log(request, None, 200, f"listed {len(records)}")
        return JSONResponse({"image_validations": records})

    # -- admin -----------------------------------------------------------------

    async def show_state(self, request: Request) -> JSONResponse:
        """Everything received (hashes and field names, never image data)."""
        snapshot = self.state.snapshot()
        snapshot["faults"] = {
            "spec": self.injector.spec.describe(),
            "counts": dict(self.injector.counts),
        }
        return JSONResponse(snapshot)

    async def health(self, request: Request) -> JSONResponse:
        """Liveness probe."""
        return JSONResponse({"ok": True})

    async def reset(self, request: Request) -> JSONResponse:
        """Forget everything received, token revocations included."""
        self.state.reset()
        with self.state.lock:
            self.auth.revoked.clear()
            self.auth.seen.clear()
        return JSONResponse({"ok": True})

    async def set_faults(self, request: Request) -> JSONResponse:
        """Replace the fault spec: ``{"spec": "5xx=0.3,...", "seed": 1}``."""
        _, body = await self._body(request)
        if not isinstance(body, dict):
            return JSONResponse({"ok": False, "message": "expected a JSON object"}, 400)
        try:
            spec = FaultSpec.parse(body.get("spec", ""))
        except ValueError as exc:
            return JSONResponse({"ok": False, "message": str(exc)}, 400)
        self.injector.configure(spec, body.get("seed"))
        return JSONResponse({"ok": True, "spec": spec.describe()})

    async def revoke_tokens(self, request: Request) -> JSONResponse:
        """Refuse every AmpliFi token seen so far (to exercise the refresh on 401)."""
        with self.state.lock:
            self.auth.revoked |= self.state.issued_tokens
            if self.auth.token is not None:
                self.auth.revoked.add(self.auth.token)
            self.auth.revoked |= self.auth.seen
        return JSONResponse({"ok": True})


def _error(code: str, message: str, status: int) -> JSONResponse:
    return JSONResponse({"status": "error", "errors": {"code": code, "message": message}}, status)


def build_app(
    state: SandboxState | None = None,
    injector: FaultInjector | None = None,
    auth: SandboxAuth | None = None,
) -> SandboxApp:
    """A sandbox application with fresh state unless given."""
    return SandboxApp(state or SandboxState(), injector or FaultInjector(), auth or SandboxAuth())
