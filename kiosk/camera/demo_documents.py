"""The demo camera's documents: a specimen licence (front with a portrait, back with an AAMVA
PDF417) and a specimen passport data page with a valid ICAO 9303 MRZ.

Everything printed is fictitious and marked SPECIMEN; the portrait is the public-domain
photo in ``resources/demo`` (see its LICENSE.md). Text is drawn with DejaVu Sans Mono
through Pillow where the font is installed (monospace, the nearest free stand-in for the
MRZ's OCR-B), else with OpenCV's Hershey font.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import cv2
import numpy as np

from kiosk.capture.detect.geometry import ID1, TD3
from kiosk.capture.readers.mrz import check_digit
from kiosk.resource_files import RESOURCES

if TYPE_CHECKING:
    from PIL.ImageFont import FreeTypeFont

PORTRAIT = RESOURCES / "demo" / "portrait.jpg"
# In the portrait photo (512 x 512): the face's centre, between the eyes and the mouth, and
# the head-and-shoulders box printed on documents (x0, y0, x1, y1), in its pixels.
PORTRAIT_FACE_CENTRE = (223.0, 120.0)
_PORTRAIT_BOX = (128, 18, 318, 272)
_FONTS = Path("/usr/share/fonts/truetype/dejavu")
_FONT = cv2.FONT_HERSHEY_SIMPLEX
INK = (25, 25, 25)


@lru_cache(maxsize=1)
def portrait() -> np.ndarray:
    """The demo portrait (BGR); a drawn head when the file is missing."""
    image = cv2.imread(str(PORTRAIT))
    if image is not None:
        return image
    drawn = np.full((512, 512, 3), 150, np.uint8)
    cv2.ellipse(drawn, (223, 120), (70, 92), 0, 0, 360, (120, 150, 190), -1, cv2.LINE_AA)
    cv2.ellipse(drawn, (223, 330), (150, 110), 0, 180, 360, (90, 70, 60), -1, cv2.LINE_AA)
    return drawn


def _printed_portrait(width: int, height: int) -> np.ndarray:
    x0, y0, x1, y1 = _PORTRAIT_BOX
    printed = cv2.resize(portrait()[y0:y1, x0:x1], (width, height), interpolation=cv2.INTER_AREA)
    # Printed white is paper, not a light source: the white suit stays below the glare
    # checks' clipping level, as a printed portrait under branch lighting does.
    return np.minimum(printed, 225)


def demo_td3() -> tuple[str, str]:
    """The specimen page's MRZ: two TD3 lines whose every check digit and field is valid.

    Issuing State UTO, ICAO 9303's own specimen State; document number and dates as in
    ICAO 9303 Part 4's specimen layout, the names SPECIMEN, DEMO.
    """
    line1 = "P<UTOSPECIMEN<<DEMO".ljust(44, "<")
    number, birth, expiry = "D23145890", "900101", "310101"
    personal = "<" * 14
    body = (
        f"{number}{check_digit(number)}UTO{birth}{check_digit(birth)}F"
        f"{expiry}{check_digit(expiry)}{personal}<"
    )
    return line1, body + check_digit(body[0:10] + body[13:20] + body[21:43])


def _pil_font(name: str, size: int) -> FreeTypeFont | None:
    path = _FONTS / name
    if not path.is_file():
        return None
    from PIL import ImageFont

    return ImageFont.truetype(str(path), size)


def draw_text(
    img: np.ndarray,
    text: str,
    org: tuple[int, int],
    height: int,
    color: tuple[int, int, int] = INK,
    *,
    mono: bool = False,
) -> None:
    """Text whose capitals are about ``height`` px tall, top-left at ``org`` (in place)."""
    font = _pil_font("DejaVuSansMono.ttf" if mono else "DejaVuSans-Bold.ttf", int(height * 1.37))
    if font is None:
        scale, thick = height / 22.0, max(1, round(height / 12))
        cv2.putText(img, text, (org[0], org[1] + height), _FONT, scale, color, thick, cv2.LINE_AA)
        return
    from PIL import Image, ImageDraw

    pil = Image.fromarray(cv2.cvtColor(img, cv2.COLOR_BGR2RGB))
    ImageDraw.Draw(pil).text(org, text, font=font, fill=(color[2], color[1], color[0]))
    img[:] = cv2.cvtColor(np.asarray(pil), cv2.COLOR_RGB2BGR)


def draw_mrz_line(img: np.ndarray, text: str, org: tuple[int, int], cap: int, pitch: float) -> None:
    """One MRZ line at ``pitch`` px per character: a monospace line stretched sideways,
    like OCR-B's wide glyphs (plain monospace at this height leaves gaps read as spaces)."""
    canvas = np.full((int(cap * 2), int(cap * 0.9 * len(text)) + cap, 3), 255, np.uint8)
    draw_text(canvas, text, (0, int(cap * 0.3)), cap, (0, 0, 0), mono=True)
    ink = np.where((canvas < 250).any(axis=2).any(axis=0))[0]
    if ink.size == 0:
        return
    canvas = canvas[:, : ink[-1] + 1]
    advance = canvas.shape[1] / (len(text) - 0.25)
    width = max(int(canvas.shape[1] * pitch / advance), 1)
    stretched = cv2.resize(canvas, (width, canvas.shape[0]), interpolation=cv2.INTER_CUBIC)
    x, y = org[0], org[1] - int(cap * 0.3)
    region = img[y : y + stretched.shape[0], x : x + stretched.shape[1]]
    stretched = stretched[: region.shape[0], : region.shape[1]]
    alpha = 1.0 - stretched.astype(np.float32) / 255.0
    region[:] = (region * (1 - alpha) + np.array(INK, np.float32) * alpha).astype(np.uint8)


def _card_base(
    width: int, height_mm: float, width_mm: float, tint: tuple[int, int, int]
) -> tuple[np.ndarray, float]:
    mm = width / width_mm
    h = round(height_mm * mm)
    ys = np.linspace(0, 1, h, dtype=np.float32)[:, None]
    xs = np.linspace(0, 1, width, dtype=np.float32)[None, :]
    card = np.empty((h, width, 3), np.uint8)
    card[..., 0] = (tint[0] - 25 * ys + 0 * xs).astype(np.uint8)
    card[..., 1] = (tint[1] - 20 * xs + 0 * ys).astype(np.uint8)
    card[..., 2] = (tint[2] + 15 * ys * xs).astype(np.uint8)
    return card, mm


def _header(card: np.ndarray, mm: float, title: str) -> None:
    # Inset, so the card keeps a light edge all round and its outline stands out.
    edge = round(1.8 * mm)
    cv2.rectangle(card, (edge, edge), (card.shape[1] - edge, round(9.5 * mm)), (120, 60, 20), -1)
    draw_text(card, title, (round(3 * mm), round(3.2 * mm)), round(3.4 * mm), (232, 232, 232))
    draw_text(
        card, "SPECIMEN - NOT A REAL DOCUMENT", (round(3 * mm), round(11 * mm)), round(2 * mm),
        (30, 30, 200),
    )  # fmt: skip


def render_license_front(width_px: int) -> np.ndarray:
    """The specimen licence's front: header, the portrait, the holder's (fictitious) fields."""
    card, mm = _card_base(width_px, ID1.height_mm, ID1.width_mm, (235, 226, 205))
    _header(card, mm, "DEMOLAND  DRIVER LICENSE")
    px0, py0, px1, py1 = (round(v * mm) for v in (3, 15, 24, 44))
    card[py0:py1, px0:px1] = _printed_portrait(px1 - px0, py1 - py0)
    cv2.rectangle(card, (px0, py0), (px1, py1), (60, 60, 60), max(1, round(mm * 0.2)))
    fields = (
        ("DL NO", "D0000000"),
        ("NAME", "SPECIMEN, DEMO"),
        ("DOB", "01/01/1990"),
        ("EXP", "01/01/2031"),
        ("ADDR", "1 DEMO STREET"),
        ("", "SAMPLETOWN ZZ"),
    )
    for i, (key, value) in enumerate(fields):
        y = round((16 + i * 4.6) * mm)
        draw_text(card, key, (round(27 * mm), y), round(1.8 * mm), (90, 60, 40))
        draw_text(card, value, (round(40 * mm), y), round(2.3 * mm))
    return card


def render_license_back(width_px: int, payload: str) -> np.ndarray:
    """The specimen licence's back: a line of print and the AAMVA PDF417 across it."""
    card, mm = _card_base(width_px, ID1.height_mm, ID1.width_mm, (232, 230, 215))
    h, w = card.shape[:2]
    draw_text(card, "DEMOLAND - CLASS C - NO RESTRICTIONS", (round(4 * mm), round(3.5 * mm)),
              round(2.2 * mm))  # fmt: skip
    draw_text(card, "SPECIMEN - NOT A REAL DOCUMENT", (round(4 * mm), round(8 * mm)),
              round(2 * mm), (30, 30, 200))  # fmt: skip
    # Modules a whole number of pixels (scaled with INTER_NEAREST by an integer): uneven
    # bar widths would make it unreadable once warped into the frame.
    import zxingcpp  # loading it takes ~25 ms: only when a licence back is drawn

    barcode = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.PDF417, columns=9)
    code = np.asarray(zxingcpp.write_barcode_to_image(barcode, scale=1, add_quiet_zones=True))
    box_w, box_h = round(80 * mm), h - round(14 * mm) - round(3 * mm)
    scale = max(1, min(box_w // code.shape[1], box_h // code.shape[0]))
    code = cv2.resize(code, None, fx=scale, fy=scale, interpolation=cv2.INTER_NEAREST)
    bh, bw = code.shape[:2]
    bx, by = (w - bw) // 2, round(14 * mm) + (box_h - bh) // 2
    # Printed white is paper, not a light source: keep it below the glare checks' clipping.
    card[by : by + bh, bx : bx + bw] = np.minimum(code, 236)[..., None]
    return card


def render_passport_page(width_px: int, mrz: tuple[str, str]) -> np.ndarray:
    """The specimen TD3 data page (125 x 88 mm): portrait, fields and the MRZ where ICAO
    9303 Part 4 puts it (OCR-B at 10 characters per inch, the bottom 17 mm of the page)."""
    page, mm = _card_base(width_px, TD3.height_mm, TD3.width_mm, (228, 232, 222))
    h = page.shape[0]
    draw_text(page, "PASSPORT   UTOPIA", (round(36 * mm), round(5 * mm)), round(3.6 * mm),
              (120, 60, 30))  # fmt: skip
    draw_text(page, "SPECIMEN - NOT A REAL DOCUMENT", (round(36 * mm), round(11 * mm)),
              round(2.2 * mm), (30, 30, 200))  # fmt: skip
    px0, py0, px1, py1 = (round(v * mm) for v in (6, 16, 36, 56))
    page[py0:py1, px0:px1] = _printed_portrait(px1 - px0, py1 - py0)
    fields = (
        ("Surname", "SPECIMEN"),
        ("Given names", "DEMO"),
        ("Nationality", "UTOPIAN"),
        ("Date of birth", "01 JAN 1990"),
        ("Date of expiry", "01 JAN 2031"),
    )
    for i, (key, value) in enumerate(fields):
        y = round((17 + i * 7.5) * mm)
        draw_text(page, key, (round(42 * mm), y), round(1.8 * mm), (90, 60, 60))
        draw_text(page, value, (round(42 * mm), y + round(2.8 * mm)), round(2.6 * mm))
    pitch, cap = 2.54 * mm, int(2.3 * mm)
    y_top = h - int(13 * mm)
    zone = page[y_top - int(2 * mm) :]
    zone[:] = np.clip(zone.astype(np.int16) + 12, 0, 238).astype(np.uint8)
    for i, text in enumerate(mrz):
        draw_mrz_line(page, text, (int(6 * mm), y_top + int(i * 4.3 * mm)), cap, pitch)
    return page
