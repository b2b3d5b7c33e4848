"""Licence back: PDF417 round trip with zxing-cpp, AAMVA parsing and validation."""

from __future__ import annotations

import json
import logging
from datetime import date

import cv2
import numpy as np
import pytest
import zxingcpp
from capture_scenes import full_check
from sample_data import SAMPLES
from synth_documents import make_aamva_payload, make_scene, place, render_license_back

from kiosk.capture.checks.license import check_license_back, check_license_front, decode_pdf417
from kiosk.capture.readers.aamva import AamvaError, build_aamva, parse_aamva, parse_aamva_date
from kiosk.config.capture import CaptureSettings
from kiosk.config.document import DocumentSettings

# AAMVA DL/ID Card Design Standard 2020, Annex D example (version 09, Virginia test IIN).
STANDARD_EXAMPLE = (
    "@\n\x1e\rANSI 636000090002DL00410278ZV03190008DLDAQT64235789\nDCSSAMPLE\nDDEN\n"
    "DACMICHAEL\nDDFN\nDADJOHN\nDDGN\nDCUJR\nDCAD\nDCBK\nDCDPH\nDBD06062019\nDBB06061986\n"
    "DBA12102024\nDBC1\nDAU068 in\nDAYBRO\nDAG2300 WEST BROAD STREET\nDAIRICHMOND\nDAJVA\n"
    "DAK232690000  \nDCF2424244747474786102204\nDCGUSA\nDCK123456789\nDDAF\nDDB06062018\r"
    "ZVZVA01\r"
)


def test_standard_example_header_and_fields() -> None:
    record = parse_aamva(STANDARD_EXAMPLE)
    assert (record.iin, record.version, record.jurisdiction_version) == ("636000", 9, 0)
    assert record.subfile_type == "DL"
    assert record.fields["DAQ"] == "T64235789"
    assert record.fields["DCS"] == "SAMPLE" and record.fields["DAJ"] == "VA"
    assert record.date_field("DBB") == date(1986, 6, 6)
    assert record.date_field("DBA") == date(2024, 12, 10)
    assert record.missing() == []
    assert record.expired(today=date(2024, 12, 11)) is True
    assert record.expired(today=date(2024, 12, 10)) is False


def test_repr_and_errors_never_show_field_values() -> None:
    record = parse_aamva(STANDARD_EXAMPLE)
    assert "T64235789" not in repr(record) and "SAMPLE" not in repr(record)
    with pytest.raises(AamvaError) as info:
        parse_aamva("T64235789 SAMPLE MICHAEL")
    assert "T64235789" not in str(info.value)


def test_build_then_parse_round_trip() -> None:
    fields = {
        "DAQ": "S12345678",
        "DCS": "DOE",
        "DAC": "JANE",
        "DBB": "01151990",
        "DBA": "06152031",
        "DAJ": "VA",
        "DCG": "USA",
    }
    record = parse_aamva(build_aamva(fields, iin="636012", version=10))
    assert record.iin == "636012" and record.version == 10
    assert record.fields == fields


def test_missing_required_elements_are_named_by_id() -> None:
    record = parse_aamva(build_aamva({"DAQ": "X1", "DCS": "DOE", "DBA": "06152031"}))
    assert record.missing() == ["DAC", "DBB", "DAJ"]


def test_dates_follow_the_issuing_country() -> None:
    assert parse_aamva_date("06152031", "USA") == date(2031, 6, 15)
    assert parse_aamva_date("20310615", "CAN") == date(2031, 6, 15)
    assert parse_aamva_date("2031X615", "USA") is None
    canadian = build_aamva({"DBA": "20310615", "DCG": "CAN"})
    assert parse_aamva(canadian).date_field("DBA") == date(2031, 6, 15)


def test_pdf417_round_trip_through_an_image() -> None:
    payload = make_aamva_payload(np.random.default_rng(5))
    symbol = np.asarray(
        zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.PDF417).to_image(scale=3)
    )
    text = decode_pdf417(cv2.cvtColor(symbol, cv2.COLOR_GRAY2BGR))
    assert text == payload
    assert parse_aamva(text).fields == parse_aamva(payload).fields


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_licence_back_scene_decodes_and_validates(seed: int) -> None:
    scene = make_scene("license_back", seed)
    report = full_check("license_back", scene.image, CaptureSettings())
    assert report.kind == "license_back"
    pdf = report.get("pdf417")
    assert pdf is not None and pdf.passed and pdf.value == scene.text
    aamva = report.get("aamva")
    assert aamva is not None and aamva.passed
    assert aamva.value["missing"] == [] and aamva.value["expired"] is False
    assert report.passed, report.first_failure()
    _x, _y, w, _h = report.subject_box  # type: ignore[misc]
    assert w > 0.6 * scene.image.shape[1]


def test_expired_licence_is_refused_unless_configured() -> None:
    rng = np.random.default_rng(11)
    payload = make_aamva_payload(rng, expired=True)
    image, _ = place(render_license_back(rng, payload), rng, fill=0.7)
    report = full_check("license_back", image, CaptureSettings())
    aamva = report.get("aamva")
    assert aamva is not None and not aamva.passed
    assert aamva.instruction == "This licence has expired"
    lenient = full_check("license_back", image, DocumentSettings(reject_expired=False))
    assert lenient.get("aamva").passed  # type: ignore[union-attr]


def test_live_frames_skip_decoding_but_see_the_barcode() -> None:
    scene = make_scene("license_back", 3)
    small = cv2.resize(scene.image, (640, 360), interpolation=cv2.INTER_AREA)
    report = check_license_back(small, None, live=True, full_scale=3.0)
    assert report.get("pdf417") is None
    barcode = report.get("barcode")
    assert barcode is not None and barcode.passed
    _x, y, w, _h = barcode.value["box"]
    assert w > 0.8 and y > 0.25  # the generated symbol spans the card's lower part
    assert report.passed, report.first_failure()


@pytest.mark.parametrize("live", [False, True])
def test_the_front_shown_for_the_back_is_told_to_turn_over(live: bool) -> None:
    scene = make_scene("license_front", 4)
    front = check_license_front(scene.image, None, live=False)
    assert front.passed, front.first_failure()
    image = (
        cv2.resize(scene.image, (640, 360), interpolation=cv2.INTER_AREA) if live else scene.image
    )
    as_back = (
        check_license_back(image, None, live=True, full_scale=1920 / image.shape[1])
        if live
        else full_check("license_back", image)
    )
    failure = as_back.first_failure()
    assert failure is not None and failure.name == "barcode"
    assert failure.instruction == "Turn the card over to show the barcode"
    if not live:
        pdf = as_back.get("pdf417")
        assert pdf is not None and not pdf.passed and pdf.instruction == failure.instruction


def test_real_pdf417_photos_decode_to_their_labels() -> None:
    labels = json.loads((SAMPLES / "labels.json").read_text())
    paths = sorted((SAMPLES / "pdf417").glob("*.png"))
    assert paths
    for path in paths:
        image = cv2.imread(str(path))
        report = full_check("license_back", image, None)
        pdf = report.get("pdf417")
        assert pdf is not None and pdf.value == labels[f"pdf417/{path.name}"]["pdf417"]
        # Not a licence: decoded, but refused as AAMVA.
        assert report.get("aamva").value == {"aamva": False}  # type: ignore[union-attr]


def test_barcode_data_never_reaches_the_log(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    scene = make_scene("license_back", 6)
    full_check("license_back", scene.image, None)
    record = parse_aamva(scene.text)
    for value in (record.fields["DAQ"], record.fields["DCS"], record.fields["DAC"]):
        assert value not in caplog.text
