"""What staff switch on at this kiosk and the kiosk remembers: a small JSON file in the data dir."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

FILE_NAME = "staff_prefs.json"


@dataclass
class StaffPrefs:
    """Staff preferences; ``show_meters`` puts the check meters beside the live preview."""

    path: Path
    show_meters: bool = False

    @classmethod
    def load(cls, data_dir: Path) -> StaffPrefs:
        """The remembered preferences (defaults when none were saved or the file is unreadable)."""
        path = data_dir / FILE_NAME
        prefs = cls(path)
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return prefs
        except (OSError, ValueError) as exc:
            log.warning("staff preferences unreadable, using defaults: %s", type(exc).__name__)
            return prefs
        if isinstance(raw, dict):
            prefs.show_meters = raw.get("show_meters") is True
        return prefs

    def set_show_meters(self, on: bool) -> None:
        """Turn the meters on or off and remember it."""
        self.show_meters = on
        self._save()

    def _save(self) -> None:
        # Written beside and renamed over, so a power cut leaves the old file or the new one.
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temp = self.path.with_suffix(".tmp")
        temp.write_text(json.dumps({"show_meters": self.show_meters}), encoding="utf-8")
        os.replace(temp, self.path)
