"""What the sandbox keeps: received prospect images, generic requests, validation records.

Pure logic, no HTTP: ``app.py`` maps requests onto these methods. Image bytes are
reduced to a hash and a few measurements on arrival and never kept (facts.py). The
AmpliFi side is here; the SessionM side is in sessionm_state.py.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from kiosk.sandbox.facts import ImageFacts

# The SessionM names app.py takes from here are re-exported (``name as name``).
from kiosk.sandbox.sessionm_state import DOCUMENTED_MIME_TYPES as DOCUMENTED_MIME_TYPES
from kiosk.sandbox.sessionm_state import IMAGE_LIMIT as IMAGE_LIMIT
from kiosk.sandbox.sessionm_state import RecordNotFound as RecordNotFound
from kiosk.sandbox.sessionm_state import SessionMRefusal as SessionMRefusal
from kiosk.sandbox.sessionm_state import SessionMState, ValidationRecord
from kiosk.sandbox.sessionm_state import StoredImage as StoredImage


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


class SandboxState(SessionMState):
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

    # -- both APIs --------------------------------------------------------------

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
