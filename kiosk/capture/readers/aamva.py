"""Parse the AAMVA payload of a North American licence's PDF417, for validation only.

Format: AAMVA DL/ID Card Design Standard (2020), Annex D "Mandatory PDF417 bar code":
header ``@`` LF RS CR ``ANSI `` + issuer identification number (6 digits) + AAMVA version
(2) + jurisdiction version (2, version 2 and later) + number of entries (2), then one
10-character designator per subfile (type, offset, length), then the subfiles: each starts
with its type (``DL``, ``ID``, ``Z?``) and holds elements ``<3-letter id><value>`` separated
by LF and ended by CR. The parsed record is personal data: it is never logged, and neither
its repr nor any exception message carries a field value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from kiosk.config.document import DEFAULT_REQUIRED
from kiosk.errors import KioskError

COMPLIANCE = "@"
HEADER_PREFIX = "@\n\x1e\rANSI "
_ELEMENT = re.compile(r"^[A-Z]{3}$")


class AamvaError(KioskError, ValueError):
    """The payload is not an AAMVA DL/ID record; the message never quotes the payload."""


@dataclass(frozen=True)
class AamvaRecord:
    """The header and the elements of the DL (or ID) subfile."""

    iin: str
    version: int
    jurisdiction_version: int
    subfile_type: str
    fields: dict[str, str] = field(default_factory=dict, repr=False)

    def __repr__(self) -> str:
        return (
            f"AamvaRecord(iin={self.iin}, version={self.version}, "
            f"subfile={self.subfile_type}, fields={len(self.fields)})"
        )

    @property
    def country(self) -> str:
        """DCG country of issuance (USA or CAN); USA when absent (version 1 cards)."""
        return self.fields.get("DCG", "USA").strip().upper() or "USA"

    def date_field(self, element: str) -> date | None:
        """A date element (DBA expiry, DBB birth, DBD issue) or None when absent/garbled."""
        return parse_aamva_date(self.fields.get(element, ""), self.country)

    def missing(self, required: tuple[str, ...] | list[str] = DEFAULT_REQUIRED) -> list[str]:
        """Element ids (not values) of required elements that are absent or empty."""
        return [e for e in required if not self.fields.get(e, "").strip()]

    def expired(self, today: date | None = None) -> bool | None:
        """True when DBA is before today; None when it cannot be read."""
        expiry = self.date_field("DBA")
        if expiry is None:
            return None
        return expiry < (today or date.today())


def parse_aamva_date(value: str, country: str = "USA") -> date | None:
    """MMDDCCYY (USA) or CCYYMMDD (Canada), per Annex D table D.3; None if not a date."""
    value = value.strip()
    if not re.fullmatch(r"\d{8}", value):
        return None
    us = (value[4:8], value[0:2], value[2:4])  # MMDDCCYY as (year, month, day)
    ca = (value[0:4], value[4:6], value[6:8])  # CCYYMMDD
    for year, month, day in (us, ca) if country != "CAN" else (ca, us):
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            continue
    return None


def _designators(text: str, start: int, count: int) -> list[tuple[str, int, int]]:
    out = []
    for i in range(count):
        chunk = text[start + 10 * i : start + 10 * (i + 1)]
        if len(chunk) < 10 or not chunk[2:].isdigit():
            raise AamvaError("AAMVA subfile designator is malformed")
        out.append((chunk[:2], int(chunk[2:6]), int(chunk[6:10])))
    return out


def _elements(body: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for raw in re.split(r"[\n\r]", body):
        item = raw.strip("\x1e\x1c\x1d ")
        if len(item) >= 3 and _ELEMENT.match(item[:3]) and item[:3] not in fields:
            fields[item[:3]] = item[3:].strip()
    return fields


def parse_aamva(payload: str | bytes) -> AamvaRecord:
    """Parse a decoded PDF417 payload; raise AamvaError if it is not an AAMVA record."""
    text = payload.decode("latin-1") if isinstance(payload, bytes) else payload
    at = text.find("ANSI ")
    if not text.startswith(COMPLIANCE) or at < 0 or at > 8:
        raise AamvaError("payload has no AAMVA header")
    pos = at + 5
    head = text[pos : pos + 12]
    if not head[:8].isdigit():
        raise AamvaError("AAMVA header is malformed")
    iin, version = head[:6], int(head[6:8])
    if version >= 2:
        jurisdiction_version, entries, pos = int(head[8:10]), head[10:12], pos + 12
    else:
        jurisdiction_version, entries, pos = 0, head[8:10], pos + 10
    if not entries.isdigit() or int(entries) < 1:
        raise AamvaError("AAMVA header is malformed")
    designators = _designators(text, pos, int(entries))
    kind, offset, length = next((d for d in designators if d[0] in ("DL", "ID")), designators[0])
    # Offsets are counted from the start of the file; many issuers get them slightly wrong,
    # so fall back to searching for the subfile type after the designators.
    body_start = offset if text[offset : offset + 2] == kind else -1
    if body_start < 0:
        body_start = text.find(kind, pos + 10 * int(entries))
    if body_start < 0:
        raise AamvaError("AAMVA DL/ID subfile not found")
    end = text.find("\r", body_start)
    body = text[body_start + 2 : end if end > 0 else body_start + max(length, 0) or None]
    return AamvaRecord(iin, version, jurisdiction_version, kind, _elements(body))


def build_aamva(
    fields: dict[str, str],
    *,
    iin: str = "636000",
    version: int = 10,
    jurisdiction_version: int = 0,
    subfile: str = "DL",
) -> str:
    """An AAMVA payload with one subfile holding ``fields`` (for test cards and the demo)."""
    body = subfile + "\n".join(f"{k}{v}" for k, v in fields.items()) + "\r"
    header_len = len(HEADER_PREFIX) + 6 + 2 + 2 + 2 + 10
    return (
        f"{HEADER_PREFIX}{iin}{version:02d}{jurisdiction_version:02d}01"
        f"{subfile}{header_len:04d}{len(body):04d}{body}"
    )
