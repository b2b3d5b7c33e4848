"""Settings of the two APIs the kiosk delivers to (AmpliFi, SessionM) and of its HTTP calls.

The defaults point at the local sandbox (``kiosk sandbox``), so a fresh install delivers
without a server; kiosk/config/requirements.py makes them required in production.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator

from kiosk.config.errors import ConfigError
from kiosk.config.text import header_safe
from kiosk.config.urls import check_base_url

SANDBOX_URL = "http://127.0.0.1:8700"
# The sandbox takes any AmpliFi token; this one lets the defaults deliver with no setting.
SANDBOX_TOKEN = "sandbox-token"


class AmpliFiTypes(BaseModel):
    """The ``type`` label sent with a capture kind, by kind id, where it is not the kind's
    own (``CaptureKind.amplifi_type`` in kiosk.kinds)."""

    model_config = ConfigDict(extra="allow")
    __pydantic_extra__: dict[str, str] = Field(init=False)


class AmpliFiSettings(BaseModel):
    """AmpliFi: base URL, authentication, and the labels of a prospect session."""

    model_config = ConfigDict(extra="forbid")

    base_url: str = SANDBOX_URL
    token: SecretStr | None = None
    token_url: str | None = None
    credentials: dict[str, SecretStr] = Field(default_factory=dict)
    pre_segment: str | None = None
    types: AmpliFiTypes = Field(default_factory=AmpliFiTypes)
    session_type_id: str = Field("ProspectCaptureSession", min_length=1)
    session_name: str = Field("prospectCapture", min_length=1)

    _url = field_validator("base_url")(check_base_url)
    _token = field_validator("token")(header_safe)

    @field_validator("token_url")
    @classmethod
    def _token_url(cls, value: str | None) -> str | None:
        return None if value is None else check_base_url(value)

    @model_validator(mode="after")
    def _one_auth(self) -> AmpliFiSettings:
        if self.token is not None and self.token_url is not None:
            raise ValueError("set either token or token_url + credentials, not both")
        if self.credentials and self.token_url is None:
            raise ValueError("credentials are given but token_url is not")
        if self.token is None and self.token_url is None and self.base_url == SANDBOX_URL:
            self.token = SecretStr(SANDBOX_TOKEN)
        return self

    def type_for(self, kind: str, default: str | None = None) -> str:
        """The ``type`` label for a capture kind: ``amplifi.types.<kind>``, else ``default``
        (the kind record's own, passed by the core); ConfigError when neither is set."""
        label = (self.types.model_extra or {}).get(kind, default)
        if not isinstance(label, str):
            raise ConfigError(f"amplifi.types.{kind} is not set: give the AmpliFi type label")
        return label


class Campaign(BaseModel):
    """A SessionM receipt campaign the kiosk offers."""

    model_config = ConfigDict(extra="forbid")

    permalink: str = Field(min_length=1)
    name: str = Field(min_length=1)
    # ISO 4217 code of the prices on this campaign's receipts (shown with the result lines).
    currency: str = Field("USD", pattern=r"^[A-Z]{3}$")


class SessionMSettings(BaseModel):
    """SessionM: base URL, credentials, how customers are named, campaigns."""

    model_config = ConfigDict(extra="forbid")

    base_url: str = SANDBOX_URL
    api_key: SecretStr = SecretStr("sandbox-api-key")
    api_secret: SecretStr | None = None
    auth_token: SecretStr | None = None
    customer_mode: Literal["auth_token", "user_id", "external_id"] = "external_id"
    campaigns: list[Campaign] = Field(
        default_factory=lambda: [Campaign(permalink="sandbox-receipts", name="Sandbox receipts")]
    )
    placement_id: str | None = None
    validation_type: Literal["receipt", "image"] = "receipt"

    _url = field_validator("base_url")(check_base_url)
    _secrets = field_validator("api_key", "api_secret", "auth_token")(header_safe)

    def campaign(self, permalink: str) -> Campaign:
        """The configured campaign with this permalink, or a ConfigError naming the choices."""
        for campaign in self.campaigns:
            if campaign.permalink == permalink:
                return campaign
        known = ", ".join(c.permalink for c in self.campaigns) or "none configured"
        raise ConfigError(f"unknown campaign {permalink!r}; configured campaigns: {known}")


class HttpSettings(BaseModel):
    """Timeouts of every API call, in seconds, and the bounds of one request."""

    model_config = ConfigDict(extra="forbid")

    connect_timeout: float = Field(5.0, gt=0)
    read_timeout: float = Field(30.0, gt=0)
    write_timeout: float = Field(60.0, gt=0)
    # The whole request (connect, TLS, the upload, the reply) ends by this many seconds,
    # whatever the server does: a reply dripping a byte at a time cannot hold the worker.
    # 95 s, the default connect + write + read timeouts, sends the largest upload (a 9.9 MB
    # image, 13.2 MB in base64) at 1.1 Mbit/s, and keeps the delivery unit's watchdog
    # (WatchdogSec=300) above three requests of one job.
    request_deadline: float = Field(95.0, gt=0)
    # Replies longer than this are refused unread (kiosk/api/replies.py). The largest
    # documented reply is a SessionM list page of 100 records, about 0.8 KB each in the
    # vendor's example plus ~0.13 KB per receipt line item: 512 KiB holds 100 records of
    # 30 line items.
    max_response_bytes: int = Field(512 * 1024, ge=16 * 1024)
    allow_insecure_http: bool = False
