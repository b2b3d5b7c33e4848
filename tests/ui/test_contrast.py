"""The style sheet's colours meet WCAG 2.1 AA: every text colour against the background it
is drawn on at least 4.5:1 (1.4.3), the primary button's boundary at least 3:1 against the
page (1.4.11); measured from kiosk.qss itself, with WCAG's relative luminance."""

from __future__ import annotations

import re

from ui.theme import style_sheet

PAGE = "#0e1116"
# Where a rule sets a text colour but no background, the background it is drawn on: the
# containers' own colours from the same sheet (first match wins), else the page.
CONTAINERS = (
    ("statusStrip", "#07090c"),
    ("meters", "#151b23"),
    ("card", "#151c25"),
    ("checksInner", "#151c25"),
    ("dialogPanel", "#151c25"),
    ("thumb", "#151c25"),
    ("QHeaderView", "#1c2430"),
)


def luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of ``#rgb`` or ``#rrggbb``."""
    hexa = colour.lstrip("#")
    if len(hexa) == 3:
        hexa = "".join(c * 2 for c in hexa)
    channels = [int(hexa[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def rules() -> list[tuple[str, dict[str, str]]]:
    """(selector, properties) of every rule in the style sheet."""
    sheet = re.sub(r"/\*.*?\*/", "", style_sheet(), flags=re.S)
    out = []
    for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", sheet):
        props = {}
        for decl in body.split(";"):
            if ":" in decl:
                key, value = decl.split(":", 1)
                props[key.strip()] = value.strip()
        for selector in selectors.split(","):
            out.append((selector.strip(), props))
    return out


def hex_colour(value: str | None) -> str | None:
    match = (
        re.fullmatch(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?", (value or "").split()[0])
        if value
        else None
    )
    return match.group(0) if match else None


def background_of(selector: str, props: dict[str, str]) -> str:
    own = hex_colour(props.get("background-color") or props.get("background"))
    if own:
        return own
    for key, colour in CONTAINERS:
        if key in selector:
            return colour
    return PAGE


def test_wcag_relative_luminance_matches_the_spec_examples() -> None:
    assert contrast("#ffffff", "#000000") == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54  # the AA grey on white


def test_every_text_colour_has_4_5_to_1_against_its_background() -> None:
    pairs = []
    for selector, props in rules():
        colour = hex_colour(props.get("color"))
        if colour is None or ":disabled" in selector:
            continue  # WCAG 1.4.3 exempts inactive controls
        pairs.append((selector, colour, background_of(selector, props)))
    assert len(pairs) > 25  # the sheet's text colours are really read
    weak = [
        f"{sel}: {fg} on {bg} = {contrast(fg, bg):.2f}"
        for sel, fg, bg in pairs
        if contrast(fg, bg) < 4.5
    ]
    assert weak == []


def test_the_primary_button_reads_and_stands_out_from_the_page() -> None:
    primary = dict(rules())["QPushButton#primary"]
    fill = hex_colour(primary["background-color"])
    border = hex_colour(primary["border"].split()[-1])
    assert fill and border
    assert contrast(hex_colour(primary["color"]) or "", fill) >= 4.5
    assert contrast(border, PAGE) >= 3.0
    assert contrast(fill, PAGE) >= 3.0  # the button's face alone is a visible boundary too


def test_keyboard_focus_is_drawn() -> None:
    focused = [sel for sel, props in rules() if ":focus" in sel and "border" in props]
    assert any(sel.startswith("QPushButton") for sel in focused)
    assert any("QTableWidget" in sel for sel in focused)
    ring = hex_colour(next(p for s, p in rules() if s == "QPushButton:focus")["border"].split()[-1])
    assert ring and contrast(ring, PAGE) >= 3.0
