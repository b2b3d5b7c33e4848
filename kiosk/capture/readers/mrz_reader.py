"""Find the MRZ band in an image and read it with OCR, accepting only valid check digits.

The band is found the way MRZ readers commonly do (e.g. PassportEye; Rosebrock, "Detecting
machine-readable zones in passport images", 2015): dark-on-light strokes (black-hat), their
horizontal gradient, closed into wide blocks; the MRZ is the lowest wide, flat block.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from kiosk.capture.readers.mrz import Mrz, MrzFormat, correct_mrz, fit_width, normalise_line
from kiosk.capture.readers.ocr import OcrEngine, TextLine

_BAND_WIDTH = 640  # band search runs on a copy this wide
_OCR_BAND_WIDTH = 1280  # OCR runs on the band scaled to about this width
_REC_HEIGHT = 48  # PP-OCR's recogniser input height
_EDGE_MARGIN = 0.025  # of the image, left out of the band search on every side


def _odd(value: float) -> int:
    return max(int(value) | 1, 3)


def locate_mrz_band(
    image: np.ndarray, min_width_fraction: float = 0.55, *, work_width: int = _BAND_WIDTH
) -> tuple[int, int, int, int] | None:
    """The MRZ band's box (x, y, w, h) in ``image`` pixels, or None when there is none.

    The band must span at least ``min_width_fraction`` of the image width (an upright page
    crop: the MRZ runs nearly edge to edge) and be much wider than tall. The search runs
    on a copy ``work_width`` px wide (kernels are sized for 640 and scale with it).
    """
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    factor = work_width / gray.shape[1]
    small = cv2.resize(
        gray, (work_width, max(round(gray.shape[0] * factor), 1)), interpolation=cv2.INTER_AREA
    )
    k = work_width / _BAND_WIDTH
    rect = cv2.getStructuringElement(cv2.MORPH_RECT, (_odd(13 * k), _odd(5 * k)))
    small = cv2.GaussianBlur(small, (3, 3), 0)
    blackhat = cv2.morphologyEx(small, cv2.MORPH_BLACKHAT, rect)
    grad = np.abs(cv2.Sobel(blackhat, cv2.CV_32F, 1, 0, ksize=-1))
    grad = cv2.normalize(grad, None, 0, 255, cv2.NORM_MINMAX).astype(np.uint8)
    grad = cv2.morphologyEx(grad, cv2.MORPH_CLOSE, rect)
    _, mask = cv2.threshold(grad, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    # Thin vertical strokes (a page border, a table rule) would tie the MRZ to its
    # surroundings: open them away, then join characters into line-long bars.
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((1, _odd(7 * k)), np.uint8))
    # A page's own border, where the crop is cut tight (a scan, a page found whole), runs
    # along the crop's edges and would join the MRZ lines to it: the MRZ starts about 6 mm
    # (5 % of a TD3 page) inside the edge (ICAO 9303 Part 4), so the outer margin goes.
    mx, my = round(_EDGE_MARGIN * work_width), round(_EDGE_MARGIN * mask.shape[0])
    mask[:, :mx] = 0
    mask[:, mask.shape[1] - mx :] = 0
    mask[:my] = 0
    mask[mask.shape[0] - my :] = 0
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((3, _odd(25 * k)), np.uint8))
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    blocks = []
    for contour in contours:
        x, y, w, h = cv2.boundingRect(contour)
        if w >= min_width_fraction * work_width and w >= 8 * h and h >= max(4 * k, 2):
            blocks.append((x, y, w, h))
    if not blocks:
        return None
    # The lowest wide block, joined with wide blocks stacked just above it (MRZ lines the
    # closing did not merge): at most three lines.
    blocks.sort(key=lambda b: -(b[1] + b[3]))
    x, y, w, h = blocks[0]
    line_h = h
    for bx, by, bw, bh in blocks[1:]:
        if y - (by + bh) <= 1.5 * line_h and (y + h) - by <= 4.5 * line_h:
            x0, x1 = min(x, bx), max(x + w, bx + bw)
            y, h, x, w = by, y + h - by, x0, x1 - x0
    best = (x, y, w, h)
    x, y, w, h = best
    pad_x, pad_y = int(0.03 * w), int(0.25 * h)
    x0, y0 = max(x - pad_x, 0), max(y - pad_y, 0)
    x1, y1 = min(x + w + pad_x, work_width), min(y + h + pad_y, small.shape[0])
    inv = 1.0 / factor
    return (round(x0 * inv), round(y0 * inv), round((x1 - x0) * inv), round((y1 - y0) * inv))


@dataclass(frozen=True)
class MrzReading:
    """What reading an MRZ found: the band, the lines read and the parsed MRZ, if any."""

    band: tuple[int, int, int, int] | None
    lines: tuple[str, ...] = ()
    mrz: Mrz | None = None

    @property
    def valid(self) -> bool:
        """True when an MRZ was read and every check digit holds."""
        return self.mrz is not None and self.mrz.valid

    def __repr__(self) -> str:
        return f"MrzReading(band={self.band}, lines={len(self.lines)}, valid={self.valid})"


def _mrz_like(line: TextLine) -> str | None:
    text = normalise_line(line.text)
    return text if len(text) >= 20 else None


def _groupings(texts: list[str]) -> list[tuple[MrzFormat, list[str]]]:
    """Consecutive lines that could form each MRZ format, longest formats first."""
    out = []
    for fmt in (MrzFormat.TD3, MrzFormat.TD2, MrzFormat.TD1):
        n, width = fmt.shape
        for start in range(len(texts) - n, -1, -1):  # bottom-most first
            group = [fit_width(t, width) for t in texts[start : start + n]]
            if all(abs(len(t) - width) <= 0 for t in group):
                out.append((fmt, group))
    return out


def parse_ocr_lines(lines: list[TextLine]) -> tuple[tuple[str, ...], Mrz | None]:
    """The MRZ among OCR lines: the first grouping whose check digits hold, else the best."""
    texts = [t for t in (_mrz_like(line) for line in lines) if t]
    fallback: Mrz | None = None
    for _, group in _groupings(texts):
        mrz = correct_mrz(group)
        if mrz is None:
            continue
        if mrz.valid:
            return tuple(mrz.lines), mrz
        if fallback is None:
            fallback = mrz
    if fallback is not None:
        return tuple(fallback.lines), fallback
    return tuple(texts), None


def split_lines(band: np.ndarray, max_lines: int = 3) -> list[tuple[int, int]]:
    """Row ranges (top, bottom) of the text lines in an MRZ band, from its ink profile."""
    gray = cv2.cvtColor(band, cv2.COLOR_BGR2GRAY) if band.ndim == 3 else band
    _, ink = cv2.threshold(gray, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    profile = ink.sum(axis=1).astype(np.float32)
    if profile.max() <= 0:
        return []
    rows = profile > 0.2 * profile.max()
    runs: list[list[int]] = []
    for y, on in enumerate(rows):
        if on and runs and y - runs[-1][1] <= 2:
            runs[-1][1] = y
        elif on:
            runs.append([y, y])
    tallest = max(b - a + 1 for a, b in runs)
    runs = [r for r in runs if r[1] - r[0] + 1 >= 0.4 * tallest]
    if not 2 <= len(runs) <= max_lines:
        return []
    return [(a, b + 1) for a, b in runs]


# An MRZ line is 30 (TD1), 36 (TD2) or 44 (TD3) OCR-B characters, fillers included, run
# edge to edge (ICAO 9303 Parts 4-6): a line of text or a barcode's rows has far fewer
# separate marks of character size. Some neighbours touch after blur, hence the margin.
_MIN_MARKS_PER_LINE = 25
# OCR-B capitals are about 2.3 mm tall on a line 30-44 characters of 2.54 mm long (ICAO
# 9303 Part 3): a line's ink is 1.8-2.5 % of the band's width on generated and real pages,
# the rows of a licence's PDF417 measure 3.5-6.6 %, large print on a licence 3 % and more.
_MAX_LINE_HEIGHT = 0.029


def _character_marks(strip: np.ndarray) -> int:
    """How many separate character-sized marks of ink one text line holds."""
    gray = cv2.cvtColor(strip, cv2.COLOR_BGR2GRAY) if strip.ndim == 3 else strip
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    _, _, stats, _ = cv2.connectedComponentsWithStats(ink)
    h = strip.shape[0]
    return sum(
        1
        for _x, _y, w, ch, area in stats[1:]
        if area >= 4 and 0.25 * h <= ch <= 1.2 * h and w <= 1.5 * ch
    )


def looks_like_mrz(band: np.ndarray, min_marks: int = _MIN_MARKS_PER_LINE) -> bool:
    """True when a band has the MRZ's make-up: two or three evenly sized lines of separate
    characters, one of them a full row (a licence's text or PDF417 has not).

    Only one line need be full: a names line is mostly fillers, whose chevrons run together
    once blurred (generated pages: 18-24 marks on the names line, 38-44 on the other).
    """
    lines = split_lines(band)
    if not lines:
        return False
    heights = [b - a for a, b in lines]
    if max(heights) > 1.8 * min(heights) or max(heights) > _MAX_LINE_HEIGHT * band.shape[1]:
        return False
    marks = [_character_marks(band[a:b]) for a, b in lines]
    return max(marks) >= min_marks and min(marks) >= min_marks // 2


def _read_by_lines(crop: np.ndarray, engine: OcrEngine) -> list[TextLine]:
    """Each line of the band read on its own (fast); empty when the lines cannot be split."""
    out = []
    for top, bottom in split_lines(crop):
        # A generous margin above and below: on tight crops the recogniser drops letters
        # (20/20 generated pages exact with 0.6 line heights, 12/20 with 0.2).
        pad = max(2, int(0.6 * (bottom - top)))
        y0, y1 = max(top - pad, 0), min(bottom + pad, crop.shape[0])
        strip = crop[y0:y1]
        scale = _REC_HEIGHT / strip.shape[0]
        strip = cv2.resize(
            strip,
            None,
            fx=scale,
            fy=scale,
            interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC,
        )
        line = engine.read_line(strip)
        out.append(
            TextLine(line.text, line.score, (0.0, float(y0), float(crop.shape[1]), float(y1 - y0)))
        )
    return out


def find_mrz_band(
    image: np.ndarray,
    min_width_fraction: float = 0.55,
    *,
    on_page: bool = False,
    min_marks: int = _MIN_MARKS_PER_LINE,
) -> tuple[int, int, int, int] | None:
    """The MRZ band, located and then verified to be one: lines of separate characters and,
    on a page crop (``on_page``), in its lower half, where ICAO 9303 puts it.

    ``min_marks``: fewer on a small live crop, where neighbouring characters touch.
    """
    band = locate_mrz_band(image, min_width_fraction)
    if band is None:
        return None
    x, y, w, h = band
    if on_page and y < 0.5 * image.shape[0]:
        return None
    return band if looks_like_mrz(image[y : y + h, x : x + w], min_marks) else None


def read_mrz(
    image: np.ndarray,
    engine: OcrEngine | None,
    *,
    band: tuple[int, int, int, int] | None = None,
    min_width_fraction: float = 0.55,
    on_page: bool = False,
    thorough: bool = True,
) -> MrzReading:
    """Find (unless ``band`` is given) and read the MRZ; engine None only finds it.

    ``thorough``: when reading line by line finds no valid MRZ, run the OCR's own (slower,
    seconds on a large band) line detector on the band too.
    """
    if band is None:
        band = find_mrz_band(image, min_width_fraction, on_page=on_page)
    if band is None or engine is None:
        return MrzReading(band)
    x, y, w, h = band
    crop = image[y : y + h, x : x + w]
    scale = _OCR_BAND_WIDTH / max(w, 1)
    if scale < 1.0:
        crop = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    elif scale > 1.5:
        crop = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    lines, mrz = parse_ocr_lines(_read_by_lines(crop, engine))
    if thorough and (mrz is None or not mrz.valid):  # the detector finds lines a split missed
        lines, mrz = parse_ocr_lines(engine.read_lines(crop))
    return MrzReading(band, lines, mrz)
