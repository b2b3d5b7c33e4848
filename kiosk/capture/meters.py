"""Staff meters: each check's measurement against its threshold, in words with units.

A meter is an English template with ``%1``, ``%2``… and the numbers to put in, so a front
end can translate the template and keep the numbers ("eyes %1 px apart, need %2"). Text a
check read from a document (an MRZ, a barcode) is never shown: only whether it was read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kiosk.capture.result import CheckResult


@dataclass(frozen=True)
class Meter:
    """One check as a staff meter: a template, its numbers, and whether it passed."""

    name: str
    passed: bool
    template: str
    args: tuple[str, ...] = ()

    def fill(self, template: str | None = None) -> str:
        """The template (or a translation of it) with its numbers in place."""
        text = self.template if template is None else template
        # Highest first, so %1 does not eat the start of %10.
        for n in range(len(self.args), 0, -1):
            text = text.replace(f"%{n}", self.args[n - 1])
        return text

    @property
    def text(self) -> str:
        """The meter in English."""
        return self.fill()


def _num(value: Any, digits: int = 0) -> str:
    """A number for people: no exponent, ``digits`` decimals (trailing zeros dropped)."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return "–"
    text = f"{float(value):.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _pct(fraction: Any, digits: int = 1) -> str:
    """A fraction as a percentage."""
    if not isinstance(fraction, int | float) or isinstance(fraction, bool):
        return "–"
    return _num(fraction * 100.0, digits)


def _pair(value: Any) -> tuple[Any, Any]:
    if isinstance(value, list | tuple) and len(value) == 2:
        return value[0], value[1]
    return None, None


def _get(value: Any, key: str) -> Any:
    return value.get(key) if isinstance(value, dict) else None


def _found(c: CheckResult, yes: str, no: str) -> tuple[str, tuple[str, ...]]:
    found = _get(c.value, "found") if isinstance(c.value, dict) else c.passed
    return (yes if found else no), ()


# Template per check. Each template starts with a short noun for the measured thing.
_Format = Callable[[CheckResult], tuple[str, tuple[str, ...]]]
_FORMATS: dict[str, _Format] = {
    "face_count": lambda c: ("faces %1, need %2", (_num(c.value), _num(c.threshold))),
    "eye_distance": lambda c: ("eyes %1 px apart, need %2", (_num(c.value), _num(c.threshold))),
    "centered": lambda c: (
        "off centre %1 % across, %2 % down; max %3, %4",
        (
            _pct(abs(_pair(c.value)[0] or 0), 0),
            _pct(abs(_pair(c.value)[1] or 0), 0),
            _pct(_pair(c.threshold)[0], 0),
            _pct(_pair(c.threshold)[1], 0),
        ),
    ),
    "roll": lambda c: ("head tilt %1°, max %2°", (_num(c.value, 1), _num(c.threshold, 1))),
    "yaw": lambda c: ("head turn %1°, max %2°", (_num(c.value, 1), _num(c.threshold, 1))),
    "exposure": lambda c: (
        "brightness %1 of 255, need %2–%3",
        (_num(c.value), _num(_pair(c.threshold)[0]), _num(_pair(c.threshold)[1])),
    ),
    "highlights": lambda c: (
        "shine %1 % of face, max %2 %",
        (_pct(c.value), _pct(c.threshold)),
    ),
    "sharpness": lambda c: ("sharpness %1, need %2", (_num(c.value), _num(c.threshold))),
    "motion": lambda c: (
        "movement %1 grey levels, max %2",
        (_num(c.value, 1), _num(c.threshold, 1)),
    ),
    "document": lambda c: _found(c, "in view", "not in view"),
    "inside_frame": lambda c: (
        "edge room %1 % of frame, need %2 %",
        (_pct(c.value), _pct(c.threshold)),
    ),
    "aspect_ratio": lambda c: (
        "shape %1:1, need %2:1 ± %3 %",
        (
            _num(c.value, 2),
            _num(_get(c.threshold, "expected"), 2),
            _pct(_get(c.threshold, "tolerance"), 1),
        ),
    ),
    "fill": lambda c: (
        "width %1 % of frame, need %2–%3 %",
        (_pct(c.value, 0), _pct(_get(c.threshold, "min"), 0), _pct(_get(c.threshold, "max"), 0)),
    ),
    "tilt": lambda c: ("tilt %1°, max %2°", (_num(c.value, 1), _num(c.threshold, 1))),
    "glare": lambda c: ("glare %1 % of card, max %2 %", (_pct(c.value), _pct(c.threshold))),
    "resolution_dpi": lambda c: ("detail %1 dpi, need %2", (_num(c.value), _num(c.threshold))),
    "barcode": lambda c: (
        (
            "barcode %1 % of card, need %2 %",
            (_pct(_get(c.value, "share"), 0), _pct(_get(c.threshold, "min_share"), 0)),
        )
        if _get(c.value, "found")
        else ("no barcode in view", ())
    ),
    "pdf417": lambda c: ("barcode read", ()) if c.passed else ("barcode not read", ()),
    "aamva": lambda c: ("licence data complete", ()) if c.passed else ("licence data refused", ()),
    "mrz_band": lambda c: _found(c, "passport code in view", "no passport code in view"),
    "mrz": lambda c: (
        ("check digits and fields valid", ()) if c.passed else ("passport code not read", ())
    ),
    "resolution": lambda c: ("width %1 px, need %2", (_num(c.value), _num(c.threshold))),
    "receipt_like": lambda c: (
        "paper %1 % of area, need %2 %",
        (_pct(_get(c.value, "paper"), 0), _pct(_get(c.threshold, "paper_min"), 0)),
    ),
    "duplicate": lambda c: (
        "likeness to a sent one %1 %, max %2 %",
        (_pct(c.value, 0), _pct(c.threshold, 0)),
    ),
    "part_overlap": lambda c: (
        ("overlap %1 %, need %2 %", (_pct(c.value, 0), _pct(c.threshold, 0)))
        if c.value is not None
        else ("first part", ())
    ),
    "other_side": lambda c: (
        ("likeness to the front %1 %, max %2 %", (_pct(c.value, 0), _pct(c.threshold, 0)))
        if c.value is not None
        else ("no front to compare", ())
    ),
    "portrait": lambda c: (
        ("faces %1, need %2", (_num(c.value), _num(c.threshold)))
        if c.value is not None
        else ("not judged: no face model", ())
    ),
}

# The checks with a meter of their own (any other shows only its verdict).
KNOWN_CHECKS: tuple[str, ...] = tuple(_FORMATS)

# Every template above, for translators and tests.
TEMPLATES: tuple[str, ...] = (
    "faces %1, need %2",
    "eyes %1 px apart, need %2",
    "off centre %1 % across, %2 % down; max %3, %4",
    "head tilt %1°, max %2°",
    "head turn %1°, max %2°",
    "brightness %1 of 255, need %2–%3",
    "shine %1 % of face, max %2 %",
    "sharpness %1, need %2",
    "movement %1 grey levels, max %2",
    "in view",
    "not in view",
    "edge room %1 % of frame, need %2 %",
    "shape %1:1, need %2:1 ± %3 %",
    "width %1 % of frame, need %2–%3 %",
    "tilt %1°, max %2°",
    "glare %1 % of card, max %2 %",
    "detail %1 dpi, need %2",
    "barcode %1 % of card, need %2 %",
    "no barcode in view",
    "barcode read",
    "barcode not read",
    "licence data complete",
    "licence data refused",
    "passport code in view",
    "no passport code in view",
    "check digits and fields valid",
    "passport code not read",
    "width %1 px, need %2",
    "paper %1 % of area, need %2 %",
    "likeness to a sent one %1 %, max %2 %",
    "overlap %1 %, need %2 %",
    "first part",
    "likeness to the front %1 %, max %2 %",
    "no front to compare",
    "not judged: no face model",
    "passed",
    "failed",
    "unavailable",
)


def meter(check: CheckResult) -> Meter:
    """The staff meter of one check (a check this module does not know: passed or failed)."""
    if check.name in ("face_model", "checks", "crop"):
        return Meter(check.name, check.passed, "unavailable")
    fmt = _FORMATS.get(check.name)
    if fmt is None:
        # Unknown values may be document data: say only the verdict.
        return Meter(check.name, check.passed, "passed" if check.passed else "failed")
    template, args = fmt(check)
    return Meter(check.name, check.passed, template, args)


def meters(checks: list[CheckResult]) -> list[Meter]:
    """The meters of a report's checks, in the report's order."""
    return [meter(c) for c in checks]
