"""The admin screen's configuration tab: the effective settings as a grouped, readable
table, secrets masked, and the face model as the kiosk resolved it."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from kiosk.capture.models import find_face_model
from kiosk.config import Settings, masked_dump
from ui.widgets.common import label, touch_scrolling

TOP_LEVEL = "general"


def _text(value: Any) -> str:
    """A setting's value as staff read it."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return "; ".join(f"{k} = {_text(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value) if value else "–"
    return str(value)


def config_rows(settings: Settings) -> dict[str, list[tuple[str, str]]]:
    """Settings grouped by section, each as (key, text); secrets masked, paths resolved."""
    dump = masked_dump(settings)
    groups: dict[str, list[tuple[str, str]]] = {TOP_LEVEL: []}

    def walk(prefix: str, value: dict[str, Any], rows: list[tuple[str, str]]) -> None:
        for key, item in value.items():
            name = f"{prefix}{key}"
            if isinstance(item, dict):
                walk(f"{name}.", item, rows)
            else:
                rows.append((name, _text(item)))

    for key, value in dump.items():
        if isinstance(value, dict):
            groups[key] = []
            walk("", value, groups[key])
        elif key == "face_model":
            resolved = find_face_model(settings.face_model)
            text = "– (not found: face checks unavailable)" if resolved is None else str(resolved)
            if settings.face_model is None and resolved is not None:
                text += " (automatic)"
            groups[TOP_LEVEL].append((key, text))
        else:
            groups[TOP_LEVEL].append((key, _text(value)))
    return groups


class ConfigTab(QWidget):
    """The settings in effect, one section per group."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        box = QVBoxLayout(self)
        box.addWidget(label(self.tr("The settings in effect; secrets are shown as ***."), "hint"))
        self.tree = QTreeWidget()
        touch_scrolling(self.tree)
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([self.tr("Setting"), self.tr("Value")])
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(True)
        box.addWidget(self.tree, 1)

    def refresh(self) -> None:
        """Show the settings now in effect."""
        self.tree.clear()
        for group, rows in config_rows(self.settings).items():
            head = QTreeWidgetItem([group, ""])
            font = head.font(0)
            font.setBold(True)
            head.setFont(0, font)
            for key, text in rows:
                item = QTreeWidgetItem([key, text])
                item.setToolTip(1, text)
                head.addChild(item)
            self.tree.addTopLevelItem(head)
            head.setExpanded(True)

    def as_text(self) -> str:
        """Everything the table shows, one ``key = value`` line each (tests, support)."""
        lines = []
        for i in range(self.tree.topLevelItemCount()):
            head = self.tree.topLevelItem(i)
            lines.append(f"[{head.text(0)}]")
            lines += [
                f"{head.child(j).text(0)} = {head.child(j).text(1)}"
                for j in range(head.childCount())
            ]
        return "\n".join(lines)
