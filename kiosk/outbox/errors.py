"""The outbox's errors: its database, its encrypted blobs or its device key cannot be used."""

from __future__ import annotations

from kiosk.errors import KioskError


class OutboxError(KioskError):
    """The outbox cannot be used; the message names the file and what to do."""
