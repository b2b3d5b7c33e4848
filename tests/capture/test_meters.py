"""Staff meters: plain words with units against the threshold, never document data."""

from __future__ import annotations

from kiosk.capture.meters import KNOWN_CHECKS, TEMPLATES, meter
from kiosk.capture.result import CheckResult


def test_meters_read_as_words_with_units() -> None:
    assert meter(CheckResult("eye_distance", True, 128.4, 90.0)).text == (
        "eyes 128 px apart, need 90"
    )
    assert meter(CheckResult("tilt", False, 8.43, 8.0)).text == "tilt 8.4°, max 8°"
    assert meter(CheckResult("glare", False, 0.04, 0.01)).text == "glare 4 % of card, max 1 %"
    assert meter(CheckResult("sharpness", True, 1880.0, 500.0)).text == ("sharpness 1880, need 500")
    centred = meter(CheckResult("centered", False, [0.084, -0.004], [0.1, 0.15]))
    assert centred.text == "off centre 8 % across, 0 % down; max 10, 15"
    assert meter(CheckResult("motion", True, 0.22, 4.0)).text == ("movement 0.2 grey levels, max 4")
    fill = CheckResult("fill", True, 0.659, {"min": 0.6, "max": 0.95})
    assert meter(fill).text == "width 66 % of frame, need 60–95 %"


def test_document_data_never_reaches_a_meter() -> None:
    mrz = "P<UTOSPECIMEN<<DEMO<<<<\nD231458907UTO9001011F"
    read = meter(CheckResult("mrz", True, mrz, "ICAO 9303 check digits"))
    assert "SPECIMEN" not in read.text and read.args == ()
    barcode = meter(CheckResult("pdf417", True, "ANSI 636000 DCSSPECIMEN", "decoded"))
    assert barcode.text == "barcode read"
    unknown = meter(CheckResult("some_new_check", False, "D231458907", "x"))
    assert unknown.text == "failed"


def test_a_missing_value_is_a_dash_not_a_crash() -> None:
    assert meter(CheckResult("eye_distance", False, None, 90.0)).text == (
        "eyes – px apart, need 90"
    )
    assert meter(CheckResult("document", False, {"found": False}, {"aspect": 1.586})).text == (
        "not in view"
    )


def test_every_template_is_listed_for_translation() -> None:
    samples = {
        "barcode": [
            CheckResult("barcode", True, {"found": True, "share": 0.1}, {"min_share": 0.1}),
            CheckResult("barcode", False, {"found": False}, {"min_share": 0.1}),
        ],
    }
    for name in KNOWN_CHECKS:
        for check in samples.get(
            name, [CheckResult(name, True, 1.0, 1.0), CheckResult(name, False, None, None)]
        ):
            assert meter(check).template in TEMPLATES, name
