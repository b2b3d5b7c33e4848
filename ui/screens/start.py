"""The start screen: the two flows as large tiles, and the language switch."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QWidget

from ui.widgets.common import Page, Tile, button, label

LANGUAGES = (("en", "English"), ("es", "Español"))


class StartScreen(Page):
    """Choose New customer or Receipt; switch language."""

    new_customer = Signal()
    receipt = Signal()
    language_chosen = Signal(str)

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.set_heading(self.tr("Welcome"), self.tr("What would you like to do today?"))
        tiles = QHBoxLayout()
        tiles.setSpacing(36)
        self.customer_tile = Tile(
            "person", self.tr("New customer"), self.tr("Photo and ID documents"), "new-customer"
        )
        self.customer_tile.clicked.connect(lambda _=False: self.new_customer.emit())
        self.receipt_tile = Tile(
            "receipt",
            self.tr("Submit a receipt"),
            self.tr("Earn points for a purchase"),
            "receipt",
        )
        self.receipt_tile.clicked.connect(lambda _=False: self.receipt.emit())
        for tile in (self.customer_tile, self.receipt_tile):
            tiles.addWidget(tile, 1)
        self.body.addStretch(1)
        self.body.addLayout(tiles)
        self.body.addStretch(1)
        self.body.addWidget(label(self.tr("Touch a button to begin."), "hint"))
        group = QButtonGroup(self)
        group.setExclusive(True)
        self.language_buttons = {}
        for code, name in LANGUAGES:
            b = button(
                name, lambda c=code: self.language_chosen.emit(c), "lang", object_id=f"lang-{code}"
            )
            b.setCheckable(True)
            b.setChecked(code == language)
            group.addButton(b)
            self.language_buttons[code] = b
        self.set_footer(list(self.language_buttons.values()), [])
