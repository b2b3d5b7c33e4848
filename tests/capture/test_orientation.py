"""Documents and receipts put down any way round are read and uploaded upright.

Every kind is tried on the project's own images (the real samples in tests/data, generated
documents, the demo camera's specimens) turned 0/90/180/270° and tilted ±35°: the content
reads as upright (the same MRZ, the same barcode) and the upload is the right way up. A
rotation search must not turn what is no passport into one.
"""

from __future__ import annotations

import json
from functools import cache

import cv2
import numpy as np
import pytest
from capture_scenes import RECEIPT_A, RECEIPT_C, read, receipt_scene
from sample_data import SAMPLES
from synth_documents import make_scene, place

from kiosk.camera.demo_documents import (
    demo_td3,
    render_license_back,
    render_license_front,
    render_passport_page,
)
from kiosk.camera.demo_scene import demo_barcode_text
from kiosk.capture.checks.document_checks import evaluate_document
from kiosk.capture.checks.license import find_pdf417
from kiosk.capture.detect.geometry import TD3
from kiosk.capture.evaluator import Evaluator
from kiosk.capture.orientation import reading_tilt, turn
from kiosk.capture.readers.mrz_reader import find_mrz_band
from kiosk.capture.readers.ocr import get_ocr
from kiosk.config.capture import CaptureSettings
from kiosk.config.document import DocumentSettings
from kiosk.pipeline import Inspection, inspect

LABELS = json.loads((SAMPLES / "labels.json").read_text())
ANGLES = (0, 90, 180, 270, 35, -35)
needs_ocr = pytest.mark.skipif(get_ocr() is None, reason="OCR extra not installed")


@pytest.fixture(scope="module")
def evaluator() -> Evaluator:
    """One evaluator (and so one face detector) for the module; OCR engines are cached."""
    return Evaluator(CaptureSettings())


def tilted(image: np.ndarray, degrees: float, background: int = 40) -> np.ndarray:
    """The image turned by ``degrees`` clockwise on a plain background with a margin, as a
    scan or photo lying askew (a quarter turn is exact, with no background)."""
    if degrees % 90 == 0:
        return turn(image, int(degrees) % 360)
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), -degrees, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    size = (int((h * sin + w * cos) * 1.12), int((h * cos + w * sin) * 1.12))
    matrix[0, 2] += size[0] / 2 - w / 2
    matrix[1, 2] += size[1] / 2 - h / 2
    return cv2.warpAffine(image, matrix, size, borderValue=(background,) * 3)


def scene(doc: np.ndarray, degrees: int, seed: int = 3) -> np.ndarray:
    """A document on a cluttered desk: turned with the camera by quarter turns, or lying at
    ``degrees`` on the desk."""
    rng = np.random.default_rng(seed)
    if degrees % 90 == 0:
        frame, _ = place(doc, rng, fill=0.6, rotation_deg=0.0, keep_inside=0.05)
        return turn(frame, degrees % 360)
    frame, _ = place(doc, rng, fill=0.5, rotation_deg=float(degrees), keep_inside=0.03)
    return frame


@cache
def _demo(kind: str) -> np.ndarray:
    if kind == "passport":
        return render_passport_page(1300, demo_td3())
    if kind == "license_back":
        return render_license_back(1300, demo_barcode_text())
    return render_license_front(1300)


def frame_of(sample: str, degrees: int) -> tuple[np.ndarray, str]:
    """(the sample turned by ``degrees``, the text its content must read as)."""
    if sample.startswith("demo:"):
        kind = sample[5:]
        text = {"passport": "\n".join(demo_td3()), "license_back": demo_barcode_text()}
        return scene(_demo(kind), degrees), text.get(kind, "")
    if sample.startswith("synth:"):
        kind, seed = sample[6:].split("@")
        made = make_scene(kind, int(seed))
        if degrees % 90 == 0:
            return turn(made.image, degrees % 360), made.text
        made = make_scene(kind, int(seed), rotation_deg=float(degrees), fill=0.5)
        return made.image, made.text
    if sample.startswith("desk:"):
        frame, _ = receipt_scene(read(SAMPLES / sample[5:]), size=(2400, 1800), fill=0.8)
        return tilted(frame, degrees), ""
    return tilted(read(SAMPLES / sample), degrees), LABELS.get(sample, {}).get("mrz", "")


def checked(kind: str, sample: str, degrees: int, ev: Evaluator) -> tuple[Inspection, str]:
    image, text = frame_of(sample, degrees)
    return inspect(kind, image, ev, source="scan"), text


def upright_like(upload: np.ndarray, reference: np.ndarray) -> bool:
    """True when the upload matches the upright reference better than its half turn."""
    size = (96, round(96 * reference.shape[0] / reference.shape[1]))

    def small(image: np.ndarray) -> np.ndarray:
        gray = cv2.cvtColor(cv2.resize(image, size, interpolation=cv2.INTER_AREA), 6)
        return cv2.GaussianBlur(gray, (5, 5), 0).astype(np.float32).ravel()

    up, ref = small(upload), small(reference)
    down = small(turn(reference, 180))
    return float(np.corrcoef(up, ref)[0, 1]) > float(np.corrcoef(up, down)[0, 1]) + 0.05


PASSPORTS = [
    "mrz/passporteye_passport-td3.jpg",
    "mrz/imagejs_id2_est_passport.jpg",
    "documents/yushulx_can_passport_photo.jpg",
    "demo:passport",
    "synth:passport@33",
]


@needs_ocr
@pytest.mark.parametrize("degrees", ANGLES)
@pytest.mark.parametrize("sample", PASSPORTS)
def test_a_passport_page_reads_the_same_mrz_any_way_round(
    sample: str, degrees: int, evaluator: Evaluator
) -> None:
    found, text = checked("passport", sample, degrees, evaluator)
    mrz = found.report.get("mrz")
    assert mrz is not None and mrz.passed, found.report.as_json()
    assert mrz.value == text
    # Uploaded upright: the MRZ at the bottom of the page, where ICAO 9303 puts it.
    band = find_mrz_band(found.crop, 0.55, on_page=True)
    assert band is not None and found.crop.shape[1] > found.crop.shape[0]


@pytest.mark.parametrize("degrees", ANGLES)
@pytest.mark.parametrize("sample", ["demo:license_back", "synth:license_back@32"])
def test_a_licence_back_reads_its_barcode_and_is_uploaded_upright(
    sample: str, degrees: int, evaluator: Evaluator
) -> None:
    found, text = checked("license_back", sample, degrees, evaluator)
    pdf417, aamva = found.report.get("pdf417"), found.report.get("aamva")
    assert pdf417 is not None and pdf417.passed and pdf417.value == text
    assert aamva is not None and aamva.passed
    read_back = find_pdf417(found.crop)
    assert read_back is not None and read_back[1] == 0  # the symbol reads left to right


@pytest.mark.parametrize("degrees", ANGLES)
@pytest.mark.parametrize("sample", ["demo:license_front", "synth:license_front@31"])
def test_a_licence_front_is_uploaded_upright(
    sample: str, degrees: int, evaluator: Evaluator
) -> None:
    upright, _ = checked("license_front", sample, 0, evaluator)
    found, _ = checked("license_front", sample, degrees, evaluator)
    assert found.report.get("document").passed  # type: ignore[union-attr]
    assert found.crop.shape[1] > found.crop.shape[0]
    assert upright_like(found.crop, upright.crop), found.report.turned
    if sample.startswith("demo:"):  # a real portrait: upright by the holder's face
        faces = evaluator.face_detector.detect(found.crop)  # type: ignore[union-attr]
        assert faces and faces[0].landmarks[3][1] > faces[0].landmarks[0][1]


# The uncropped flatbed scan (a narrow receipt on a large dark sheet) is turned by quarter
# turns only: tilted on a wider canvas its receipt is under the share of the frame a receipt
# must fill to be found at all (capture.receipt.min_area_fraction, 8 %).
RECEIPTS = [
    *((f"desk:receipts/{RECEIPT_A.name}", d) for d in ANGLES),
    *((f"receipts/{RECEIPT_A.name}", d) for d in ANGLES),
    *((f"receipts/{RECEIPT_C.name}", d) for d in (0, 90, 180, 270)),
]


@pytest.mark.parametrize(("sample", "degrees"), RECEIPTS)
def test_a_receipt_is_uploaded_upright(sample: str, degrees: int, evaluator: Evaluator) -> None:
    upright, _ = checked("receipt", sample, 0, evaluator)
    found, _ = checked("receipt", sample, degrees, evaluator)
    assert found.report.passed, found.report.first_failure()
    assert found.crop.shape[0] > found.crop.shape[1]
    assert upright_like(found.crop, upright.crop), found.report.turned


NOT_PASSPORTS = [
    "noise",
    f"receipts/{RECEIPT_A.name}",
    "faces/dlib_dog_porch.jpg",
    "synth:license_front@5",
    "demo:license_back",
]


def _not_a_passport(sample: str) -> np.ndarray:
    if sample == "noise":
        rng = np.random.default_rng(11)
        noise = rng.integers(0, 256, (270, 480, 3), dtype=np.uint8)
        return cv2.resize(noise, (1920, 1080), interpolation=cv2.INTER_NEAREST)
    return frame_of(sample, 0)[0]


@needs_ocr
@pytest.mark.parametrize("sample", NOT_PASSPORTS)
def test_no_rotation_makes_a_passport_of_something_else(sample: str, evaluator: Evaluator) -> None:
    image = _not_a_passport(sample)
    for degrees in (0, 90, 180, 270):
        report = inspect("passport", turn(image, degrees), evaluator, source="scan").report
        mrz = report.get("mrz")
        assert not report.passed and mrz is not None and not mrz.passed, (sample, degrees)


def test_tilt_is_measured_from_the_nearest_reading_orientation() -> None:
    assert reading_tilt(89.0) == pytest.approx(1.0)
    assert reading_tilt(-178.0) == pytest.approx(2.0)
    assert reading_tilt(35.0) == pytest.approx(35.0) and reading_tilt(125.0) == 35.0
    page = _demo("passport")
    settings = DocumentSettings()
    for degrees in (90, 180, 270):
        found = evaluate_document(scene(page, degrees), TD3, settings, live=False)
        tilt = next(c for c in found.checks if c.name == "tilt")
        assert tilt.passed and tilt.value < 3.0, (degrees, tilt.value)
    askew = evaluate_document(scene(page, 24), TD3, settings, live=False)
    tilt = next(c for c in askew.checks if c.name == "tilt")
    assert not tilt.passed and 21.0 < tilt.value < 27.0
