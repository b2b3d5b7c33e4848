"""Where the tests find the shared sample photos and face models (``../shared`` of the repo)."""

from __future__ import annotations

from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SAMPLES = SHARED / "samples"
MODELS = SHARED / "models"
