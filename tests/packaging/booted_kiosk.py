"""The installed kiosk on a booted root, as the booted tests share it: units, sandbox, submits.

The container has no display, no virtual terminals and a short delivery watchdog for the
test's time; each of these is a drop-in the test adds under /etc, never a change to the
shipped units:

- the screen: ``ConditionPathExists=`` reset (no /dev/tty0), cage on wlroots' headless
  backend (``WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1``) and the
  shipped command with its output turned half round (``cage -r -r``, see ``turned_cage``);
- the delivery service: ``WatchdogSec=10`` instead of 300, so a hang is seen in seconds.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from booted import Booted, booted, descends
from deb_root import Root, chroot_mounts, unpacked_root
from installed_kiosk import copy_samples

DELIVERY = "branch-kiosk-delivery.service"
SCREEN = "branch-kiosk-session@tty1.service"
SCREEN_USER = "branch-kiosk-screen"
PORT = 8700  # the sandbox, on the container's own loopback
SCREEN_RUNTIME = "/run/branch-kiosk-screen/tty1"
SCREEN_UNIT_FILE = "/lib/systemd/system/branch-kiosk-session@.service"


def turned_cage(shipped_unit: str) -> str:
    """The shipped screen's ExecStart= with cage's output turned 180° (``-r -r``).

    cage 0.1.4 (bookworm) scans a client out directly when its buffer is the output's size
    and scale and has the output's transform (cage's output.c, scan_out_primary_view), and
    does not damage the whole output when the scan-out stops; the fix upstream is cage
    0.1.5 handing scan-out to wlroots' scene, which does (cage commit 5a1933f, wlroots
    commit a4ccca08). A DRM output refuses the app's shared-memory buffers, so a kiosk's
    cage renders every frame; wlroots' headless output accepts any buffer. There the
    fullscreen app is scanned out, and grim's screencopy, which forbids scan-out for its
    frame, gets one rendered from stale damage over an old buffer: black (measured: cage
    logs "Basic output test failed for HEADLESS-1" at each screenshot). An output turned
    half round never matches the app's transform, so cage renders every frame here too,
    at the same 1280×720 landscape size, and grim turns the picture back upright.
    """
    (command,) = (
        line.removeprefix("ExecStart=")
        for line in shipped_unit.splitlines()
        if line.startswith("ExecStart=")
    )
    assert command.startswith("/usr/bin/cage "), command
    return command.replace("/usr/bin/cage ", "/usr/bin/cage -r -r ", 1)


def container_drop_ins(shipped_screen_unit: str) -> dict[str, str]:
    """The test's drop-ins by unit, the screen's built on its shipped command line."""
    return {
        SCREEN: (
            "[Unit]\n# A container has no virtual terminals.\nConditionPathExists=\n"
            "[Service]\n# and no display: cage renders to memory,\n"
            "Environment=WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1\n"
            "# on an output that is never scanned out (booted_kiosk.turned_cage).\n"
            f"ExecStart=\nExecStart={turned_cage(shipped_screen_unit)}\n"
        ),
        DELIVERY: "[Service]\n# A hang is seen in seconds, not minutes.\nWatchdogSec=10\n",
    }


@contextmanager
def installed_and_booted(deb: Path, where: Path, *later: Path) -> Iterator[Booted]:
    """A clean bookworm root with ``deb`` installed by apt, booted with systemd.

    ``later``: packages copied to ``/srv`` for the test to install afterwards.
    """
    with unpacked_root(where) as path:
        with chroot_mounts(path) as root:
            result = root.apt_install(deb, "grim")
            assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
            fetched = [name for package in later for name in _fetch_dependencies(root, package)]
        # A kiosk fetches a release's new dependencies from its mirror; the booted container
        # has no network, so they wait in the root's own apt cache.
        for name in fetched:
            shutil.move(path / "tmp" / "later-debs" / name, path / "var/cache/apt/archives" / name)
        copy_samples(path)
        for package in (deb, *later):
            (path / "srv" / package.name).write_bytes(package.read_bytes())
        # The test's server runs from a copy, so that it outlives the package's removal.
        shutil.copytree(path / "opt" / "branch-kiosk", path / "srv" / "sandbox", symlinks=True)
        shipped = (path / SCREEN_UNIT_FILE.lstrip("/")).read_text()
        for unit, text in container_drop_ins(shipped).items():
            folder = path / "etc" / "systemd" / "system" / f"{unit}.d"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "container.conf").write_text(text)
        shots = path / "srv" / "shots"
        shots.mkdir()
        shots.chmod(0o777)
        with booted(path) as box:
            yield box


def _fetch_dependencies(root: Root, package: Path) -> list[str]:
    """Download what installing ``package`` over the installed release would fetch, into
    the root's /tmp/later-debs (its apt cache is the host's while mounted)."""
    shutil.copy2(package, root.file(f"/tmp/{package.name}"))
    staging = root.file("/tmp/later-debs")
    (staging / "partial").mkdir(parents=True, exist_ok=True)
    result = root.run(
        "apt-get", "install", "-y", "--download-only",
        "-o", "Dir::Cache::archives=/tmp/later-debs/", f"/tmp/{package.name}", timeout=900,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return sorted(path.name for path in staging.glob("*.deb"))


def restarts(box: Booted, unit: str) -> int:
    return int(box.show(unit, "NRestarts") or 0)


def active_with_new_pid(box: Booted, unit: str, old_pid: str) -> bool:
    pid = box.show(unit, "MainPID")
    return box.show(unit, "ActiveState") == "active" and pid not in ("0", old_pid)


def sandbox_get(box: Booted, path: str) -> dict | None:
    """A GET on the sandbox inside the container (this Python, in its network namespace)."""
    code = (
        "import json, sys, urllib.request\n"
        "try:\n"
        f"    print(urllib.request.urlopen('http://127.0.0.1:{PORT}{path}', timeout=5).read()"
        ".decode())\n"
        "except OSError:\n"
        "    sys.exit(1)\n"
    )
    command = box.command([sys.executable, "-c", code], net_only=True)
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    return json.loads(result.stdout) if result.returncode == 0 else None


def start_sandbox(box: Booted) -> None:
    """``kiosk sandbox`` from the package, as a transient unit inside the container."""
    result = box.run(
        "systemd-run", "--unit=kiosk-sandbox", "--collect", "--setenv=HOME=/root",
        "/srv/sandbox/kiosk", "sandbox", "--port", str(PORT), "--validation-delay", "0",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    box.wait("the sandbox answers", lambda: sandbox_get(box, "/_sandbox/state"), timeout=60)


def stop_sandbox(box: Booted) -> None:
    box.run("systemctl", "stop", "kiosk-sandbox.service")


SUBMIT_PROSPECT = (
    "submit", "prospect", "--force", "centered,yaw",
    "--face", "/srv/samples/fr_biden.jpg",
    "--passport", "/srv/samples/passporteye_passport-td3.jpg",
)  # fmt: skip


def submit_prospect(box: Booted) -> dict:
    """Queue a face and a passport with ``kiosk submit`` (run as root: it switches account)."""
    result = box.run("kiosk", *SUBMIT_PROSPECT)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def delivered(box: Booted, submitted: dict) -> bool:
    """True once the sandbox has every image and the request of a submission."""
    state = sandbox_get(box, "/_sandbox/state") or {"amplifi": {"images": [], "requests": []}}
    images = {image["AFiImageId"] for image in submitted["images"]}
    return images <= set(state["amplifi"]["images"]) and str(submitted["intTag"]) in set(
        state["amplifi"]["requests"]
    )


def exposure(box: Booted, unit: str) -> float:
    """systemd's own exposure score of a unit (``systemd-analyze security``): 0 safe to 10."""
    security = box.run("systemd-analyze", "security", "--no-pager", unit).stdout
    score = float(security.rsplit("Overall exposure level for", 1)[1].split(":")[1].split()[0])
    print(f"systemd-analyze security {unit}: {score}")
    return score


def grim(box: Booted, name: str) -> Path:
    """A screenshot of cage's output, taken as the screen's account through its socket."""
    result = box.run(
        "setpriv", f"--reuid={SCREEN_USER}", f"--regid={SCREEN_USER}", "--init-groups",
        "env", f"XDG_RUNTIME_DIR={SCREEN_RUNTIME}", "WAYLAND_DISPLAY=wayland-0",
        "grim", f"/srv/shots/{name}",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return box.file(f"/srv/shots/{name}")


def host_pids(box: Booted, prefix: str) -> list[int]:
    """Host pids of the container's processes whose command line starts with ``prefix``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if args.startswith(prefix) and descends(int(entry.name), box.leader):
            found.append(int(entry.name))
    return found
