"""The Debian package on a booted system: systemd runs the kiosk's units as on a real kiosk.

The package is installed with apt into a clean Debian 12 root (with ``grim`` for screenshots),
which then boots with systemd in ``systemd-nspawn`` (``booted``), with the container's
drop-ins of ``booted_kiosk``.

Then, as a kiosk lives: the fresh install fails visibly until configured; once filled in,
both services run, report to systemd and are restarted after a crash and a hang; the screen
shows the start screen; captures are delivered by the service (also with the documented
systemd credentials); removing the package with jobs waiting says so in both key modes.
The tests share one booted root and run in file order.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from booted import Booted
from booted_kiosk import (
    DELIVERY,
    PORT,
    SCREEN,
    active_with_new_pid,
    delivered,
    exposure,
    grim,
    host_pids,
    installed_and_booted,
    restarts,
    start_sandbox,
    stop_sandbox,
    submit_prospect,
)
from installed_kiosk import CONFIG, STATE, filled_config
from PIL import Image

pytestmark = [pytest.mark.packaging, pytest.mark.timeout(1800)]


@pytest.fixture(scope="module")
def kiosk(deb: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Booted]:
    """A clean bookworm root with the package installed by apt, booted with systemd."""
    with installed_and_booted(deb, tmp_path_factory.mktemp("booted") / "bookworm") as box:
        yield box


# -- a fresh install ----------------------------------------------------------------------


def test_a_fresh_install_fails_visibly_until_the_config_is_filled_in(kiosk: Booted) -> None:
    for unit in (DELIVERY, SCREEN):
        kiosk.wait(f"{unit} retried", lambda unit=unit: restarts(kiosk, unit) >= 1, timeout=90)
        journal = kiosk.journal(unit)
        assert "kiosk: error: device_tag: required" in journal, journal[-3000:]
        assert "Failed with result 'exit-code'" in journal, journal[-3000:]
        assert "exec-condition" not in journal
        # Logged as an error (a "<3>" prefix journald reads), not as info.
        errors = kiosk.run("journalctl", "-b", "-o", "cat", "-p", "err", "-u", unit).stdout
        assert "kiosk: error: device_tag: required" in errors, errors[-2000:]
    health = kiosk.run("kiosk", "health")
    assert health.returncode == 1, health.stdout + health.stderr
    assert f"delivery: {DELIVERY} is" in health.stdout
    assert f"screen: {SCREEN} is enabled but the app has not reported up" in health.stdout


def test_commands_that_send_nothing_work_on_the_fresh_install(kiosk: Booted) -> None:
    passport = "/srv/samples/passporteye_passport-td3.jpg"
    check = kiosk.run("kiosk", "check", "--kind", "passport", "--json", passport)
    assert check.returncode in (0, 1), check.stderr
    mrz = next(c for c in json.loads(check.stdout)["checks"] if c["name"] == "mrz")
    assert mrz["passed"], mrz
    for command in (("config", "show"), ("camera", "list", "--json")):
        result = kiosk.run("kiosk", *command)
        assert result.returncode == 0, (command, result.stderr)


def test_no_login_prompt_on_any_virtual_terminal(kiosk: Booted) -> None:
    login1 = ["org.freedesktop.login1", "/org/freedesktop/login1"]
    manager = [*login1, "org.freedesktop.login1.Manager"]
    for prop in ("NAutoVTs",):
        value = kiosk.run("busctl", "get-property", *manager, prop).stdout.strip()
        assert value == "u 0", (prop, value)
    for tty in ("tty1", "tty2", "tty6"):
        unit = kiosk.run("systemctl", "cat", f"getty@{tty}.service").stdout
        assert "ConditionPathExists=/etc/branch-kiosk/allow-console-login" in unit


# -- configured ---------------------------------------------------------------------------


def test_once_configured_the_delivery_service_reports_ready_and_pings(kiosk: Booted) -> None:
    kiosk.file(CONFIG).write_text(filled_config(PORT))
    start_sandbox(kiosk)
    result = kiosk.run("systemctl", "restart", DELIVERY, SCREEN)
    assert result.returncode == 0, result.stderr + kiosk.journal(DELIVERY)[-3000:]
    # Type=notify: "active" only after READY=1.
    assert kiosk.show(DELIVERY, "ActiveState") == "active"
    assert "since start" in kiosk.show(DELIVERY, "StatusText")
    first = kiosk.show(DELIVERY, "WatchdogTimestampMonotonic")
    kiosk.wait(
        "a watchdog ping",
        lambda: kiosk.show(DELIVERY, "WatchdogTimestampMonotonic") != first,
        timeout=30,
    )


def test_the_delivery_service_is_restarted_after_a_crash_and_after_a_hang(
    kiosk: Booted,
) -> None:
    before = restarts(kiosk, DELIVERY)
    pid = kiosk.show(DELIVERY, "MainPID")
    kill = ["systemctl", "kill", "--kill-who=main"]
    assert kiosk.run(*kill, "--signal=SIGKILL", DELIVERY).returncode == 0
    kiosk.wait("restarted after kill -9", lambda: active_with_new_pid(kiosk, DELIVERY, pid))
    assert restarts(kiosk, DELIVERY) == before + 1

    pid = kiosk.show(DELIVERY, "MainPID")
    assert kiosk.run(*kill, "--signal=SIGSTOP", DELIVERY).returncode == 0
    kiosk.wait("restarted after SIGSTOP", lambda: active_with_new_pid(kiosk, DELIVERY, pid))
    assert "Watchdog timeout" in kiosk.journal(DELIVERY)


def test_the_screen_shows_the_start_screen_and_pings(kiosk: Booted) -> None:
    def up() -> bool:
        # Active and ready, with cage and the app in the unit's own cgroup (not in a session
        # scope); read together, since a start-up restart on a loaded machine passes through
        # moments where one of them is not there yet.
        if kiosk.show(SCREEN, "StatusText") != "start screen shown":
            return False
        tasks = kiosk.run("systemd-cgls", "--no-pager", "-u", SCREEN).stdout
        return kiosk.show(SCREEN, "ActiveState") == "active" and (
            "/usr/bin/cage " in tasks and "kiosk run" in tasks
        )

    kiosk.wait("the screen up, cage and the app in its cgroup", up)
    # Hardened as far as cage allows: systemd's own exposure score, 0 (safe) to 10.
    assert exposure(kiosk, SCREEN) <= 3.0

    first = kiosk.show(SCREEN, "WatchdogTimestampMonotonic")
    kiosk.wait(
        "a screen watchdog ping",
        lambda: kiosk.show(SCREEN, "WatchdogTimestampMonotonic") != first,
        timeout=40,
    )


def test_a_screenshot_of_the_start_screen_is_not_blank(kiosk: Booted) -> None:
    # The container's cage renders every frame (booted_kiosk.turned_cage): a screenshot is
    # the app's picture, not a scanned-out buffer's stale copy.
    def painted() -> bool:
        colours = Image.open(grim(kiosk, "start.png")).convert("RGB").getcolors(1 << 20)
        return colours is not None and len(colours) > 50

    try:
        kiosk.wait("a screenshot of the start screen that is not blank", painted, timeout=90)
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n{kiosk.journal(SCREEN)[-4000:]}") from None
    # Upright and landscape, the output's own size: the picture the app painted.
    with Image.open(kiosk.file("/srv/shots/start.png")) as shot:
        assert shot.size == (1280, 720)


def test_a_hung_app_is_restarted_by_the_screen_watchdog(kiosk: Booted) -> None:
    cage = kiosk.show(SCREEN, "MainPID")
    (app,) = host_pids(kiosk, "/opt/branch-kiosk/kiosk run")
    os.kill(app, signal.SIGSTOP)
    kiosk.wait(
        "the screen restarted", lambda: active_with_new_pid(kiosk, SCREEN, cage), timeout=120
    )
    assert "Watchdog timeout" in kiosk.journal(SCREEN)
    assert kiosk.show(SCREEN, "StatusText") == "start screen shown"


def test_the_delivery_service_delivers_what_is_queued(kiosk: Booted) -> None:
    submitted = submit_prospect(kiosk)
    kiosk.wait("delivered by the service", lambda: delivered(kiosk, submitted), timeout=180)


# -- removal with jobs waiting ------------------------------------------------------------


def test_removing_with_jobs_waiting_says_so_and_reinstalling_delivers_them(
    kiosk: Booted, deb: Path
) -> None:
    stop_sandbox(kiosk)
    submitted = submit_prospect(kiosk)
    result = kiosk.run("apt-get", "remove", "-y", "branch-kiosk", timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    waiting = submitted["queuedJobs"]
    assert f"{waiting} queued job(s)" in result.stdout + result.stderr, result.stdout[-2000:]
    assert f"{waiting} job(s)" in kiosk.file(f"{STATE}/UNDELIVERED.txt").read_text()

    start_sandbox(kiosk)
    result = kiosk.run("apt-get", "install", "-y", f"/srv/{deb.name}", timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    kiosk.wait("delivered after reinstalling", lambda: delivered(kiosk, submitted), timeout=180)
    assert not kiosk.file(f"{STATE}/UNDELIVERED.txt").exists()
    for unit in (DELIVERY, SCREEN):
        kiosk.wait(f"{unit} active", lambda unit=unit: kiosk.show(unit, "ActiveState") == "active")


# -- the fleet's update channel -----------------------------------------------------------

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def signed_repo(deb_next: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """packaging/build-repo's signed repository with the next version, and a test key."""
    work = tmp_path_factory.mktemp("repo")
    gnupg = work / "gnupg"
    gnupg.mkdir(mode=0o700)
    env = {**os.environ, "GNUPGHOME": str(gnupg)}
    subprocess.run(
        ["gpg", "--batch", "--passphrase", "", "--quick-gen-key",
         "Branch Kiosk test archive <archive@example.com>", "ed25519", "sign", "never"],
        env=env, check=True, capture_output=True,
    )  # fmt: skip
    listing = subprocess.run(
        ["gpg", "--batch", "--list-secret-keys", "--with-colons"],
        env=env, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    key = next(line.split(":")[9] for line in listing.splitlines() if line.startswith("fpr"))
    result = subprocess.run(
        [str(REPO / "packaging" / "build-repo"), "--out", str(work / "repo"), "--key", key,
         str(deb_next)],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return work / "repo"


def test_an_apt_upgrade_from_the_signed_repository_keeps_config_and_queue(
    kiosk: Booted, signed_repo: Path, deb_next: Path
) -> None:
    shutil.copytree(signed_repo, kiosk.file("/srv/repo"))
    keyring = "/usr/share/keyrings/branch-kiosk-archive.gpg"
    shutil.copy2(signed_repo / "branch-kiosk-archive.gpg", kiosk.file(keyring))
    source = f"deb [signed-by={keyring}] file:/srv/repo stable main\n"
    kiosk.file("/etc/apt/sources.list.d/branch-kiosk.list").write_text(source)
    only_ours = [
        "-o", "Dir::Etc::sourcelist=/etc/apt/sources.list.d/branch-kiosk.list",
        "-o", "Dir::Etc::sourceparts=-", "-o", "APT::Get::List-Cleanup=0",
    ]  # fmt: skip
    update = kiosk.run("apt-get", "update", *only_ours)
    assert update.returncode == 0 and "NO_PUBKEY" not in update.stderr, update.stderr

    stop_sandbox(kiosk)
    config = filled_config(PORT) + "# edited on this kiosk\n"
    kiosk.file(CONFIG).write_text(config)
    waiting = [submit_prospect(kiosk), submit_prospect(kiosk)]
    pids = {unit: kiosk.show(unit, "MainPID") for unit in (DELIVERY, SCREEN)}
    result = kiosk.run("apt-get", "upgrade", "-y", timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    version = kiosk.run("dpkg-query", "-W", "-f", "${Version}", "branch-kiosk").stdout
    assert deb_next.name == f"branch-kiosk_{version}_amd64.deb"
    assert kiosk.file(CONFIG).read_text() == config
    for unit, pid in pids.items():
        kiosk.wait(f"{unit} restarted", lambda u=unit, p=pid: active_with_new_pid(kiosk, u, p))
    start_sandbox(kiosk)
    for submitted in waiting:
        kiosk.wait("delivered after the upgrade", lambda s=submitted: delivered(kiosk, s), 180)


# -- the documented systemd credentials (docs/deploying.md) -------------------------------

CREDS = "/etc/branch-kiosk/credentials"
SECRETS = {"amplifi.token": "deb-token", "sessionm.api_key": "deb-key", "app.admin_pin": "2468"}


def credential_lines(names: tuple[str, ...] = (*SECRETS, "outbox.device_key")) -> list[str]:
    return [f"LoadCredentialEncrypted={n}:{CREDS}/{n}.cred" for n in names]


def submit_with_credentials(box: Booted) -> dict:
    """Queue as the units do: as the kiosk account, with the units' credentials."""
    props = [f"--property={line}" for line in credential_lines()]
    result = box.run(
        "systemd-run", "--quiet", "--wait", "--pipe", "--collect",
        "--property=User=branch-kiosk", "--setenv=HOME=/var/lib/branch-kiosk",
        f"--setenv=KIOSK_CONFIG={CONFIG}", *props,
        "/opt/branch-kiosk/kiosk", "submit", "prospect", "--force", "centered,yaw",
        "--face", "/srv/samples/fr_biden.jpg",
        "--passport", "/srv/samples/passporteye_passport-td3.jpg",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_readme_credentials_setup_delivers(kiosk: Booted) -> None:
    # docs/deploying.md, "Secrets in systemd credentials" steps 1-5 (no TPM2: --with-key=host).
    assert kiosk.run("systemctl", "stop", SCREEN, DELIVERY).returncode == 0
    kiosk.run("install", "-d", "-m", "0700", CREDS)
    for name, value in SECRETS.items():
        encrypt = f"printf %s '{value}' | systemd-creds encrypt --name={name} --with-key=host"
        result = kiosk.run("sh", "-c", f"{encrypt} - {CREDS}/{name}.cred")
        assert result.returncode == 0, result.stderr
    key = f"{STATE}/keys/device.key"
    result = kiosk.run(
        "systemd-creds", "encrypt", "--name=outbox.device_key", "--with-key=host",
        key, f"{CREDS}/outbox.device_key.cred",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    # The delivery service gets every credential, the screen only the admin PIN it checks.
    drop_ins = {
        DELIVERY: credential_lines(),
        "branch-kiosk-session@.service": credential_lines(("app.admin_pin",)),
    }
    for unit, lines in drop_ins.items():
        folder = kiosk.file(f"/etc/systemd/system/{unit}.d")
        folder.mkdir(exist_ok=True)
        (folder / "credentials.conf").write_text("[Service]\n" + "\n".join(lines) + "\n")
    config = filled_config(PORT, key_store="credential")
    for name, value in SECRETS.items():
        config = config.replace(f'{name.split(".")[1]} = "{value}"\n', "")
    assert "deb-key" not in config and "2468" not in config
    kiosk.file(CONFIG).write_text(config)
    assert kiosk.run("shred", "-u", key).returncode == 0
    assert kiosk.run("systemctl", "daemon-reload").returncode == 0
    result = kiosk.run("systemctl", "start", DELIVERY, SCREEN)
    assert result.returncode == 0, result.stderr + kiosk.journal(DELIVERY)[-2000:]
    assert kiosk.show(SCREEN, "StatusText") == "start screen shown"

    submitted = submit_with_credentials(kiosk)
    kiosk.wait("delivered with credentials", lambda: delivered(kiosk, submitted), timeout=180)


def test_remove_and_purge_with_the_key_in_a_credential_say_what_waits(kiosk: Booted) -> None:
    stop_sandbox(kiosk)
    waiting = submit_with_credentials(kiosk)["queuedJobs"]
    # The worker finds the server gone and says so as a warning, which journalctl -p finds.
    kiosk.wait(
        "an unreachable API logged as a warning",
        lambda: (
            "event=api_unreachable"
            in kiosk.run("journalctl", "-b", "-o", "cat", "-p", "warning", "-u", DELIVERY).stdout
        ),
    )
    result = kiosk.run("apt-get", "remove", "-y", "branch-kiosk", timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert f"{waiting} queued job(s)" in result.stdout + result.stderr, result.stdout[-2000:]
    result = kiosk.run("apt-get", "purge", "-y", "branch-kiosk", timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert f"WARNING: {waiting} job(s)" in result.stdout + result.stderr, result.stdout[-2000:]
    assert kiosk.file(f"{STATE}/outbox.sqlite3").is_file()
