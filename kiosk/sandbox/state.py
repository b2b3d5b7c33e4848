"""What the sandbox keeps: received prospect images, generic requests, validation records.

Pure logic, no HTTP: ``app.py`` maps requests onto these methods. Image bytes are
reduced to a hash and a few measurements on arrival and never kept.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import cv2
import numpy as np

from kiosk.api.sessionm_models import InvalidCode, ValidationStatus

# SessionM: "Image needs to be under 10MB in file size." (AmpliFi's pages state no limit.)
IMAGE_LIMIT = 10 * 1000 * 1000
# SessionM: "Supported formats include JPG, PNG, TIFF, PDF and GIF"; its own examples write
# JPEG as image/jpg, so both spellings are taken.
DOCUMENTED_MIME_TYPES = frozenset(
    {"image/jpeg", "image/jpg", "image/png", "image/tiff", "application/pdf", "image/gif"}
)
DARK_MEAN = 40.0
SMALL_SIDE = 200


class SessionMRefusal(Exception):
    """A documented SessionM error: ``code`` and the vendor's reason text."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class RecordNotFound(Exception):
    """No record of that id for that customer; the page documents no code for it."""


@dataclass
class ImageFacts:
    """What the sandbox keeps of an image: its hash, size and a brightness measure."""

    sha256: str
    size: int
    width: int
    height: int
    mean: float

    @classmethod
    def measure(cls, data: bytes) -> ImageFacts:
        """Hash the bytes and measure the decoded image (0×0 when it does not decode)."""
        digest = hashlib.sha256(data).hexdigest()
        pixels = np.frombuffer(data, dtype=np.uint8)
        # Full-size decode: a reduced decode rounds odd sides (a 199 px JPEG reads as 200),
        # which would move images across the "too small" line.
        image = cv2.imdecode(pixels, cv2.IMREAD_GRAYSCALE) if data else None
        if image is None:
            return cls(digest, len(data), 0, 0, 0.0)
        h, w = image.shape[:2]
        return cls(digest, len(data), w, h, float(image.mean()))


@dataclass
class ProspectImage:
    """One prospect image as received, keyed by its ``AFiImageId``."""

    device_tag: str
    type: str | None
    dts_created: str | None
    pre_segment: str | None
    facts: ImageFacts
    deliveries: int = 1


@dataclass
class GenericRecord:
    """One generic request as first received, keyed by its ``intTag``."""

    type_id: str
    name: str | None
    payload: dict[str, Any] | None
    request_id: str
    deliveries: int = 1


@dataclass
class StoredImage:
    """An image attached to a validation record."""

    id: str | None
    mime_type: str | None
    facts: ImageFacts


@dataclass
class ValidationRecord:
    """A SessionM validation record and the clock that moves it along."""

    id: int
    customer: tuple[str, str]
    user_id: str
    validation_type: str
    campaign_permalink: str
    placement_id: str | int | None
    external_id: str | None
    image_count: int | None
    data: dict[str, Any] | None
    created_at: str
    updated_at: str
    images: list[StoredImage] = field(default_factory=list)
    pending_since: float | None = None
    status: ValidationStatus = ValidationStatus.INCOMPLETE
    invalid_code: InvalidCode | None = None
    results: list[dict[str, Any]] | None = None


def _now_text() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")


class SandboxState:
    """Everything the sandbox received, behind one lock."""

    def __init__(
        self,
        validation_delay: float = 2.0,
        campaigns: set[str] | None = None,
        daily_limit: int = 0,
        base_url: str = "http://127.0.0.1",
        campaign_cap: int = 0,
        list_external_id: bool = False,
    ) -> None:
        self.lock = threading.RLock()
        self.validation_delay = validation_delay
        self.campaigns = campaigns
        self.daily_limit = daily_limit
        self.campaign_cap = campaign_cap
        # The list and add-image examples show no external_id; only create's reply has it.
        self.list_external_id = list_external_id
        self.base_url = base_url
        self.reset()

    def reset(self) -> None:
        """Forget everything received."""
        with self.lock:
            self.prospect_images: dict[str, ProspectImage] = {}
            self.requests: dict[str, GenericRecord] = {}
            self.records: dict[int, ValidationRecord] = {}
            self.seen_hashes: dict[str, int] = {}
            self.calls: list[dict[str, Any]] = []
            self.issued_tokens: set[str] = set()
            self._next_id = 100001
            self._next_request = 1

    # -- AmpliFi ---------------------------------------------------------------

    def add_prospect_image(
        self,
        afi_image_id: str,
        device_tag: str,
        type_: str | None,
        dts_created: str | None,
        pre_segment: str | None,
        facts: ImageFacts,
    ) -> None:
        """Store an image; the same ``AFiImageId`` again only counts another delivery."""
        with self.lock:
            existing = self.prospect_images.get(afi_image_id)
            if existing is not None:
                existing.deliveries += 1
                return
            self.prospect_images[afi_image_id] = ProspectImage(
                device_tag, type_, dts_created, pre_segment, facts
            )

    def put_request(
        self, int_tag: str, type_id: str, name: str | None, payload: dict[str, Any] | None
    ) -> tuple[str, bool]:
        """Record a generic request; returns its requestId and whether ``intTag`` was seen."""
        with self.lock:
            request_id = f"sandboxreq{self._next_request:08d}"
            self._next_request += 1
            existing = self.requests.get(int_tag)
            if existing is not None:
                existing.deliveries += 1
                return request_id, True
            self.requests[int_tag] = GenericRecord(type_id, name, payload, request_id)
            return request_id, False

    # -- SessionM --------------------------------------------------------------

    def create_record(
        self, customer: tuple[str, str], body: dict[str, Any], images: list[StoredImage]
    ) -> ValidationRecord:
        """Create a record with its first images, or raise SessionMRefusal."""
        with self.lock:
            permalink = body["campaign_permalink"]
            if self.campaigns is not None and permalink not in self.campaigns:
                raise SessionMRefusal(
                    "campaign_unavailable", "The campaign identifier sent in could not be found."
                )
            if self.campaign_cap:
                taken = sum(
                    1
                    for r in self.records.values()
                    if r.customer == customer and r.campaign_permalink == permalink
                )
                if taken >= self.campaign_cap:
                    raise SessionMRefusal(
                        "campaign_unavailable",
                        "The customer is ineligible for this campaign or has hit the cap.",
                    )
            if self.daily_limit:
                today = datetime.now(UTC).strftime("%Y-%m-%d")
                mine = [
                    r
                    for r in self.records.values()
                    if r.customer == customer and r.created_at.startswith(today)
                ]
                if len(mine) >= self.daily_limit:
                    raise SessionMRefusal("validation", "Customer has exceeded daily limit.")
            image_count = body.get("image_count")
            if image_count is not None and len(images) > image_count:
                raise SessionMRefusal("validation", "Too many images passed in.")
            now = _now_text()
            digest = hashlib.sha1(f"{customer[0]}:{customer[1]}".encode()).hexdigest()[:10]
            user_id = customer[1] if customer[0] == "user_id" else f"sbx-{digest}"
            record = ValidationRecord(
                id=self._next_id,
                customer=customer,
                user_id=user_id,
                validation_type=body["validation_type"],
                campaign_permalink=permalink,
                placement_id=body.get("placement_id"),
                external_id=body.get("external_id"),
                image_count=image_count,
                data=body.get("data"),
                created_at=now,
                updated_at=now,
            )
            self._next_id += 1
            self.records[record.id] = record
            self._attach(record, images)
            return record

    def add_image(
        self, customer: tuple[str, str], record_id: int, image: StoredImage
    ) -> ValidationRecord:
        """Attach one more image to an incomplete record, or raise SessionMRefusal."""
        with self.lock:
            record = self.records.get(record_id)
            if record is None or record.customer != customer:
                raise RecordNotFound(record_id)
            limit = record.image_count or len(record.images)
            if len(record.images) >= limit:
                raise SessionMRefusal("validation", "Too many images passed in.")
            self._attach(record, [image])
            return record

    def _attach(self, record: ValidationRecord, images: list[StoredImage]) -> None:
        record.images.extend(images)
        record.updated_at = _now_text()
        if len(record.images) >= (record.image_count or len(record.images)):
            record.status = ValidationStatus.PENDING
            record.pending_since = time.monotonic()

    def list_records(
        self, customer: tuple[str, str], limit: int, page: int
    ) -> list[ValidationRecord]:
        """One page of the customer's records, oldest first."""
        with self.lock:
            mine = [r for r in self.records.values() if r.customer == customer]
            for record in mine:
                self.advance(record)
            start = (page - 1) * limit
            return mine[start : start + limit]

    def advance(self, record: ValidationRecord) -> None:
        """Decide a pending record once the validation delay has passed."""
        if record.status is not ValidationStatus.PENDING or record.pending_since is None:
            return
        if time.monotonic() - record.pending_since < self.validation_delay:
            return
        code = self._judge(record)
        record.updated_at = _now_text()
        if code is None:
            record.status = ValidationStatus.VALID
            record.results = [
                {
                    "id": f"{record.id}-{i}",
                    "name": f"36000000{i:02d}",
                    "description": f"Sandbox item {i}",
                    "price": round(1.05 * i, 2),
                    "quantity": i,
                    "points": 10 * i,
                }
                for i in range(1, 2 + record.id % 3)
            ]
        else:
            record.status = ValidationStatus.INVALID
            record.invalid_code = code

    def _judge(self, record: ValidationRecord) -> InvalidCode | None:
        # Deterministic rules a test can trigger; see the README's sandbox section.
        forced = (record.data or {}).get("sandbox_invalid_code")
        if isinstance(forced, int) and forced in InvalidCode._value2member_map_:
            return InvalidCode(forced)
        receipt = record.validation_type == "receipt"
        for image in record.images:
            first = self.seen_hashes.setdefault(image.facts.sha256, record.id)
            if first != record.id:
                return InvalidCode.RECEIPT_DUPLICATE if receipt else InvalidCode.IMAGE_DUPLICATE
        for image in record.images:
            facts = image.facts
            if facts.width == 0 or min(facts.width, facts.height) < SMALL_SIDE:
                return InvalidCode.IMAGE_UNREADABLE
            if facts.mean < DARK_MEAN:
                return InvalidCode.RECEIPT_UNREADABLE if receipt else InvalidCode.IMAGE_UNREADABLE
        return None

    def record_json(
        self, record: ValidationRecord, *, with_external_id: bool = True
    ) -> dict[str, Any]:
        """The record as SessionM documents it (``external_id`` only where asked for)."""
        self.advance(record)
        out: dict[str, Any] = {
            "id": record.id,
            "validation_type": record.validation_type,
            "campaign_id": 12345,
            "campaign_permalink": record.campaign_permalink,
            "placement_id": record.placement_id,
            "user_id": record.user_id,
            "status": record.status.value,
            "created_at": record.created_at,
            "updated_at": record.updated_at,
            "image_count": record.image_count
            if record.image_count is not None
            else len(record.images),
            "images": [
                {
                    "id": img.id,
                    "url": f"{self.base_url}/_sandbox/content/{record.id}/{n}.jpg",
                    "mime_type": img.mime_type,
                }
                for n, img in enumerate(record.images, start=1)
            ],
            "data": record.data or {},
        }
        if with_external_id and record.external_id is not None:
            out["external_id"] = record.external_id
        if record.status is ValidationStatus.INVALID and record.invalid_code is not None:
            out["invalid_code"] = int(record.invalid_code)
            out["invalid_reason"] = record.invalid_code.description
        if record.status is ValidationStatus.VALID:
            out["store_name"] = "Sandbox Store"
            out["receipt_date"] = record.created_at
            out["results"] = record.results
        return out

    def listed_json(self, record: ValidationRecord) -> dict[str, Any]:
        """The record as list and add-image replies show it (the pages' examples)."""
        return self.record_json(record, with_external_id=self.list_external_id)

    def snapshot(self) -> dict[str, Any]:
        """Everything received, as JSON-able data: hashes, never image bytes, secrets or
        customer ids (records keep only how their customer was named)."""
        with self.lock:
            return {
                "amplifi": {
                    "images": {
                        k: {
                            "deviceTag": v.device_tag,
                            "type": v.type,
                            "dtsCreated": v.dts_created,
                            "preSegment": v.pre_segment,
                            "sha256": v.facts.sha256,
                            "bytes": v.facts.size,
                            "deliveries": v.deliveries,
                        }
                        for k, v in self.prospect_images.items()
                    },
                    "requests": {
                        k: {
                            "typeId": v.type_id,
                            "name": v.name,
                            "payload": v.payload,
                            "requestId": v.request_id,
                            "deliveries": v.deliveries,
                        }
                        for k, v in self.requests.items()
                    },
                },
                "sessionm": {
                    "records": [
                        {
                            **{k: v for k, v in self.record_json(r).items() if k != "user_id"},
                            "customer": {"mode": r.customer[0]},
                            "image_sha256": [i.facts.sha256 for i in r.images],
                        }
                        for r in self.records.values()
                    ],
                },
                "calls": list(self.calls),
            }

    def log_call(self, entry: dict[str, Any]) -> None:
        """Remember one call (method, path, field names, outcome), keeping the last 5000."""
        with self.lock:
            self.calls.append(entry)
            del self.calls[:-5000]
