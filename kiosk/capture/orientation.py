"""Reading orientation: a document or receipt put down any way round is uploaded upright.

The document's crop is always cut landscape (its long edge first, ``long_edge_first``),
so only which way up remains; the content decides it, cheapest first:

- passport page: the MRZ band lies in the page's bottom half (ICAO 9303 Part 3/4);
- licence front: its print lines read upright (PP-OCR's direction classifier), else the
  holder's portrait is upright (YuNet's eyes above its mouth);
- licence back: the PDF417 read from the crop says how it lies (its reader gives the turn);
- receipt: its print lines run across it, upright by PP-OCR's direction classifier.

Each finder returns the turns to try in order; the pipeline reads the crop at the first and
tries the next only when the content checks fail there. In-plane tilt is measured against
the nearest reading orientation: a quarter-turned page is 0° off, not 90°.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import cv2
import numpy as np

from kiosk.capture.readers.text_direction import Print
from kiosk.imaging.crop import quad_size

if TYPE_CHECKING:
    from kiosk.capture.checks.face import Face, FaceDetector

Turns = tuple[int, ...]  # clockwise degrees, multiples of 90, in the order to try them
# The print decides a card's way up when the classifier is at least this sure.
_SURE_PRINT = 0.35


def turn(image: np.ndarray, degrees: int) -> np.ndarray:
    """The image turned clockwise by ``degrees`` (a multiple of 90), without resampling."""
    quarter = (degrees // 90) % 4
    return image if quarter == 0 else np.ascontiguousarray(np.rot90(image, -quarter))


def reading_tilt(angle_deg: float) -> float:
    """How far an edge at ``angle_deg`` is from the nearest multiple of 90°, 0..45."""
    return abs((angle_deg + 45.0) % 90.0 - 45.0)


def long_edge_first(corners: np.ndarray) -> np.ndarray:
    """Clockwise corners reordered so the first edge is a long one: the crop is landscape.

    A page lying on its side (long edges vertical) then starts at its lower-left corner in
    the image, which flattens it turned a quarter clockwise; the content decides the rest.
    """
    c = np.asarray(corners, np.float32).reshape(4, 2)
    across, down = quad_size(c)
    return c if across >= down else np.roll(c, 1, axis=0)


def print_turns(image: np.ndarray, *, across: bool | None = None) -> Turns:
    """Upright by its print: lines turned to run across, then the right way up if known.

    ``across``: whether the lines are known to run across (a landscape card's do).
    """
    base = 0
    found = Print(image)
    if (found.runs_across() if across is None else across) is False:
        base = 90
        found = Print(turn(image, base))
    flipped = found.upside_down()
    if flipped is None:
        return (base,)
    return ((base + 180) % 360,) if flipped > 0.5 else (base,)


def _sure_turn(flipped: float | None) -> Turns | None:
    """The turn one line's answer decides on its own, or None when it leaves doubt."""
    if flipped is None or abs(flipped - 0.5) < _SURE_PRINT:
        return None
    return (180,) if flipped > 0.5 else (0,)


def _eyes_above_mouth(face: Face) -> bool:
    marks = face.landmarks
    eyes_y = float(marks[0][1] + marks[1][1]) / 2
    mouth_y = float(marks[3][1] + marks[4][1]) / 2
    return mouth_y > eyes_y


def portrait_turns(card: np.ndarray, detector: FaceDetector | None) -> Turns:
    """Upright by the card's longest print line when the classifier is sure of it (a few
    ms), else by the holder's portrait (an upright face: eyes above the mouth), else by
    more of its print, else as cut."""
    found = Print(card)
    sure = _sure_turn(found.upside_down(lines=1))
    if sure is not None:
        return sure
    if detector is not None:
        # The print's small grey copy: YuNet finds a portrait in grey as in colour, and a
        # colour copy of a 9 MP camera's card crop cost 11 ms to shrink, the detection 3 ms.
        small = cv2.cvtColor(found.gray, cv2.COLOR_GRAY2BGR)
        for degrees in (0, 180):
            faces = detector.detect(turn(small, degrees))
            if faces and _eyes_above_mouth(faces[0]):
                return (degrees,)
    flipped = found.upside_down()
    if flipped is not None:
        return (180,) if flipped > 0.5 else (0,)
    return (0,)


# A till receipt's lines run across its width: a crop this much taller than wide (it arrives
# long side vertical) has its lines across, and only which way up is asked of the print.
_TALL_RECEIPT = 1.5


def receipt_turns(crop: np.ndarray) -> Turns:
    """Upright by its print (the crop arrives long side vertical).

    A tall receipt is asked first about the longest line of its middle third, where the
    item lines run in one font: finding lines there costs a third of finding them on the
    whole receipt. Only when that line leaves doubt is the whole receipt read.
    """
    h, w = crop.shape[:2]
    if h >= _TALL_RECEIPT * w:
        sure = _sure_turn(Print(crop[h // 3 : 2 * h // 3]).upside_down(lines=1))
        if sure is not None:
            return sure
        return print_turns(crop, across=True)
    return print_turns(crop)


def quarter_turn_of(orientation_deg: float) -> int:
    """The clockwise turn that undoes a reader's reported rotation, to the nearest 90°."""
    return int(-round(orientation_deg / 90.0) * 90) % 360


def unique(turns: Sequence[int]) -> Turns:
    """The turns without repeats, in order, each in 0..270."""
    out: list[int] = []
    for t in turns:
        t %= 360
        if t not in out:
            out.append(t)
    return tuple(out)
