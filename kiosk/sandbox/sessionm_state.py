"""The sandbox's SessionM side: receipt validation records and the clock that judges them.

Pure logic, no HTTP: ``app.py`` maps requests onto these methods (through
``SandboxState``, which holds the records).
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from kiosk.api.sessionm_models import InvalidCode, ValidationStatus
from kiosk.sandbox.facts import ImageFacts

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


class SessionMState:
    """Validation records of the SessionM API; ``SandboxState`` adds the rest."""

    lock: threading.RLock
    validation_delay: float
    campaigns: set[str] | None
    daily_limit: int
    campaign_cap: int
    list_external_id: bool
    base_url: str
    records: dict[int, ValidationRecord]
    seen_hashes: dict[str, int]
    _next_id: int

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
        # Deterministic rules a test can trigger; see docs/sandbox.md.
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
