"""Optional OCR of text lines (the MRZ), behind one small interface.

RapidOCR (PP-OCR models in ONNX, shipped inside its wheel; the ``ocr`` extra) is used when
installed: on this project's evaluation it read MRZs better and faster than Tesseract 5
(see docs/capture-checks.md, OCR). Without it, ``get_ocr()`` returns None and callers say
plainly that OCR is not installed. The engine loads its models from the wheel and never
touches the network; its own logger is quietened so it cannot echo recognised text.
"""

from __future__ import annotations

import importlib.util
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

import numpy as np

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TextLine:
    """One recognised line: its text, confidence and box (x, y, w, h) in the input image."""

    text: str
    score: float
    box: tuple[float, float, float, float]

    def __repr__(self) -> str:  # recognised text may be personal data
        return f"TextLine(chars={len(self.text)}, score={self.score:.2f}, box={self.box})"


class OcrEngine(Protocol):
    """Reads the text lines of an image."""

    name: str

    def read_lines(self, image: np.ndarray) -> list[TextLine]:
        """Lines found in a BGR or grey image, top to bottom."""
        ...

    def read_line(self, image: np.ndarray) -> TextLine:
        """The image read as one single line of text (no detection step)."""
        ...


class RapidOcrEngine:
    """RapidOCR with its bundled detection and recognition models (no angle classifier)."""

    name = "rapidocr"

    def __init__(self) -> None:
        from rapidocr import RapidOCR

        for name in ("RapidOCR", "rapidocr"):
            logging.getLogger(name).setLevel(logging.WARNING)
        self._engine = RapidOCR(params={"Global.log_level": "warning"})
        self._lock = threading.Lock()  # onnxruntime sessions are shared; keep calls serial

    def read_lines(self, image: np.ndarray) -> list[TextLine]:
        """Lines found in the image, top to bottom."""
        with self._lock:
            # Pass every step explicitly: RapidOCR keeps call options from the last call.
            result = self._engine(image, use_det=True, use_cls=False, use_rec=True)
        boxes = getattr(result, "boxes", None)
        texts = getattr(result, "txts", None) or ()
        if boxes is None:
            return []
        scores = getattr(result, "scores", None) or ()
        lines = []
        for i, text in enumerate(texts):
            pts = np.asarray(boxes[i], dtype=np.float32).reshape(-1, 2)
            x0, y0 = pts.min(axis=0)
            x1, y1 = pts.max(axis=0)
            box = (float(x0), float(y0), float(x1 - x0), float(y1 - y0))
            lines.append(TextLine(str(text), float(scores[i]), box))
        return sorted(lines, key=lambda line: line.box[1])

    def read_line(self, image: np.ndarray) -> TextLine:
        """The image read as one line: recognition only, about 20 ms for an MRZ line."""
        with self._lock:
            result = self._engine(image, use_det=False, use_cls=False, use_rec=True)
        texts = getattr(result, "txts", None) or ("",)
        scores = getattr(result, "scores", None) or (0.0,)
        h, w = image.shape[:2]
        return TextLine(str(texts[0]), float(scores[0]), (0.0, 0.0, float(w), float(h)))


_thread = threading.local()


def get_ocr() -> OcrEngine | None:
    """The OCR engine for this thread: one it was given (``provide_ocr_on_this_thread``, the
    kiosk app's capture thread), else the process's own (loaded once), else None."""
    provider: Callable[[], OcrEngine | None] | None = getattr(_thread, "provider", None)
    return provider() if provider is not None else in_process_ocr()


def provide_ocr_on_this_thread(provider: Callable[[], OcrEngine | None]) -> None:
    """Have ``get_ocr()`` on the calling thread return what ``provider()`` returns."""
    _thread.provider = provider


def ocr_installed() -> bool:
    """Whether an OCR engine can be loaded here (without loading it)."""
    return importlib.util.find_spec("rapidocr") is not None


@lru_cache(maxsize=1)
def in_process_ocr() -> OcrEngine | None:
    """The installed OCR engine in this process (loaded once), or None when none is installed."""
    try:
        return RapidOcrEngine()
    except ImportError:
        log.info("OCR not installed (pip install 'branch-kiosk[ocr]')")
        return None
