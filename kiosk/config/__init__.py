"""The kiosk's configuration: a TOML file plus ``KIOSK_*`` environment variables.

Precedence, highest first: explicit overrides, environment (``KIOSK_`` prefix, ``__``
for nesting, e.g. ``KIOSK_AMPLIFI__BASE_URL``), systemd credentials for the secrets
(kiosk/credentials.py), the TOML file, then the defaults (here and in each section's
module), which point at the local sandbox so that a fresh install runs without a server.

Every section's model lives in this package (``camera``, ``capture``, ``imaging``, ...), the
bottom layer that every other module reads and that imports none of them.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal, cast

import platformdirs
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    SettingsError,
    TomlConfigSettingsSource,
)

# The API sections, the URL rules and the error live in their own modules; their names
# that other modules take from here are re-exported (``name as name``).
from kiosk.config.apis import SANDBOX_URL as SANDBOX_URL
from kiosk.config.apis import AmpliFiSettings as AmpliFiSettings
from kiosk.config.apis import HttpSettings as HttpSettings
from kiosk.config.apis import SessionMSettings as SessionMSettings
from kiosk.config.camera import CameraSettings
from kiosk.config.capture import CaptureSettings
from kiosk.config.env import nearest, setting_names, unknown_env_settings
from kiosk.config.errors import ConfigError as ConfigError
from kiosk.config.imaging import API_IMAGE_LIMIT, EncodeSettings, IntakeLimits
from kiosk.config.monitoring import HealthSettings, LoggingSettings, MetricsSettings
from kiosk.config.requirements import missing_settings, where_to_set
from kiosk.config.text import device_tag as device_tag_rule
from kiosk.config.urls import is_loopback_url as is_loopback_url
from kiosk.config.urls import mask_url, plain_http_problems, raw_plain_http_problems
from kiosk.credentials import CredentialError, CredentialsSettingsSource

APP_NAME = "branch-kiosk"
DEFAULT_MAX_IMAGE_BYTES = 9_900_000

# A capture kind's id (``kiosk.kinds``, which the settings do not import): lowercase words
# joined by underscores, e.g. ``license_front``.
CaptureKind = str
_KIND_ID = r"^[a-z][a-z0-9_]*$"
# A New customer step: kinds joined by "+", alternatives by "|", optional with a final "?".
_STEP = r"^[a-z][a-z0-9_]*(\+[a-z][a-z0-9_]*)*(\|[a-z][a-z0-9_]*(\+[a-z][a-z0-9_]*)*)*\??$"


class OutboxSettings(BaseModel):
    """Retry policy and leases of the outbox worker."""

    model_config = ConfigDict(extra="forbid")

    backoff_base: float = Field(1.0, gt=0)
    backoff_cap: float = Field(300.0, gt=0)
    # A server's Retry-After is obeyed up to this; no job ever waits longer for its next
    # attempt than the larger of this and backoff_cap (kiosk/outbox/backoff.py).
    retry_after_cap: float = Field(3600.0, gt=0)
    # The holder renews its lease every quarter of this while a request is in flight, so
    # this is how long a silent worker keeps a job, not a bound on one upload
    # (kiosk/outbox/leases.py).
    lease_seconds: float = Field(120.0, gt=0)
    max_ambiguous_attempts: int = Field(20, ge=1)
    max_attempts: int = Field(1000, ge=1)
    # A delivered receipt's record is read again after ~base, 2·base, … (≤ cap) seconds
    # until SessionM judges it, for at most verdict_follow_hours.
    verdict_poll_base: float = Field(2.0, gt=0)
    verdict_poll_cap: float = Field(300.0, gt=0)
    verdict_follow_hours: float = Field(48.0, gt=0)
    # "credential": only the systemd credential outbox.device_key (kiosk/credentials.py).
    key_store: Literal["auto", "credential", "keyring", "file"] = "auto"
    # A process that only queues (the customer-facing screen) seals to the delivery side's
    # public key (<data_dir>/keys/seal.pub, written where the device key is opened) and
    # never reads or creates the device key; it cannot decrypt what it queued.
    seal_to: Path | None = None
    # A delivered plan's audit rows (reference, kinds, times, outcome; no customer ids)
    # stay this long for staff, then are deleted.
    keep_done_days: float = Field(7.0, ge=0)
    reachability_probe_s: float = Field(
        60.0,
        ge=5,
        description="with nothing to deliver, connect to each API's server (no request) "
        "when the worker has not learned its reachability for this many seconds",
    )


class AppSettings(BaseModel):
    """The kiosk app: admin PIN, idle timeout, the new-customer steps, override reasons."""

    model_config = ConfigDict(extra="forbid")

    admin_pin: SecretStr | None = Field(
        None, description="digits; required by `kiosk run` (the demo uses its own)"
    )
    # A separate PIN for staff overrides at a capture; the admin PIN when unset.
    staff_pin: SecretStr | None = None
    # Five taps in the top-left corner within this many seconds open the PIN pad.
    admin_tap_window_s: float = Field(3.0, gt=0, le=30)
    # "service": a separate `kiosk queue worker` (the packaged delivery unit) delivers, so
    # the app starts no worker of its own; `kiosk demo` always uses "child".
    delivery: Literal["child", "service"] = "child"
    idle_timeout_s: float = Field(90.0, gt=0)
    # The customer is warned at least 20 s before the session is wiped (docs/app.md, Shell).
    idle_warning_s: float = Field(20.0, ge=20.0)
    # The New customer steps, in order. Each entry is a kind id from kiosk.kinds (the app
    # refuses an unknown one when it builds the flow), several joined by "+" to take them
    # together, alternatives joined by "|" for the customer to choose one, and a final "?"
    # when the customer may skip it (with a reason, recorded): e.g.
    # ["face", "license_front+license_back|passport", "passport?"]. Unset: one step per
    # AmpliFi kind of the registry, in its order (kiosk.kinds.default_prospect_steps).
    prospect_steps: (
        Annotated[list[Annotated[str, Field(pattern=_STEP)]], Field(min_length=1)] | None
    ) = None
    # The privacy notice the customer accepts before the camera opens (off only where
    # consent is collected another way, e.g. on paper), per language ("en", "es"); a
    # language left out gets the built-in notice. Its SHA-256 is recorded on acceptance.
    consent_required: bool = True
    consent_text: dict[Literal["en", "es"], str] = Field(default_factory=dict)
    receipt_consent_text: dict[Literal["en", "es"], str] = Field(default_factory=dict)
    override_reasons: list[str] = Field(
        default_factory=lambda: [
            "Customer cannot remove glasses or head covering",
            "Document is worn or damaged",
            "Camera cannot focus closer",
            "Lighting in the branch cannot be improved",
            "Verified in person by staff",
        ],
        min_length=1,
    )

    @field_validator("admin_pin", "staff_pin")
    @classmethod
    def _pin(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            pin = value.get_secret_value()
            if not (pin.isdigit() and 4 <= len(pin) <= 12):
                raise ValueError("must be 4 to 12 digits")
        return value

    @field_validator("prospect_steps")
    @classmethod
    def _each_kind_once(cls, steps: list[str] | None) -> list[str] | None:
        if steps is None:
            return None
        kinds = [k for step in steps for k in re.split(r"[+|]", step.rstrip("?"))]
        twice = sorted({k for k in kinds if kinds.count(k) > 1})
        if twice:
            raise ValueError(f"a kind may appear in one step only: {', '.join(twice)}")
        return steps

    @model_validator(mode="after")
    def _warning_fits(self) -> AppSettings:
        if self.idle_warning_s >= self.idle_timeout_s:
            raise ValueError("idle_warning_s must be shorter than idle_timeout_s")
        return self


def default_data_dir() -> Path:
    """The per-user data directory (outbox, blobs, keys)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_config_path() -> Path:
    """The per-user config file used when neither ``--config`` nor ``KIOSK_CONFIG`` is set."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


class Settings(BaseSettings):
    """Every setting of the kiosk. docs/configuration.md lists them all, with an example."""

    model_config = SettingsConfigDict(
        env_prefix="KIOSK_",
        env_nested_delimiter="__",
        extra="forbid",
        validate_default=True,
    )
    _toml_path: ClassVar[Path | None] = None
    _raw: ClassVar[dict[str, Any] | None] = None

    # The kiosk's name in every request and log line: 1 to 64 of A-Z a-z 0-9 . _ - (checked
    # by one rule, kiosk/config/text.py, whose message says so).
    device_tag: str
    data_dir: Path = Field(default_factory=default_data_dir)
    max_image_bytes: int = Field(DEFAULT_MAX_IMAGE_BYTES, gt=0, lt=API_IMAGE_LIMIT)
    face_model: Path | None = None
    language: Literal["en", "es"] = "en"
    # "production" makes the API settings required (see kiosk/config/requirements.py).
    environment: Literal["development", "production"] = "development"
    amplifi: AmpliFiSettings = Field(default_factory=AmpliFiSettings)
    sessionm: SessionMSettings = Field(default_factory=SessionMSettings)
    http: HttpSettings = Field(default_factory=HttpSettings)
    outbox: OutboxSettings = Field(default_factory=OutboxSettings)
    camera: CameraSettings = Field(default_factory=CameraSettings)
    capture: CaptureSettings = Field(default_factory=CaptureSettings)
    encode: EncodeSettings = Field(default_factory=EncodeSettings)
    intake: IntakeLimits = Field(default_factory=IntakeLimits)
    app: AppSettings = Field(default_factory=AppSettings)
    metrics: MetricsSettings = Field(default_factory=MetricsSettings)
    health: HealthSettings = Field(default_factory=HealthSettings)
    logging: LoggingSettings = Field(default_factory=LoggingSettings)

    _tag = field_validator("device_tag")(device_tag_rule)

    @model_validator(mode="before")
    @classmethod
    def _keep_raw(cls, data: Any) -> Any:
        # The merged input of every source, for the required-settings checks of
        # load_settings (which run even when some value fails validation).
        cls._raw = data if isinstance(data, dict) else None
        return data

    @model_validator(mode="after")
    def _tls(self) -> Settings:
        if self.http.allow_insecure_http:
            return self
        urls = {
            "amplifi.base_url": self.amplifi.base_url,
            "amplifi.token_url": self.amplifi.token_url,
            "sessionm.base_url": self.sessionm.base_url,
        }
        problems = plain_http_problems(urls)
        if problems:
            raise ValueError(problems[0])
        return self

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [
            init_settings,
            env_settings,
            CredentialsSettingsSource(settings_cls),
        ]
        if cls._toml_path is not None:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=cls._toml_path))
        return tuple(sources)


def resolve_config_path(explicit: Path | str | None = None) -> Path | None:
    """``--config`` if given, else ``KIOSK_CONFIG``, else the user config file if it exists."""
    if explicit is not None:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"config file {path} does not exist")
        return path
    env = os.environ.get("KIOSK_CONFIG")
    if env:
        path = Path(env)
        if not path.is_file():
            raise ConfigError(f"KIOSK_CONFIG points at {path}, which does not exist")
        return path
    default = default_config_path()
    return default if default.is_file() else None


_SECRET_WORDS = ("token", "credentials", "api_key", "api_secret", "password", "pin")


def _describe(error: ErrorDetails) -> str:
    loc = ".".join(str(part) for part in error["loc"]) or "config"
    message = str(error["msg"])
    message = message.removeprefix("Value error, ")
    if error["type"] == "missing" or error.get("input") == "":
        # An empty value is how a template leaves a setting to fill in.
        return f"{loc}: required but not set ({where_to_set(loc)})"
    if error["type"] == "extra_forbidden":
        guess = nearest(loc, sorted(setting_names(Settings)))
        return f"{loc}: unknown setting" + (f"; did you mean {guess}?" if guess else "")
    secret = any(word in loc for word in _SECRET_WORDS)
    shown = error.get("input")
    if secret or isinstance(shown, dict | list) or shown is None or "(got " in message:
        return f"{loc}: {message}"
    return f"{loc}: {message} (got {shown!r})"


def _describe_env_json(exc: SettingsError) -> str | None:
    # pydantic-settings names only the top-level field; find the variable whose value
    # failed to parse as JSON, and name it without echoing the value (it may be a secret).
    cause = exc.__cause__
    field = re.search(r'field "([^"]+)"', str(exc))
    if not isinstance(cause, json.JSONDecodeError) or field is None:
        return None
    prefix = "KIOSK_" + field.group(1).upper()
    for name, value in sorted(os.environ.items()):
        upper = name.upper()
        if value == cause.doc and (upper == prefix or upper.startswith(prefix + "__")):
            setting = upper.removeprefix("KIOSK_").lower().replace("__", ".")
            return f"{setting}: {name} must be JSON here ({cause.msg} at char {cause.pos})"
    return None


def load_settings(
    config_path: Path | str | None = None,
    *,
    require_app: bool = False,
    require_apis: bool = True,
    **overrides: Any,
) -> Settings:
    """Load the effective settings; raise ConfigError with one line per wrong value.

    Every wrong value and every required setting left unset (``require_app``: also what
    ``kiosk run`` needs; ``require_apis=False``: not the production API settings, for
    commands that send nothing) is reported at once.
    """
    path = resolve_config_path(config_path)
    # A subclass per load carries the TOML path to the (class-level) settings sources.
    bound = cast(
        "type[Settings]",
        type("Settings", (Settings,), {"_toml_path": path, "__module__": __name__}),
    )
    errors: list[ErrorDetails] = []
    try:
        settings = bound(**overrides)
    except ValidationError as exc:
        errors = list(exc.errors())
    except CredentialError as exc:
        raise ConfigError(str(exc)) from None
    except SettingsError as exc:
        raise ConfigError(_describe_env_json(exc) or f"config: {exc}") from None
    except (OSError, ValueError) as exc:
        where = f" in {path}" if path else ""
        raise ConfigError(f"config{where}: {exc}") from None
    lines = unknown_env_settings(Settings, os.environ)
    lines += [_describe(err) for err in errors]
    if errors and not any("uses plain http://" in line for line in lines):
        lines += raw_plain_http_problems(bound._raw or {})
    wrong = {".".join(str(part) for part in err["loc"]) for err in errors}
    lines += [
        f"{setting}: {why}"
        for setting, why in missing_settings(bound._raw or {}, require_app, require_apis)
        if setting not in wrong
    ]
    if lines:
        raise ConfigError("\n".join(lines))
    return settings


def masked_dump(settings: Settings) -> dict[str, Any]:
    """The effective settings as JSON-able data with every secret masked (URL passwords too)."""
    masked: dict[str, Any] = _mask_urls(settings.model_dump(mode="json"))
    return masked


def _mask_urls(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _mask_urls(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_mask_urls(item) for item in value]
    if isinstance(value, str) and "@" in value and "://" in value:
        return mask_url(value)
    return value
