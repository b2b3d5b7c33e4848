"""The kiosk as every front end runs it: settings and a mode, and everything built from them.

``Kiosk`` is the one front object, without Qt: the core (submissions, their delivery,
the queue), the camera (opened now or once the start screen is up), the capture
evaluator, the demo's sandbox server and the PIN policy. A visit (``kiosk.visit``) is
started from it, so the app's screens and ``kiosk submit`` take pictures the same way.

Modes: ``kiosk`` (a branch's kiosk: it needs ``app.admin_pin``), ``demo`` (a sandbox
server, its own data dir, the demo PIN) and ``headless`` (the command line: no camera,
no PIN).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from kiosk.camera.frame import CameraError
from kiosk.camera.open import open_source
from kiosk.camera.source import ThreadedSource
from kiosk.capture.evaluator import Evaluator
from kiosk.config import Settings, load_settings
from kiosk.config.perms import config_file_warnings, settings_config_path
from kiosk.core import KioskCore
from kiosk.demo_settings import demo_data_dir, demo_environment, demo_overrides
from kiosk.errors import KioskError
from kiosk.kinds import prospect_steps
from kiosk.monitoring.logs import configure as configure_logging
from kiosk.monitoring.logs import event as log_event
from kiosk.pin_lockout import PinLockout
from kiosk.pin_policy import admin_pin, staff_pin
from kiosk.pipeline import DUPLICATE, evaluator_for
from kiosk.visit import Visit

if TYPE_CHECKING:
    # Imported when the demo starts one: a real kiosk has no sandbox.
    from kiosk.sandbox.child import SandboxProcess

log = logging.getLogger(__name__)

Mode = Literal["kiosk", "demo", "headless"]
MODES: tuple[Mode, ...] = ("kiosk", "demo", "headless")


@dataclass(frozen=True)
class OpeningCamera:
    """What the metrics see of a camera the app has yet to open (``opening``, not ``absent``)."""

    info: object = None
    state: str = "opening"
    dropped: int = 0


@dataclass
class Kiosk:
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
    # The command line's kiosk: no camera, no PIN.
    headless: bool = False
    # Wrong PINs on either pad (admin, staff override), kept in the data dir.
    _pin_lockout: PinLockout | None = None
    _evaluator: Evaluator | None = None
    _preview_evaluator: Evaluator | None = None
    _evaluator_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def for_settings(cls, settings: Settings, mode: Mode = "headless") -> Kiosk:
        """A kiosk on settings already loaded (the command line, tests); no camera opened.

        The demo does not remember receipts (its camera shows the same one every time).
        """
        if mode == "kiosk":
            admin_pin(settings, demo=False)  # refuse a kiosk nobody could leave
        core = KioskCore(settings, remember_receipts=mode != "demo")
        return cls(settings, core, None, demo=mode == "demo", headless=mode == "headless")

    @property
    def mode(self) -> Mode:
        """``kiosk``, ``demo`` or ``headless``."""
        return "demo" if self.demo else "headless" if self.headless else "kiosk"

    # -- visits ----------------------------------------------------------------------

    @property
    def evaluator(self) -> Evaluator:
        """The visits' evaluator (face model, receipt memory), made on first use.

        Its face detector is not thread-safe: pictures are taken on one thread (the app's
        capture thread, the command line's only one).
        """
        with self._evaluator_lock:
            if self._evaluator is None:
                self._evaluator = evaluator_for(self.settings)
            return self._evaluator

    @property
    def preview_evaluator(self) -> Evaluator:
        """The live preview's evaluator: its own, as the preview has a thread of its own."""
        with self._evaluator_lock:
            if self._preview_evaluator is None:
                self._preview_evaluator = evaluator_for(self.settings)
            return self._preview_evaluator

    def visit(self, purpose: str, steps: list[str] | None = None) -> Visit:
        """A new visit: ``prospect`` (its steps from ``app.prospect_steps`` unless given) or
        ``receipt``."""
        # The demo does not remember receipts: its duplicate check is not judged.
        unjudged = frozenset({DUPLICATE}) if self.demo else frozenset()
        return Visit(
            purpose, self.settings, self.core, self.evaluator, steps, unjudged_checks=unjudged
        )

    # -- the PIN policy --------------------------------------------------------------

    @property
    def pin_lockout(self) -> PinLockout:
        """The PIN pads' lockout, shared by every pad of this kiosk."""
        if self._pin_lockout is None:
            self._pin_lockout = PinLockout(self.settings.data_dir)
        return self._pin_lockout

    @property
    def pin(self) -> str:
        """The admin PIN."""
        return admin_pin(self.settings, self.demo)

    @property
    def staff_pin(self) -> str:
        """The PIN a staff override asks for: ``app.staff_pin``, else the admin PIN."""
        return staff_pin(self.settings, self.demo)

    # -- configuration read by the screens -------------------------------------------

    @property
    def steps(self) -> list[str]:
        """The New customer steps, from config (unset: the kinds' default)."""
        return prospect_steps(self.settings.app.prospect_steps)

    @property
    def delivers_in_child(self) -> bool:
        """Whether the app starts its own ``kiosk queue worker`` (``app.delivery``; demo: yes)."""
        return self.demo or self.settings.app.delivery == "child"

    # -- lifetime --------------------------------------------------------------------

    def close(self) -> None:
        """Stop the camera, close the core and the sandbox; nothing opens a camera after."""
        self.camera_pending = False
        camera, self.camera = self.camera, None
        if camera is not None:
            camera.close()
        self.core.close()
        if self.sandbox is not None:
            self.sandbox.stop()

    def __enter__(self) -> Kiosk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the camera ------------------------------------------------------------------

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

    def reopen_camera(self, source: str) -> None:
        """Switch to another camera source (admin screen); keeps the old one if it fails."""
        camera = self.settings.camera.model_copy(update={"source": source})
        new = open_source(camera)
        old, self.camera = self.camera, new
        self.settings = self.settings.model_copy(update={"camera": camera})
        self.camera_error = None
        if old is not None:
            old.close()

    # -- the demo's sandbox ----------------------------------------------------------

    def start_sandbox(self) -> None:
        """Start serving the demo's sandbox (no-op outside the demo or when running)."""
        if self.sandbox is not None and self.sandbox.pid is None:
            self.sandbox.start()

    def keep_sandbox_alive(self) -> bool:
        """Start the demo's sandbox again if it died (no-op otherwise); True if restarted."""
        return self.sandbox is not None and self.sandbox.keep_alive()


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


def mode_of(name: str) -> Mode:
    """A mode by name; ``run`` (the command that starts a branch's kiosk) is ``kiosk``."""
    mode = "kiosk" if name == "run" else name
    if mode not in MODES:
        raise KioskError(f"unknown kiosk mode {name!r} (expected one of {', '.join(MODES)})")
    return mode


def build_kiosk(
    mode: str, config: Path | str | None = None, *, camera_later: bool = False, **overrides: Any
) -> Kiosk:
    """Settings, core and camera for ``run`` or ``demo`` (which starts the sandbox).

    ``camera_later``: leave the camera closed until ``open_pending_camera()``.
    """
    chosen = mode_of(mode)
    sandbox: SandboxProcess | None = None
    delivery_env: dict[str, str] = {}
    if chosen == "demo":
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
    configure_logging(settings, process="run" if chosen == "kiosk" else chosen)
    for warning in config_file_warnings(settings_config_path(settings)):
        log_event(log, "config_file_exposed", logging.WARNING, problem=warning)
    try:
        kiosk = Kiosk.for_settings(settings, chosen)
    except KioskError:
        if sandbox is not None:
            sandbox.stop()
        raise
    kiosk.config_path = Path(config) if config else None
    kiosk.sandbox = sandbox
    kiosk.delivery_env = delivery_env
    if chosen != "headless":
        kiosk.camera_pending = camera_later
        if not camera_later:
            kiosk.camera, kiosk.camera_error = open_camera(settings)
        # The camera as the delivery worker's metrics show it (the admin screen may switch it).
        kiosk.core.watch_camera(kiosk.watched_camera)
    return kiosk
