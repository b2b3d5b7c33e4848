"""The root of every error the kiosk can explain to a person in one line.

A ``KioskError``'s message names the file, setting or server concerned and what to do
about it, and never carries image data, customer identifiers or secrets: the command line
prints it as ``kiosk: error: <message>`` (exit 2) and the app shows it to staff. Anything
else that escapes is a bug and keeps its traceback.
"""

from __future__ import annotations


class KioskError(Exception):
    """A failure the kiosk explains in one line (bad input, config, outbox, API)."""
