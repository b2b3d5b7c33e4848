"""The demo camera's scenery: a receipt, a cluttered desk, the label, and how art is placed.

Everything is drawn once; per frame the demo source only warps the pre-rendered document
or receipt onto a copy of the background (or shifts the face) and stamps the label. The
documents themselves are in ``demo_documents``, the scenes that place them in ``demo_scenes``;
all their data is fictitious and says so.
"""

from __future__ import annotations

import cv2
import numpy as np

from kiosk.capture.detect.geometry import ID1

# The demo licence is an ID-1 card (the licence kinds' geometry).
ID1_WIDTH_MM, ID1_HEIGHT_MM = ID1.width_mm, ID1.height_mm
LABEL_TEXT = "DEMO CAMERA"

_FONT = cv2.FONT_HERSHEY_SIMPLEX
_FONT_BOLD = cv2.FONT_HERSHEY_DUPLEX

# A fictitious AAMVA-style licence record (AAMVA DL/ID Card Design Standard 2020, annex D).
_AAMVA_FIELDS = (
    ("DCA", "C"),
    ("DBA", "01012031"),
    ("DCS", "SPECIMEN"),
    ("DAC", "DEMO"),
    ("DBD", "01012026"),
    ("DBB", "01011990"),
    ("DBC", "9"),
    ("DAU", "070 IN"),
    ("DAG", "1 DEMO STREET"),
    ("DAI", "SAMPLETOWN"),
    ("DAJ", "ZZ"),
    ("DAK", "000000000"),
    ("DAQ", "D0000000"),
    ("DCG", "USA"),
)


def demo_barcode_text() -> str:
    """The demo card's PDF417 payload: a well-formed AAMVA record with fictitious data."""
    subfile = "DL" + "".join(f"{key}{value}\n" for key, value in _AAMVA_FIELDS)
    subfile = subfile[:-1] + "\r"
    # Header: compliance indicator, separators, "ANSI ", IIN 636000 (reserved for test
    # cards), AAMVA version 10, jurisdiction version 00, one subfile entry.
    header = "@\n\x1e\rANSI 636000100001"
    offset = len(header) + 10
    return f"{header}DL{offset:04d}{len(subfile):04d}{subfile}"


def _text(
    img: np.ndarray,
    text: str,
    org: tuple[int, int],
    scale: float,
    color: tuple[int, ...],
    thick: int = 1,
) -> None:
    cv2.putText(img, text, org, _FONT, scale, color, thick, cv2.LINE_AA)


def render_receipt(height_px: int, seed: int) -> np.ndarray:
    """A till receipt ``height_px`` tall (80 mm paper, about 1.8 : 1), with items and a total.

    Short and wide for a receipt, so that at 720p it is wide enough to be read sharply
    (the receipt checks resample it to 512 px wide to measure sharpness).
    """
    rng = np.random.default_rng(seed)
    w = round(height_px / 1.8)
    h = height_px
    receipt = np.full((h, w, 3), 246, np.uint8)
    receipt[:] = (240, 244, 246)
    scale = w / 330
    line_h = 22 * scale
    y = 40 * scale

    def line(text: str, *, center: bool = False, big: bool = False) -> None:
        nonlocal y
        s = scale * (0.7 if big else 0.5)
        thick = max(1, round(scale * (2 if big else 1)))
        size = cv2.getTextSize(text, _FONT, s, thick)[0]
        x = (w - size[0]) // 2 if center else round(16 * scale)
        _text(receipt, text, (x, round(y)), s, (30, 30, 30), thick)
        y += line_h * (1.5 if big else 1.0)

    line("DEMO STORE", center=True, big=True)
    line("123 SAMPLE ROAD", center=True)
    line("RECEIPT - DEMO DATA", center=True)
    line("-" * 40)
    total = 0.0
    for i in range(int((h - 14 * line_h) / line_h)):
        price = float(rng.integers(99, 2999)) / 100
        total += price
        line(f"ITEM {i + 1:02d}{'':14s}{price:8.2f}")
    line("-" * 40)
    line(f"TOTAL{'':17s}{total:8.2f}", big=True)
    line("CARD ****0000")
    line("2026-01-01 12:00", center=True)
    line("THANK YOU", center=True)
    return receipt


def render_background(width: int, height: int, seed: int) -> np.ndarray:
    """A cluttered desk: grain, papers, pens, stickers and stray text, mid-dark tones."""
    rng = np.random.default_rng(seed)
    ys = np.linspace(0, 1, height, dtype=np.float32)[:, None]
    xs = np.linspace(0, 1, width, dtype=np.float32)[None, :]
    grain = (np.sin(xs * 90 + np.sin(ys * 7) * 3) * 8).astype(np.float32)
    bg = np.empty((height, width, 3), np.float32)
    bg[..., 0] = 55 + 20 * ys + grain
    bg[..., 1] = 75 + 15 * xs + grain
    bg[..., 2] = 100 + 20 * xs * ys + grain
    img = np.clip(bg, 0, 255).astype(np.uint8)
    for _ in range(14):  # papers and boxes
        x, y = int(rng.integers(0, width)), int(rng.integers(0, height))
        sz = rng.integers(30, 160, 2)
        color = tuple(int(c) for c in rng.integers(40, 170, 3))
        box = ((x, y), (int(sz[0]), int(sz[1])), float(rng.uniform(0, 90)))
        cv2.fillPoly(img, [cv2.boxPoints(box).astype(np.int32)], color, cv2.LINE_AA)
    for _ in range(12):  # pens and cables
        p1 = (int(rng.integers(0, width)), int(rng.integers(0, height)))
        p2 = (p1[0] + int(rng.integers(-200, 200)), p1[1] + int(rng.integers(-200, 200)))
        color = tuple(int(c) for c in rng.integers(20, 200, 3))
        cv2.line(img, p1, p2, color, int(rng.integers(2, 7)), cv2.LINE_AA)
    for _ in range(10):  # stickers
        c = (int(rng.integers(0, width)), int(rng.integers(0, height)))
        color = tuple(int(v) for v in rng.integers(30, 190, 3))
        cv2.circle(img, c, int(rng.integers(8, 40)), color, -1, cv2.LINE_AA)
    for _ in range(8):  # stray print
        org = (int(rng.integers(0, width - 100)), int(rng.integers(20, height)))
        _text(img, "lorem ipsum 42", org, float(rng.uniform(0.4, 0.9)), (150, 160, 170))
    noise = rng.normal(0, 4, img.shape).astype(np.int16)
    return (img.astype(np.int16) + noise).clip(0, 255).astype(np.uint8)


def render_label(frame_width: int) -> np.ndarray:
    """The "DEMO CAMERA" banner: white text on red, sized to the frame."""
    scale = max(0.6, frame_width / 1280 * 1.1)
    thick = max(2, round(scale * 2))
    (tw, th), base = cv2.getTextSize(LABEL_TEXT, _FONT_BOLD, scale, thick)
    pad = round(10 * scale)
    label = np.empty((th + base + 2 * pad, tw + 2 * pad, 3), np.uint8)
    label[:] = (20, 20, 200)
    cv2.putText(
        label, LABEL_TEXT, (pad, pad + th), _FONT_BOLD, scale, (255, 255, 255), thick, cv2.LINE_AA
    )
    return label


def quad(
    center: tuple[float, float], size: tuple[float, float], angle_deg: float, keystone: float
) -> np.ndarray:
    """Corners TL, TR, BR, BL of a rectangle rotated about its centre, the top edge
    narrowed by ``keystone`` (a fraction) to fake a slight tilt toward the camera."""
    w, h = size
    k = keystone * w / 2
    pts = np.array(
        [[-w / 2 + k, -h / 2], [w / 2 - k, -h / 2], [w / 2, h / 2], [-w / 2, h / 2]],
        np.float64,
    )
    a = np.deg2rad(angle_deg)
    rot = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]], np.float64)
    return (pts @ rot.T + np.asarray(center, np.float64)).astype(np.float32)


def warp_into(frame: np.ndarray, art: np.ndarray, corners: np.ndarray) -> None:
    """Warp ``art`` onto ``frame`` in place so its corners land on ``corners`` (TL,TR,BR,BL).

    Only the bounding box is resampled; pixels outside the art keep the background.
    """
    h, w = art.shape[:2]
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    fh, fw = frame.shape[:2]
    x0 = max(int(np.floor(corners[:, 0].min())), 0)
    y0 = max(int(np.floor(corners[:, 1].min())), 0)
    x1 = min(int(np.ceil(corners[:, 0].max())) + 1, fw)
    y1 = min(int(np.ceil(corners[:, 1].max())) + 1, fh)
    if x1 <= x0 or y1 <= y0:
        return
    shift = np.array([[1, 0, -x0], [0, 1, -y0], [0, 0, 1]], np.float64)
    matrix = shift @ cv2.getPerspectiveTransform(src, corners)
    roi = frame[y0:y1, x0:x1]
    cv2.warpPerspective(
        art,
        matrix,
        (x1 - x0, y1 - y0),
        dst=roi,
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_TRANSPARENT,
    )
