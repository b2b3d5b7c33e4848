"""One customer's visit: the pictures it takes and keeps, the checks that compare them, and
its submission.

Every door runs a visit the same way (the app's screens, ``kiosk submit``, the tests): a
picture is taken through the capture pipeline with the kind's visit check on its crop (the
kind record's ``visit_check``), then kept (it passed), overridden (staff named the failed
checks and why) or taken again. The visit checks compare a picture with the ones kept
before it: a licence front shows a portrait, its back is not the front again, a receipt
part overlaps the part before. A receipt seen before is refused by the receipt's own
check, which looks its hash up in the kiosk's receipt memory.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

import numpy as np

from kiosk.capture.autocapture import Outcome
from kiosk.capture.checks.license_sides import LicenseSides, check_front_portrait
from kiosk.capture.checks.receipt_parts import ReceiptParts
from kiosk.capture.evaluator import Evaluator
from kiosk.config import Settings
from kiosk.core import Customer, KioskCore
from kiosk.errors import KioskError
from kiosk.imaging.pixels import as_bgr8
from kiosk.intake import (
    FileInspection,
    SourceChoice,
    check_overrides,
    inspect_file,
    package_file,
)
from kiosk.kinds import kind as lookup_kind
from kiosk.kinds import prospect_steps
from kiosk.outbox.plans import Capture, VisitRecord
from kiosk.picture import TakenPicture, review_copy, take_picture
from kiosk.pipeline import (
    ChecksFailed,
    ExtraCheck,
    Override,
    PreparedCapture,
    Source,
    staff_override,
)
from kiosk.progress import Submitted

Purpose = Literal["prospect", "receipt"]
PURPOSES: tuple[Purpose, ...] = ("prospect", "receipt")


class VisitError(KioskError, ValueError):
    """A visit cannot do what was asked (nothing taken to keep, a step not taken)."""


@dataclass
class Kept:
    """A picture the customer accepted (or staff overrode), with how it ended."""

    picture: TakenPicture
    outcome: Outcome

    @property
    def capture(self) -> Capture:
        """What the core queues: the picture and how its checks ended (``Queueable``)."""
        return Capture(
            data=self.picture.data,
            mime_type=self.picture.mime_type,
            captured_at=self.picture.captured_at,
            checks_passed=not self.outcome.overridden,
            override_reason=self.outcome.override_reason,
            failed_checks=staff_override(self.picture.report, self.outcome.failed_checks),
        )

    @property
    def fingerprint(self) -> int | None:
        """A receipt part's perceptual hash, remembered once the receipt is queued."""
        return self.picture.fingerprint

    @property
    def preview(self) -> np.ndarray:
        """The review copy of the picture."""
        return self.picture.preview


def default_steps(purpose: str, configured: Collection[str]) -> list[str]:
    """The kinds a visit takes unless told otherwise: a receipt's one part; for a prospect
    the first alternative of each configured step (``app.prospect_steps``)."""
    if purpose == "receipt":
        return ["receipt"]
    return [k for step in configured for k in step.rstrip("?").split("|")[0].split("+")]


class Visit:
    """The pictures of one visit in progress, by step key (``face``, ``part1``, …)."""

    def __init__(
        self,
        purpose: str,
        settings: Settings,
        core: KioskCore,
        evaluator: Evaluator,
        steps: list[str] | None = None,
        *,
        unjudged_checks: frozenset[str] = frozenset(),
    ) -> None:
        if purpose not in PURPOSES:
            raise VisitError(f"unknown visit {purpose!r} (expected one of {', '.join(PURPOSES)})")
        self.purpose: Purpose = "receipt" if purpose == "receipt" else "prospect"
        self.settings = settings
        self.core = core
        self.evaluator = evaluator
        self.steps: list[str] = (
            list(steps)
            if steps is not None
            else default_steps(purpose, prospect_steps(settings.app.prospect_steps))
        )
        self.kept: dict[str, Kept | PreparedCapture] = {}
        # Checks this kiosk does not judge, so a review does not claim them (the demo keeps
        # no receipt memory: "not sent before" would claim a lookup that was not made).
        self.unjudged_checks = unjudged_checks
        # The last picture taken and not yet kept (the review screen's).
        self.taken: TakenPicture | None = None
        # Sent with the submission: the notice accepted, the steps skipped and why.
        self.consent: Mapping[str, str] | None = None
        self.skipped: list[dict[str, str]] = []
        self._sides = LicenseSides()
        self._parts = ReceiptParts(settings.capture.receipt)

    # -- the visit checks ------------------------------------------------------------

    def check_for(self, kind: str) -> ExtraCheck | None:
        """The visit's check on the next ``kind`` picture's crop (the kind's
        ``visit_check``), against the pictures kept so far; None when it has none."""
        name = lookup_kind(kind).visit_check
        if name == "portrait":
            return lambda crop: check_front_portrait(crop, self.count_faces)
        if name == "other_side":
            return self._sides.check_back
        if name == "part_overlap":
            return self._parts.check_next
        return None

    def count_faces(self, image: np.ndarray) -> int | None:
        """Faces in ``image`` (None without a face model); on the thread that takes."""
        detector = self.evaluator.face_detector
        return None if detector is None else len(detector.detect(as_bgr8(image)))

    @property
    def can_add_part(self) -> bool:
        """A receipt may take another part (within ``capture.receipt.max_parts``)."""
        return self._parts.can_add and len(self.kept) < self._parts.settings.max_parts

    def _note(self, key: str, kind: str, preview: np.ndarray) -> None:
        """What the next pictures are compared with, once this one is kept."""
        if kind == "license_front":
            self._sides.remember_front(preview)
        elif kind == "receipt":
            self._parts.add(preview)

    # -- taking and keeping ----------------------------------------------------------

    def next_key(self, kind: str) -> str:
        """The step key the next ``kind`` picture is kept under (receipts: ``partN``)."""
        k = lookup_kind(kind).id
        return f"part{len(self.kept) + 1}" if k == "receipt" else k

    def take(
        self,
        kind: str,
        frame: np.ndarray,
        at: datetime | None = None,
        *,
        source: Source = "camera",
    ) -> TakenPicture:
        """Take a picture of ``frame``: the kind's checks and its visit check (the result
        waits to be kept, overridden or taken again)."""
        k = lookup_kind(kind).id
        picture = take_picture(
            k, frame, self.settings, self.evaluator, self.check_for(k), at, source=source
        )
        self.taken = picture
        return picture

    def keep(
        self,
        picture: TakenPicture | None = None,
        outcome: Outcome | None = None,
        *,
        key: str | None = None,
    ) -> str:
        """Keep a picture (the last taken by default); its step key.

        Without an ``outcome`` the picture must have passed (ChecksFailed names what
        failed); an earlier picture for the same step is replaced and wiped.
        """
        picture = picture if picture is not None else self.taken
        if picture is None:
            raise VisitError("no picture taken to keep")
        if picture.error is not None:
            raise VisitError(f"the {picture.kind} picture cannot be kept: {picture.error}")
        if outcome is None:
            if not picture.report.passed:
                raise ChecksFailed(picture.report)
            outcome = Outcome()
        key = key or self.next_key(picture.kind)
        self._replace(key, Kept(picture, outcome))
        self._note(key, picture.kind, picture.preview)
        if picture is self.taken:
            self.taken = None
        return key

    def override(
        self,
        checks: str | Collection[str],
        reason: str,
        *,
        picture: TakenPicture | None = None,
        key: str | None = None,
    ) -> str:
        """Keep a picture (the last taken by default) though it failed: staff name every
        failed check (OverrideRefused / ChecksFailed otherwise) and why; its step key."""
        picture = picture if picture is not None else self.taken
        if picture is None:
            raise VisitError("no picture taken to override")
        named = {checks} if isinstance(checks, str) else set(checks)
        failed = staff_override(picture.report, named)
        outcome = Outcome(overridden=True, override_reason=reason, failed_checks=failed)
        return self.keep(picture, outcome, key=key)

    def take_file(self, kind: str, path: Path, *, source: SourceChoice = "auto") -> FileInspection:
        """Decode and check one file as ``take`` checks a frame (IntakeError if unreadable)."""
        return inspect_file(
            path, kind, self.settings, self.evaluator, source=source, extra=self.check_for(kind)
        )

    def keep_file(self, found: FileInspection, override: Override | None = None) -> str:
        """Encode a checked file and keep it (IntakeError naming a failed check that
        ``override`` does not name); its step key."""
        prepared = package_file(found, self.settings, override)
        key = self.next_key(found.inspection.kind.id)
        self._replace(key, prepared)
        self._note(key, found.inspection.kind.id, review_copy(found.inspection.crop))
        return key

    def keep_files(
        self,
        files: Sequence[tuple[str, Path]],
        *,
        source: SourceChoice = "auto",
        override: Override | None = None,
    ) -> None:
        """Take and keep each file in order, as the app takes and keeps its pictures.

        ``override`` names the failed checks to override across the files (OverrideRefused
        when it names one no file failed). One refusal (IntakeError) raises before anything
        is queued: nothing is until ``submit``.
        """
        found: list[FileInspection] = []
        for kind, path in files:
            checked = self.take_file(kind, path, source=source)
            found.append(checked)
            self.keep_file(checked, override)
        if override is not None:
            check_overrides(found, override)

    def _replace(self, key: str, item: Kept | PreparedCapture) -> None:
        old = self.kept.pop(key, None)
        if isinstance(old, Kept):
            old.picture.wipe()
        self.kept[key] = item

    def forget(self, key: str) -> None:
        """Drop the picture kept for a step (a skipped step), wiping it."""
        old = self.kept.pop(key, None)
        if isinstance(old, Kept):
            old.picture.wipe()
        if key == "license_front":
            self._sides.forget()

    def skip(self, step: str, reason: str) -> None:
        """Record a skipped step and why (sent with the submission)."""
        self.skipped.append({"step": step, "reason": reason})

    def wipe(self) -> None:
        """Forget every image of the visit (idle timeout, done, cancel)."""
        for item in self.kept.values():
            if isinstance(item, Kept):
                item.picture.wipe()
        if self.taken is not None:
            self.taken.wipe()
            self.taken = None
        self.kept.clear()
        self._sides.forget()
        self._parts = ReceiptParts(self.settings.capture.receipt)

    def picture(self, key: str) -> Kept:
        """The picture kept for a step, as the app keeps one (KeyError if none)."""
        item = self.kept[key]
        if not isinstance(item, Kept):
            raise VisitError(f"{key} was kept from a file, not taken as a picture")
        return item

    def pictures(self) -> list[Kept]:
        """The pictures kept, in the order they were kept (the app's)."""
        return [item for item in self.kept.values() if isinstance(item, Kept)]

    @property
    def image_bytes(self) -> int:
        """Bytes of image data still held (0 after ``wipe``)."""
        return sum(
            len(k.picture.data) + k.picture.preview.nbytes
            for k in self.kept.values()
            if isinstance(k, Kept)
        )

    # -- submitting ------------------------------------------------------------------

    def record(self) -> VisitRecord:
        """What the visit sends besides its pictures: the notice accepted, the skips."""
        return VisitRecord(self.consent, tuple(self.skipped))

    def submit(
        self,
        *,
        pre_segment: str | None = None,
        campaign: str | None = None,
        customer: Customer | None = None,
    ) -> Submitted:
        """Queue the kept pictures in the outbox: a prospect's steps, or a receipt's parts
        for ``campaign`` and ``customer``; then the visit's images are wiped. VisitError when a
        step was not taken."""
        if self.purpose == "receipt":
            if campaign is None or customer is None:
                raise VisitError("a receipt is submitted for a campaign and a customer")
            if not self.kept:
                raise VisitError("no receipt part taken")
            parts = list(self.kept.values())
            submitted = self.core.submit_receipt(parts, campaign, customer, self.record())
        else:
            missing = [step for step in self.steps if step not in self.kept]
            if missing:
                raise VisitError(f"not taken yet: {', '.join(missing)}")
            captures = {step: self.kept[step] for step in self.steps}
            submitted = self.core.submit_prospect(captures, pre_segment, self.record())
        # Queued (encrypted in the outbox): the visit holds no image any longer.
        self.wipe()
        return submitted
