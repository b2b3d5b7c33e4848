"""ICAO 9303 MRZ parsing and check digits, on the ICAO specimen lines."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from synth_documents import make_td3

from kiosk.capture.readers.mrz import (
    MrzFormat,
    check_digit,
    correct_mrz,
    fit_width,
    normalise_line,
    parse_mrz,
)

# ICAO Doc 9303 specimens (Part 4 TD3, Part 5 TD1, Part 6 TD2).
TD3 = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
)
TD1 = (
    "I<UTOD231458907<<<<<<<<<<<<<<<",
    "7408122F1204159UTO<<<<<<<<<<<6",
    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
)
TD2 = (
    "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<",
    "D231458907UTO7408122F1204159<<<<<<<6",
)


def _replace(line: str, index: int, ch: str) -> str:
    return line[:index] + ch + line[index + 1 :]


@pytest.mark.parametrize(
    ("data", "digit"),
    [
        ("L898902C3", "6"),
        ("740812", "2"),
        ("120415", "9"),
        ("ZE184226B<<<<<", "1"),
        ("D23145890", "7"),
        ("<<<<<<", "0"),
    ],
)
def test_check_digit_of_specimen_fields(data: str, digit: str) -> None:
    assert check_digit(data) == digit


def test_td3_specimen_parses_with_every_digit_holding() -> None:
    mrz = parse_mrz(TD3)
    assert mrz is not None and mrz.format is MrzFormat.TD3
    assert mrz.valid
    assert set(mrz.checks) == {
        "document_number",
        "birth_date",
        "expiry_date",
        "personal_number",
        "composite",
    }
    assert (mrz.document_number, mrz.issuer, mrz.nationality) == ("L898902C3", "UTO", "UTO")
    assert (mrz.birth_date, mrz.expiry_date, mrz.sex) == ("740812", "120415", "F")
    assert (mrz.surname, mrz.given_names) == ("ERIKSSON", "ANNA MARIA")
    assert mrz.text == "\n".join(TD3)


def test_td1_specimen_parses_with_composite() -> None:
    mrz = parse_mrz(TD1)
    assert mrz is not None and mrz.format is MrzFormat.TD1 and mrz.valid
    assert mrz.document_number == "D23145890"
    assert mrz.document_type == "I<" and mrz.nationality == "UTO"
    assert mrz.checks["composite"]
    assert (mrz.surname, mrz.given_names) == ("ERIKSSON", "ANNA MARIA")


def test_td2_specimen_parses_with_composite() -> None:
    mrz = parse_mrz(TD2)
    assert mrz is not None and mrz.format is MrzFormat.TD2 and mrz.valid
    assert (mrz.document_number, mrz.birth_date, mrz.expiry_date) == (
        "D23145890",
        "740812",
        "120415",
    )


@pytest.mark.parametrize(
    ("lines", "row", "index", "broken"),
    [
        (TD3, 1, 9, "document_number"),
        (TD3, 1, 19, "birth_date"),
        (TD3, 1, 27, "expiry_date"),
        (TD3, 1, 42, "personal_number"),
        (TD3, 1, 43, "composite"),
        (TD1, 0, 14, "document_number"),
        (TD1, 1, 6, "birth_date"),
        (TD1, 1, 14, "expiry_date"),
        (TD1, 1, 29, "composite"),
        (TD2, 1, 9, "document_number"),
        (TD2, 1, 35, "composite"),
    ],
)
def test_a_wrong_check_digit_is_caught_and_named(
    lines: tuple[str, ...], row: int, index: int, broken: str
) -> None:
    bad = list(lines)
    wrong = str((int(lines[row][index]) + 1) % 10)
    bad[row] = _replace(lines[row], index, wrong)
    mrz = parse_mrz(bad)
    assert mrz is not None and not mrz.valid
    # Each field's own digit is also covered by the composite digit.
    assert {name for name, ok in mrz.checks.items() if not ok} == {broken, "composite"}


def test_composite_catches_a_change_its_field_digit_cannot_see() -> None:
    # Change the optional data (no own digit in TD2): only the composite digit notices.
    bad = [TD2[0], _replace(TD2[1], 30, "7")]
    mrz = parse_mrz(bad)
    assert mrz is not None
    assert not mrz.checks["composite"] and mrz.checks["document_number"]


def test_td1_long_document_number_continues_in_optional_data() -> None:
    number = "D23145890123"  # 12 characters: 9 in place, the rest + digit in optional data
    line1 = f"I<UTO{number[:9]}<{number[9:]}{check_digit(number)}".ljust(30, "<")
    line2_body = "7408122F1204159UTO<<<<<<<<<<<"
    composite = check_digit(line1[5:30] + line2_body[0:7] + line2_body[8:15] + line2_body[18:29])
    mrz = parse_mrz([line1, line2_body[:29] + composite, TD1[2]])
    assert mrz is not None and mrz.valid
    assert mrz.document_number == number


def test_wrong_shapes_are_not_mrzs() -> None:
    assert parse_mrz(["P<UTO", "L898"]) is None
    assert parse_mrz([TD3[0], TD3[1][:-1]]) is None
    assert parse_mrz([TD3[0].lower(), TD3[1]]) is not None  # case is normalised
    assert parse_mrz([TD3[0].replace("<", "-"), TD3[1]]) is None


def test_repr_keeps_personal_data_out() -> None:
    mrz = parse_mrz(TD3)
    assert "ERIKSSON" not in repr(mrz) and "L898902C3" not in repr(mrz)


def test_common_ocr_confusions_are_corrected_until_digits_hold() -> None:
    ocr = [
        "P<UT0ERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",  # 0 for O in the issuer
        "L8989O2C36UT07408I22F12O4159ZE184226B<<<<<1O",  # O for 0, I for 1
    ]
    assert not parse_mrz(ocr).valid  # type: ignore[union-attr]
    mrz = correct_mrz(ocr)
    assert mrz is not None and mrz.valid
    assert mrz.lines == TD3


def test_ambiguous_letters_in_the_document_number_are_resolved_by_its_digit() -> None:
    ocr = [TD2[0], "D23I458907UTO7408122F1204159<<<<<<<6"]  # I read for 1
    mrz = correct_mrz(ocr)
    assert mrz is not None and mrz.valid and mrz.document_number == "D23145890"


def test_uncorrectable_reading_is_returned_invalid() -> None:
    wrong = [TD3[0], _replace(TD3[1], 15, "9")]  # a real digit error in the birth date
    mrz = correct_mrz(wrong)
    assert mrz is not None and not mrz.valid and not mrz.checks["birth_date"]


def test_filler_runs_are_stretched_to_the_line_width() -> None:
    short = TD3[0][:-2]
    assert fit_width(short, 44) == TD3[0]
    assert fit_width(TD3[1].replace("<<<<<", "<<<<<<"), 44) == TD3[1]
    assert fit_width("ABC", 44) == "ABC"  # too far off: untouched
    assert normalise_line("p<uto eriksson«anna") == "P<UTOERIKSSON<ANNA"


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    position=st.sampled_from([13, 14, 15, 16, 17, 18, 21, 22, 23, 24, 25, 26]),
    delta=st.integers(1, 9),
)
def test_any_single_digit_error_in_a_date_is_caught(seed: int, position: int, delta: int) -> None:
    lines = make_td3(np.random.default_rng(seed))
    assert parse_mrz(lines).valid  # type: ignore[union-attr]
    wrong = str((int(lines[1][position]) + delta) % 10)
    mrz = parse_mrz([lines[0], _replace(lines[1], position, wrong)])
    assert mrz is not None and not mrz.valid
