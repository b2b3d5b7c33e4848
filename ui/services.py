"""What the kiosk runs on, built once per run: settings, the core, the camera, the demo sandbox."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.camera.frame import CameraError
from kiosk.camera.open import open_source
from kiosk.camera.source import ThreadedSource
from kiosk.config import Settings, default_data_dir, load_settings
from kiosk.config.perms import config_file_warnings, settings_config_path
from kiosk.core import KioskCore
from kiosk.errors import KioskError
from kiosk.kinds import prospect_steps
from kiosk.monitoring.logs import configure as configure_logging
from kiosk.monitoring.logs import event as log_event
from kiosk.pin_lockout import PinLockout

if TYPE_CHECKING:
    # Imported when the demo starts one: a real kiosk has no sandbox.
    from kiosk.sandbox.child import SandboxProcess

log = logging.getLogger(__name__)

DEMO_DEVICE_TAG = "DEMO-KIOSK"
# ``kiosk demo`` has no config file and so no PIN of its own; it uses this one (README).
DEMO_ADMIN_PIN = "2468"


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


def demo_data_dir() -> Path:
    """Where ``kiosk demo`` keeps its outbox: apart from a real kiosk's data."""
    return default_data_dir() / "demo"


def demo_overrides(sandbox_url: str) -> dict[str, Any]:
    """Settings ``kiosk demo`` runs on: its sandbox server and the demo data dir."""
    return {
        "device_tag": DEMO_DEVICE_TAG,
        "data_dir": demo_data_dir(),
        "amplifi": {"base_url": sandbox_url, "token": "demo"},
        "sessionm": {"base_url": sandbox_url, "api_key": "demo"},
        "camera": {"source": "auto"},
        # The demo camera's receipt is about 260 px wide at 720p, below the 470 px (80 mm at
        # 150 dpi) a real receipt needs, so the demo scene alone relaxes that floor.
        # A visitor trying the demo is offered the manual capture sooner than the real 15 s.
        "capture": {
            "receipt": {"min_width_px": 240.0},
            "autocapture": {"manual_after_s": 5.0},
        },
    }


def demo_environment(settings: Settings) -> dict[str, str]:
    """The same overrides as ``KIOSK_*`` variables, for the delivery child process."""
    return {
        "KIOSK_DEVICE_TAG": settings.device_tag,
        "KIOSK_DATA_DIR": str(settings.data_dir),
        "KIOSK_AMPLIFI__BASE_URL": settings.amplifi.base_url,
        "KIOSK_AMPLIFI__TOKEN": "demo",
        "KIOSK_SESSIONM__BASE_URL": settings.sessionm.base_url,
        "KIOSK_SESSIONM__API_KEY": "demo",
    }


@dataclass(frozen=True)
class OpeningCamera:
    """What the metrics see of a camera the app has yet to open (``opening``, not ``absent``)."""

    info: object = None
    state: str = "opening"
    dropped: int = 0


@dataclass
class Services:
    """The running kiosk's collaborators; ``close()`` releases them in reverse order."""

    settings: Settings
    core: KioskCore
    camera: ThreadedSource | None
    demo: bool = False
    config_path: Path | None = None
    sandbox: SandboxProcess | None = None
    camera_error: str | None = None
    # True until ``open_pending_camera()``: the app opens the camera once its start screen is
    # up (opening one takes 0.1 s for the demo's, up to seconds for a real one).
    camera_pending: bool = False
    # KIOSK_* settings the delivery child process needs to see what this process sees.
    delivery_env: dict[str, str] = field(default_factory=dict)
    # Wrong PINs on either pad (admin, staff override), kept in the data dir.
    _pin_lockout: PinLockout | None = None

    @property
    def pin_lockout(self) -> PinLockout:
        """The PIN pads' lockout, shared by every pad of this kiosk."""
        if self._pin_lockout is None:
            self._pin_lockout = PinLockout(self.settings.data_dir)
        return self._pin_lockout

    @property
    def steps(self) -> list[str]:
        """The New customer steps, from config (unset: the kinds' default)."""
        return prospect_steps(self.settings.app.prospect_steps)

    @property
    def delivers_in_child(self) -> bool:
        """Whether the app starts its own ``kiosk queue worker`` (``app.delivery``; demo: yes)."""
        return self.demo or self.settings.app.delivery == "child"

    @property
    def pin(self) -> str:
        """The admin PIN."""
        return admin_pin(self.settings, self.demo)

    @property
    def staff_pin(self) -> str:
        """The PIN a staff override asks for: ``app.staff_pin``, else the admin PIN."""
        staff = self.settings.app.staff_pin
        return staff.get_secret_value() if staff is not None else self.pin

    def close(self) -> None:
        """Stop the camera, close the core and the sandbox."""
        if self.camera is not None:
            self.camera.close()
        self.core.close()
        if self.sandbox is not None:
            self.sandbox.stop()

    def open_pending_camera(self) -> None:
        """Open the camera now if it was left for later (no-op otherwise)."""
        if self.camera_pending:
            # The camera first: the metrics thread reads the flag, then the camera.
            self.camera, self.camera_error = open_camera(self.settings)
            self.camera_pending = False

    def watched_camera(self) -> ThreadedSource | OpeningCamera | None:
        """The camera as the metrics record it (sampled on their own thread; never opens)."""
        return OpeningCamera() if self.camera_pending else self.camera

    def current_camera(self) -> ThreadedSource | None:
        """The camera, opened first if it was left for later (a step needs it now)."""
        self.open_pending_camera()
        return self.camera

    def start_sandbox(self) -> None:
        """Start serving the demo's sandbox (no-op outside the demo or when running)."""
        if self.sandbox is not None and self.sandbox.pid is None:
            self.sandbox.start()

    def keep_sandbox_alive(self) -> bool:
        """Start the demo's sandbox again if it died (no-op otherwise); True if restarted."""
        return self.sandbox is not None and self.sandbox.keep_alive()

    def reopen_camera(self, source: str) -> None:
        """Switch to another camera source (admin screen); keeps the old one if it fails."""
        camera = self.settings.camera.model_copy(update={"source": source})
        new = open_source(camera)
        old, self.camera = self.camera, new
        self.settings = self.settings.model_copy(update={"camera": camera})
        self.camera_error = None
        if old is not None:
            old.close()


def open_camera(settings: Settings) -> tuple[ThreadedSource | None, str | None]:
    """The configured camera, opened; (None, reason) if it cannot be."""
    try:
        camera = open_source(settings.camera)
    except CameraError as exc:
        log.warning("camera unavailable: %s", exc)
        return None, str(exc)
    info, asked = camera.info, settings.camera
    log_event(
        log,
        "camera_opened",
        source=info.name,
        source_kind=info.kind,
        demo=info.is_demo,
        requested=f"{asked.width}x{asked.height}@{asked.fps:g}",
        fps=info.fps,
    )
    return camera, None


def build_services(
    mode: str, config: Path | str | None = None, *, camera_later: bool = False, **overrides: Any
) -> Services:
    """Settings, core and camera for ``run`` or ``demo`` (which starts the sandbox).

    ``camera_later``: leave the camera closed until ``open_pending_camera()``.
    """
    sandbox: SandboxProcess | None = None
    delivery_env: dict[str, str] = {}
    if mode == "demo":
        from kiosk.sandbox.child import SandboxProcess

        if config is None:
            # Embedded defaults: an empty config file, so a real kiosk's config is not mixed in
            # (the delivery child process is pointed at the same file).
            config = demo_data_dir() / "demo-config.toml"
            config.parent.mkdir(parents=True, exist_ok=True)
            config.touch()
        # Bound now, so its URL is known; served once start_sandbox() runs (the app calls it
        # when its start screen is up; requests wait in the socket's backlog until then).
        sandbox = SandboxProcess(validation_delay=3.0)
        merged = demo_overrides(sandbox.url)
        merged.update(overrides)
        settings = load_settings(config, **merged)
        delivery_env = demo_environment(settings)
    else:
        settings = load_settings(config, **overrides)
    configure_logging(settings, process=mode)
    for warning in config_file_warnings(settings_config_path(settings)):
        log_event(log, "config_file_exposed", logging.WARNING, problem=warning)
    try:
        admin_pin(settings, demo=mode == "demo")  # refuse a kiosk nobody could leave
        # The demo camera shows the same receipt every time: the demo does not remember it.
        core = KioskCore(settings, remember_receipts=mode != "demo")
    except KioskError:
        if sandbox is not None:
            sandbox.stop()
        raise
    camera, error = (None, None) if camera_later else open_camera(settings)
    services = Services(
        settings=settings,
        core=core,
        camera=camera,
        demo=mode == "demo",
        config_path=Path(config) if config else None,
        sandbox=sandbox,
        camera_error=error,
        camera_pending=camera_later,
        delivery_env=delivery_env,
    )
    # The camera as the delivery worker's metrics show it (the admin screen may switch it).
    core.watch_camera(services.watched_camera)
    return services
