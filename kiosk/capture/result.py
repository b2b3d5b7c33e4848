"""The structured result every capture check returns, and a kind's whole report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class CheckResult:
    """One check: what was measured against what, and what the customer should do.

    ``instruction`` is a short sentence a customer understands ("Move closer"); it is
    empty when the check passed. ``value`` and ``threshold`` are JSON-able.
    ``detail`` carries extra data for staff/UI (e.g. a glare location); it never holds
    document data such as MRZ or barcode text unless the check is explicitly revealing.
    """

    name: str
    passed: bool
    value: Any
    threshold: Any
    instruction: str = ""
    detail: dict[str, Any] = field(default_factory=dict)
    # SessionM invalid code a failure anticipates (receipts), if any.
    anticipates: int | None = None

    def as_json(self) -> dict[str, Any]:
        """The result as the ``kiosk check --json`` object."""
        out: dict[str, Any] = {
            "name": self.name,
            "passed": self.passed,
            "value": self.value,
            "threshold": self.threshold,
            "instruction": self.instruction,
        }
        if self.detail:
            out["detail"] = self.detail
        if self.anticipates is not None:
            out["anticipates_invalid_code"] = self.anticipates
        return out


@dataclass
class CaptureReport:
    """All checks of one frame for one capture kind, in a stable order."""

    kind: str  # a capture kind's id (kiosk.kinds)
    checks: list[CheckResult]
    # Subject box (x, y, w, h) in the evaluated frame's pixels, for stability tracking.
    subject_box: tuple[float, float, float, float] | None = None
    # What the checks found, in the evaluated frame's pixels (a Face with its landmarks, a
    # DocumentQuad, a ReceiptOutline): the crop is cut from it, so nothing is found twice.
    subject: object | None = None
    # Clockwise degrees the upload was turned to read upright (kiosk.capture.orientation).
    turned: int = 0

    @property
    def passed(self) -> bool:
        """True when every check passed."""
        return all(c.passed for c in self.checks)

    def first_failure(self) -> CheckResult | None:
        """The failed check whose instruction should be shown now (the first in order)."""
        return next((c for c in self.checks if not c.passed), None)

    def get(self, name: str) -> CheckResult | None:
        """The check with this name, if it ran."""
        return next((c for c in self.checks if c.name == name), None)

    def as_json(self) -> dict[str, Any]:
        """The report as ``kiosk check --json`` prints it."""
        return {
            "kind": self.kind,
            "passed": self.passed,
            "turned": self.turned,
            "checks": [c.as_json() for c in self.checks],
        }


def unavailable_report(kind: str, why: str) -> CaptureReport:
    """A report whose one failed check says the checks could not run (and why, in words)."""
    return CaptureReport(kind, [CheckResult("checks", False, None, None, why)])


@dataclass
class CropReading:
    """What the checks that read a crop found, and how the content lies in it.

    ``turn``: clockwise degrees (a multiple of 90) that bring the content upright, when
    the reader can tell (a PDF417 decoder reports its symbol's rotation); 0 otherwise.
    """

    checks: list[CheckResult]
    turn: int = 0
