"""Passport pages: MRZ band located, read with OCR and accepted only on valid check digits.

OCR is slow (about 0.2 s a page here), so only a handful of pages are read.
"""

from __future__ import annotations

import json
import logging

import cv2
import numpy as np
import pytest
from capture_scenes import full_check
from sample_data import SAMPLES
from synth_documents import make_scene, make_td3, place, render_passport_page

from kiosk.capture.checks import passport as passport_module
from kiosk.capture.checks.passport import check_passport
from kiosk.capture.readers.mrz import check_digit
from kiosk.capture.readers.mrz_reader import locate_mrz_band, read_mrz
from kiosk.capture.readers.ocr import get_ocr, in_process_ocr

LABELS = json.loads((SAMPLES / "labels.json").read_text())
REAL_MRZ = [
    "mrz/passporteye_passport-td3.jpg",
    "mrz/imagejs_id2_est_passport.jpg",
    "documents/yushulx_can_passport_photo.jpg",
]
needs_ocr = pytest.mark.skipif(get_ocr() is None, reason="OCR extra not installed")


@needs_ocr
def test_generated_pages_are_read_with_valid_check_digits() -> None:
    read = 0
    pages = range(200, 210)
    for seed in pages:
        scene = make_scene("passport", seed)
        report = full_check("passport", scene.image, None)
        mrz = report.get("mrz")
        assert mrz is not None
        if mrz.passed:
            assert mrz.value == scene.text  # valid digits and the right text
            assert mrz.detail["format"] == "TD3" and all(mrz.detail["checks"].values())
            read += 1
    assert read >= 0.9 * len(pages)


@needs_ocr
@pytest.mark.parametrize("name", REAL_MRZ)
def test_real_passport_images_read_to_their_labels(name: str) -> None:
    image = cv2.imread(str(SAMPLES / name))
    report = full_check("passport", image, None)
    mrz = report.get("mrz")
    assert mrz is not None and mrz.passed
    assert mrz.value == LABELS[name]["mrz"]
    assert report.get("mrz_band").passed  # type: ignore[union-attr]


def test_passport_photo_on_a_desk_is_found_as_a_page() -> None:
    image = cv2.imread(str(SAMPLES / "documents/yushulx_can_passport_photo.jpg"))
    report = check_passport(image, None, live=True)
    for name in ("document", "inside_frame", "aspect_ratio", "tilt", "mrz_band"):
        assert report.get(name).passed, name  # type: ignore[union-attr]
    # A 768 px wide phone photo: about 120 dpi, below what the camera could do at 300.
    dpi = report.get("resolution_dpi")
    assert dpi is not None and 100 < dpi.value < 150


@needs_ocr
def test_a_wrong_check_digit_is_refused() -> None:
    rng = np.random.default_rng(4)
    line1, line2 = make_td3(rng)
    broken = line2[:19] + str((int(line2[19]) + 3) % 10) + line2[20:]  # birth date digit
    image, _ = place(render_passport_page(rng, (line1, broken)), rng, fill=0.66, keep_inside=0.035)
    report = full_check("passport", image, None)
    mrz = report.get("mrz")
    assert mrz is not None and not mrz.passed
    assert mrz.detail["checks"]["birth_date"] is False
    assert mrz.instruction == "Hold the passport still and flat"


def test_band_is_located_on_generated_pages_and_live() -> None:
    for seed in (300, 301):
        scene = make_scene("passport", seed)
        small = cv2.resize(scene.image, (640, 360), interpolation=cv2.INTER_AREA)
        report = check_passport(small, None, live=True, full_scale=3.0)
        band = report.get("mrz_band")
        assert band is not None and band.passed
        _x, y, w, _h = band.value["box"]
        assert y > 0.7 and w > 0.8  # the bottom of the page, nearly its full width
        assert report.get("mrz") is None  # no OCR on live frames


def test_a_licence_is_not_a_passport_page() -> None:
    scene = make_scene("license_front", 5)
    report = check_passport(scene.image, None, live=True)
    assert report.first_failure() is not None
    assert locate_mrz_band(scene.image) is None


def test_without_ocr_the_band_is_still_located(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passport_module, "get_ocr", lambda: None)
    scene = make_scene("passport", 302)
    mrz = full_check("passport", scene.image, None).get("mrz")
    assert mrz is not None and mrz.value is None and not mrz.passed
    assert mrz.detail == {"status": "MRZ located; OCR not installed"}
    assert mrz.instruction == "MRZ not verified: OCR not installed"
    assert read_mrz(scene.image, None).mrz is None


@needs_ocr
def test_mrz_text_never_reaches_the_log(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    scene = make_scene("passport", 303)
    report = full_check("passport", scene.image, None)
    line2 = scene.text.split("\n")[1]
    assert report.get("mrz").value == scene.text  # type: ignore[union-attr]
    assert line2[:9] not in caplog.text and line2 not in caplog.text


def test_generated_mrz_has_valid_digits() -> None:
    line1, line2 = make_td3(np.random.default_rng(9))
    assert len(line1) == len(line2) == 44
    assert check_digit(line2[0:9]) == line2[9]


@needs_ocr
def test_ocr_engine_loads_without_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    from kiosk.capture.readers.ocr import RapidOcrEngine

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("OCR tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    engine = RapidOcrEngine()
    line = engine.read_line(np.full((48, 200, 3), 255, np.uint8))
    assert line.text.strip() == ""


def test_get_ocr_is_none_when_rapidocr_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "rapidocr", None)  # import now raises ImportError
    assert in_process_ocr.__wrapped__() is None


LICENCE_LIKE = [
    "pdf417/zxingcpp_pdf417-2_01.png",
    "pdf417/zxingcpp_pdf417-2_08.png",
]


@pytest.mark.parametrize(
    ("kind", "seed"), [(k, s) for k in ("license_front", "license_back") for s in range(6)]
)
def test_a_licence_never_shows_a_passport_code_at_full_resolution(kind: str, seed: int) -> None:
    scene = make_scene(kind, seed)
    report = full_check("passport", scene.image, None)
    assert report.get("mrz_band").passed is False  # type: ignore[union-attr]
    assert report.get("mrz").passed is False  # type: ignore[union-attr]
    assert report.first_failure() is not None


@pytest.mark.parametrize("name", LICENCE_LIKE)
def test_a_real_barcode_is_no_passport_code(name: str) -> None:
    image = cv2.imread(str(SAMPLES / name))
    report = full_check("passport", image, None)
    assert report.get("mrz_band").passed is False  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("kind", "seed"), [(k, s) for k in ("license_front", "license_back") for s in range(10)]
)
def test_a_licence_never_shows_a_passport_code_live(kind: str, seed: int) -> None:
    scene = make_scene(kind, seed)
    small = cv2.resize(scene.image, (640, 360), interpolation=cv2.INTER_AREA)
    report = check_passport(small, None, live=True, full_scale=scene.image.shape[1] / 640)
    band = report.get("mrz_band")
    assert band is None or band.passed is False


def test_the_band_is_found_live_on_most_generated_pages() -> None:
    found = 0
    for seed in range(1, 11):
        scene = make_scene("passport", seed)
        small = cv2.resize(scene.image, (640, 360), interpolation=cv2.INTER_AREA)
        report = check_passport(small, None, live=True, full_scale=scene.image.shape[1] / 640)
        band = report.get("mrz_band")
        found += bool(band is not None and band.passed)
    assert found >= 9


def test_no_generated_licence_passes_for_a_passport_page() -> None:
    shown = [
        (kind, seed)
        for kind in ("license_front", "license_back")
        for seed in range(100, 120)
        if full_check("passport", make_scene(kind, seed).image, None).get("mrz_band").passed  # type: ignore[union-attr]
    ]
    assert shown == []
