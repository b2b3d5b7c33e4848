"""Which PIN opens the admin screen and which confirms a staff override."""

from __future__ import annotations

from kiosk.config import Settings
from kiosk.demo_settings import DEMO_ADMIN_PIN
from kiosk.errors import KioskError


class NoPinError(KioskError):
    """``kiosk run`` needs ``app.admin_pin``: without it the kiosk could never be left."""


def admin_pin(settings: Settings, demo: bool) -> str:
    """The staff PIN that opens the admin screen (and so exits the kiosk)."""
    if settings.app.admin_pin is not None:
        return settings.app.admin_pin.get_secret_value()
    if demo:
        return DEMO_ADMIN_PIN
    raise NoPinError(
        "app.admin_pin is not set: set it in the config file or KIOSK_APP__ADMIN_PIN "
        "(4 to 12 digits) so staff can reach the admin screen"
    )


def staff_pin(settings: Settings, demo: bool) -> str:
    """The PIN a staff override asks for: ``app.staff_pin``, else the admin PIN."""
    staff = settings.app.staff_pin
    return staff.get_secret_value() if staff is not None else admin_pin(settings, demo)
