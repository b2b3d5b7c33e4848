"""What one customer's visit holds in memory, and how it is wiped."""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.capture.autocapture import Outcome
from kiosk.outbox.plans import Capture
from kiosk.pipeline import staff_override
from ui.capture_task import TakenPicture


@dataclass
class Kept:
    """A picture the customer accepted (or staff overrode), with how it ended."""

    picture: TakenPicture
    outcome: Outcome

    @property
    def capture(self) -> Capture:
        """What the core queues: the picture and how its checks ended (``Queueable``)."""
        return self.as_capture()

    @property
    def fingerprint(self) -> int | None:
        """A receipt part's perceptual hash, remembered once the receipt is queued."""
        return self.picture.fingerprint

    def as_capture(self) -> Capture:
        """The outbox's view of the picture."""
        return Capture(
            data=self.picture.data,
            mime_type=self.picture.mime_type,
            captured_at=self.picture.captured_at,
            checks_passed=not self.outcome.overridden,
            override_reason=self.outcome.override_reason,
            failed_checks=staff_override(self.picture.report, self.outcome.failed_checks),
        )


@dataclass
class Session:
    """The pictures of the visit in progress, by step key (``face``, ``part1``, …)."""

    kept: dict[str, Kept] = field(default_factory=dict)

    def keep(self, key: str, picture: TakenPicture, outcome: Outcome) -> None:
        """Remember a picture (replacing and wiping an earlier one for the same step)."""
        old = self.kept.get(key)
        if old is not None:
            old.picture.wipe()
        self.kept[key] = Kept(picture, outcome)

    def wipe(self) -> None:
        """Forget every image of the visit (idle timeout, done, cancel)."""
        for kept in self.kept.values():
            kept.picture.wipe()
        self.kept.clear()

    @property
    def image_bytes(self) -> int:
        """Bytes of image data still held (0 after ``wipe``)."""
        return sum(len(k.picture.data) + k.picture.preview.nbytes for k in self.kept.values())
