"""A Debian root booted with systemd: ``systemd-nspawn -b``, commands run inside with ``nsenter``.

The container gets a network of its own (``--private-network``: only its loopback), no
registration with a host machined and no scope of its own (``--register=no --keep-unit``),
so it boots on a build machine whose PID 1 is not systemd. Commands enter every namespace of
the container's PID 1 (``nsenter -a``), so they see its systemd, its /run and its loopback.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from deb_root import BASE_ENV


def _leader(nspawn_pid: int, timeout: float = 60) -> int:
    """The host pid of the container's PID 1: a descendant of nspawn whose NSpid ends in 1."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            fields = dict(line.split(":\t", 1) for line in status.splitlines() if ":\t" in line)
            nspid = fields.get("NSpid", "").split()
            if len(nspid) > 1 and nspid[-1] == "1" and descends(int(entry.name), nspawn_pid):
                return int(entry.name)
        time.sleep(0.2)
    raise AssertionError(f"no PID 1 under systemd-nspawn {nspawn_pid} after {timeout} s")


def descends(pid: int, ancestor: int) -> bool:
    """True when host process ``pid`` is ``ancestor`` or one of its descendants."""
    while pid > 1:
        if pid == ancestor:
            return True
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            return False
        pid = int(stat.rsplit(")", 1)[1].split()[1])
    return False


class Booted:
    """A running container: files through the host path, commands through nsenter."""

    def __init__(self, path: Path, leader: int, console: Path) -> None:
        self.path = path
        self.leader = leader
        self.console = console

    def file(self, inside: str) -> Path:
        """The host path of a path inside the container."""
        return self.path / inside.lstrip("/")

    def command(self, args: Sequence[str], *, net_only: bool = False) -> list[str]:
        """The nsenter command line for ``args`` (``net_only``: a host program in its network)."""
        if net_only:
            return ["nsenter", "-t", str(self.leader), "-n", *args]
        return ["nsenter", "-t", str(self.leader), "-a", *args]

    def run(
        self, *args: str, env: dict[str, str] | None = None, timeout: float = 300
    ) -> subprocess.CompletedProcess[str]:
        """Run a command inside the container and capture its output."""
        return subprocess.run(
            self.command(args),
            env={**BASE_ENV, **(env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )

    def show(self, unit: str, prop: str) -> str:
        """One property of a unit (``systemctl show -P``)."""
        return self.run("systemctl", "show", "-P", prop, unit).stdout.strip()

    def journal(self, unit: str) -> str:
        """The unit's journal since boot, with priorities (``-o verbose`` is too long)."""
        return self.run("journalctl", "-b", "--no-pager", "-o", "cat", "-u", unit).stdout

    def wait(self, what: str, check: Callable[[], object], timeout: float = 120) -> object:
        """Poll ``check`` until it returns something true; fail naming ``what``."""
        deadline = time.monotonic() + timeout
        while True:
            value = check()
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"{what}: not within {timeout} s")
            time.sleep(0.5)


@contextmanager
def booted(path: Path, *extra: str) -> Iterator[Booted]:
    """Boot the root at ``path`` with systemd; power it off (or kill it) afterwards."""
    console = path.parent / f"{path.name}.console.log"
    with console.open("w") as out:
        command = ["systemd-nspawn", "-D", str(path), "-b", "--register=no", "--keep-unit"]
        command += ["--private-network", "--console=pipe", *extra]
        nspawn = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**BASE_ENV, "SYSTEMD_NSPAWN_LOCK": "0"},
            start_new_session=True,
        )
    try:
        leader = _leader(nspawn.pid)
        box = Booted(path, leader, console)
        # "running" or "degraded" once boot is over; either way the units have been started.
        # Until systemd listens on its private socket, systemctl answers nothing: ask again.
        state = ""
        deadline = time.monotonic() + 180
        while state not in ("running", "degraded") and time.monotonic() < deadline:
            time.sleep(0.5)
            state = box.run("systemctl", "is-system-running", "--wait", timeout=180).stdout
            state = state.strip()
        assert state in ("running", "degraded"), f"boot: {state}\n{console.read_text()[-3000:]}"
        yield box
    finally:
        if nspawn.poll() is None:
            # systemd-nspawn turns SIGTERM into a clean shutdown of the container.
            nspawn.send_signal(signal.SIGTERM)
            try:
                nspawn.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(nspawn.pid, signal.SIGKILL)
                nspawn.wait(timeout=30)
