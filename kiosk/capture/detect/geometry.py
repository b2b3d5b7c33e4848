"""Physical sizes of the documents the kiosk captures, from the standards that fix them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DocumentGeometry:
    """A document's format: its physical size and what the customer calls it."""

    name: str  # the standard's name for the format ("ID-1", "TD3")
    width_mm: float
    height_mm: float
    noun: str  # in instructions: "Move the card closer"

    @property
    def aspect(self) -> float:
        """Width over height."""
        return self.width_mm / self.height_mm


# ISO/IEC 7810:2019 §5.1: ID-1 cards are 85.60 x 53.98 mm (driving licences per ISO/IEC
# 18013-1 and AAMVA DL/ID Card Design Standard 2020 §2 use ID-1).
ID1 = DocumentGeometry("ID-1", 85.60, 53.98, "card")
# ICAO Doc 9303 Part 4 §2.1 (ISO/IEC 7810 ID-3): the TD3 passport data page is 125 x 88 mm.
TD3 = DocumentGeometry("TD3", 125.0, 88.0, "passport")
