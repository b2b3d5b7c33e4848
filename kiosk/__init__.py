"""Branch Capture Kiosk core: config, camera, capture checks, imaging, API clients, outbox.

This package never imports Qt or the ``ui`` package (enforced by import-linter).
"""

__version__ = "0.1.0"
