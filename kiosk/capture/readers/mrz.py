"""ICAO 9303 machine readable zone: parse TD1/TD2/TD3 and verify every check digit.

Layouts and the 7-3-1 check digit are from ICAO Doc 9303, 8th ed. (2021): Part 3 §4.9
(check digits), Part 4 §4.2.2 (TD3, 2 x 44), Part 5 §4.2.2 (TD1, 3 x 30), Part 6 §4.2.2
(TD2, 2 x 36). MRZ text is personal data: nothing here logs it or puts it in an exception.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

_WEIGHTS = (7, 3, 1)
_VALID = re.compile(r"^[A-Z0-9<]+$")

# Common OCR confusions between letters and digits (OCR-B is designed to keep these apart,
# but camera blur brings them back). Used only where a field's alphabet is known.
_TO_DIGIT = str.maketrans(
    {
        "O": "0",
        "Q": "0",
        "D": "0",
        "U": "0",
        "I": "1",
        "L": "1",
        "Z": "2",
        "S": "5",
        "G": "6",
        "B": "8",
        "T": "7",
        "A": "4",
    }
)
_TO_ALPHA = str.maketrans({"0": "O", "1": "I", "2": "Z", "5": "S", "6": "G", "8": "B"})
# Alphanumeric fields (document number, optional data): ambiguous characters tried both ways.
_AMBIGUOUS = {
    "O": "0",
    "0": "O",
    "I": "1",
    "1": "I",
    "B": "8",
    "8": "B",
    "S": "5",
    "5": "S",
    "Z": "2",
    "2": "Z",
    "G": "6",
    "6": "G",
    "D": "0",
    "Q": "0",
}
_MAX_AMBIGUOUS = 6  # 2**6 variants per field at most


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

    @property
    def valid(self) -> bool:
        """True when every check digit holds."""
        return bool(self.checks) and all(self.checks.values())

    @property
    def text(self) -> str:
        """The MRZ lines joined by a newline (personal data: do not log)."""
        return "\n".join(self.lines)

    def __repr__(self) -> str:  # keep personal data out of reprs and tracebacks
        return f"Mrz(format={self.format.value}, valid={self.valid})"


def _names(zone: str) -> tuple[str, str]:
    surname, _, given = zone.partition("<<")
    return surname.replace("<", " ").strip(), given.replace("<", " ").strip()


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
    )


def _spans(
    fmt: MrzFormat,
) -> tuple[list[tuple[int, int, int]], list[tuple[int, int, int]], list[tuple[int, int, int]]]:
    """(digit spans, alpha spans, alphanumeric spans) as (line, start, end)."""
    if fmt is MrzFormat.TD1:
        digits = [(1, 0, 7), (1, 8, 15), (1, 29, 30)]
        alpha = [(0, 2, 5), (1, 15, 18), (2, 0, 30)]
        alnum = [(0, 5, 30), (1, 18, 29)]
    elif fmt is MrzFormat.TD2:
        digits = [(1, 9, 10), (1, 13, 20), (1, 21, 28), (1, 35, 36)]
        alpha = [(0, 2, 36), (1, 10, 13)]
        alnum = [(1, 0, 9), (1, 28, 35)]
    else:
        digits = [(1, 9, 10), (1, 13, 20), (1, 21, 28), (1, 43, 44)]
        alpha = [(0, 2, 44), (1, 10, 13)]
        alnum = [(1, 0, 9), (1, 28, 43)]
    return digits, alpha, alnum


def _fix_known_alphabets(lines: list[str], fmt: MrzFormat) -> list[str]:
    digits, alpha, _ = _spans(fmt)
    out = [list(line) for line in lines]
    for table, spans in ((_TO_DIGIT, digits), (_TO_ALPHA, alpha)):
        for row, start, end in spans:
            seg = "".join(out[row][start:end]).translate(table)
            out[row][start:end] = list(seg)
    # Sex is F, M or '<'; the document type's first letter is never a digit.
    return ["".join(line) for line in out]


def _alnum_variants(lines: list[str], fmt: MrzFormat) -> list[list[str]]:
    """Every combination of the ambiguous characters in alphanumeric fields (bounded)."""
    _, _, alnum = _spans(fmt)
    positions = [
        (row, i)
        for row, start, end in alnum
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
    """Parse lines, trying common OCR confusions until every check digit holds.

    Returns the first fully valid reading (fewest changes first), else the parse with only
    the fixed-alphabet fields mapped (possibly invalid), else None when the shape is wrong.
    """
    lines = [normalise_line(line) for line in lines]
    fmt = detect_format(lines)
    if fmt is None:
        return None
    # Fields whose alphabet ICAO fixes (dates and check digits are digits; codes and names
    # are letters) are always mapped; only alphanumeric fields need the check digits.
    fixed = _fix_known_alphabets(lines, fmt)
    plain = parse_mrz(fixed)
    if plain is not None and plain.valid:
        return plain
    for variant in _alnum_variants(fixed, fmt):
        mrz = parse_mrz(variant)
        if mrz is not None and mrz.valid:
            return mrz
    return plain
