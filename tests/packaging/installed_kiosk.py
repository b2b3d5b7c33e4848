"""What the package tests share: building the .deb, and the settings of an installed kiosk."""

from __future__ import annotations

import shutil
import socket
import subprocess
from pathlib import Path

from sample_data import SAMPLES

REPO = Path(__file__).resolve().parents[2]
CONFIG = "/etc/branch-kiosk/config.toml"
STATE = "/var/lib/branch-kiosk"
SAMPLE_FILES = ("mrz/passporteye_passport-td3.jpg", "faces/fr_biden.jpg")


def build_deb(bundle_dir: Path, out: Path, version: str | None = None) -> Path:
    """Run packaging/build-deb and return the .deb it printed."""
    command = [str(REPO / "packaging" / "build-deb"), "--bundle", str(bundle_dir)]
    command += ["--out", str(out), *(["--version", version] if version else [])]
    result = subprocess.run(command, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    deb = Path(result.stdout.strip().splitlines()[-1])
    assert deb.is_file()
    return deb


def copy_samples(root_path: Path) -> None:
    """The sample passport and face under ``/srv/samples`` of a root, readable by anyone."""
    samples = root_path / "srv" / "samples"
    samples.mkdir(parents=True, exist_ok=True)
    for sample in SAMPLE_FILES:
        target = samples / Path(sample).name
        shutil.copy2(SAMPLES / sample, target)
        target.chmod(0o644)


def filled_config(port: int, key_store: str = "file") -> str:
    """A complete production config whose APIs are the sandbox on ``port``."""
    url = f"http://127.0.0.1:{port}"
    return (
        f'environment = "production"\ndevice_tag = "deb-test-kiosk"\ndata_dir = "{STATE}"\n'
        f'[app]\nadmin_pin = "2468"\n'
        f'[amplifi]\nbase_url = "{url}"\ntoken = "deb-token"\n'
        f'[sessionm]\nbase_url = "{url}"\napi_key = "deb-key"\n'
        # Retries within seconds, not minutes, once the test's server is back.
        f'[outbox]\nkey_store = "{key_store}"\nbackoff_cap = 5.0\n[camera]\nsource = "demo"\n'
    )


def fill_in_template(template: str, port: int) -> str:
    """The shipped template with its REQUIRED settings uncommented and given values.

    The API secrets are not in the template (they go to secrets.env): none are filled in.
    """
    url = f"http://127.0.0.1:{port}"
    values = {
        "device_tag": '"deb-test-kiosk"',
        "admin_pin": '"2468"',
        "base_url": f'"{url}"',
    }
    lines = []
    for line in template.splitlines():
        key = line.removeprefix("# ").split(" = ", 1)[0]
        if line.startswith("# ") and " = " in line and key in values:
            line = f"{key} = {values[key]}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def free_port() -> int:
    """A TCP port nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
