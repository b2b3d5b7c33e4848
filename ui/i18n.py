"""Switching the UI language: one installed QTranslator, swapped on demand."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QTranslator

from ui.theme import I18N

log = logging.getLogger(__name__)

SOURCE_LANGUAGE = "en"


class Languages:
    """Installs the translator of the chosen language (English needs none)."""

    def __init__(self) -> None:
        self.current = SOURCE_LANGUAGE
        self._translator: QTranslator | None = None
        self._install(SOURCE_LANGUAGE)

    def use(self, code: str) -> bool:
        """Switch to ``code``; False (and English) if its translation is missing."""
        app = QCoreApplication.instance()
        if self._translator is not None and app is not None:
            app.removeTranslator(self._translator)
            self._translator = None
        self.current = SOURCE_LANGUAGE
        if code == SOURCE_LANGUAGE:
            # English needs only its plural forms ("1 more attempt", "2 more attempts"), as
            # Qt's "Handling Plurals" recommends for the source language.
            self._install(SOURCE_LANGUAGE)
            return True
        translator = QTranslator()
        if not translator.load(str(I18N / f"kiosk_{code}.qm")):
            log.warning("no translation for %s; staying in English", code)
            return False
        if app is not None:
            app.installTranslator(translator)
        self._translator = translator
        self.current = code
        return True

    def _install(self, code: str) -> None:
        translator = QTranslator()
        app = QCoreApplication.instance()
        if translator.load(str(I18N / f"kiosk_{code}.qm")) and app is not None:
            app.installTranslator(translator)
            self._translator = translator
