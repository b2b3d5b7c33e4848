"""The kiosk window: screens, status strip, DEMO banner, idle timeout, hidden staff gesture."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QMouseEvent
from PySide6.QtWidgets import (
    QApplication,
    QLayout,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui import theme
from ui.context import UiContext
from ui.i18n import Languages
from ui.idle import CornerTaps, IdleGuard
from ui.screens.pin import PinPage
from ui.screens.start import StartScreen
from ui.widgets.common import label
from ui.widgets.confirm import confirm_overlay
from ui.widgets.idle_overlay import IdleOverlay
from ui.widgets.status_strip import StatusStrip, snapshot

if TYPE_CHECKING:
    # Imported when first built, after the start screen shows (see _build_rest).
    from ui.screens.admin import AdminScreen
    from ui.screens.customer_flow import CustomerFlow
    from ui.screens.receipt_flow import ReceiptFlow

log = logging.getLogger(__name__)

STATUS_POLL_MS = 2000
BUILD_REST_AFTER_MS = 300
# Below this window height the compact style applies (a 1024×600 field tablet): smaller
# type and 48-56 px touch targets (the WCAG 2.5.5 target size is 44 px).
COMPACT_HEIGHT = 720


def apply_compact(root: QWidget, compact: bool) -> None:
    """Tell every widget under ``root`` that knows a compact form which one to use."""
    for widget in [root, *root.findChildren(QWidget)]:
        set_compact = getattr(widget, "set_compact", None)
        if callable(set_compact):
            set_compact(compact)


class KioskWindow(QWidget):
    """The one window of the kiosk; it closes only through the admin screen."""

    def __init__(
        self,
        ctx: UiContext,
        languages: Languages | None = None,
        idle_timeout_ms: int | None = None,
        idle_warning_ms: int | None = None,
        watch_input: bool = True,
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.languages = languages or Languages()
        self.allow_close = False
        self.exited = False
        settings = ctx.services.settings
        self.setWindowTitle("Branch Capture Kiosk")
        self.setObjectName("kiosk")
        self.compact = False
        # 1280×800, or the screen's room if that is smaller (a 1024×600 tablet, windowed).
        room = self.screen().availableGeometry().size() if self.screen() else None
        self.resize(
            min(1280, room.width()) if room else 1280, min(800, room.height()) if room else 800
        )
        self.idle = IdleGuard(
            idle_timeout_ms or int(settings.app.idle_timeout_s * 1000),
            idle_warning_ms or int(settings.app.idle_warning_s * 1000),
            self,
        )
        self.idle.warning.connect(self._idle_warning)
        self.idle.extended.connect(self._idle_extended)
        self.idle.expired.connect(self._idle_expired)
        self._last_press: tuple[int, tuple[int, int]] | None = None
        self._watching = False
        self.corner = CornerTaps(window_ms=int(settings.app.admin_tap_window_s * 1000))
        self.corner.triggered.connect(self.ask_pin)
        if watch_input:
            self.watch_input()
        self._layout = QVBoxLayout(self)
        # The screens fit the window, never the other way round: no page may make the window
        # grow past the screen (its body scrolls instead, ui.widgets.common.Page).
        self._layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self.banner = label(
            self.tr("DEMO — sandbox server and demo data; nothing is sent to a real bank"),
            "demoBanner",
        )
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setVisible(ctx.services.demo)
        self._layout.addWidget(self.banner)
        self.stack = QStackedWidget()
        self._layout.addWidget(self.stack, 1)
        self.strip = StatusStrip(settings.device_tag)
        self._layout.addWidget(self.strip)
        self.overlay = IdleOverlay(self)
        self._build_screens()
        self.status_timer = QTimer(self, interval=STATUS_POLL_MS)
        self.status_timer.timeout.connect(self.refresh_status)
        self.status_timer.start()
        QTimer.singleShot(0, self.refresh_status)

    # -- screens --------------------------------------------------------------------------

    def _build_screens(self) -> None:
        """The start and PIN screens now; the flows and the admin screen once the start
        screen is up, or as soon as something asks for them."""
        ctx = self.ctx
        self.start = StartScreen(self.languages.current)
        self.start.new_customer.connect(self.open_customer)
        self.start.receipt.connect(self.open_receipt)
        self.start.language_chosen.connect(self.set_language)
        self.pin = PinPage(ctx.services.pin, lockout=ctx.services.pin_lockout)
        self.pin.unlocked.connect(self.open_admin)
        self.pin.cancelled.connect(self._pin_cancelled)
        self._rest: tuple[CustomerFlow, ReceiptFlow, AdminScreen] | None = None
        for screen in (self.start, self.pin):
            self.stack.addWidget(screen)
            apply_compact(screen, self.compact)
        self._before_pin: QWidget = self.start
        self.stack.setCurrentWidget(self.start)
        # Building the other screens took a fifth of the start-up to the start screen
        # (profiled); nobody can tap through to them in the first moment it is shown.
        QTimer.singleShot(BUILD_REST_AFTER_MS, self, self._build_rest)

    def _build_rest(self) -> tuple[CustomerFlow, ReceiptFlow, AdminScreen]:
        if self._rest is None:
            from ui.screens.admin import AdminScreen
            from ui.screens.customer_flow import CustomerFlow
            from ui.screens.receipt_flow import ReceiptFlow

            customer = CustomerFlow(self.ctx, self.languages.current)
            customer.finished.connect(self.go_start)
            receipt = ReceiptFlow(self.ctx, self.languages.current)
            receipt.finished.connect(self.go_start)
            admin = AdminScreen(self.ctx)
            admin.back.connect(self.go_start)
            admin.exit_requested.connect(self.exit_kiosk)
            for screen in (customer, receipt, admin):
                self.stack.addWidget(screen)
                apply_compact(screen, self.compact)
            self._rest = (customer, receipt, admin)
        return self._rest

    @property
    def customer(self) -> CustomerFlow:
        """The New customer flow."""
        return self._build_rest()[0]

    @property
    def receipt(self) -> ReceiptFlow:
        """The receipt flow."""
        return self._build_rest()[1]

    @property
    def admin(self) -> AdminScreen:
        """The staff screen."""
        return self._build_rest()[2]

    def _drop_screens(self) -> None:
        for screen in (self.start, self.pin, *(self._rest or ())):
            self.stack.removeWidget(screen)
            screen.hide()
            screen.deleteLater()
        self._rest = None

    def set_language(self, code: str) -> None:
        """Switch language (from the start screen) and rebuild every screen in it."""
        self.languages.use(code)
        self._drop_screens()
        self._build_screens()
        self.banner.setText(
            self.tr("DEMO — sandbox server and demo data; nothing is sent to a real bank")
        )
        old = self.strip
        self.strip = StatusStrip(self.ctx.services.settings.device_tag)
        self._layout.replaceWidget(old, self.strip)
        # Hidden now, deleted when the event loop next runs (a nested processEvents does not).
        old.hide()
        old.deleteLater()
        self.overlay.hide()
        self.overlay.deleteLater()
        self.overlay = IdleOverlay(self)
        self.refresh_status()
        # A language picked by someone who then walks away must not greet the next customer.
        if self.languages.current != self.ctx.services.settings.language:
            self.idle.arm()

    def current(self) -> QWidget:
        """The screen on show."""
        return self.stack.currentWidget()

    def open_customer(self) -> None:
        """Start the New customer flow."""
        self.stack.setCurrentWidget(self.customer)
        self.idle.arm()
        self.customer.start()

    def open_receipt(self) -> None:
        """Start the Receipt flow."""
        self.stack.setCurrentWidget(self.receipt)
        self.idle.arm()
        self.receipt.start()

    def go_start(self) -> None:
        """Back to the start screen: the visit is wiped and the language is the kiosk's again."""
        self.idle.disarm()
        self.overlay.hide()
        confirm_overlay(self).dismiss()
        self.wipe_session()
        default = self.ctx.services.settings.language
        if self.languages.current != default:
            self.set_language(default)
        self.stack.setCurrentWidget(self.start)

    def wipe_session(self) -> None:
        """Forget the visit: pictures, identifiers, the preview."""
        if self._rest is None:
            return  # no flow built yet, so no visit to forget
        self.customer.done_page.stop()
        self.receipt.result_page.stop()
        for flow in (self.customer, self.receipt):
            flow.capture.stop()
            flow.visit.wipe()
            flow.plan = None
        self.receipt.keypad.clear()
        self.receipt.customer = None

    # -- staff ------------------------------------------------------------------------------

    def ask_pin(self) -> None:
        """The hidden gesture: ask for the admin PIN."""
        if self.current() in (self.pin, self.admin):
            return
        self._before_pin = self.current()
        self.overlay.hide()
        self.pin.reset()
        self.stack.setCurrentWidget(self.pin)
        # The PIN and admin screens time out too: staff walking away must not leave them open.
        self.idle.arm()

    def _pin_cancelled(self) -> None:
        self.stack.setCurrentWidget(self._before_pin)
        if self._before_pin not in (self.customer, self.receipt):
            self.idle.disarm()

    def open_admin(self) -> None:
        """The PIN was right: staff tools (any visit in progress is wiped)."""
        self.wipe_session()
        self.admin.show_admin()
        self.stack.setCurrentWidget(self.admin)
        self.idle.arm()

    def exit_kiosk(self) -> None:
        """Close the kiosk (only reachable from the admin screen)."""
        self.allow_close = True
        self.exited = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Refuse to close unless staff exited from the admin screen."""
        if not self.allow_close:
            event.ignore()
            return
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.idle)
            app.removeEventFilter(self)
        self.status_timer.stop()
        self.wipe_session()
        event.accept()

    def watch_input(self) -> None:
        """See every press and key in the app: the idle countdown and the staff gesture.

        The app calls this once its start screen is up. While the screens are built, an
        app-wide Python filter is handed each new Qt object's events, and wrapping the first
        of a private Qt class made PySide6 create the Python types of every Qt class loaded
        (measured: 155 enum types, about 25 ms before the start screen could show).
        """
        app = QApplication.instance()
        if app is not None and not self._watching:
            self._watching = True
            app.installEventFilter(self.idle)
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Count presses in the top-left corner for the hidden staff gesture.

        A quick second tap arrives as a double-click (Qt's mouseDoubleClickEvent), so both
        count; the press and double-click Qt may send for one tap share a timestamp.
        """
        if (
            event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick)
            and isinstance(event, QMouseEvent)
            and isinstance(watched, QWidget)
            and watched.window() is self
        ):
            # One press reaches the filter once per widget it propagates through: count it once.
            key = (event.timestamp(), event.globalPosition().toPoint().toTuple())
            if key != self._last_press:
                self._last_press = key
                pos = self.mapFromGlobal(event.globalPosition().toPoint())
                self.corner.tap(pos.x(), pos.y(), int(event.timestamp()))
        return False

    # -- idle --------------------------------------------------------------------------------

    def _idle_warning(self, seconds: int) -> None:
        self.overlay.show_seconds(seconds)

    def _idle_extended(self) -> None:
        self.overlay.hide()

    def _idle_expired(self) -> None:
        log.info("idle timeout: session wiped")
        self.go_start()

    def resizeEvent(self, event: object) -> None:
        """Keep the idle overlay covering the window; compact style on a low screen."""
        super().resizeEvent(event)  # type: ignore[arg-type]
        compact = self.height() < COMPACT_HEIGHT
        if compact != self.compact:
            self.set_compact(compact)
        if self.overlay.isVisible():
            self.overlay.setGeometry(self.rect())
            self.overlay.fit_panel()

    def set_compact(self, compact: bool) -> None:
        """Use (or leave) the compact style: the window's own sheet over the app's."""
        self.compact = compact
        self.setStyleSheet(theme.compact_sheet() if compact else "")
        for child in self.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            apply_compact(child, compact)

    # -- status -------------------------------------------------------------------------------

    def refresh_status(self) -> None:
        """Update the strip: camera now; queue and connectivity from a pool thread."""
        # The demo's sandbox is the demo's server: a dead one is started again, as a real
        # server's operator would.
        self.ctx.services.keep_sandbox_alive()
        camera = self.ctx.services.camera
        if camera is None:
            self.strip.show_camera("opening" if self.ctx.services.camera_pending else "failed")
        else:
            self.strip.show_camera(camera.state, camera.info.is_demo)
        core = self.ctx.core
        self.ctx.background.run(lambda: snapshot(core), lambda s: self.strip.apply(s))
