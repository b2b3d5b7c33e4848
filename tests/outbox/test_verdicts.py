"""Verdicts kept for staff: the worker follows each delivered receipt's SessionM record until
it is valid or invalid (backoff, bounded) and stores the verdict without customer ids; a
prospect session keeps AmpliFi's requestId and isDuplicate."""

from __future__ import annotations

import json
import random
import sqlite3
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import cv2
import httpx
import numpy as np
import pytest
from outbox_helpers import capture, make_jpeg, sandbox_settings

from kiosk.api.amplifi import AmpliFiClient
from kiosk.api.sessionm import Customer, SessionMClient
from kiosk.cli.main import main
from kiosk.core import KioskCore
from kiosk.kinds import amplifi_types
from kiosk.outbox.deliver import Clients
from kiosk.outbox.follow import FollowPolicy
from kiosk.outbox.outbox import Outbox
from kiosk.outbox.plans import Capture
from kiosk.outbox.verdicts import Verdicts
from kiosk.outbox.worker import Worker
from kiosk.sandbox.server import SandboxServer

CUSTOMERS = ("cust-SECRET-1", "cust-SECRET-2", "cust-SECRET-3")


def _dark_jpeg() -> bytes:
    pixels = np.full((240, 320, 3), 12, np.uint8)
    ok, buf = cv2.imencode(".jpg", pixels)
    assert ok
    return buf.tobytes()


def _follow_all(worker: Worker, timeout: float = 30.0) -> None:
    """Let the worker read records until no receipt is still being followed."""
    verdicts = worker.verdicts
    deadline = time.monotonic() + timeout
    while any(v.verdict is None or v.verdict.follow == "following" for v in verdicts.submissions()):
        if not worker.follow_verdict():
            assert time.monotonic() < deadline, "verdicts were never stored"
            time.sleep(0.01)


def test_every_receipt_and_session_ends_with_a_stored_verdict_and_no_customer_ids(
    sandbox: SandboxServer, kiosk_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = sandbox_settings(sandbox.url, kiosk_env, verdict_poll_base=0.01)
    same = make_jpeg(5)
    with Outbox(settings) as outbox:
        valid = outbox.submit_receipt(
            [capture(same), capture(make_jpeg(6))],
            "sandbox-receipts",
            Customer("external_id", CUSTOMERS[0]),
        )
        dark = outbox.submit_receipt(
            [capture(_dark_jpeg())], "sandbox-receipts", Customer("user_id", CUSTOMERS[1])
        )
        twice = outbox.submit_receipt(
            [capture(same)], "sandbox-receipts", Customer("external_id", CUSTOMERS[2])
        )
        prospect = outbox.submit_prospect({"face": capture(make_jpeg(7))}, types=amplifi_types())
        worker = outbox.worker(seed=1)
        try:
            assert worker.drain(timeout=60).ok
            _follow_all(worker)
        finally:
            worker.clients.close()
        views = {v.reference: v for v in Verdicts(outbox.store.db).submissions()}

    got = views[valid.reference].verdict
    assert got is not None and got.final and got.status == "valid"
    assert views[valid.reference].delivery == "sent"
    assert got.points and got.points == sum(line.points for line in got.lines)
    assert got.store_name == "Sandbox Store" and got.receipt_date and got.reason == ""
    bad = views[dark.reference].verdict
    assert bad is not None and (bad.status, bad.invalid_code) == ("invalid", 1)
    assert bad.reason == "Receipt cannot be read clearly"  # the server's invalid_reason
    again = views[twice.reference].verdict
    assert again is not None and again.invalid_code == 3 and again.final
    session = views[prospect.reference].verdict
    assert session is not None and session.api == "amplifi" and session.final
    assert session.request_id and session.request_id.startswith("sandboxreq")
    assert not session.is_duplicate and session.summary == "received"

    # Nothing in the verdicts table names a customer.
    with sqlite3.connect(kiosk_env / "outbox.sqlite3") as conn:
        dump = json.dumps(conn.execute("SELECT * FROM verdicts").fetchall())
    assert len(json.loads(dump)) == 4
    for customer in CUSTOMERS:
        assert customer not in dump
    assert valid.summary["external_id"] not in dump

    # The command line shows the same, as a table and as JSON.
    assert main(["submissions", "--json"]) == 0
    listed = {item["reference"]: item for item in json.loads(capsys.readouterr().out)}
    assert listed[dark.reference]["verdict"] == "invalid"
    assert listed[dark.reference]["reason"] == "Receipt cannot be read clearly"
    assert listed[prospect.reference]["detail"]["request_id"] == session.request_id
    assert main(["queue", "status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert {item["reference"]: item["verdict"] for item in status["submissions"]} == {
        valid.reference: "valid",
        dark.reference: "invalid",
        twice.reference: "invalid",
        prospect.reference: "received",
    }
    assert main(["submissions"]) == 0
    table = capsys.readouterr().out
    assert f"{valid.reference}" in table and "Receipt cannot be read clearly" in table
    for customer in CUSTOMERS:
        assert customer not in table

    # The customer's result screen reads the same stored verdict through the core.
    with KioskCore(settings) as core:
        shown = core.follow(dark.reference).receipt
        assert core.follow(prospect.reference).receipt is None
    assert shown is not None and shown.final and shown.status == "invalid"
    assert shown.reason == "Receipt cannot be read clearly"


class _Rewriting(httpx.HTTPTransport):
    """Passes calls to the sandbox and rewrites each listed record with ``changes``."""

    def __init__(self, changes: dict[str, Any]) -> None:
        super().__init__()
        self.changes = changes

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Forward; on a list reply apply the changes to every record."""
        response = super().handle_request(request)
        if request.method != "GET" or response.status_code != 200:
            return response
        response.read()
        body = json.loads(response.content)
        for record in body.get("image_validations", []):
            record.update(self.changes)
        return httpx.Response(200, json=body, request=request)


def _one_receipt(
    sandbox: SandboxServer, data_dir: Path, changes: dict[str, Any], follow: FollowPolicy
) -> tuple[Worker, Outbox, str]:
    settings = sandbox_settings(sandbox.url, data_dir)
    outbox = Outbox(settings)
    plan = outbox.submit_receipt(
        [capture(make_jpeg(40))], "sandbox-receipts", Customer("external_id", "c-1")
    )
    clients = Clients(
        AmpliFiClient(settings.amplifi, settings.http),
        SessionMClient(settings.sessionm, settings.http, transport=_Rewriting(changes)),
    )
    worker = Worker(outbox.store, clients, seed=3, follow=follow)
    assert worker.drain(timeout=30).ok
    return worker, outbox, plan.reference


def test_an_undocumented_code_is_kept_with_the_servers_reason(
    sandbox: SandboxServer, kiosk_env: Path
) -> None:
    changes = {"status": "invalid", "invalid_code": 19, "invalid_reason": "A newer rule"}
    worker, outbox, reference = _one_receipt(sandbox, kiosk_env, changes, FollowPolicy(base=0.01))
    try:
        # The drain read the record once it was delivered.
        verdict = worker.verdicts.get(reference)
    finally:
        worker.clients.close()
        outbox.close()
    assert verdict is not None and verdict.final
    assert (verdict.status, verdict.invalid_code, verdict.reason) == ("invalid", 19, "A newer rule")


def test_an_unknown_status_is_followed_and_given_up_on_after_the_bound(
    sandbox: SandboxServer, kiosk_env: Path
) -> None:
    policy = FollowPolicy(base=0.01, cap=0.02, follow_for=0.3)
    worker, outbox, reference = _one_receipt(sandbox, kiosk_env, {"status": "under_review"}, policy)
    try:
        checks = 0
        while (verdict := worker.verdicts.get(reference)) is None or verdict.follow == "following":
            checks += worker.follow_verdict()
            time.sleep(0.005)
    finally:
        worker.clients.close()
        outbox.close()
    assert verdict.follow == "gave_up" and not verdict.final
    assert verdict.status == "under_review" and verdict.summary == "not judged (under_review)"
    assert verdict.checks >= checks >= 1 and verdict.checks > 1  # the drain read it too


def test_a_due_check_is_leased_to_one_worker_at_a_time(
    sandbox: SandboxServer, kiosk_env: Path
) -> None:
    policy = FollowPolicy(base=1000.0, cap=1000.0)
    worker, outbox, reference = _one_receipt(sandbox, kiosk_env, {"status": "pending"}, policy)
    try:
        verdicts = Verdicts(outbox.store.db)
        # The drain read it once; the next read is not due for a while.
        assert verdicts.claim_check(lease_seconds=60) is None
        later = time.time() + 2000
        first = verdicts.claim_check(lease_seconds=60, now=later)
        assert first is not None and first.submission == reference and first.checks == 1
        assert verdicts.claim_check(lease_seconds=60, now=later) is None
        assert verdicts.claim_check(lease_seconds=60, now=later + 61) is not None
    finally:
        worker.clients.close()
        outbox.close()


def test_reads_back_off_up_to_the_cap() -> None:
    policy = FollowPolicy(base=2.0, cap=300.0)
    rng = random.Random(0)
    for checks in range(12):
        ceiling = min(300.0, 2.0 * 2**checks)
        assert ceiling / 2 <= policy.delay(checks, rng) <= ceiling


def test_the_verdict_of_a_receipt_still_sending_is_not_made_up(
    kiosk_env: Path,
) -> None:
    # Nothing listens: the receipt stays queued and no verdict row appears.
    settings = sandbox_settings("http://127.0.0.1:9", kiosk_env)
    with Outbox(settings) as outbox:
        plan = outbox.submit_receipt(
            [capture(make_jpeg(1))], "sandbox-receipts", Customer("user_id", "u")
        )
        verdicts = Verdicts(outbox.store.db)
        assert verdicts.claim_check(60) is None
        (view,) = verdicts.submissions()
    assert (view.reference, view.delivery, view.verdict) == (plan.reference, "queued", None)


def test_a_receipt_with_a_refused_part_has_no_verdict_and_costs_idle_workers_no_lock(
    sandbox: SandboxServer, kiosk_env: Path
) -> None:
    from kiosk.outbox import verdicts as verdicts_module

    settings = sandbox_settings(sandbox.url, kiosk_env)
    with Outbox(settings) as outbox:
        refused = Capture(make_jpeg(61), "image/bmp", datetime.now().astimezone())
        plan = outbox.submit_receipt(
            [capture(make_jpeg(60)), refused], "sandbox-receipts", Customer("user_id", "u-bmp")
        )
        worker = outbox.worker(seed=4)
        try:
            result = worker.drain(timeout=30)
        finally:
            worker.clients.close()
        assert result.failed == 1  # the part SessionM's page does not take
        verdicts = Verdicts(outbox.store.db)
        (view,) = verdicts.submissions()
        assert (view.reference, view.delivery, view.verdict) == (plan.reference, "failed", None)
        assert verdicts.claim_check(60) is None
        # The idle worker's cheap read says there is nothing to do: no write lock taken.
        gate = outbox.store.db.read().execute(verdicts_module._ANYTHING_TO_DO, {"now": time.time()})
        assert gate.fetchone()[0] == 0
