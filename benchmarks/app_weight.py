"""The app's weight against a bare PySide6 window showing the same demo camera frames.

    python benchmarks/app_weight.py [--long 180]

Both run full-screen on one real X server (Debian's ``xvfb``, 1280×800×24, the xcb platform
plugin), one after the other in one run:

- **bare**: a ``QLabel`` window that a 30 Hz ``QTimer`` fills with the newest frame of
  ``kiosk.camera.demo.DemoSource`` (1280×720 at 30 fps), converted to a ``QImage`` and scaled
  to fit; the parent switches its demo scene as the app's steps switch theirs.
- **app**: ``kiosk demo`` in a temporary HOME, driven with ``xdotool`` taps at the buttons'
  places on the 1280×800 screens (New customer, Use this photo, Send, Done, Submit a receipt,
  the keypad, Next).

Start-up is timed over ``STARTS`` starts of each, medians reported, after one first run of the
app in the new HOME (which creates the data dir, the device key and the outbox database, and is
reported on its own). Measured, from ``exec``: the start screen (the app's ``READY=1`` on
``NOTIFY_SOCKET``; the bare window's first event-loop turn after ``showFullScreen``) and the
first preview frame (the app's ``preview_started`` log event after "New customer" is tapped at
READY; the bare window's first frame painted). Resident memory is ``VmRSS`` of
``/proc/PID/status``; the app's child processes (its delivery worker and the demo's sandbox
server, which stands in for the vendors' servers) are summed on their own. CPU is ``utime +
stime`` of ``/proc/PID/stat`` over a fixed window, as % of one core. In each live step the
window starts ``SETTLE`` s after ``preview_started`` and lasts ``WINDOW`` s; the app is run
with ``KIOSK_CAPTURE__AUTOCAPTURE__STABLE_MS`` at ``HOLD_MS`` so the picture is not taken
inside the window (the demo scene passes every check at once and would otherwise be captured
within a second). After the first customer the app keeps cycling new-customer flows for
``--long`` s, its RSS sampled after each one;
last, the receipt step (Submit a receipt, a customer number) is measured.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import re
import select
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

DISPLAY = ":98"
TICK = os.sysconf("SC_CLK_TCK")
SETTLE = 0.5  # s after preview_started before the CPU window opens
WINDOW = 4.0  # s of CPU per live step: 120 frames at 30 fps (2 s varied by 5 points)
HOLD_MS = 6000  # auto-capture hold: longer than SETTLE + WINDOW
# The app's child processes, by the sub-command they run.
ROLES = {"worker": "delivery worker", "sandbox": "sandbox", "ocr-worker": "OCR"}
STARTS = 3  # start-up is timed over this many starts of each, after the app's first run
STEPS = ("face", "license_front", "license_back", "passport")
# Button centres on the 1280×800 screens (screenshots taken with ``import -window root``).
NEW_CUSTOMER = (335, 390)
SUBMIT_RECEIPT = (945, 390)
USE_PHOTO = (1075, 694)  # review: "Use this photo"
SEND = (1126, 692)  # "Check your pictures": "Send"
DONE = (1126, 692)  # "Thank you": "Done"
NEXT = (1130, 694)  # customer number: "Next"
TAKE_NOW = (1107, 697)  # the capture step's manual "Take photo now"
MANUAL_AFTER = 12.0  # s: two holds' time
KEYPAD = {"1": (480, 283), "2": (639, 283), "3": (797, 283), "4": (480, 359)}
KEYPAD |= {"5": (639, 359), "6": (797, 359), "7": (480, 435), "8": (639, 435)}
# The review button's blue (#1e90ff-ish) tells the review screen is up.
REVIEW_PIXEL = (935, 665)  # inside the button, off its text

BARE = r"""
import sys, select, time
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QApplication, QLabel
from kiosk.camera.demo import DemoSource
from kiosk.config.camera import CameraSettings

app = QApplication(sys.argv)
camera = DemoSource(CameraSettings(source="demo", demo_scene="face"))
camera.open()
label = QLabel()
label.setAlignment(Qt.AlignCenter)
label.setStyleSheet("background: black")
label.showFullScreen()
state = {"seq": 0, "first": False}

def shown():
    print("SHOWN", flush=True)

def poll():
    frame = camera.latest()
    if frame is not None and frame.seq != state["seq"]:
        state["seq"] = frame.seq
        img = frame.image
        h, w = img.shape[:2]
        q = QImage(img.data, w, h, img.strides[0], QImage.Format_BGR888)
        label.setPixmap(QPixmap.fromImage(q).scaled(
            label.size(), Qt.KeepAspectRatio, Qt.SmoothTransformation))
        if not state["first"]:
            state["first"] = True
            QTimer.singleShot(0, lambda: print("FRAME", flush=True))
    if select.select([sys.stdin], [], [], 0)[0]:
        line = sys.stdin.readline().strip()
        if not line:
            app.quit()
        elif line.startswith("scene "):
            camera.set_scene(line.split()[1])

QTimer.singleShot(0, shown)
timer = QTimer()
timer.timeout.connect(poll)
timer.start(33)
app.exec()
camera.close()
"""


def rss_mb(pid: int) -> float:
    """Resident memory of a process, MB."""
    text = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", text).group(1)) / 1024  # type: ignore[union-attr]


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def cpu_pct(pid: int, seconds: float) -> float:
    """% of one core a process uses over the next ``seconds``."""
    c0, t0 = cpu_s(pid), time.monotonic()
    time.sleep(seconds)
    return 100.0 * (cpu_s(pid) - c0) / (time.monotonic() - t0)


def children(pid: int) -> list[int]:
    """Direct child processes."""
    kids: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        kids += [int(k) for k in (task / "children").read_text().split()]
    return kids


def role(pid: int) -> str:
    """What one of the app's child processes is, from its command line."""
    args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    return next((name for arg, name in ROLES.items() if arg.encode() in args), "other")


@dataclass
class Figures:
    """What one side measured."""

    ready: float = 0.0
    preview: float = 0.0
    rss: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)
    child_rss: dict[str, str] = field(default_factory=dict)
    child_cpu: dict[str, str] = field(default_factory=dict)
    long: list[tuple[float, float, float]] = field(default_factory=list)
    # Seconds from the Send tap to the submission queued (its reference then shown).
    queued: list[float] = field(default_factory=list)


def launch_bare(env: dict[str, str]) -> tuple[subprocess.Popen[str], float, float]:
    """Start the bare window and wait for its first frame: (process, first loop turn, first
    frame), s from exec."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", BARE],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    shown = 0.0
    for line in proc.stdout:
        if line.startswith("SHOWN"):
            shown = time.perf_counter() - t0
        elif line.startswith("FRAME"):
            return proc, shown, time.perf_counter() - t0
    raise RuntimeError("the bare window exited before its first frame")


def run_bare(env: dict[str, str]) -> Figures:
    """The bare window: start-up, then RSS and CPU with each step's scene."""
    fig = Figures()
    proc, fig.ready, fig.preview = launch_bare(env)
    assert proc.stdin is not None
    try:
        fig.rss["start screen"] = rss_mb(proc.pid)
        time.sleep(SETTLE)
        for step in (*STEPS, "receipt"):
            proc.stdin.write(f"scene {step}\n")
            proc.stdin.flush()
            time.sleep(SETTLE)
            fig.cpu[step] = cpu_pct(proc.pid, WINDOW)
            fig.rss[step] = rss_mb(proc.pid)
    finally:
        quit_bare(proc)
    return fig


def quit_bare(proc: subprocess.Popen[str]) -> None:
    """Ask the bare window to quit (an empty line), killing it if it does not."""
    try:
        assert proc.stdin is not None
        proc.stdin.write("\n")
        proc.stdin.flush()
        proc.wait(15)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


class App:
    """``kiosk demo`` under xdotool."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.t0 = time.perf_counter()
        self.proc = subprocess.Popen(
            ["kiosk", "demo"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        self.buffer = b""
        self.log = b""  # all of it, for a failed run's report
        self.queued: list[float] = []

    def tap(self, xy: tuple[int, int]) -> None:
        """One touch at ``xy``."""
        subprocess.run(
            ["xdotool", "mousemove", str(xy[0]), str(xy[1]), "click", "1"], env=self.env, check=True
        )

    def wait_log(self, needle: bytes, timeout: float = 60.0) -> float:
        """Seconds from exec when ``needle`` appears in the log (past ones skipped)."""
        assert self.proc.stderr is not None
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            at = self.buffer.find(needle)
            if at >= 0:
                self.buffer = self.buffer[at + len(needle) :]
                return time.perf_counter() - self.t0
            if select.select([self.proc.stderr], [], [], 0.1)[0]:
                chunk = os.read(self.proc.stderr.fileno(), 65536)
                if not chunk:
                    raise RuntimeError("the app exited")
                self.buffer += chunk
                self.log += chunk
        raise RuntimeError(f"no {needle.decode()} in {timeout:g} s")

    def wait_review(self, timeout: float = 30.0) -> None:
        """Until the review screen's blue "Use this photo" button is drawn; as a person
        would, "Take photo now" is tapped if the long hold keeps restarting."""
        end = time.monotonic() + timeout
        manual_at = time.monotonic() + MANUAL_AFTER
        x, y = REVIEW_PIXEL
        while time.monotonic() < end:
            if manual_at and time.monotonic() > manual_at:
                self.tap(TAKE_NOW)
                manual_at = 0.0
            out = subprocess.run(
                ["import", "-window", "root", "-crop", f"1x1+{x}+{y}", "-depth", "8", "txt:-"],
                env=self.env,
                capture_output=True,
                text=True,
            ).stdout
            rgb = re.search(r"\((\d+),(\d+),(\d+)", out.splitlines()[-1] if out else "")
            if rgb and int(rgb.group(3)) > 200 and int(rgb.group(1)) < 80:
                return
            time.sleep(0.3)
        shot = Path(tempfile.gettempdir()) / "app_weight-no-review.png"
        subprocess.run(["import", "-window", "root", str(shot)], env=self.env, check=False)
        shot.with_suffix(".log").write_bytes(self.log)
        raise RuntimeError(f"no review screen (screenshot {shot}, the app's log beside it)")

    def child_rss(self) -> float:
        """The app's child processes' resident memory together, MB (0 if none)."""
        return sum(rss_mb(k) for k in children(self.proc.pid))

    def child_detail(self) -> str:
        """Each child process by role with its resident memory, MB."""
        kids = children(self.proc.pid)
        return ", ".join(sorted(f"{role(kid)} {rss_mb(kid):.0f}" for kid in kids))

    def step_cpu(self, seconds: float) -> tuple[float, str]:
        """% of one core over the next ``seconds``: the app, and each child process by role."""
        kids = children(self.proc.pid)
        c0 = {k: cpu_s(k) for k in [self.proc.pid, *kids]}
        t0 = time.monotonic()
        time.sleep(seconds)
        dt = time.monotonic() - t0
        pct = {k: 100.0 * (cpu_s(k) - c) / dt for k, c in c0.items()}
        detail = sorted(f"{role(kid)} {pct[kid]:.1f}" for kid in kids)
        return pct[self.proc.pid], ", ".join(detail)

    def customer(self, fig: Figures | None, first: bool = False) -> None:
        """One new-customer flow; with ``fig``, each live step measured."""
        if not first:
            self.tap(NEW_CUSTOMER)
        for step in STEPS:
            self.wait_log(f"preview_started kind={step}".encode())
            if fig is not None:
                time.sleep(SETTLE)
                fig.cpu[step], fig.child_cpu[step] = self.step_cpu(WINDOW)
                fig.rss[step] = rss_mb(self.proc.pid)
                fig.child_rss[step] = self.child_detail()
            self.wait_review()
            time.sleep(0.3)
            self.tap(USE_PHOTO)
        time.sleep(1.5)
        sent = time.perf_counter()
        self.tap(SEND)
        # Done sits where Send was: tapped once the reference is up, as a person would.
        self.queued.append(self.wait_log(b"submission_queued") + self.t0 - sent)
        time.sleep(1.0)
        self.tap(DONE)
        time.sleep(1.5)


def bare_start(env: dict[str, str]) -> tuple[float, float]:
    """One start of the bare window: (its first loop turn, its first frame), s from exec."""
    proc, shown, frame = launch_bare(env)
    quit_bare(proc)
    return shown, frame


@contextlib.contextmanager
def running_app(env: dict[str, str]) -> Iterator[tuple[App, float]]:
    """``kiosk demo`` started and waited for: (the app, seconds from exec to READY=1); stopped
    on leaving."""
    with tempfile.TemporaryDirectory() as tmp:
        sock_path = str(Path(tmp) / "notify.sock")
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
            sock.bind(sock_path)
            sock.settimeout(0.2)
            app = App({**env, "NOTIFY_SOCKET": sock_path})
            try:
                ready = 0.0
                while not ready and time.perf_counter() - app.t0 < 120:
                    try:
                        if b"READY=1" in sock.recv(4096).split(b"\n"):
                            ready = time.perf_counter() - app.t0
                    except TimeoutError:
                        pass
                if not ready:
                    raise RuntimeError("no READY=1 in 120 s")
                yield app, ready
            finally:
                app.proc.terminate()
                try:
                    app.proc.wait(15)
                except subprocess.TimeoutExpired:
                    app.proc.kill()
                    app.proc.wait()


def app_start(env: dict[str, str]) -> tuple[float, float]:
    """One start of the app: (READY=1, the face step's first preview frame), s from exec."""
    with running_app(env) as (app, ready):
        app.tap(NEW_CUSTOMER)
        return ready, app.wait_log(b"preview_started kind=face")


def run_app(env: dict[str, str], long_s: float) -> Figures:
    """The app: start-up, each live step, a long session, the receipt step."""
    fig = Figures()
    # The privacy notice before the camera is not a live step: the taps go straight to it.
    env = {
        **env,
        "KIOSK_CAPTURE__AUTOCAPTURE__STABLE_MS": str(HOLD_MS),
        "KIOSK_APP__CONSENT_REQUIRED": "false",
    }
    with running_app(env) as (app, fig.ready):
        fig.rss["start screen"] = rss_mb(app.proc.pid)
        app.tap(NEW_CUSTOMER)
        fig.preview = app.wait_log(b"preview_started kind=face")
        app.buffer = b"preview_started kind=face" + app.buffer  # measured below
        app.customer(fig, first=True)
        time.sleep(2.0)
        fig.rss["start screen, after a customer"] = rss_mb(app.proc.pid)
        fig.cpu["start screen, after a customer"] = cpu_pct(app.proc.pid, WINDOW)
        fig.child_rss["start screen, after a customer"] = app.child_detail()
        t_long = time.monotonic()
        while time.monotonic() - t_long < long_s:
            app.customer(None)
            now = time.monotonic() - t_long
            fig.long.append((now, rss_mb(app.proc.pid), app.child_rss()))
        app.tap(SUBMIT_RECEIPT)
        time.sleep(1.5)
        for digit in "12345678":
            app.tap(KEYPAD[digit])
            time.sleep(0.3)
        app.tap(NEXT)
        app.wait_log(b"preview_started kind=receipt")
        time.sleep(SETTLE)
        fig.cpu["receipt"], fig.child_cpu["receipt"] = app.step_cpu(WINDOW)
        fig.rss["receipt"] = rss_mb(app.proc.pid)
        fig.child_rss["receipt"] = app.child_detail()
        fig.queued = app.queued
    return fig


def main() -> None:
    """Bare window, then the app, on one X server; print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--long", type=float, default=180.0, help="long session, s")
    args = parser.parse_args()
    xvfb = subprocess.Popen(["Xvfb", DISPLAY, "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
    time.sleep(1.0)
    try:
        with tempfile.TemporaryDirectory() as home:
            env = {
                "PATH": os.environ["PATH"],
                "HOME": home,
                "LANG": "C.UTF-8",
                "DISPLAY": DISPLAY,
                "QT_QPA_PLATFORM": "xcb",
                "XDG_DATA_HOME": str(Path(home) / "share"),
            }
            bare_starts = [bare_start(env) for _ in range(STARTS)]
            first_run = app_start(env)  # a new HOME: data dir, device key, database made
            app_starts = [app_start(env) for _ in range(STARTS)]
            bare = run_bare(env)
            app = run_app(env, args.long)
    finally:
        xvfb.terminate()
        xvfb.wait()
    print(f"# {platform.machine()} {os.cpu_count()} cores, {platform.platform()}")
    print(f"# CPU window {WINDOW:g} s from {SETTLE:g} s after the step's first frame, 30 fps")
    print("| measure | bare | app | app / bare | app's child processes |")
    print("| --- | --- | --- | --- | --- |")
    for i, what in enumerate(("start screen", "first preview frame")):
        b = statistics.median(start[i] for start in bare_starts)
        a = statistics.median(start[i] for start in app_starts)
        each = ", ".join(f"{start[i]:.2f}" for start in app_starts)
        print(f"| {what}, s from exec, median of {STARTS} | {b:.2f} | {a:.2f} | {a / b:.2f} | |")
        print(f"| (app's {STARTS} starts: {each}; bare median of its own {STARTS}) |")
        print(f"| {what}, app's first run, s | | {first_run[i]:.2f} | {first_run[i] / b:.2f} | |")
    for what, a in app.rss.items():
        b = bare.rss["start screen"] if what.startswith("start") else bare.rss[what]
        kid_text = app.child_rss.get(what, "")
        ratio = f"{a / b:.2f}" if b else ""
        print(f"| RSS, {what}, MB | {b:.0f} | {a:.0f} | {ratio} | {kid_text} |")
    for what, a in app.cpu.items():
        b = bare.cpu.get(what)
        ratio = f"{a / b:.2f}" if b else ""
        b_text = f"{b:.1f}" if b is not None else ""
        kid_text = app.child_cpu.get(what, "")
        print(f"| CPU, {what}, % of one core | {b_text} | {a:.1f} | {ratio} | {kid_text} |")
    print("| long session: s, app RSS MB, its child processes' RSS MB |")
    for t, rss, kid in app.long:
        print(f"| {t:.0f} | {rss:.0f} | {kid:.0f} |")
    each = ", ".join(f"{q:.2f}" for q in app.queued)
    print(f"| Send to reference shown (submission queued), s, each customer: {each} |")


if __name__ == "__main__":
    main()
