"""Start-up to the first camera preview, the frozen bundle against a ``pip install``.

    python benchmarks/first_preview.py --venv-kiosk /tmp/kiosk-venv/bin/kiosk --rounds 3

Each round starts ``kiosk demo`` full-screen on a real X server (Debian's ``xvfb``,
1280×800, the xcb platform plugin, as on a kiosk display) and times, from ``exec``:

- **start screen**: the app's ``READY=1`` on a real ``NOTIFY_SOCKET`` (sent from the event
  loop once the start screen is shown);
- **first preview frame**: the ``preview_started`` log event (the face step's first demo
  frame drawn), timed from the tap on "I agree": ``xdotool`` taps "New customer" the moment
  the start screen is up, then "I agree" on the privacy step half a second later.

The bundle and the venv are started alternately with the same bare environment; medians
and the bundle/venv ratio are printed. With ``--cold`` (root only) the page cache is dropped
before every start.
"""

from __future__ import annotations

import argparse
import os
import platform
import select
import socket
import statistics
import subprocess
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BUNDLE = REPO / "dist" / "bundle" / "kiosk" / "kiosk"
DISPLAY = ":97"
# The "New customer" tile's centre on the 1280×800 start screen (docs/screenshots/01-start.png).
NEW_CUSTOMER = (335, 390)
# "I agree" on the privacy step that opens the New customer flow, at 1280×800.
I_AGREE = (1130, 694)
PRIVACY_STEP_WAIT = 0.5


def start_x() -> subprocess.Popen[bytes]:
    """A virtual X display of a kiosk's size."""
    xvfb = subprocess.Popen(["Xvfb", DISPLAY, "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
    time.sleep(1.0)
    return xvfb


def tap(where: tuple[int, int], env: dict[str, str]) -> None:
    """One click where a finger would tap."""
    x, y = where
    subprocess.run(["xdotool", "mousemove", str(x), str(y), "click", "1"], env=env, check=True)


def one_start(kiosk: str, cold: bool) -> tuple[float, float]:
    """Seconds from exec to the start screen, and from "I agree" to the first preview frame."""
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        sock_path = str(home / "notify.sock")
        env = {
            "PATH": "/usr/bin:/bin",
            "HOME": str(home),
            "LANG": "C.UTF-8",
            "DISPLAY": DISPLAY,
            "QT_QPA_PLATFORM": "xcb",
            "NOTIFY_SOCKET": sock_path,
            "XDG_DATA_HOME": str(home / "share"),
        }
        if cold:
            subprocess.run(["sync"], check=True)
            Path("/proc/sys/vm/drop_caches").write_text("3\n")
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
            sock.bind(sock_path)
            sock.settimeout(0.2)
            t0 = time.perf_counter()
            proc = subprocess.Popen(
                [kiosk, "demo"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
            )
            try:
                ready = preview = None
                while ready is None and time.perf_counter() - t0 < 120:
                    try:
                        if b"READY=1" in sock.recv(4096).split(b"\n"):
                            ready = time.perf_counter() - t0
                    except TimeoutError:
                        pass
                if ready is None:
                    raise RuntimeError(f"{kiosk}: no READY=1 in 120 s")
                tap(NEW_CUSTOMER, env)
                time.sleep(PRIVACY_STEP_WAIT)
                tap(I_AGREE, env)
                agreed = time.perf_counter()
                buffer = b""
                assert proc.stderr is not None
                while preview is None and time.perf_counter() - t0 < 120:
                    if select.select([proc.stderr], [], [], 0.2)[0]:
                        chunk = os.read(proc.stderr.fileno(), 65536)
                        if not chunk:
                            break
                        buffer += chunk
                        if b"preview_started" in buffer:
                            preview = time.perf_counter() - agreed
                if preview is None:
                    raise RuntimeError(f"{kiosk}: no preview_started after the tap")
                return ready, preview
            finally:
                proc.terminate()
                try:
                    proc.wait(15)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()


def main() -> None:
    """Alternate bundle and venv starts and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--venv-kiosk", required=True, help="the venv's kiosk executable")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cold", action="store_true", help="drop the page cache first (root)")
    args = parser.parse_args()
    xvfb = start_x()
    try:
        runs: dict[str, list[tuple[float, float]]] = {"bundle": [], "venv": []}
        for _ in range(args.rounds):
            runs["bundle"].append(one_start(str(BUNDLE), args.cold))
            runs["venv"].append(one_start(args.venv_kiosk, args.cold))
    finally:
        xvfb.terminate()
        xvfb.wait()
    print(f"# {datetime.now(UTC):%Y-%m-%d} {platform.machine()} {os.cpu_count()} cores")
    print(f"# {args.rounds} rounds, {'cold' if args.cold else 'warm'}")
    for index, what in enumerate(("start screen", "first preview frame")):
        bundle = statistics.median(r[index] for r in runs["bundle"])
        venv = statistics.median(r[index] for r in runs["venv"])
        print(f"{what:20} bundle {bundle:5.2f} s  venv {venv:5.2f} s  ratio {bundle / venv:4.2f}")


if __name__ == "__main__":
    main()
