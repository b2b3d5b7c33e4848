"""Two accounts on the booted kiosk: the screen reads no API secret and no key, yet queues.

The previous release (one account, ``branch-kiosk``, for the screen and delivery, a private
0700 outbox) is built from its commit, installed with apt into a clean Debian 12 root that
boots with systemd (``booted_kiosk``), configured, and left with a capture waiting; then this
release is installed over it, as an upgrade. Then, as a kiosk lives: the screen runs as
``branch-kiosk-screen``; the outbox is shared through the group (2770, files 0660), the key
stays delivery's; with the API secrets moved to ``secrets.env`` the screen cannot read them
nor the key, and what it queues, sealed, the delivery service delivers. The tests share one
booted root and run in file order.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from booted import Booted
from booted_kiosk import (
    DELIVERY,
    PORT,
    SCREEN,
    SCREEN_USER,
    SUBMIT_PROSPECT,
    active_with_new_pid,
    delivered,
    exposure,
    host_pids,
    installed_and_booted,
    start_sandbox,
    stop_sandbox,
    submit_prospect,
)
from installed_kiosk import CONFIG, REPO, STATE, filled_config

from kiosk import __version__

pytestmark = [pytest.mark.packaging, pytest.mark.timeout(1800)]

# The last release whose screen and delivery shared one account and a private outbox.
PREVIOUS = "33ecae659a1c079242bc95752048d68fe61de6ec"
SECRETS = "/etc/branch-kiosk/secrets.env"
SEAL_PUB = "/run/branch-kiosk/seal.pub"
API_SECRETS = {"KIOSK_AMPLIFI__TOKEN": "deb-token", "KIOSK_SESSIONM__API_KEY": "deb-key"}


@pytest.fixture(scope="module")
def deb_previous(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The previous release's package, built from its commit (its bundle cached in build/)."""
    tree = REPO / "build" / "previous" / PREVIOUS[:12]
    if not (tree / "dist" / "bundle" / "kiosk" / "kiosk").is_file():
        tree.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(
            ["git", "-C", str(REPO), "archive", PREVIOUS], capture_output=True, check=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
        env = {**os.environ, "PYTHONPATH": str(tree)}
        build = [sys.executable, str(tree / "packaging" / "pyinstaller" / "build")]
        result = subprocess.run(build, cwd=tree, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr[-3000:]
    out = tmp_path_factory.mktemp("deb-previous")
    command = [str(tree / "packaging" / "build-deb"), "--bundle", str(tree / "dist/bundle/kiosk")]
    command += ["--out", str(out), "--version", f"{__version__}~previous"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    return Path(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def kiosk(
    deb_previous: Path, deb: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Booted]:
    """The previous release installed and booted; this release waits in /srv."""
    where = tmp_path_factory.mktemp("separation") / "bookworm"
    with installed_and_booted(deb_previous, where, deb) as box:
        yield box


def modes(box: Booted, *paths: str) -> list[str]:
    return box.run("stat", "-c", "%a %U:%G", *paths).stdout.splitlines()


def as_screen(box: Booted, *args: str) -> subprocess.CompletedProcess[str]:
    """A command as the screen's account, with what the screen unit sets."""
    env = ["env", f"KIOSK_OUTBOX__SEAL_TO={SEAL_PUB}", "KIOSK_APP__DELIVERY=service"]
    return box.run("runuser", "-u", SCREEN_USER, "--", *env, *args)


def unit_users(box: Booted, unit: str) -> set[str]:
    """The accounts a unit's main process and its children (the screen: cage, the app) run as."""
    pid = box.show(unit, "MainPID")
    assert pid != "0", unit
    # The minimal root has no ps: a process's /proc directory belongs to its user.
    children = box.run("cat", f"/proc/{pid}/task/{pid}/children").stdout.split()
    users = box.run("stat", "-c", "%U", *(f"/proc/{p}" for p in (pid, *children)))
    return set(users.stdout.split())


waiting: list[dict] = []


def test_the_previous_release_runs_with_one_account(kiosk: Booted) -> None:
    kiosk.file(CONFIG).write_text(filled_config(PORT))
    result = kiosk.run("systemctl", "restart", DELIVERY, SCREEN)
    assert result.returncode == 0, result.stderr + kiosk.journal(SCREEN)[-2000:]
    assert kiosk.run("id", SCREEN_USER).returncode != 0
    assert unit_users(kiosk, SCREEN) == {"branch-kiosk"}
    assert modes(kiosk, STATE) == ["700 branch-kiosk:branch-kiosk"]
    waiting.append(submit_prospect(kiosk))  # no server yet: it waits through the upgrade


def test_the_upgrade_adds_the_screen_account_and_shares_the_outbox(
    kiosk: Booted, deb: Path
) -> None:
    pids = {unit: kiosk.show(unit, "MainPID") for unit in (DELIVERY, SCREEN)}
    # The template changed and this config was edited: keep it, as docs/deploying.md says.
    keep = ["-o", "Dpkg::Options::=--force-confold"]
    result = kiosk.run("apt-get", "install", "-y", *keep, f"/srv/{deb.name}", timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert kiosk.run("dpkg-query", "-W", "-f", "${Version}", "branch-kiosk").stdout == __version__
    groups = set(kiosk.run("id", "-nG", SCREEN_USER).stdout.split())
    assert {"video", "branch-kiosk"} <= groups, groups
    assert SCREEN_USER not in kiosk.run("id", "-nG", "branch-kiosk").stdout.split()
    for unit, pid in pids.items():
        kiosk.wait(f"{unit} restarted", lambda u=unit, p=pid: active_with_new_pid(kiosk, u, p))
    assert unit_users(kiosk, SCREEN) == {SCREEN_USER}
    assert unit_users(kiosk, DELIVERY) == {"branch-kiosk"}
    # The queue is the group's, the key is still delivery's alone.
    assert modes(kiosk, STATE, f"{STATE}/keys", f"{STATE}/keys/device.key", SEAL_PUB) == [
        "2770 branch-kiosk:branch-kiosk",
        "700 branch-kiosk:branch-kiosk",
        "600 branch-kiosk:branch-kiosk",
        "644 branch-kiosk:branch-kiosk",
    ]
    listing = kiosk.run(
        "find", STATE, "-mindepth", "1", "-path", f"{STATE}/keys", "-prune", "-o",
        "-printf", "%m %g %p\n",
    ).stdout.splitlines()  # fmt: skip
    assert any("outbox.sqlite3" in line for line in listing), listing
    for line in listing:
        mode, group, _path = line.split(" ", 2)
        assert group == "branch-kiosk" and mode in ("660", "2770"), line
    start_sandbox(kiosk)
    for submitted in waiting:
        kiosk.wait("delivered after the upgrade", lambda s=submitted: delivered(kiosk, s), 180)


def test_with_the_secrets_moved_out_the_screen_reads_no_secret_and_no_key(
    kiosk: Booted,
) -> None:
    # docs/deploying.md: the API secrets to secrets.env, out of the config.
    config = filled_config(PORT)
    for line in ('token = "deb-token"\n', 'api_key = "deb-key"\n'):
        assert line in config
        config = config.replace(line, "")
    kiosk.file(CONFIG).write_text(config)
    secrets = kiosk.file(SECRETS)
    secrets.write_text(secrets.read_text() + "".join(f"{k}={v}\n" for k, v in API_SECRETS.items()))
    assert modes(kiosk, SECRETS, CONFIG) == ["600 root:root", "640 root:branch-kiosk"]
    result = kiosk.run("systemctl", "restart", DELIVERY, SCREEN)
    assert result.returncode == 0, result.stderr + kiosk.journal(SCREEN)[-2000:]
    assert kiosk.show(SCREEN, "StatusText") == "start screen shown"
    assert kiosk.show(DELIVERY, "ActiveState") == "active"

    for path in (SECRETS, f"{STATE}/keys/device.key", f"{STATE}/keys"):
        refused = kiosk.run("runuser", "-u", SCREEN_USER, "--", "cat", path)
        assert refused.returncode != 0 and "Permission denied" in refused.stderr, refused
    # Nor in the environment of the screen's processes (cage and the app).
    (app,) = host_pids(kiosk, "/opt/branch-kiosk/kiosk run")
    for pid in (app, *host_pids(kiosk, "/usr/bin/cage")):
        environ = Path(f"/proc/{pid}/environ").read_bytes()
        assert b"KIOSK_OUTBOX__SEAL_TO" in environ or b"WLR_BACKENDS" in environ
        assert not any(value.encode() in environ for value in API_SECRETS.values())
    # The screen's account may still check the admin PIN and read the config.
    check = as_screen(kiosk, "kiosk", "config", "check")
    assert check.returncode == 0, check.stderr
    assert exposure(kiosk, SCREEN) <= 3.0


def test_a_capture_queued_as_the_screen_account_is_delivered(kiosk: Booted) -> None:
    result = as_screen(kiosk, "kiosk", *SUBMIT_PROSPECT)
    assert result.returncode == 0, result.stderr
    submitted = json.loads(result.stdout)
    # What the screen's account wrote, the delivery account can take over: the group's.
    theirs = kiosk.run("find", STATE, "-user", SCREEN_USER, "!", "-group", "branch-kiosk").stdout
    assert theirs == ""
    kiosk.wait("delivered by the service", lambda: delivered(kiosk, submitted), timeout=180)
    # It cannot read back what it queued, nor deliver.
    drain = as_screen(kiosk, "kiosk", "queue", "drain", "--timeout", "5")
    assert drain.returncode == 2 and "only seals captures" in drain.stderr, drain.stderr
    assert kiosk.show(SCREEN, "ActiveState") == "active"
    assert kiosk.show(SCREEN, "StatusText") == "start screen shown"
    stop_sandbox(kiosk)
