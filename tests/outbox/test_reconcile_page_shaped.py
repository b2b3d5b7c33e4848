"""Reconciliation on what the SessionM page documents: a server whose list replies look like
the page's example (no ``external_id``), replies dropped after processing, and records on the
customer's list the kiosk does not understand. No receipt is created twice, every record ends
with exactly ``image_count`` images in part order, and the odd records change nothing."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import httpx
from outbox_helpers import capture, make_jpeg, sha256

from kiosk.api.amplifi import AmpliFiClient
from kiosk.api.sessionm import Customer, SessionMClient
from kiosk.outbox.deliver import Clients
from kiosk.outbox.jobs import JobKind, JobState
from kiosk.outbox.outbox import Outbox
from kiosk.outbox.verdicts import Verdicts
from kiosk.outbox.worker import JobEvent
from kiosk.sandbox.server import SandboxServer

# Records already on every customer's list that the kiosk did not make and cannot fully
# read: an undocumented status and code, a numeric image id, no id at all, not an object.
FOREIGN: list[Any] = [
    {
        "id": 900001,
        "status": "under_review",
        "invalid_code": 42,
        "invalid_reason": "A rule newer than the page",
        "image_count": 1,
        "images": [{"id": 100, "url": "https://content.example/1.jpg"}],
    },
    {"status": "valid", "images": [{"id": "200"}]},
    "not a record",
]


class PageShapedLists(httpx.HTTPTransport):
    """The sandbox's list replies, checked to be page-shaped, with the foreign records added."""

    def __init__(self) -> None:
        super().__init__()
        self.lists = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Pass the call on; prepend the foreign records to a list reply."""
        response = super().handle_request(request)
        if request.method != "GET" or response.status_code != 200:
            return response
        response.read()
        body = json.loads(response.content)
        records = body.get("image_validations")
        if not isinstance(records, list):
            return response
        assert all("external_id" not in r for r in records), "the list is not page-shaped"
        self.lists += 1
        body["image_validations"] = FOREIGN + records
        return httpx.Response(200, json=body, request=request)


@dataclass
class Events:
    """Keeps the worker's job events."""

    seen: list[JobEvent] = field(default_factory=list)

    def job_event(self, event: JobEvent) -> None:
        """Keep the event."""
        self.seen.append(event)

    def connectivity(self, api: str, online: bool, reason: str) -> None:
        """Not needed here."""


def test_dropped_replies_reconcile_on_image_ids_against_page_shaped_lists(
    outbox: Outbox, sandbox: SandboxServer
) -> None:
    # Only SessionM work, with most replies lost after the server acted on them.
    sandbox.set_faults("drop_after=0.45,drop_before=0.1", seed=3)
    receipts = []
    for n in range(5):
        parts = [capture(make_jpeg(700 + 10 * n + p)) for p in range(1 + n % 3)]
        # Two receipts share a customer, so each list also holds the other's record.
        customer = Customer("external_id", f"shared-{n % 2}" if n < 4 else "alone")
        plan = outbox.submit_receipt(parts, "sandbox-receipts", customer)
        receipts.append((plan, [sha256(c.data) for c in parts]))
    settings = outbox.settings
    lists = PageShapedLists()
    clients = Clients(
        AmpliFiClient(settings.amplifi, settings.http),
        SessionMClient(settings.sessionm, settings.http, transport=lists),
    )
    events = Events()
    worker = outbox.worker(observers=(events,), seed=2, clients=clients)
    try:
        result = worker.drain(timeout=120)
    finally:
        clients.close()
    assert result.ok, result.reasons

    records = sandbox.snapshot()["sessionm"]["records"]
    assert len(records) == len(receipts)  # no receipt was created twice
    for plan, hashes in receipts:
        (record,) = [r for r in records if r["data"]["reference"] == plan.reference]
        ids = [spec.payload["image_id"] for spec in plan.specs]
        assert record["image_count"] == len(hashes) == len(record["images"])
        assert [i["id"] for i in record["images"]] == ids  # each part once, in order
        assert record["image_sha256"] == hashes
    # The drops really forced reconciliation, of creates and of added images alike, and it
    # went through the page-shaped lists with the foreign records on them.
    reconciled = {e.kind for e in events.seen if e.reconciled}
    assert reconciled == {JobKind.SM_CREATE.value, JobKind.SM_ADD_IMAGE.value}
    assert lists.lists > 0
    jobs = outbox.store.jobs()
    assert all(j.state is JobState.DONE for j in jobs)
    # Each receipt's verdict follows its record's id, whether the reply or the list told
    # it; the delivered jobs' payloads, replies and sealed customer ids are gone.
    verdicts = Verdicts(outbox.store.db)
    for plan, _ in receipts:
        (record,) = [r for r in records if r["data"]["reference"] == plan.reference]
        verdict = verdicts.get(plan.reference)
        assert verdict is not None and verdict.validation_id == str(record["id"])
        mine = [j for j in jobs if j.submission == plan.reference]
        if verdict.follow == "following":  # the customer id is needed to read the record
            assert all(j.sealed is not None for j in mine)
        else:
            assert all(j.result is None and j.sealed is None and j.payload == {} for j in mine)
