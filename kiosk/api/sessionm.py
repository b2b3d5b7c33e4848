"""SessionM image-validation client: create a record, add an image, list records.

Each call exists in the three documented endpoint forms, chosen by how the customer is
named (``auth_token`` query, ``users/:user_id``, ``external/users/:external_id``), with
the ``/priv/v1/`` and ``/api/v1/`` prefixes exactly as the vendor's page gives them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal
from urllib.parse import quote

from pydantic import ValidationError

from kiosk.api.base64_body import body_with_base64, encode_image
from kiosk.api.errors import RejectedError
from kiosk.api.sessionm_models import (
    AddImageRequest,
    CreateValidationRequest,
    ErrorReply,
    ImageIn,
    ImageValidation,
    ImageValidationCreate,
    ImageValidationEnvelope,
    ImageValidationList,
)
from kiosk.api.transport import json_or_none, make_client, parse, send
from kiosk.config import HttpSettings, SessionMSettings

if TYPE_CHECKING:
    import httpx

API = "SessionM"
CustomerMode = Literal["auth_token", "user_id", "external_id"]
# The vendor's examples write JPEG as image/jpg; send what its own pages show.
_VENDOR_MIME = {"image/jpeg": "image/jpg"}


@dataclass(frozen=True)
class Customer:
    """How a customer is named in SessionM URLs. The value is never shown in reprs."""

    mode: CustomerMode
    value: str = field(repr=False)

    def __post_init__(self) -> None:
        if not self.value:
            raise ValueError(f"customer {self.mode} must not be empty")


def customer_for(settings: SessionMSettings, identifier: str | None = None) -> Customer | None:
    """Who a receipt belongs to: the identifier the customer gave, as ``customer_mode`` says
    (external id or user id; in ``auth_token`` mode a token given for this submission).

    Never a configured token: one token for every customer would send every receipt to
    one SessionM profile, so without an identifier the customer must say who they are.
    """
    return Customer(settings.customer_mode, identifier) if identifier else None


def vendor_mime(mime: str | None) -> str | None:
    """The mime type as SessionM's examples spell it."""
    return _VENDOR_MIME.get(mime or "", mime)


class SessionMClient:
    """Calls SessionM's image-validation API."""

    def __init__(
        self,
        settings: SessionMSettings,
        http: HttpSettings,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._settings = settings
        import httpx  # here, not at the top: see kiosk/api/transport.py

        auth = None
        if settings.api_secret is not None:
            auth = httpx.BasicAuth(
                settings.api_key.get_secret_value(), settings.api_secret.get_secret_value()
            )
        self._client = make_client(http, transport, auth=auth)

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    def __enter__(self) -> SessionMClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- URLs ------------------------------------------------------------------

    def _app(self, prefix: str) -> str:
        key = quote(self._settings.api_key.get_secret_value(), safe="")
        return f"{self._settings.base_url}/{prefix}/v1/apps/{key}"

    def _collection(self, customer: Customer, *, create: bool) -> tuple[str, dict[str, str]]:
        value = quote(customer.value, safe="")
        if customer.mode == "auth_token":
            # Create lives under /priv/v1; list and add-image under /api/v1 (vendor's page).
            prefix = "priv" if create else "api"
            return f"{self._app(prefix)}/image_validations", {"auth_token": customer.value}
        if customer.mode == "user_id":
            return f"{self._app('priv')}/users/{value}/image_validations", {}
        return f"{self._app('priv')}/external/users/{value}/image_validations", {}

    def create_url(self, customer: Customer) -> tuple[str, dict[str, str]]:
        """URL and query of the create call for this customer."""
        return self._collection(customer, create=True)

    def add_image_url(
        self, customer: Customer, validation_id: str | int
    ) -> tuple[str, dict[str, str]]:
        """URL and query of the add-image call for this customer and record."""
        base, params = self._collection(customer, create=False)
        return f"{base}/{quote(str(validation_id), safe='')}/images", params

    def list_url(self, customer: Customer) -> tuple[str, dict[str, str]]:
        """URL and query of the list call for this customer."""
        return self._collection(customer, create=False)

    # -- calls -----------------------------------------------------------------

    def create_validation(
        self,
        customer: Customer,
        *,
        campaign_permalink: str,
        first_image: bytes | None = None,
        first_image_b64: bytes | None = None,
        image_id: str | None = None,
        mime_type: str | None = None,
        image_count: int | None = None,
        external_id: str | None = None,
        data: dict[str, object] | None = None,
    ) -> ImageValidation:
        """Create a validation record carrying its first image."""
        b64 = first_image_b64 if first_image_b64 is not None else encode_image(first_image or b"")
        model = CreateValidationRequest(
            image_validation=ImageValidationCreate(
                validation_type=self._settings.validation_type,
                campaign_permalink=campaign_permalink,
                placement_id=self._settings.placement_id,
                external_id=external_id,
                image_count=image_count,
                data=data,
                images=[ImageIn(id=image_id, base64_data="AAAA", mime_type=vendor_mime(mime_type))],
            )
        )
        content = body_with_base64(model, ("image_validation", "images", "0", "base64_data"), b64)
        url, params = self.create_url(customer)
        return self._post(url, params, content, "create validation")

    def add_image(
        self,
        customer: Customer,
        validation_id: str | int,
        *,
        image: bytes | None = None,
        image_b64: bytes | None = None,
        image_id: str | None = None,
        mime_type: str | None = None,
    ) -> ImageValidation:
        """Add one image to a record; it turns ``pending`` once ``image_count`` is reached."""
        b64 = image_b64 if image_b64 is not None else encode_image(image or b"")
        model = AddImageRequest(
            image=ImageIn(id=image_id, base64_data="AAAA", mime_type=vendor_mime(mime_type))
        )
        content = body_with_base64(model, ("image", "base64_data"), b64)
        url, params = self.add_image_url(customer, validation_id)
        return self._post(url, params, content, "add image")

    def list_validations(
        self, customer: Customer, *, limit: int = 100, page: int = 1
    ) -> list[ImageValidation]:
        """One page of the customer's validation records (those the kiosk can read)."""
        return self.list_page(customer, limit=limit, page=page).image_validations

    def list_page(
        self, customer: Customer, *, limit: int = 100, page: int = 1
    ) -> ImageValidationList:
        """One page as the server sent it, with a count of entries that could not be read."""
        url, params = self.list_url(customer)
        request = self._client.build_request(
            "GET", url, params={**params, "limit": str(limit), "page": str(page)}
        )
        response = send(self._client, request, api=API, operation="list validations")
        self._raise_if_error(response, "list validations")
        return parse(ImageValidationList, response, api=API, operation="list validations")

    def iter_validations(
        self, customer: Customer, *, limit: int = 100
    ) -> Iterator[ImageValidation]:
        """Every record of the customer once, walking the pages until a short one."""
        page = 1
        seen: set[str] = set()
        while True:
            reply = self.list_page(customer, limit=limit, page=page)
            fresh = [record for record in reply.image_validations if record.id not in seen]
            seen.update(record.id for record in fresh)
            yield from fresh
            # A full page with nothing new means the server ignores ``page``: stop, or we
            # would ask for the same page forever. Unreadable entries still fill a page.
            if reply.page_size < limit or not (fresh or reply.unreadable_records):
                return
            page += 1

    def find_by_image_id(
        self, customer: Customer, image_id: str, external_id: str | None = None
    ) -> ImageValidation | None:
        """The customer's record holding an image with this client id (``images[].id``, which
        the page shows on listed records), or carrying this ``external_id`` where the server
        lists one (its list example does not)."""
        for record in self.iter_validations(customer):
            if image_id in record.image_ids():
                return record
            if external_id is not None and record.external_id == external_id:
                return record
        return None

    def find_by_id(self, customer: Customer, validation_id: str | int) -> ImageValidation | None:
        """The customer's record with this id (the page has no single-record read)."""
        wanted = str(validation_id)
        for record in self.iter_validations(customer):
            if record.id == wanted:
                return record
        return None

    # -- plumbing --------------------------------------------------------------

    def _post(
        self, url: str, params: dict[str, str], content: bytes, operation: str
    ) -> ImageValidation:
        request = self._client.build_request(
            "POST",
            url,
            params=params,
            content=content,
            headers={"Content-Type": "application/json"},
        )
        response = send(self._client, request, api=API, operation=operation)
        self._raise_if_error(response, operation)
        return parse(
            ImageValidationEnvelope, response, api=API, operation=operation
        ).image_validation

    @staticmethod
    def _raise_if_error(response: httpx.Response, operation: str) -> None:
        body = json_or_none(response)
        if not (isinstance(body, dict) and body.get("status") == "error"):
            return
        try:
            reply = ErrorReply.model_validate(body)
            code, message = reply.errors.code, reply.errors.message or ""
        except ValidationError:
            code, message = "unknown", "error reply without a documented code"
        raise RejectedError(
            code, message[:200], api=API, operation=operation, status_code=response.status_code
        )
