"""Settings a deployment must fill in, checked on the merged raw input of every source.

The defaults point at the local sandbox so that a developer's checkout runs without a
server. A deployed kiosk says ``environment = "production"`` (the packaged template does),
and then the API settings must be given explicitly; ``kiosk run`` (and so
``kiosk config check``) also needs ``app.admin_pin``. These checks read the raw merged
input rather than the validated model so that they are reported together with every
wrong value in one run, not after the wrong values have been fixed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, SecretStr

from kiosk.credentials import CREDENTIAL_SETTINGS

PRODUCTION = "production"


def _get(data: Any, *path: str) -> Any:
    for key in path:
        if isinstance(data, BaseModel):
            data = getattr(data, key) if key in data.model_fields_set else None
        elif isinstance(data, Mapping):
            data = data.get(key)
        else:
            return None
    return data


def _given(value: Any) -> bool:
    if isinstance(value, SecretStr):
        value = value.get_secret_value()
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, Mapping):
        return bool(value)
    return value is not None


def where_to_set(setting: str) -> str:
    """Where a setting can be given: the file, its variable, its credential if it is a secret."""
    env = "KIOSK_" + setting.upper().replace(".", "__")
    if setting in CREDENTIAL_SETTINGS:
        return f"set it in the config file, {env} or the credential {setting}"
    return f"set it in the config file or {env}"


_KIOSK_MODES = (
    'use sessionm.customer_mode = "external_id" (the customer number typed or scanned) or '
    '"user_id"; `kiosk submit receipt --auth-token` takes a customer\'s token per submission'
)


def _customer_naming(data: Mapping[str, Any]) -> list[tuple[str, str]]:
    # A kiosk cannot obtain a customer's SessionM auth token, and one configured token
    # would send every customer's receipts to the same SessionM profile.
    refused = []
    if _given(_get(data, "sessionm", "auth_token")):
        refused.append(
            (
                "sessionm.auth_token",
                "not allowed for the app: one configured token would send every customer's "
                f"receipts to one SessionM profile; remove it and {_KIOSK_MODES}",
            )
        )
    if _get(data, "sessionm", "customer_mode") == "auth_token":
        refused.append(
            (
                "sessionm.customer_mode",
                '"auth_token" is not allowed for the app: a kiosk cannot obtain a customer\'s '
                f"SessionM auth token; {_KIOSK_MODES}",
            )
        )
    return refused


def missing_settings(
    data: Mapping[str, Any], require_app: bool, require_apis: bool = True
) -> list[tuple[str, str]]:
    """(setting, explanation) for every required setting the raw input leaves unset.

    ``require_apis=False``: a command that sends nothing to the APIs (``check``, ``camera``,
    ``config show``, ``health``) runs on a kiosk whose API settings are not filled in yet;
    so does every command of a process that seals for a delivery service (the screen).
    """
    missing: list[tuple[str, str]] = []
    # A process that leaves delivery to the service (app.delivery = "service") and only
    # seals captures for it (outbox.seal_to), the packaged screen, never calls the APIs: its
    # account holds no API secret. Without seal_to the check stays the delivery side's, so
    # that `kiosk config check` by hand still names every API setting the worker needs.
    if _get(data, "app", "delivery") == "service" and _given(_get(data, "outbox", "seal_to")):
        require_apis = False
    if require_apis and _get(data, "environment") == PRODUCTION:
        why = 'required when environment = "production" (the default is the local sandbox)'
        for setting in ("amplifi.base_url", "sessionm.base_url", "sessionm.api_key"):
            if not _given(_get(data, *setting.split("."))):
                missing.append((setting, f"{why}; {where_to_set(setting)}"))
        token = _given(_get(data, "amplifi", "token"))
        token_url = _given(_get(data, "amplifi", "token_url"))
        if not token and not token_url:
            missing.append(
                (
                    "amplifi.token",
                    'required when environment = "production": set amplifi.token, or '
                    "amplifi.token_url and amplifi.credentials (config file, KIOSK_AMPLIFI__*, "
                    "or the credentials amplifi.token / amplifi.credentials)",
                )
            )
        elif token_url and not _given(_get(data, "amplifi", "credentials")):
            missing.append(
                (
                    "amplifi.credentials",
                    f"required with amplifi.token_url; {where_to_set('amplifi.credentials')}",
                )
            )
    if require_app:
        missing += _customer_naming(data)
    if require_app and not _given(_get(data, "app", "admin_pin")):
        missing.append(
            (
                "app.admin_pin",
                "required by `kiosk run` (staff leave the kiosk with it; 4 to 12 digits); "
                + where_to_set("app.admin_pin"),
            )
        )
    return missing
