"""Where the resources live, and the kiosk's style sheet and colours."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QIcon

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
STYLE = RESOURCES / "style" / "kiosk.qss"
ICONS = RESOURCES / "icons"
I18N = RESOURCES / "i18n"

# The overlay colours: pass, fail, waiting, and the guide before any result.
PASS = QColor("#4ade80")
FAIL = QColor("#f87171")
WAIT = QColor("#fbbf24")
GUIDE = QColor("#f2f5f8")
ACCENT = QColor("#1f8fff")


def style_sheet() -> str:
    """The application style sheet."""
    return STYLE.read_text(encoding="utf-8")


def icon(name: str) -> QIcon:
    """An SVG icon from ``resources/icons``."""
    return QIcon(str(ICONS / f"{name}.svg"))
