"""Start-up of the frozen bundle against the same program from a ``pip install``.

    python benchmarks/bundle_start.py --venv-kiosk /tmp/kiosk-venv/bin/kiosk
    python benchmarks/bundle_start.py --help

Each round starts, in turn, ``dist/bundle/kiosk/kiosk`` and the venv's ``kiosk`` with a
bare environment and times, from ``exec`` to:

- **version**: ``kiosk --version`` exiting (interpreter and bootloader start, no work);
- **worker**: ``kiosk queue worker`` sending ``READY=1`` to a real ``NOTIFY_SOCKET``
  (the delivery service's start: config, outbox opened, key loaded);
- **app**: ``kiosk demo --windowed`` (Qt offscreen) sending ``READY=1``, which the app
  sends once its start screen is shown.

By default these are warm starts (the files are in the page cache after the first round).
With ``--cold`` (root only) the page cache is dropped before every start, so each one
reads its libraries from disk, as the first start after a boot does. Medians and ranges
are printed, with the bundle/venv ratio.
"""

from __future__ import annotations

import argparse
import os
import platform
import signal
import socket
import statistics
import subprocess
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BUNDLE = REPO / "dist" / "bundle" / "kiosk" / "kiosk"


def bare_env(home: Path, notify: str | None) -> dict[str, str]:
    """PATH, HOME and a fresh data dir only, as a kiosk service would have."""
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "KIOSK_DATA_DIR": str(home / "data"),
        "KIOSK_DEVICE_TAG": "bench",
        "KIOSK_APP__ADMIN_PIN": "2468",
        "QT_QPA_PLATFORM": "offscreen",
    }
    if notify:
        env["NOTIFY_SOCKET"] = notify
    return env


def time_to_ready(command: list[str], home: Path, timeout: float = 120) -> float:
    """Seconds from start until the process sends READY=1; the process is then stopped."""
    path = str(home / "notify.sock")
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind(path)
        sock.settimeout(0.5)
        started = time.perf_counter()
        proc = subprocess.Popen(
            command,
            env=bare_env(home, path),
            cwd=home,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            while True:
                if time.perf_counter() - started > timeout or proc.poll() is not None:
                    raise RuntimeError(f"{command}: no READY=1 (exit {proc.poll()})")
                try:
                    lines = sock.recv(4096).decode().splitlines()
                except TimeoutError:
                    continue
                if "READY=1" in lines:
                    return time.perf_counter() - started
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            os.unlink(path)


def time_to_exit(command: list[str], home: Path) -> float:
    """Seconds from start until the process exits (status 0 required)."""
    started = time.perf_counter()
    subprocess.run(command, env=bare_env(home, None), cwd=home, check=True, capture_output=True)
    return time.perf_counter() - started


def drop_page_cache() -> None:
    """Write dirty pages out and drop the clean ones (Linux, root)."""
    os.sync()
    Path("/proc/sys/vm/drop_caches").write_text("1\n")


def measure(what: str, executable: str, rounds: int, cold: bool = False) -> list[float]:
    """``rounds`` timings of one case, each in a fresh home folder."""
    args = {"version": ["--version"], "worker": ["queue", "worker"], "app": ["demo", "--windowed"]}
    times = []
    for _ in range(rounds):
        with tempfile.TemporaryDirectory(prefix="kiosk-bench-") as tmp:
            command = [executable, *args[what]]
            if cold:
                drop_page_cache()
            if what == "version":
                times.append(time_to_exit(command, Path(tmp)))
            else:
                times.append(time_to_ready(command, Path(tmp)))
    return times


def main() -> int:
    """Interleave bundle and venv rounds and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--venv-kiosk", required=True, help="the kiosk script of a pip install")
    parser.add_argument("--bundle", default=str(BUNDLE), help="the frozen executable")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--cases", default="version,worker,app")
    parser.add_argument("--cold", action="store_true", help="drop the page cache before each")
    args = parser.parse_args()
    print(
        f"run of {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.machine()}, "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}, "
        f"{'cold (page cache dropped before each start)' if args.cold else 'warm'}"
    )
    print("| start until | bundle s (median, min-max) | venv s (median, min-max) | ratio |")
    print("| --- | --- | --- | --- |")
    for what in args.cases.split(","):
        bundle: list[float] = []
        venv: list[float] = []
        for _ in range(args.rounds):  # interleaved, so load changes hit both alike
            bundle += measure(what, args.bundle, 1, args.cold)
            venv += measure(what, args.venv_kiosk, 1, args.cold)
        b, v = statistics.median(bundle), statistics.median(venv)
        print(
            f"| {what} | {b:.2f} ({min(bundle):.2f}-{max(bundle):.2f}) "
            f"| {v:.2f} ({min(venv):.2f}-{max(venv):.2f}) | {b / v:.2f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
