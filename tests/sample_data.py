"""Where the tests find their sample photos and the face model: inside the repository.

The photos are in ``tests/data/`` (origins and licences in ``tests/data/SOURCES.md``); the
YuNet model is the one the product ships, in ``resources/models/``. A clone alone runs the
suite: nothing here looks outside the repository.
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "tests" / "data"
MODELS = REPO / "resources" / "models"
FACE_MODEL = MODELS / "yunet_s_dynamic.onnx"
