"""Generated documents with known ground truth: ID-1 cards, passport pages, licence backs.

Every scene knows its document's corners (TL, TR, BR, BL in frame pixels) and, for passports
and licence backs, the MRZ / barcode text printed on it. Scenes are cluttered desks; the
degradations (blur, darkness, glare, rotation, cropping, distance) each produce one known
failure. Text is drawn with DejaVu Sans Mono through Pillow when present (monospace, the
nearest free stand-in for OCR-B), else with OpenCV's Hershey font in fixed-width cells.
The benchmarks and the demo source may import this module.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field, replace
from pathlib import Path

import cv2
import numpy as np
import zxingcpp

from kiosk.camera.demo_documents import draw_mrz_line
from kiosk.capture.readers.aamva import build_aamva
from kiosk.capture.readers.mrz import check_digit

ID1_MM = (85.60, 53.98)
ID3_MM = (125.0, 88.0)
_MONO = Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf")
_SANS = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


@dataclass
class Scene:
    """A frame holding one document, and what is true about it."""

    image: np.ndarray
    corners: np.ndarray  # 4x2 float32, TL TR BR BL, frame pixels
    kind: str  # "license_front", "license_back", "passport"
    text: str = ""  # MRZ lines joined by "\n", or the PDF417 payload
    notes: dict[str, object] = field(default_factory=dict)


# -- text ------------------------------------------------------------------------------


def _pil_font(path: Path, size: int):  # type: ignore[no-untyped-def]
    try:
        from PIL import ImageFont

        return ImageFont.truetype(str(path), size) if path.is_file() else None
    except ImportError:
        return None


def draw_text(
    img: np.ndarray,
    text: str,
    org: tuple[int, int],
    height: int,
    color: tuple[int, int, int] = (30, 30, 30),
    *,
    mono: bool = False,
    pitch: float | None = None,
) -> None:
    """Draw text whose capital letters are about ``height`` px tall; ``org`` is top-left."""
    font = _pil_font(_MONO if mono else _SANS, int(height * 1.37))
    x0, y0 = org
    if font is not None:
        from PIL import Image, ImageDraw

        h, w = img.shape[:2]
        pil = Image.fromarray(cv2.cvtColor(img, cv2.COLOR_BGR2RGB))
        draw = ImageDraw.Draw(pil)
        rgb = (color[2], color[1], color[0])
        if pitch is None:
            draw.text((x0, y0), text, font=font, fill=rgb)
        else:
            for i, ch in enumerate(text):
                draw.text((x0 + i * pitch, y0), ch, font=font, fill=rgb)
        img[:] = cv2.cvtColor(np.asarray(pil), cv2.COLOR_RGB2BGR)[:h, :w]
        return
    scale = height / 22.0
    thick = max(1, round(height / 12))
    base = y0 + height
    if pitch is None:
        cv2.putText(
            img, text, (x0, base), cv2.FONT_HERSHEY_SIMPLEX, scale, color, thick, cv2.LINE_AA
        )
        return
    for i, ch in enumerate(text):
        cv2.putText(
            img,
            ch,
            (int(x0 + i * pitch), base),
            cv2.FONT_HERSHEY_SIMPLEX,
            scale,
            color,
            thick,
            cv2.LINE_AA,
        )


def _words(rng: np.random.Generator, n: int, lo: int = 3, hi: int = 9) -> str:
    letters = np.array(list(string.ascii_uppercase))
    return " ".join("".join(rng.choice(letters, rng.integers(lo, hi + 1))) for _ in range(n))


def _digits(rng: np.random.Generator, n: int) -> str:
    return "".join(str(d) for d in rng.integers(0, 10, n))


# -- documents -------------------------------------------------------------------------


def _paper(rng: np.random.Generator, w: int, h: int) -> np.ndarray:
    """A light, non-clipped tinted background with a soft gradient and fine guilloche."""
    base = rng.integers(195, 228, 3).astype(np.float32)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    grad = (xx / w - 0.5) * rng.uniform(-18, 18) + (yy / h - 0.5) * rng.uniform(-12, 12)
    wave = 5 * np.sin(xx / rng.uniform(9, 20) + 3 * np.sin(yy / rng.uniform(30, 70)))
    img = base[None, None, :] + (grad + wave)[..., None]
    return np.clip(img, 0, 240).astype(np.uint8)


def _face_block(img: np.ndarray, x: int, y: int, w: int, h: int, rng: np.random.Generator) -> None:
    img[y : y + h, x : x + w] = rng.integers(150, 200, 3)
    skin = tuple(int(v) for v in rng.integers(90, 190, 3))
    cv2.ellipse(
        img,
        (x + w // 2, y + int(h * 0.42)),
        (int(w * 0.28), int(h * 0.3)),
        0,
        0,
        360,
        skin,
        -1,
        cv2.LINE_AA,
    )
    cv2.ellipse(
        img,
        (x + w // 2, y + h),
        (int(w * 0.45), int(h * 0.3)),
        0,
        180,
        360,
        tuple(int(v) for v in rng.integers(30, 120, 3)),
        -1,
        cv2.LINE_AA,
    )


def render_license_front(rng: np.random.Generator, width: int = 1400) -> np.ndarray:
    """An ID-1 licence front: header band, portrait, labelled fields."""
    h = round(width * ID1_MM[1] / ID1_MM[0])
    img = _paper(rng, width, h)
    band = tuple(int(v) for v in rng.integers(60, 160, 3))
    cv2.rectangle(img, (0, 0), (width, int(h * 0.16)), band, -1)
    draw_text(
        img, "DRIVER LICENSE", (int(width * 0.05), int(h * 0.04)), int(h * 0.07), (245, 245, 245)
    )
    _face_block(img, int(width * 0.05), int(h * 0.24), int(width * 0.28), int(h * 0.62), rng)
    y, line = int(h * 0.24), int(h * 0.045)
    for label in ("DL", "EXP", "LN", "FN", "DOB", "ADDRESS"):
        draw_text(img, label, (int(width * 0.38), y), int(line * 0.7), (90, 40, 40))
        value = _digits(rng, 8) if label in ("DL", "EXP", "DOB") else _words(rng, 2)
        draw_text(img, value, (int(width * 0.50), y), line)
        y += int(line * 2.3)
    return img


def render_license_back(rng: np.random.Generator, payload: str, width: int = 1400) -> np.ndarray:
    """An ID-1 licence back carrying ``payload`` as a PDF417 across most of its width."""
    h = round(width * ID1_MM[1] / ID1_MM[0])
    img = _paper(rng, width, h)
    code = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.PDF417)
    sym = np.asarray(code.to_image(scale=1, add_quiet_zones=False))
    bw = int(width * 0.86)
    bh = min(int(bw * sym.shape[0] / sym.shape[1]), int(h * 0.55))
    sym = cv2.resize(sym, (bw, bh), interpolation=cv2.INTER_NEAREST)
    x0, y0 = (width - bw) // 2, int(h * 0.36)
    pad = int(width * 0.02)
    img[y0 - pad : y0 + bh + pad, x0 - pad : x0 + bw + pad] = 238
    img[y0 : y0 + bh, x0 : x0 + bw] = np.where(sym[..., None] > 127, 238, 20)
    draw_text(img, _words(rng, 4), (int(width * 0.07), int(h * 0.08)), int(h * 0.045))
    draw_text(img, _words(rng, 3), (int(width * 0.07), int(h * 0.18)), int(h * 0.045))
    return img


def make_aamva_payload(rng: np.random.Generator, *, expired: bool = False) -> str:
    """A synthetic AAMVA DL payload (fake person), expiring in the future unless asked."""
    year = 2015 if expired else 2031 + int(rng.integers(0, 5))
    fields = {
        "DAQ": "S" + _digits(rng, 8),
        "DCS": _words(rng, 1, 4, 9),
        "DAC": _words(rng, 1, 3, 7),
        "DAD": _words(rng, 1, 3, 7),
        "DBD": "01152021",
        "DBB": f"0{rng.integers(1, 10)}1" + f"{rng.integers(0, 10)}19{rng.integers(50, 99)}",
        "DBA": f"0615{year}",
        "DBC": "1",
        "DAY": "BRO",
        "DAU": "070 IN",
        "DAG": _digits(rng, 3) + " MAIN ST",
        "DAI": "SPRINGFIELD",
        "DAJ": "VA",
        "DAK": _digits(rng, 5) + "0000",
        "DCF": _digits(rng, 12),
        "DCG": "USA",
        "DDE": "N",
        "DDF": "N",
        "DDG": "N",
    }
    return build_aamva(fields, iin="636000", version=10)


def make_td3(rng: np.random.Generator) -> tuple[str, str]:
    """Two TD3 MRZ lines of a fake person with every check digit correct."""
    letters = string.ascii_uppercase
    surname = "".join(rng.choice(list(letters), rng.integers(4, 10)))
    given = "".join(rng.choice(list(letters), rng.integers(3, 8)))
    country = "UTO"
    line1 = f"P<{country}{surname}<<{given}".ljust(44, "<")[:44]
    # Like many issuers, no O or I in document numbers (they read as 0 and 1).
    number = "".join(rng.choice(list("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"), 9))
    dob = f"{rng.integers(50, 99)}{rng.integers(1, 13):02d}{rng.integers(1, 29):02d}"
    exp = f"{rng.integers(30, 36)}{rng.integers(1, 13):02d}{rng.integers(1, 29):02d}"
    personal = _digits(rng, int(rng.integers(0, 15))).ljust(14, "<")
    personal_digit = "<" if set(personal) == {"<"} else check_digit(personal)
    sex = str(rng.choice(["M", "F", "<"]))
    body = (
        f"{number}{check_digit(number)}{country}{dob}{check_digit(dob)}{sex}"
        f"{exp}{check_digit(exp)}{personal}{personal_digit}"
    )
    composite = check_digit(body[0:10] + body[13:20] + body[21:43])
    return line1, body + composite


def render_passport_page(
    rng: np.random.Generator, mrz: tuple[str, str], width: int = 1500
) -> np.ndarray:
    """A TD3 data page (125 x 88 mm) with the MRZ in the ICAO position at 10 chars/inch."""
    h = round(width * ID3_MM[1] / ID3_MM[0])
    px_mm = width / ID3_MM[0]
    img = _paper(rng, width, h)
    draw_text(
        img, "PASSPORT  UTOPIA", (int(width * 0.30), int(h * 0.05)), int(h * 0.045), (120, 60, 30)
    )
    _face_block(img, int(width * 0.05), int(h * 0.16), int(width * 0.27), int(h * 0.48), rng)
    y, line = int(h * 0.16), int(h * 0.032)
    for _ in range(6):
        draw_text(img, _words(rng, 3, 3, 8), (int(width * 0.36), y), int(line * 0.7), (90, 60, 60))
        draw_text(img, _words(rng, 2), (int(width * 0.36), y + int(line * 1.0)), line)
        y += int(line * 2.6)
    # ICAO 9303 Part 3/4: OCR-B size 1 at 10 characters per inch (2.54 mm pitch, capitals
    # about 2.3 mm), two lines about 4.2 mm apart in the bottom 17 mm of the page.
    pitch, cap = 2.54 * px_mm, int(2.3 * px_mm)
    x0 = int(6 * px_mm)
    y_top = h - int(13 * px_mm)
    img[y_top - int(2 * px_mm) :, :] = np.clip(img[y_top - int(2 * px_mm) :, :] + 12, 0, 238)
    for i, text in enumerate(mrz):
        draw_mrz_line(img, text, (x0, y_top + int(i * 4.3 * px_mm)), cap, pitch)
    return img


# -- scenes ----------------------------------------------------------------------------


def clutter(rng: np.random.Generator, w: int, h: int) -> np.ndarray:
    """A busy desk: gradient, wood-like streaks, objects, papers, lines and scribbles."""
    base = rng.integers(40, 120, 3).astype(np.float32)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    streak = 12 * np.sin(yy / rng.uniform(4, 12) + 2 * np.sin(xx / rng.uniform(60, 200)))
    img = base[None, None, :] + (streak + (xx / w - 0.5) * rng.uniform(-40, 40))[..., None]
    img = np.clip(img, 0, 255).astype(np.uint8)
    for _ in range(int(rng.integers(6, 14))):
        color = tuple(int(v) for v in rng.integers(0, 256, 3))
        x, y = int(rng.integers(-w // 4, w)), int(rng.integers(-h // 4, h))
        kind = rng.integers(0, 4)
        if kind == 0:
            cv2.rectangle(
                img,
                (x, y),
                (x + int(rng.integers(60, w // 3)), y + int(rng.integers(40, h // 3))),
                color,
                -1,
            )
        elif kind == 1:
            cv2.circle(img, (x, y), int(rng.integers(20, h // 5)), color, -1, cv2.LINE_AA)
        elif kind == 2:
            cv2.line(
                img,
                (x, y),
                (int(rng.integers(0, w)), int(rng.integers(0, h))),
                color,
                int(rng.integers(2, 9)),
                cv2.LINE_AA,
            )
        else:
            draw_text(img, _words(rng, 3), (max(x, 0), max(y, 0)), int(rng.integers(14, 40)), color)
    return img


def _document_mask(w: int, h: int, radius_frac: float) -> np.ndarray:
    mask = np.zeros((h, w), np.uint8)
    r = int(radius_frac * w)
    if r <= 0:
        mask[:] = 255
        return mask
    cv2.rectangle(mask, (r, 0), (w - r, h), 255, -1)
    cv2.rectangle(mask, (0, r), (w, h - r), 255, -1)
    for cx, cy in ((r, r), (w - r, r), (w - r, h - r), (r, h - r)):
        cv2.circle(mask, (cx, cy), r, 255, -1, cv2.LINE_AA)
    return mask


def place(
    doc: np.ndarray,
    rng: np.random.Generator,
    *,
    frame: tuple[int, int] = (1920, 1080),
    fill: float = 0.72,
    rotation_deg: float = 0.0,
    perspective: float = 0.025,
    centre: tuple[float, float] = (0.5, 0.5),
    corner_radius: float = 0.037,
    background: np.ndarray | None = None,
    keep_inside: float | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Warp ``doc`` into a cluttered frame; returns (frame, true corners TL TR BR BL).

    ``fill`` is the document width over the frame width; ``perspective`` jitters each
    corner by up to that fraction of the document width; ``corner_radius`` rounds the
    corners (ISO/IEC 7810: 3.18 mm on an 85.60 mm card = 0.037). With ``keep_inside`` the
    document is shrunk about its centre until every corner is at least that fraction of
    the frame height away from the borders.
    """
    fw, fh = frame
    dh, dw = doc.shape[:2]
    width = fill * fw
    height = width * dh / dw
    half = (
        np.array(
            [[-width, -height], [width, -height], [width, height], [-width, height]], np.float32
        )
        / 2
    )
    rad = np.deg2rad(rotation_deg)
    rot = np.array([[np.cos(rad), -np.sin(rad)], [np.sin(rad), np.cos(rad)]], np.float32)
    corners = half @ rot.T + np.array([centre[0] * fw, centre[1] * fh], np.float32)
    corners += rng.uniform(-perspective, perspective, (4, 2)).astype(np.float32) * width
    if keep_inside is not None:
        m = keep_inside * fh
        mid = corners.mean(axis=0)
        lo, hi = np.array([m, m]), np.array([fw - m, fh - m])
        span = np.maximum(np.abs(corners - mid), 1e-3)
        room = np.minimum(np.where(corners < mid, mid - lo, hi - mid), span) / span
        corners = mid + (corners - mid) * float(room.min())
    src = np.array([[0, 0], [dw, 0], [dw, dh], [0, dh]], np.float32)
    matrix = cv2.getPerspectiveTransform(src, corners.astype(np.float32))
    scene = clutter(rng, fw, fh) if background is None else background.copy()
    # A soft shadow under the document, as on a real desk.
    shadow = cv2.warpPerspective(_document_mask(dw, dh, corner_radius), matrix, (fw, fh))
    shadow = cv2.GaussianBlur(np.roll(shadow, (6, 6), (0, 1)), (0, 0), 6)
    scene = (scene * (1 - 0.35 * shadow[..., None] / 255.0)).astype(np.uint8)
    warped = cv2.warpPerspective(doc, matrix, (fw, fh), flags=cv2.INTER_AREA)
    mask = (
        cv2.warpPerspective(
            _document_mask(dw, dh, corner_radius), matrix, (fw, fh), flags=cv2.INTER_LINEAR
        ).astype(np.float32)[..., None]
        / 255.0
    )
    out = (warped * mask + scene * (1 - mask)).astype(np.uint8)
    return out, corners.astype(np.float32)


def make_scene(kind: str, seed: int, **place_kw: object) -> Scene:
    """One generated scene of ``kind`` (license-front, license-back, passport)."""
    rng = np.random.default_rng(seed)
    text = ""
    if kind == "license_front":
        doc = render_license_front(rng)
    elif kind == "license_back":
        text = make_aamva_payload(rng)
        doc = render_license_back(rng, text)
    elif kind == "passport":
        mrz = make_td3(rng)
        text = "\n".join(mrz)
        doc = render_passport_page(rng, mrz)
        place_kw.setdefault("corner_radius", 0.02)
        # An ID-3 page is taller: keep it inside a 16:9 frame.
        place_kw.setdefault("fill", float(rng.uniform(0.64, 0.68)))
        place_kw.setdefault("perspective", 0.015)
        place_kw.setdefault("rotation_deg", float(rng.uniform(-2.5, 2.5)))
        place_kw.setdefault("keep_inside", 0.035)
    else:
        raise ValueError(f"unknown kind {kind}")
    place_kw.setdefault("rotation_deg", float(rng.uniform(-6, 6)))
    place_kw.setdefault("keep_inside", 0.05)
    place_kw.setdefault("fill", float(rng.uniform(0.65, 0.8)))
    place_kw.setdefault(
        "centre", (0.5 + float(rng.uniform(-0.04, 0.04)), 0.5 + float(rng.uniform(-0.04, 0.04)))
    )
    image, corners = place(doc, rng, **place_kw)  # type: ignore[arg-type]
    return Scene(image, corners, kind, text)


# -- degradations ----------------------------------------------------------------------


def blurred(scene: Scene, sigma: float = 4.0) -> Scene:
    """Out of focus / motion-smeared."""
    return replace(scene, image=cv2.GaussianBlur(scene.image, (0, 0), sigma))


def darkened(scene: Scene, factor: float = 0.18) -> Scene:
    """Under-exposed: everything scaled towards black (with a little sensor noise)."""
    rng = np.random.default_rng(7)
    noise = rng.normal(0, 2, scene.image.shape)
    return replace(scene, image=np.clip(scene.image * factor + noise, 0, 255).astype(np.uint8))


def with_glare(scene: Scene, at: tuple[float, float] = (0.3, 0.35), radius: float = 0.12) -> Scene:
    """A specular hotspot at ``at`` (fractions of the document's width and height)."""
    c = scene.corners
    u, v = at
    top = c[0] + (c[1] - c[0]) * u
    bottom = c[3] + (c[2] - c[3]) * u
    point = top + (bottom - top) * v
    r = radius * float(np.linalg.norm(c[1] - c[0]))
    h, w = scene.image.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    d2 = ((xx - point[0]) ** 2 + (yy - point[1]) ** 2) / (r * r)
    light = np.clip(1.6 - d2, 0, 1.0)[..., None]
    img = scene.image.astype(np.float32) * (1 - light) + 255 * light
    return replace(
        scene, image=np.clip(img, 0, 255).astype(np.uint8), notes={**scene.notes, "glare_at": at}
    )
