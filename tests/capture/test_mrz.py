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


# ICAO 9303 character classes: what check digits alone cannot prove.


def _td1_with(code: str = "I<", issuer: str = "UTO", birth: str = "740812") -> tuple[str, ...]:
    """The TD1 specimen with the given document code, issuer and birth date, digits redone."""
    l1 = code + issuer + TD1[0][5:]
    l2 = birth + check_digit(birth) + TD1[1][7:29]
    l2 += check_digit(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
    return (l1, l2, TD1[2])


def test_specimens_satisfy_every_field_class() -> None:
    for lines in (TD1, TD2, TD3):
        mrz = parse_mrz(lines)
        assert mrz is not None and mrz.valid
        assert set(mrz.fields) == {
            "document_code",
            "issuer",
            "nationality",
            "birth_date",
            "expiry_date",
            "sex",
            "names",
        }
        assert all(mrz.fields.values())


def test_document_code_misread_as_digits_is_refused() -> None:
    good = correct_mrz(_td1_with("ID"))
    assert good is not None and good.valid and good.document_type == "ID"
    # No check digit covers the document code: "ID" read as "10" must not pass as "IO".
    misread = correct_mrz(_td1_with("10"))
    assert misread is not None and not misread.valid
    assert all(misread.checks.values())  # every check digit still holds
    assert misread.fields["document_code"] is False
    assert misread.document_type == "10"


def test_document_code_must_suit_the_format() -> None:
    assert not parse_mrz(_td1_with("P<")).valid  # TD1 cards are A, C or I
    assert not parse_mrz((_replace(TD3[0], 0, "I"), TD3[1])).valid  # a TD3 page is P or V
    assert parse_mrz((_replace(TD3[0], 0, "V"), TD3[1])).valid


@pytest.mark.parametrize("issuer", ["XYZ", "QQQ", "DEU"])
def test_issuing_state_outside_the_icao_list_is_refused(issuer: str) -> None:
    mrz = correct_mrz(_td1_with(issuer=issuer))
    assert mrz is not None and not mrz.valid and mrz.fields["issuer"] is False


@pytest.mark.parametrize("issuer", ["D<<", "GBD", "XXA", "UNO", "EUE", "FRA", "CAN"])
def test_icao_codes_for_states_and_organisations_are_accepted(issuer: str) -> None:
    mrz = correct_mrz(_td1_with(issuer=issuer))
    assert mrz is not None and mrz.valid


def test_a_digit_in_a_state_code_is_repaired_only_to_a_listed_code() -> None:
    mrz = correct_mrz((TD3[0].replace("P<UTO", "P<UT0"), TD3[1].replace("UTO", "UT0")))
    assert mrz is not None and mrz.valid
    assert (mrz.issuer, mrz.nationality) == ("UTO", "UTO")


def test_nationality_is_checked_against_the_list() -> None:
    mrz = correct_mrz((TD3[0], TD3[1].replace("UTO", "ZZZ")))
    assert mrz is not None and not mrz.valid
    assert mrz.fields["nationality"] is False and all(mrz.checks.values())


@pytest.mark.parametrize("birth", ["741312", "740231", "740800", "010229"])
def test_dates_off_the_calendar_are_refused_though_their_digit_holds(birth: str) -> None:
    mrz = correct_mrz(_td1_with(birth=birth))
    assert mrz is not None and all(mrz.checks.values())
    assert not mrz.valid and mrz.fields["birth_date"] is False


@pytest.mark.parametrize("birth", ["000229", "74<<<<", "7408<<"])
def test_leap_days_and_unknown_parts_of_a_birth_date_are_accepted(birth: str) -> None:
    mrz = correct_mrz(_td1_with(birth=birth))
    assert mrz is not None and mrz.valid


def test_sex_is_m_f_or_filler() -> None:
    line = TD3[1]
    for sex, ok in (("M", True), ("<", True), ("X", False), ("7", False)):
        mrz = parse_mrz((TD3[0], _replace(line, 20, sex)))
        assert mrz is not None
        assert mrz.fields["sex"] is ok and mrz.valid is ok


def test_names_are_repaired_only_by_the_confusion_pairs() -> None:
    repaired = correct_mrz((TD3[0].replace("ERIKSSON", "ERIK55ON"), TD3[1]))
    assert repaired is not None and repaired.valid and repaired.surname == "ERIKSSON"
    # 4 is no OCR look-alike of A: a name with a 4 in it is refused, not guessed.
    refused = correct_mrz((TD3[0].replace("ANNA", "4NNA"), TD3[1]))
    assert refused is not None and not refused.valid and refused.fields["names"] is False


def test_only_the_confusion_pairs_are_repaired_in_dates() -> None:
    # O for 0 is repaired; D for 0 is not one of the pairs.
    repaired = correct_mrz((TD3[0], TD3[1].replace("7408122", "74O8122")))
    assert repaired is not None and repaired.valid
    not_repaired = correct_mrz((TD3[0], TD3[1].replace("7408122", "74D8122")))
    assert not_repaired is not None and not not_repaired.valid
