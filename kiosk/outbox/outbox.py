"""The outbox as the rest of the kiosk uses it: enqueue plans, read status, run a worker."""

from __future__ import annotations

from collections.abc import Mapping

from kiosk.api.sessionm import Customer
from kiosk.config import CaptureKind, Settings
from kiosk.outbox.backoff import RetryPolicy
from kiosk.outbox.deliver import Clients
from kiosk.outbox.follow import FollowPolicy
from kiosk.outbox.plans import Capture, Plan, VisitRecord, prospect_plan, receipt_plan
from kiosk.outbox.probe import Prober
from kiosk.outbox.store import Store
from kiosk.outbox.worker import OutboxObserver, Worker


class Outbox:
    """One data directory's outbox."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.store = Store(
            settings.data_dir,
            settings.outbox.key_store,
            settings.outbox.keep_done_days,
            settings.outbox.seal_to,
            longest_wait_s=RetryPolicy.from_settings(settings.outbox).longest_wait,
        )

    def close(self) -> None:
        """Release the database."""
        self.store.close()

    def __enter__(self) -> Outbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def submit_prospect(
        self,
        captures: dict[CaptureKind, Capture],
        pre_segment: str | None = None,
        visit: VisitRecord | None = None,
        types: Mapping[str, str] | None = None,
    ) -> Plan:
        """Queue a customer's capture session; returns the plan with its identities.

        ``types``: each kind's own AmpliFi type label, where ``amplifi.types`` sets none.
        """
        plan = prospect_plan(self.settings, captures, pre_segment, visit, types)
        self.store.enqueue(plan.reference, plan.kind, plan.summary, plan.specs)
        return plan

    def submit_receipt(
        self,
        parts: list[Capture],
        campaign_permalink: str,
        customer: Customer,
        visit: VisitRecord | None = None,
    ) -> Plan:
        """Queue a receipt (one or more parts) for validation."""
        plan = receipt_plan(self.settings, parts, campaign_permalink, customer, visit)
        self.store.enqueue(plan.reference, plan.kind, plan.summary, plan.specs)
        return plan

    def worker(
        self,
        observers: tuple[OutboxObserver, ...] = (),
        seed: int | None = None,
        clients: Clients | None = None,
    ) -> Worker:
        """A worker delivering this outbox with the configured clients and policy.

        DeviceKeyError in a process that only seals (``outbox.seal_to``): it could claim
        jobs but not read them, so it is refused before any job is leased.
        """
        self.store.blobs.refuse_unless_readable()
        return Worker(
            self.store,
            clients or Clients.from_settings(self.settings),
            RetryPolicy.from_settings(self.settings.outbox, self.settings.http),
            observers,
            seed,
            FollowPolicy.from_settings(self.settings.outbox),
            Prober.from_settings(self.settings),
        )
