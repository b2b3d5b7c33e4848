"""Submission plans: the jobs one customer capture session or one receipt turns into.

Identities are generated here, once, at enqueue time, and stored with the jobs.
"""

from __future__ import annotations

import secrets
import string
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from kiosk.api.sessionm import Customer
from kiosk.config import CaptureKind, Settings
from kiosk.outbox.jobs import JobKind, JobSpec

_ID_ALPHABET = string.ascii_lowercase + string.digits


def new_afi_image_id() -> str:
    """A user-generated image id like the vendor's example (19 lowercase letters/digits)."""
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(19))


def new_int_tag() -> str:
    """A string of digits: milliseconds since the epoch plus 6 random digits."""
    return f"{int(time.time() * 1000)}{secrets.randbelow(10**6):06d}"


# Crockford's base32 (https://www.crockford.com/base32.html): digits and letters without
# I, L, O and U, so a reference read aloud or copied by hand has no look-alikes (0/O, 1/I/L).
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# 8 symbols of 5 bits: 40 bits, as many references as the 36^8 letters-and-digits form had
# within a factor of 2.6; shown as K-XXXX-XXXX.
REFERENCE_SYMBOLS = 8
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


@dataclass(frozen=True)
class VisitRecord:
    """What a visit recorded besides its pictures, sent with the submission: the privacy
    notice the customer accepted (when, which wording by its hash, in which language) and
    the steps skipped with the reason given. No customer data."""

    consent: Mapping[str, str] | None = None
    skipped: tuple[Mapping[str, str], ...] = ()

    def as_payload(self) -> dict[str, Any]:
        """The fields as they go into the request body (absent when empty)."""
        out: dict[str, Any] = {}
        if self.consent is not None:
            out["consent"] = dict(self.consent)
        if self.skipped:
            out["skipped"] = [dict(s) for s in self.skipped]
        return out


def new_reference() -> str:
    """The short reference a customer is shown (no personal data in it): ``K-7T86-M0QX``."""
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_SYMBOLS))
    return f"K-{code[:4]}-{code[4:]}"


def canonical_reference(typed: str) -> str:
    """A reference as typed or read back (any case, spaces or dashes, O for 0, I or L for 1)
    in the form ``new_reference`` gives; the text upper-cased if it is not a reference."""
    text = "".join(ch for ch in typed.upper() if ch not in " -")
    if text.startswith("K") and len(text) == REFERENCE_SYMBOLS + 1:
        code = text[1:].translate(_READ_AS)
        if all(ch in REFERENCE_ALPHABET for ch in code):
            return f"K-{code[:4]}-{code[4:]}"
    return typed.strip().upper()


def iso_millis(moment: datetime) -> str:
    """ISO 8601 with milliseconds and offset: ``2022-06-20T15:33:22.529+00:00``."""
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.isoformat(timespec="milliseconds")


@dataclass
class Capture:
    """One encoded image ready to queue, with when it was taken and how it was checked."""

    data: bytes
    mime_type: str
    captured_at: datetime
    checks_passed: bool = True
    override_reason: str | None = None
    failed_checks: list[str] = field(default_factory=list)


@dataclass
class Plan:
    """A submission's jobs, ready for ``Store.enqueue``."""

    reference: str
    kind: str
    summary: dict[str, Any]
    specs: list[JobSpec]


def _override(kind: str, capture: Capture) -> dict[str, Any] | None:
    if capture.checks_passed:
        return None
    return {
        "kind": kind,
        "failedChecks": capture.failed_checks,
        "reason": capture.override_reason or "override",
    }


def prospect_plan(
    settings: Settings,
    captures: dict[CaptureKind, Capture],
    pre_segment: str | None = None,
    visit: VisitRecord | None = None,
    types: Mapping[str, str] | None = None,
) -> Plan:
    """One ``POST /prospect/image`` per capture, then one ``PUT /requests`` after them.

    ``visit``: what else the visit recorded (the notice accepted, the steps skipped and
    why), carried in the session request beside the images. ``types``: each kind's own
    AmpliFi type label (its record's), used where ``amplifi.types`` sets none.
    """
    if not captures:
        raise ValueError("a prospect submission needs at least one image")
    amplifi = settings.amplifi
    segment = pre_segment if pre_segment is not None else amplifi.pre_segment
    specs: list[JobSpec] = []
    images: list[dict[str, Any]] = []
    overrides = []
    for kind, capture in captures.items():
        image_id = new_afi_image_id()
        payload = {
            "deviceTag": settings.device_tag,
            "AFiImageId": image_id,
            "type": amplifi.type_for(kind, (types or {}).get(kind)),
            "dtsCreated": iso_millis(capture.captured_at),
            "preSegment": segment,
        }
        specs.append(
            JobSpec(
                JobKind.PROSPECT_IMAGE,
                image_id,
                payload,
                image=capture.data,
                mime_type=capture.mime_type,
            )
        )
        images.append(
            {
                "AFiImageId": image_id,
                "type": payload["type"],
                "kind": kind,
                "dtsCreated": payload["dtsCreated"],
            }
        )
        if (override := _override(kind, capture)) is not None:
            overrides.append(override)
    int_tag = new_int_tag()
    reference = new_reference()
    body: dict[str, Any] = {
        "deviceTag": settings.device_tag,
        "reference": reference,
        "images": images,
    }
    if segment:
        body["preSegment"] = segment
    if overrides:
        body["overrides"] = overrides
    body.update(visit.as_payload() if visit is not None else {})
    request = {
        "typeId": amplifi.session_type_id,
        "intTag": int_tag,
        "name": amplifi.session_name,
        "payload": body,
    }
    specs.append(
        JobSpec(
            JobKind.GENERIC_REQUEST, f"intTag:{int_tag}", request, after=list(range(len(images)))
        )
    )
    summary = {"intTag": int_tag, "images": images, "overrides": overrides}
    return Plan(reference, "prospect", summary, specs)


def receipt_plan(
    settings: Settings,
    parts: list[Capture],
    campaign_permalink: str,
    customer: Customer,
    visit: VisitRecord | None = None,
) -> Plan:
    """A validation create carrying part 1, then one add-image per further part, in order.

    ``visit``: the notice the customer accepted, kept in the validation's ``data``.
    """
    if not parts:
        raise ValueError("a receipt submission needs at least one image")
    settings.sessionm.campaign(campaign_permalink)  # raises ConfigError if unknown
    reference = new_reference()
    external_id = f"kiosk-{reference.lower()}-{secrets.token_hex(4)}"
    secret = {"mode": customer.mode, "value": customer.value}
    overrides = [o for n, p in enumerate(parts, 1) if (o := _override(f"part {n}", p))]
    data: dict[str, Any] = {"device_tag": settings.device_tag, "reference": reference}
    if overrides:
        data["overrides"] = overrides
    data.update(visit.as_payload() if visit is not None else {})
    specs: list[JobSpec] = []
    for number, part in enumerate(parts, start=1):
        image_id = f"{external_id}-{number}"
        common = {
            "external_id": external_id,
            "image_id": image_id,
            "mime_type": part.mime_type,
            "part": number,
        }
        if number == 1:
            payload = {
                **common,
                "campaign_permalink": campaign_permalink,
                "image_count": len(parts),
                "data": data,
            }
            specs.append(
                JobSpec(
                    JobKind.SM_CREATE,
                    f"create:{external_id}",
                    payload,
                    image=part.data,
                    mime_type=part.mime_type,
                    secret=secret,
                )
            )
        else:
            # Each part waits for the create and the part before it, so order is kept.
            after = [0] if number == 2 else [0, number - 2]
            specs.append(
                JobSpec(
                    JobKind.SM_ADD_IMAGE,
                    f"image:{image_id}",
                    common,
                    image=part.data,
                    mime_type=part.mime_type,
                    secret=secret,
                    after=after,
                )
            )
    summary = {
        "external_id": external_id,
        "campaign": campaign_permalink,
        "parts": len(parts),
        "customer_mode": customer.mode,
        "overrides": overrides,
    }
    return Plan(reference, "receipt", summary, specs)
