"""Where the resources live, and the kiosk's style sheet and colours."""

from __future__ import annotations

from PySide6.QtGui import QColor, QIcon

from kiosk.resource_files import RESOURCES

STYLE = RESOURCES / "style" / "kiosk.qss"
ICONS = RESOURCES / "icons"
I18N = RESOURCES / "i18n"

# The overlay colours: pass, fail, waiting, and the guide before any result.
PASS = QColor("#4ade80")
FAIL = QColor("#f87171")
WAIT = QColor("#fbbf24")
GUIDE = QColor("#f2f5f8")
ACCENT = QColor("#1f8fff")


# The style sheet's rules for a low screen (1024×600) follow this line in kiosk.qss.
COMPACT_MARKER = "/* == compact"


def _sheet() -> str:
    try:
        return STYLE.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""


def style_sheet() -> str:
    """The application style sheet ("" when its file is missing: health names the file)."""
    return _sheet().split(COMPACT_MARKER, 1)[0]


def compact_sheet() -> str:
    """The rules a low screen adds on the window (smaller type and touch targets >= 48 px)."""
    parts = _sheet().split(COMPACT_MARKER, 1)
    return parts[1].split("*/", 1)[1] if len(parts) == 2 else ""


def icon(name: str) -> QIcon:
    """An SVG icon from ``resources/icons``."""
    return QIcon(str(ICONS / f"{name}.svg"))
