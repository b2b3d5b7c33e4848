"""How each kind of job is delivered, including reconciliation after an ambiguous failure.

Identities are fixed at enqueue time and reused on every attempt: ``AFiImageId`` for
prospect images, ``intTag`` for the session request, and for SessionM the client id of
each image (``images[].id``, unique to its submission) plus an ``external_id``. After an
ambiguous failure SessionM is asked what it already has before anything is resent: a
create is found by its first image's id (the page shows ``images[].id`` on listed records
but no ``external_id``, which is used only where a server lists it), an added image by
its record's id and its own id. AmpliFi has no read-back, so the same identity is resent
(``PUT /requests`` deduplicates by ``intTag``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from kiosk.api.amplifi import AmpliFiClient
from kiosk.api.amplifi_models import GenericRequest
from kiosk.api.base64_body import encode_image
from kiosk.api.errors import RejectedError
from kiosk.api.sessionm import Customer, SessionMClient
from kiosk.config import Settings
from kiosk.outbox.jobs import Job, JobKind


class JobSource(Protocol):
    """What delivery needs of the store."""

    def image(self, job: Job) -> bytes: ...
    def secret(self, job: Job) -> dict[str, Any]: ...
    def dependency_results(self, job: Job) -> list[dict[str, Any]]: ...


@dataclass
class Prepared:
    """What a job's delivery reads from the store, read beforehand on the worker's thread.

    The request then runs on a thread of its own (kiosk/outbox/attempt.py) and never
    touches the database, so a delivery left running holds no transaction or lock.
    """

    image_data: bytes | None
    secret_fields: dict[str, Any]
    results: list[dict[str, Any]]

    @classmethod
    def load(cls, job: Job, store: JobSource) -> Prepared:
        """Decrypt the job's image and secret and read its dependencies' results."""
        return cls(
            store.image(job) if job.blob_id is not None else None,
            store.secret(job),
            store.dependency_results(job),
        )

    def image(self, job: Job) -> bytes:
        """The decrypted image."""
        if self.image_data is None:
            raise ValueError(f"job {job.id} has no image")
        return self.image_data

    def secret(self, job: Job) -> dict[str, Any]:
        """The decrypted secret fields."""
        return self.secret_fields

    def dependency_results(self, job: Job) -> list[dict[str, Any]]:
        """Results of the jobs this one waits for, in plan order."""
        return self.results


@dataclass
class Clients:
    """The API clients the worker uses."""

    amplifi: AmpliFiClient
    sessionm: SessionMClient

    @classmethod
    def from_settings(cls, settings: Settings) -> Clients:
        """Clients for the configured servers."""
        return cls(
            AmpliFiClient(settings.amplifi, settings.http),
            SessionMClient(settings.sessionm, settings.http),
        )

    def close(self) -> None:
        """Close both connection pools."""
        self.amplifi.close()
        self.sessionm.close()


@dataclass
class Outcome:
    """A delivered job's result, and whether reconciliation found it already there."""

    result: dict[str, Any]
    reconciled: bool = False
    resent_after_ambiguous: bool = False


def deliver(job: Job, store: JobSource, clients: Clients) -> Outcome:
    """Deliver one job; raise an ``ApiError`` subclass when it did not go through."""
    handler = _HANDLERS[job.kind]
    return handler(job, store, clients)


def _prospect_image(job: Job, store: JobSource, clients: Clients) -> Outcome:
    p = job.payload
    b64 = encode_image(store.image(job))
    clients.amplifi.post_prospect_image_b64(
        device_tag=p["deviceTag"],
        afi_image_id=p["AFiImageId"],
        image_b64=b64,
        type=p.get("type"),
        dts_created=p.get("dtsCreated"),
        pre_segment=p.get("preSegment"),
    )
    return Outcome({"AFiImageId": p["AFiImageId"]}, resent_after_ambiguous=job.ambiguous)


def _generic_request(job: Job, store: JobSource, clients: Clients) -> Outcome:
    request = GenericRequest.model_validate(job.payload)
    reply = clients.amplifi.put_request(request)
    return Outcome(
        {"requestId": reply.request_id, "isDuplicate": reply.is_duplicate},
        reconciled=reply.is_duplicate,
        resent_after_ambiguous=job.ambiguous,
    )


def _customer(store: JobSource, job: Job) -> Customer:
    secret = store.secret(job)
    return Customer(secret["mode"], secret["value"])


def _sm_create(job: Job, store: JobSource, clients: Clients) -> Outcome:
    p = job.payload
    customer = _customer(store, job)
    if job.ambiguous:
        found = clients.sessionm.find_by_image_id(customer, p["image_id"], p["external_id"])
        if found is not None:
            return Outcome(
                {"validation_id": found.id, "status": found.status_text}, reconciled=True
            )
    record = clients.sessionm.create_validation(
        customer,
        campaign_permalink=p["campaign_permalink"],
        first_image_b64=encode_image(store.image(job)),
        image_id=p["image_id"],
        mime_type=p.get("mime_type"),
        image_count=p["image_count"],
        external_id=p["external_id"],
        data=p.get("data"),
    )
    return Outcome(
        {"validation_id": record.id, "status": record.status_text},
        resent_after_ambiguous=job.ambiguous,
    )


def _sm_add_image(job: Job, store: JobSource, clients: Clients) -> Outcome:
    p = job.payload
    customer = _customer(store, job)
    validation_id = next(
        r["validation_id"] for r in store.dependency_results(job) if "validation_id" in r
    )
    if job.ambiguous:
        found = clients.sessionm.find_by_id(customer, validation_id)
        if found is not None and p["image_id"] in found.image_ids():
            return Outcome(
                {"validation_id": found.id, "status": found.status_text}, reconciled=True
            )
    try:
        record = clients.sessionm.add_image(
            customer,
            validation_id,
            image_b64=encode_image(store.image(job)),
            image_id=p["image_id"],
            mime_type=p.get("mime_type"),
        )
    except RejectedError as exc:
        # "Too many images" after an unnoticed earlier success: check before giving up.
        if exc.code != "validation":
            raise
        found = clients.sessionm.find_by_id(customer, validation_id)
        if found is not None and p["image_id"] in found.image_ids():
            return Outcome(
                {"validation_id": found.id, "status": found.status_text}, reconciled=True
            )
        raise
    return Outcome(
        {"validation_id": record.id, "status": record.status_text},
        resent_after_ambiguous=job.ambiguous,
    )


_HANDLERS = {
    JobKind.PROSPECT_IMAGE: _prospect_image,
    JobKind.GENERIC_REQUEST: _generic_request,
    JobKind.SM_CREATE: _sm_create,
    JobKind.SM_ADD_IMAGE: _sm_add_image,
}
