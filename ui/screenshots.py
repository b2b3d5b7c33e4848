"""Render every screen with realistic data to PNG: ``python -m ui.screenshots OUTDIR``.

Runs the real app offscreen against an in-process sandbox and the demo camera (its face,
licence, passport and receipt scenes), drives each flow the way a customer would, and grabs
the window at each step: every screen at 1280×800 in OUTDIR, and the key screens at
1024×600, 1920×1080 and 1080×1920 in OUTDIR/WIDTHxHEIGHT/.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication

from kiosk.capture.autocapture import AutoCapture
from kiosk.config import load_settings
from kiosk.core import KioskCore
from kiosk.outbox.plans import Capture
from kiosk.runtime import Kiosk, open_camera
from kiosk.sandbox.server import SandboxOptions, SandboxServer
from ui.app import make_application
from ui.context import UiContext
from ui.delivery import ThreadDelivery
from ui.i18n import Languages
from ui.screens.capture_step import CaptureStep
from ui.window import KioskWindow

SIZE = (1280, 800)
# The other screens the kiosk runs on, and the screens shown for each (the full set is at SIZE).
OTHER_SIZES = ((1024, 600), (1920, 1080), (1080, 1920))
KEY_SCREENS = frozenset(
    {
        "start",
        "new-customer-face-preview",
        "new-customer-passport-review",
        "new-customer-summary",
        "receipt-result-valid",
        "admin-camera",
    }
)


def wait_until(condition: Callable[[], bool], timeout: float = 10.0) -> bool:
    """Run the event loop until ``condition()`` holds or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        QCoreApplication.processEvents()
        time.sleep(0.01)
    return True


def pause(seconds: float) -> None:
    """Run the event loop for a while."""
    wait_until(lambda: False, seconds)


class Shooter:
    """Saves numbered PNGs of the window."""

    def __init__(
        self, window: KioskWindow, outdir: Path, keep: frozenset[str] | None = None
    ) -> None:
        self.window = window
        self.outdir = outdir
        # Only these screens (None: every one).
        self.keep = keep
        self.saved: list[Path] = []

    def shot(self, name: str) -> None:
        """Grab the window now."""
        if self.keep is not None and name not in self.keep:
            return
        pause(0.15)
        path = self.outdir / f"{len(self.saved) + 1:02d}-{name}.png"
        self.window.grab().save(str(path))
        self.saved.append(path)


def keep_picture(step: CaptureStep, reason: str) -> None:
    """Keep a picture: accept it if it passed, else take it by hand until staff may override."""
    while True:
        wait_until(
            lambda: step.currentWidget() is step.review_page or step.manual_button.isVisible()
        )
        if step.currentWidget() is not step.review_page:
            step.manual_capture()
            wait_until(lambda: step.currentWidget() is step.review_page)
        if step.accept_button.isVisible():
            step.accept()
            return
        if step.override_button.isVisible():
            step.override(reason)
            return
        step.retake()


def build(sandbox: SandboxServer, data_dir: Path) -> tuple[KioskWindow, UiContext, Kiosk]:
    """A kiosk window on the sandbox and the demo camera."""
    settings = load_settings(
        None,
        device_tag="BRANCH-0417-K2",
        data_dir=data_dir,
        amplifi={"base_url": sandbox.url, "token": "screenshots"},
        sessionm={
            "base_url": sandbox.url,
            "api_key": "screenshots",
            "campaigns": [
                {"permalink": "spring-rewards", "name": "Spring Rewards"},
                {"permalink": "fuel-points", "name": "Fuel Points"},
            ],
        },
        camera={"source": "demo"},
        capture={
            "receipt": {"min_width_px": 240.0},
            "autocapture": {"stable_ms": 300.0, "manual_after_s": 0.5},
        },
        app={"admin_pin": "2468"},
    )
    camera, error = open_camera(settings)
    services = Kiosk(
        settings,
        KioskCore(settings, remember_receipts=False),
        camera,
        camera_error=error,
        demo=True,
    )
    delivery = ThreadDelivery(services.core, idle_poll=0.1)
    delivery.start()
    ctx = UiContext.create(services, delivery)
    window = KioskWindow(ctx, Languages(), idle_timeout_ms=600_000, idle_warning_ms=25_000)
    window.resize(*SIZE)
    window.show()
    return window, ctx, services


def customer_screens(s: Shooter, w: KioskWindow, services: Kiosk) -> None:
    """The New customer flow on the demo camera: every step passes on its own scene."""
    w.open_customer()
    s.shot("new-customer-consent")
    w.customer.consent_page.agree.click()
    step = w.customer.capture
    camera = services.camera
    wait_until(lambda: w.ctx.preview.processed > 5 and step.view.checks != [])
    pause(0.3)
    s.shot("new-customer-face-preview")
    wait_until(lambda: step.currentWidget() is step.review_page, 15)
    s.shot("new-customer-face-review")
    # The licence front with the staff meters on (staff turn them on in the admin screen),
    # held on the preview for the picture by an auto-capture that never fires.
    assert w.ctx.prefs is not None
    w.ctx.prefs.set_show_meters(True)
    keep_picture(step, "Verified in person by staff")
    auto = step.auto
    never = auto.settings.model_copy(update={"stable_ms": 1e9, "manual_after_s": 1e9})
    step.auto = AutoCapture(never, now=time.monotonic())
    wait_until(lambda: bool(step.meters.rows) and step.view.checks != [])
    pause(0.6)
    s.shot("new-customer-licence-front-meters")
    w.ctx.prefs.set_show_meters(False)
    step.meters.hide()
    step.auto = auto
    auto.restart(time.monotonic())
    keep_picture(step, "Document is worn or damaged")
    # The back step, shown the front again: refused as the same side.
    if camera is not None and hasattr(camera, "set_scene"):
        camera.set_scene("license_front")
    wait_until(lambda: step.currentWidget() is step.review_page or step.manual_button.isVisible())
    if step.currentWidget() is not step.review_page:
        step.manual_capture()
        wait_until(lambda: step.currentWidget() is step.review_page)
    s.shot("new-customer-licence-same-side")
    step.ask_override()
    step.staff_page.keypad.type_text("24")
    s.shot("new-customer-staff-pin")
    step.staff_page.keypad.clear()
    step.staff_page.keypad.type_text(services.staff_pin)
    step.staff_page.submit()
    s.shot("new-customer-staff-override")
    step.setCurrentWidget(step.review_page)
    step.retake()
    if camera is not None and hasattr(camera, "set_scene"):
        camera.set_scene("license_back")
    keep_picture(step, "Verified in person by staff")
    # The passport page: its full-resolution check takes a while, under a progress state.
    wait_until(lambda: bool(step.view.busy_text), 20)
    s.shot("new-customer-passport-taking")
    wait_until(lambda: step.currentWidget() is step.review_page, 30)
    s.shot("new-customer-passport-review")
    while w.customer.currentWidget() is step:
        keep_picture(step, "Verified in person by staff")
    wait_until(lambda: w.customer.currentWidget() is w.customer.summary)
    s.shot("new-customer-summary")
    w.customer.submit()
    wait_until(lambda: w.customer.currentWidget() is w.customer.done_page)
    wait_until(lambda: w.customer.done_page.delivery.text().startswith("Sent"), 15)
    s.shot("new-customer-confirmation")
    w.go_start()


def receipt_screens(s: Shooter, w: KioskWindow) -> None:
    """The receipt flow through to a valid result."""
    w.open_receipt()
    flow = w.receipt
    flow.consent_page.agree.click()
    s.shot("receipt-campaign")
    flow.choose_campaign("spring-rewards")
    flow.keypad.type_text("40418812")
    s.shot("receipt-customer-number")
    flow.customer_entered()
    step = flow.capture
    wait_until(lambda: step.view.passed is True, 10)
    s.shot("receipt-preview-passing")
    wait_until(lambda: step.currentWidget() is step.review_page, 10)
    s.shot("receipt-review")
    step.accept()
    flow.add_part()
    wait_until(lambda: step.currentWidget() is step.review_page, 10)
    step.accept()
    s.shot("receipt-parts")
    flow.submit()
    wait_until(lambda: flow.currentWidget() is flow.result_page)
    result = flow.result_page
    wait_until(lambda: result.validation is not None and result.validation.final, 20)
    s.shot("receipt-result-valid")
    w.go_start()


def staff_screens(s: Shooter, w: KioskWindow, services: Kiosk, sandbox: SandboxServer) -> None:
    """Idle warning, PIN, and the admin tabs with a failed job in the list."""
    w.open_receipt()
    w.receipt.consent_page.agree.click()
    w.receipt.choose_campaign("fuel-points")
    w.idle.timeout_ms, w.idle.warning_ms = 23_000, 22_000
    w.idle.poke()
    wait_until(lambda: w.overlay.isVisible(), 5)
    s.shot("idle-warning")
    w.idle.timeout_ms, w.idle.warning_ms = 600_000, 25_000
    w.go_start()
    w.set_language("es")
    w.open_receipt()
    w.receipt.consent_page.agree.click()
    w.receipt.choose_campaign("fuel-points")
    w.idle.timeout_ms, w.idle.warning_ms = 23_000, 22_000
    w.idle.poke()
    wait_until(lambda: w.overlay.isVisible(), 5)
    s.shot("idle-warning-spanish")
    w.idle.timeout_ms, w.idle.warning_ms = 600_000, 25_000
    w.go_start()  # back in the kiosk's own language
    w.ask_pin()
    w.pin.keypad.type_text("24")
    s.shot("admin-pin")
    w.ctx.delivery.stop()
    plan = services.core.submit_prospect(
        {"face": Capture(b"\xff\xd8 not a real jpeg", "image/jpeg", datetime.now(UTC))}
    )
    store = services.core.outbox.store  # a failed job, made by hand for the picture
    job = store.claim("screenshots", 60)
    if job is not None and job.submission == plan.reference:
        store.fail(job, "AmpliFi prospect/image: 400 Image is not a valid JPEG", "PermanentError")
    w.pin.keypad.clear()
    w.pin.keypad.type_text("2468")
    w.pin.submit()
    wait_until(lambda: w.admin.table.rowCount() > 0)
    s.shot("admin-outbox")
    w.admin.tabs.setCurrentIndex(1)
    w.admin.health_check()
    wait_until(lambda: w.admin.camera.health_table.rowCount() > 0, 10)
    s.shot("admin-camera")
    w.admin.tabs.setCurrentIndex(2)
    s.shot("admin-config")
    w.admin.tabs.setCurrentWidget(w.admin.health)
    w.admin.health.refresh()
    wait_until(lambda: w.admin.health.again.isEnabled(), 10)
    s.shot("admin-health")
    w.go_start()


def render_all(outdir: Path, sizes: tuple[tuple[int, int], ...] | None = None) -> list[Path]:
    """Render the screens into ``outdir`` (see the module's docstring); the files written."""
    saved = []
    for size in sizes or (SIZE, *OTHER_SIZES):
        where = outdir if size == SIZE else outdir / f"{size[0]}x{size[1]}"
        saved += render_size(where, size, None if size == SIZE else KEY_SCREENS)
    return saved


def render_size(outdir: Path, size: tuple[int, int], keep: frozenset[str] | None) -> list[Path]:
    """Drive every flow at ``size``, saving the screens in ``keep`` (None: all)."""
    outdir.mkdir(parents=True, exist_ok=True)
    make_application()
    with (
        tempfile.TemporaryDirectory() as tmp,
        SandboxServer(SandboxOptions(port=0, validation_delay=1.0)) as sandbox,
    ):
        window, ctx, services = build(sandbox, Path(tmp))
        window.resize(*size)
        shooter = Shooter(window, outdir, keep)
        try:
            # The strip says "Online" once the delivery worker has reached the servers.
            shooter.shot("start")
            window.set_language("es")
            shooter.shot("start-spanish")
            window.set_language("en")
            customer_screens(shooter, window, services)
            receipt_screens(shooter, window)
            staff_screens(shooter, window, services, sandbox)
        finally:
            window.allow_close = True
            window.close()
            ctx.shutdown()
            if ctx.delivery is not None:
                ctx.delivery.stop()
            services.close()
    return shooter.saved


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m ui.screenshots OUTDIR``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument(
        "--size", action="append", metavar="WxH", help="only this size (repeatable)"
    )
    args = parser.parse_args(argv)
    sizes = tuple(tuple(int(n) for n in s.split("x")) for s in args.size) if args.size else None
    for path in render_all(args.outdir, sizes):  # type: ignore[arg-type]
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
