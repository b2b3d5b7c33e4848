"""The idle warning shows its whole sentence in every language on both kiosk screens."""

from __future__ import annotations

from typing import Any

import pytest

from tests.ui.flow import WAIT_MS


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)])
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_idle_warning_is_never_cut_off(
    qtbot: Any, make_kiosk: Any, language: str, size: tuple[int, int]
) -> None:
    kiosk = make_kiosk(idle_timeout_ms=30_000, idle_warning_ms=29_700)
    w = kiosk.window
    if language != "en":
        w.set_language(language)
    w.resize(*size)
    w.open_receipt()
    qtbot.waitUntil(lambda: w.overlay.isVisible(), timeout=WAIT_MS)
    qtbot.wait(50)  # let the layouts settle
    countdown = w.overlay.countdown
    assert countdown.text().rstrip().endswith(("continue.", "continuar."))
    # Every wrapped line fits: the label is as tall as its text needs at its width.
    assert countdown.height() >= countdown.heightForWidth(countdown.width())
    assert w.overlay.panel.geometry().bottom() <= w.overlay.height()
