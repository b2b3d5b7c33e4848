"""A clean Debian 12 root for installing the package: debootstrap, cached, mounted, chrooted.

The root is made once per machine with ``debootstrap --variant=minbase bookworm`` from the
host's Debian mirror and kept as a tar file in ``$KIOSK_DEB_CACHE`` (default
``/var/cache/branch-kiosk-ci``); each test session unpacks a fresh copy. Downloaded
``.deb`` files are kept in the same cache between runs (apt's own archive cache, bind
mounted), so a second run resolves the dependencies from Debian again without downloading
them again. Needs root, ``debootstrap``, ``mount`` and ``chroot``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

SUITE = "bookworm"
CACHE = Path(os.environ.get("KIOSK_DEB_CACHE", "/var/cache/branch-kiosk-ci"))
DEFAULT_MIRROR = "http://deb.debian.org/debian"
BASE_ENV = {
    "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "HOME": "/root",
    "LANG": "C.UTF-8",
    "DEBIAN_FRONTEND": "noninteractive",
}


def host_mirror() -> str:
    """The Debian mirror the host's apt uses (sources.list or deb822), else deb.debian.org."""
    sources = [Path("/etc/apt/sources.list"), *sorted(Path("/etc/apt/sources.list.d").glob("*"))]
    for path in sources:
        try:
            text = path.read_text()
        except OSError:
            continue
        for url in re.findall(r"^(?:deb\s+(?:\[[^]]*\]\s+)?|URIs:\s*)(\S+)", text, re.M):
            if url.rstrip("/").endswith("/debian"):
                return url.rstrip("/")
    return DEFAULT_MIRROR


def root_tarball() -> Path:
    """The cached minbase root, made with debootstrap when this machine has none yet."""
    tarball = CACHE / f"{SUITE}-root.tar"
    if tarball.is_file():
        return tarball
    work = CACHE / f"{SUITE}-bootstrap"
    shutil.rmtree(work, ignore_errors=True)
    CACHE.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        ["debootstrap", "--variant=minbase", SUITE, str(work), host_mirror()],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, f"debootstrap failed:\n{result.stdout[-3000:]}"
    partial = tarball.with_suffix(".partial")
    subprocess.run(["tar", "-C", str(work), "-cf", str(partial), "."], check=True)
    partial.rename(tarball)
    shutil.rmtree(work)
    return tarball


class Root:
    """A mounted Debian root; commands run in it with ``chroot``."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def file(self, inside: str) -> Path:
        """The host path of a path inside the root."""
        return self.path / inside.lstrip("/")

    def command(self, args: Sequence[str], env: dict[str, str] | None) -> tuple[list, dict]:
        """The chroot command line and environment for ``args``."""
        return ["chroot", str(self.path), *args], {**BASE_ENV, **(env or {})}

    def run(
        self, *args: str, env: dict[str, str] | None = None, timeout: float = 300
    ) -> subprocess.CompletedProcess[str]:
        """Run a command inside the root and capture its output."""
        command, full_env = self.command(args, env)
        return subprocess.run(
            command,
            env=full_env,
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )

    def popen(self, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
        """Start a command inside the root (chroot execs it: the pid is the command's)."""
        command, full_env = self.command(args, env)
        return subprocess.Popen(
            command,
            env=full_env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def apt_install(self, deb: Path, *packages: str) -> subprocess.CompletedProcess[str]:
        """``apt-get install -y ./package.deb [packages]`` inside the root, from Debian."""
        shutil.copy2(deb, self.file(f"/tmp/{deb.name}"))
        return self.run("apt-get", "install", "-y", f"/tmp/{deb.name}", *packages, timeout=900)


def _mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True)


@contextmanager
def unpacked_root(where: Path) -> Iterator[Path]:
    """A fresh copy of the cached root under ``where`` (deleted afterwards, once unmounted)."""
    where.mkdir(parents=True, exist_ok=True)
    subprocess.run(["tar", "-C", str(where), "-xf", str(root_tarball())], check=True)
    shutil.copy2("/etc/resolv.conf", where / "etc" / "resolv.conf", follow_symlinks=True)
    try:
        yield where
    finally:
        # Only a root with nothing mounted in it may be deleted.
        if not any(Path(line.split()[1]).is_relative_to(where) for line in _mount_lines()):
            shutil.rmtree(where, ignore_errors=True)


@contextmanager
def chroot_mounts(where: Path) -> Iterator[Root]:
    """``where`` with proc, sys, dev and apt's archive cache mounted for chroot (then unmounted)."""
    archives = CACHE / "apt-archives"
    (archives / "partial").mkdir(parents=True, exist_ok=True)
    mounts = [
        (["-t", "proc", "proc"], "proc"),
        (["-t", "sysfs", "sysfs"], "sys"),
        (["--bind", "/dev"], "dev"),
        (["--bind", "/dev/pts"], "dev/pts"),
        (["--bind", str(archives)], "var/cache/apt/archives"),
    ]
    done: list[Path] = []
    try:
        for args, inside in mounts:
            target = where / inside
            target.mkdir(parents=True, exist_ok=True)
            _mount(*args, str(target))
            done.append(target)
        yield Root(where)
    finally:
        for target in reversed(done):
            if subprocess.run(["umount", str(target)], capture_output=True).returncode != 0:
                subprocess.run(["umount", "-l", str(target)], capture_output=True)


@contextmanager
def mounted_root(where: Path) -> Iterator[Root]:
    """A fresh copy of the cached root under ``where`` with proc, sys, dev mounted."""
    with unpacked_root(where) as path, chroot_mounts(path) as root:
        yield root


def _mount_lines() -> list[str]:
    return [line for line in Path("/proc/self/mounts").read_text().splitlines() if line]
