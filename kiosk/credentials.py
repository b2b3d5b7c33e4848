"""systemd credentials: secrets and the device key from files in ``$CREDENTIALS_DIRECTORY``.

With ``LoadCredential=`` / ``LoadCredentialEncrypted=`` in a unit, systemd decrypts each
credential (TPM2-bound where the machine has one) into a file in a private directory of
that service and names the directory in ``$CREDENTIALS_DIRECTORY``; see systemd.exec(5),
"Credentials", and systemd-creds(1). A credential's name is the dotted name of the setting
it holds (``amplifi.token``) and its content is the value (one trailing newline ignored).

pydantic-settings' ``secrets_dir`` source is not used: it reads every file of the directory
as text and maps file names with the environment's nesting rules, while this directory also
holds the binary device key (``outbox.device_key``) and may hold other credentials of the
unit; this source reads only the names below.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic.fields import FieldInfo
from pydantic_settings import PydanticBaseSettingsSource

from kiosk.errors import KioskError

# The secret settings a credential may set; ``amplifi.credentials`` holds a JSON object.
CREDENTIAL_SETTINGS = (
    "amplifi.token",
    "amplifi.credentials",
    "sessionm.api_key",
    "sessionm.api_secret",
    "sessionm.auth_token",
    "app.admin_pin",
)
DEVICE_KEY = "outbox.device_key"


class CredentialError(KioskError, ValueError):
    """A credential file cannot be read or does not hold what its name says."""


def credentials_dir(env: Mapping[str, str] | None = None) -> Path | None:
    """The directory systemd put this service's credentials in, or None."""
    value = (os.environ if env is None else env).get("CREDENTIALS_DIRECTORY", "")
    return Path(value) if value else None


def read_credential(name: str, env: Mapping[str, str] | None = None) -> bytes | None:
    """The bytes of credential ``name``, or None when there is no such credential."""
    folder = credentials_dir(env)
    if folder is None:
        return None
    try:
        return (folder / name).read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CredentialError(
            f"credential {name} in $CREDENTIALS_DIRECTORY cannot be read ({exc.strerror})"
        ) from None


def _text(name: str, data: bytes) -> str:
    try:
        return data.decode("utf-8").strip()
    except UnicodeDecodeError:
        raise CredentialError(f"credential {name} is not UTF-8 text") from None


def credential_settings(env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The settings found as credentials, nested like the TOML file (``{"amplifi": {...}}``)."""
    found: dict[str, Any] = {}
    for name in CREDENTIAL_SETTINGS:
        data = read_credential(name, env)
        if data is None:
            continue
        value: Any = _text(name, data)
        if name == "amplifi.credentials":
            try:
                value = json.loads(value)
            except json.JSONDecodeError as exc:
                raise CredentialError(
                    f"credential {name} must be a JSON object ({exc.msg} at char {exc.pos})"
                ) from None
            if not isinstance(value, dict):
                raise CredentialError(f"credential {name} must be a JSON object")
        section, key = name.split(".", 1)
        found.setdefault(section, {})[key] = value
    return found


class CredentialsSettingsSource(PydanticBaseSettingsSource):
    """A pydantic-settings source over :func:`credential_settings`."""

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        """Unused: ``__call__`` returns every value at once."""
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        """The credential-held settings of this process."""
        return credential_settings()
