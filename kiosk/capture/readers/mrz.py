"""ICAO 9303 machine readable zone: parse TD1/TD2/TD3, verify every check digit and every
field's character class (the issuing State and nationality against ``mrz_codes``).

Layouts and the 7-3-1 check digit are from ICAO Doc 9303, 8th ed. (2021): Part 3 §4.9
(check digits), Part 4 §4.2.2 (TD3, 2 x 44), Part 5 §4.2.2 (TD1, 3 x 30), Part 6 §4.2.2
(TD2, 2 x 36). MRZ text is personal data: nothing here logs it or puts it in an exception.
"""

from __future__ import annotations

import calendar
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from kiosk.capture.readers.mrz_codes import is_icao_code

_WEIGHTS = (7, 3, 1)
_VALID = re.compile(r"^[A-Z0-9<]+$")
_NAME = re.compile(r"^[A-Z][A-Z<]*$")

# The OCR confusions between letters and digits that OCR-B's shapes leave (camera blur
# brings them back): 0/O, 1/I, 2/Z, 5/S, 8/B. A character is repaired only where its
# field's class excludes it (a letter in a date, a digit in a name or a State code) or,
# in an alphanumeric field, only when the field's check digit then holds.
_PAIRS = {"O": "0", "I": "1", "Z": "2", "S": "5", "B": "8"}
_TO_DIGIT = str.maketrans(_PAIRS)
_TO_ALPHA = str.maketrans({digit: letter for letter, digit in _PAIRS.items()})
_AMBIGUOUS = {**_PAIRS, **{digit: letter for letter, digit in _PAIRS.items()}}
_MAX_AMBIGUOUS = 6  # 2**6 variants per field at most

# ICAO 9303 document codes: the first character by document (Part 4 §4.2.2: P for a
# passport, V for a visa of the same size; Parts 5 and 6: A, C or I for TD1 and TD2
# cards, V for the TD2-sized visa), the second a letter or the filler.
_DOCUMENT_FIRST = {"TD1": "ACI", "TD2": "ACIV", "TD3": "PV"}
_SEXES = frozenset("MF<")  # Part 4 §4.2.2: F, M, or < when unspecified


class MrzFormat(StrEnum):
    """The three ICAO 9303 MRZ sizes (lines x characters)."""

    TD1 = "TD1"
    TD2 = "TD2"
    TD3 = "TD3"

    @property
    def shape(self) -> tuple[int, int]:
        """(number of lines, characters per line)."""
        return {"TD1": (3, 30), "TD2": (2, 36), "TD3": (2, 44)}[self.value]


def char_value(ch: str) -> int:
    """ICAO 9303 Part 3 §4.9 value of one MRZ character: 0-9, A=10..Z=35, '<'=0."""
    if ch.isdigit():
        return int(ch)
    if "A" <= ch <= "Z":
        return ord(ch) - ord("A") + 10
    if ch == "<":
        return 0
    raise ValueError("character outside the MRZ alphabet")


def check_digit(data: str) -> str:
    """The 7-3-1 weighted check digit of ``data`` as a one-character string."""
    total = sum(char_value(c) * _WEIGHTS[i % 3] for i, c in enumerate(data))
    return str(total % 10)


def digit_holds(data: str, digit: str, *, may_be_filler: bool = False) -> bool:
    """True when ``digit`` is the check digit of ``data`` (or '<' for an all-filler field)."""
    if may_be_filler and digit == "<" and set(data) <= {"<"}:
        return True
    return digit.isdigit() and check_digit(data) == digit


@dataclass(frozen=True)
class Mrz:
    """A parsed MRZ: its lines, main fields and the outcome of each check digit."""

    format: MrzFormat
    lines: tuple[str, ...]
    document_type: str
    issuer: str
    document_number: str
    nationality: str
    birth_date: str  # YYMMDD
    sex: str
    expiry_date: str  # YYMMDD
    surname: str
    given_names: str
    checks: dict[str, bool] = field(default_factory=dict)
    # Each field against its ICAO 9303 character class (document code, State codes on the
    # Part 3 list, calendar dates, sex, names): check digits do not cover all of them.
    fields: dict[str, bool] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        """True when every check digit holds and every field is of its ICAO 9303 class."""
        return (
            bool(self.checks)
            and all(self.checks.values())
            and bool(self.fields)
            and all(self.fields.values())
        )

    @property
    def text(self) -> str:
        """The MRZ lines joined by a newline (personal data: do not log)."""
        return "\n".join(self.lines)

    def __repr__(self) -> str:  # keep personal data out of reprs and tracebacks
        return f"Mrz(format={self.format.value}, valid={self.valid})"


def _names(zone: str) -> tuple[str, str]:
    surname, _, given = zone.partition("<<")
    return surname.replace("<", " ").strip(), given.replace("<", " ").strip()


def calendar_date(yymmdd: str, *, unknown_allowed: bool = False) -> bool:
    """True when YYMMDD is a date on the calendar (in 19YY or 20YY).

    ``unknown_allowed`` (a date of birth, ICAO 9303 Part 3): an unknown day, or month and
    day, may be filler characters.
    """
    if len(yymmdd) != 6 or not yymmdd[:2].isdigit():
        return False
    mm, dd = yymmdd[2:4], yymmdd[4:6]
    if unknown_allowed and dd == "<<" and (mm == "<<" or (mm.isdigit() and 1 <= int(mm) <= 12)):
        return True
    if not (mm.isdigit() and dd.isdigit()):
        return False
    month, day, yy = int(mm), int(dd), int(yymmdd[:2])
    if not 1 <= month <= 12 or day < 1:
        return False
    return any(day <= calendar.monthrange(c + yy, month)[1] for c in (1900, 2000))


def field_classes(
    fmt: MrzFormat,
    document_code: str,
    codes: dict[str, str],
    dates: tuple[str, str],
    sex: str,
    names: str,
) -> dict[str, bool]:
    """Each field against its ICAO 9303 class; ``codes``: issuer and nationality."""
    out = {
        "document_code": len(document_code) == 2
        and document_code[0] in _DOCUMENT_FIRST[fmt.value]
        and (document_code[1] == "<" or document_code[1].isalpha()),
    }
    out.update({name: is_icao_code(code) for name, code in codes.items()})
    out["birth_date"] = calendar_date(dates[0], unknown_allowed=True)
    out["expiry_date"] = calendar_date(dates[1])
    out["sex"] = sex in _SEXES
    out["names"] = bool(_NAME.match(names))
    return out


def detect_format(lines: Sequence[str]) -> MrzFormat | None:
    """The MRZ format whose shape the lines have, if any."""
    for fmt in MrzFormat:
        n, width = fmt.shape
        if len(lines) == n and all(len(line) == width for line in lines):
            return fmt
    return None


def _td1_document_number(l1: str) -> tuple[str, str]:
    """(document number, its check digit), following the long-number rule of Part 5 note j."""
    number, digit = l1[5:14], l1[14]
    if digit == "<" and l1[15] != "<":
        rest = l1[15:30].split("<", 1)[0]
        return number + rest[:-1], rest[-1:]
    return number, digit


def parse_mrz(lines: Sequence[str]) -> Mrz | None:
    """Parse MRZ lines (any format) and check every digit; None when the shape is wrong."""
    lines = tuple(line.strip().upper() for line in lines)
    fmt = detect_format(lines)
    if fmt is None or not all(_VALID.match(line) for line in lines):
        return None
    if fmt is MrzFormat.TD1:
        l1, l2, l3 = lines
        number, number_digit = _td1_document_number(l1)
        checks = {
            "document_number": digit_holds(number, number_digit),
            "birth_date": digit_holds(l2[0:6], l2[6]),
            "expiry_date": digit_holds(l2[8:14], l2[14]),
            "composite": digit_holds(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29], l2[29]),
        }
        surname, given = _names(l3)
        fields = field_classes(
            fmt,
            l1[0:2],
            {"issuer": l1[2:5], "nationality": l2[15:18]},
            (l2[0:6], l2[8:14]),
            l2[7],
            l3,
        )
        return Mrz(
            fmt,
            lines,
            l1[0:2],
            l1[2:5],
            number.replace("<", ""),
            l2[15:18],
            l2[0:6],
            l2[7],
            l2[8:14],
            surname,
            given,
            checks,
            fields,
        )
    l1, l2 = lines
    checks = {
        "document_number": digit_holds(l2[0:9], l2[9]),
        "birth_date": digit_holds(l2[13:19], l2[19]),
        "expiry_date": digit_holds(l2[21:27], l2[27]),
    }
    if fmt is MrzFormat.TD3:
        checks["personal_number"] = digit_holds(l2[28:42], l2[42], may_be_filler=True)
        checks["composite"] = digit_holds(l2[0:10] + l2[13:20] + l2[21:43], l2[43])
    else:
        checks["composite"] = digit_holds(l2[0:10] + l2[13:20] + l2[21:35], l2[35])
    surname, given = _names(l1[5:])
    fields = field_classes(
        fmt,
        l1[0:2],
        {"issuer": l1[2:5], "nationality": l2[10:13]},
        (l2[13:19], l2[21:27]),
        l2[20],
        l1[5:],
    )
    return Mrz(
        fmt,
        lines,
        l1[0:2],
        l1[2:5],
        l2[0:9].replace("<", ""),
        l2[10:13],
        l2[13:19],
        l2[20],
        l2[21:27],
        surname,
        given,
        checks,
        fields,
    )


Span = tuple[int, int, int]  # (line, start, end)


@dataclass(frozen=True)
class _Spans:
    """Where each class of field lies in a format (the document code is in none of them)."""

    digits: list[Span]  # dates and check digits
    codes: list[Span]  # issuing State, nationality
    names: list[Span]
    alnum: list[Span]  # document number, optional data: covered by check digits


def _spans(fmt: MrzFormat) -> _Spans:
    if fmt is MrzFormat.TD1:
        return _Spans(
            [(1, 0, 7), (1, 8, 15), (1, 29, 30)],
            [(0, 2, 5), (1, 15, 18)],
            [(2, 0, 30)],
            [(0, 5, 30), (1, 18, 29)],
        )
    width = fmt.shape[1]
    end = width - 1  # the composite check digit
    return _Spans(
        [(1, 9, 10), (1, 13, 20), (1, 21, 28), (1, end, width)],
        [(0, 2, 5), (1, 10, 13)],
        [(0, 5, width)],
        [(1, 0, 9), (1, 28, end)],
    )


def _fix_known_alphabets(lines: list[str], fmt: MrzFormat) -> list[str]:
    """Repair the characters a field's class excludes: letters in dates and check digits,
    digits in names, and digits in a State code when that makes it a listed code.

    The document code is never repaired: nothing verifies it (``10`` stays ``10`` and is
    refused rather than guessed as ``IO``).
    """
    spans = _spans(fmt)
    out = [list(line) for line in lines]
    for row, start, end in spans.digits:
        out[row][start:end] = list("".join(out[row][start:end]).translate(_TO_DIGIT))
    for row, start, end in spans.names:
        out[row][start:end] = list("".join(out[row][start:end]).translate(_TO_ALPHA))
    for row, start, end in spans.codes:
        code = "".join(out[row][start:end])
        repaired = code.translate(_TO_ALPHA)
        if not is_icao_code(code) and is_icao_code(repaired):
            out[row][start:end] = list(repaired)
    return ["".join(line) for line in out]


def _alnum_variants(lines: list[str], fmt: MrzFormat) -> list[list[str]]:
    """Every combination of the ambiguous characters in alphanumeric fields (bounded)."""
    positions = [
        (row, i)
        for row, start, end in _spans(fmt).alnum
        for i in range(start, end)
        if lines[row][i] in _AMBIGUOUS
    ][:_MAX_AMBIGUOUS]
    # Fewest changes first and, among those, letters read as digits before the reverse:
    # different readings can share a check digit, and the smallest correction is likeliest.
    combos = sorted(
        itertools.product((False, True), repeat=len(positions)),
        key=lambda flips: (
            sum(flips),
            sum(f and lines[r][i].isdigit() for f, (r, i) in zip(flips, positions, strict=True)),
        ),
    )
    variants = []
    for flips in combos:
        rows = [list(line) for line in lines]
        for (row, i), flip in zip(positions, flips, strict=True):
            if flip:
                rows[row][i] = _AMBIGUOUS[rows[row][i]]
        variants.append(["".join(r) for r in rows])
    return variants


def normalise_line(text: str) -> str:
    """Upper-case OCR output with spaces dropped and look-alikes of '<' mapped to it."""
    text = text.upper().replace(" ", "")
    for look_alike in ("«", "‹", "(", "{", "["):
        text = text.replace(look_alike, "<")
    return re.sub(r"[^A-Z0-9<]", "", text)


def fit_width(line: str, width: int, slack: int = 3) -> str:
    """Stretch or shrink the longest filler run so the line has ``width`` characters.

    OCR often drops or doubles a '<' in a long filler run; nothing else is touched, and a
    line more than ``slack`` characters off is returned unchanged.
    """
    diff = width - len(line)
    if diff == 0 or abs(diff) > slack:
        return line
    runs = [(m.end() - m.start(), m.start(), m.end()) for m in re.finditer("<+", line)]
    if not runs:
        return line
    length, start, end = max(runs)
    if length + diff < 1:
        return line
    return line[:start] + "<" * (length + diff) + line[end:]


def correct_mrz(lines: Sequence[str]) -> Mrz | None:
    """Parse lines, repairing OCR confusions until every check digit and field class holds.

    Returns the first fully valid reading (fewest changes first), else the parse with only
    the fixed-class fields repaired (possibly invalid), else None when the shape is wrong.
    """
    lines = [normalise_line(line) for line in lines]
    fmt = detect_format(lines)
    if fmt is None:
        return None
    # Fields whose class ICAO fixes (dates and check digits are digits; codes and names
    # are letters) are repaired first; alphanumeric fields only as their check digits say.
    fixed = _fix_known_alphabets(lines, fmt)
    plain = parse_mrz(fixed)
    if plain is not None and plain.valid:
        return plain
    for variant in _alnum_variants(fixed, fmt):
        mrz = parse_mrz(variant)
        if mrz is not None and mrz.valid:
            return mrz
    return plain
