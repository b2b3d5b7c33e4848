"""The PyInstaller bundle works on its own: no Python, no checkout, no network.

Every command runs the frozen ``dist/bundle/kiosk/kiosk`` from a folder outside the source
tree with a bare environment (``bundle_env``); the checks that must not reach the network
(OCR, face detection) also run in a network namespace of their own when ``unshare -n`` works.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sample_data import MODELS, SAMPLES

from kiosk import __version__

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "packaging" / "pyinstaller"))
import slim  # the build's own module, beside its script

pytestmark = [pytest.mark.packaging, pytest.mark.timeout(1800)]

REPO = Path(__file__).resolve().parents[2]
PASSPORT = "mrz/passporteye_passport-td3.jpg"
FACE = SAMPLES / "faces" / "fr_biden.jpg"


def _can_unshare_network() -> bool:
    unshare = shutil.which("unshare")
    if unshare is None:
        return False
    return subprocess.run([unshare, "-n", "true"], capture_output=True).returncode == 0


OFFLINE = ["unshare", "-n"] if _can_unshare_network() else []


def run(
    bundle_dir: Path,
    env: dict[str, str],
    *args: str,
    offline: bool = False,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """Run the frozen executable from a folder outside the checkout."""
    command = [*(OFFLINE if offline else []), str(bundle_dir / "kiosk"), *args]
    return subprocess.run(
        command, env=env, cwd=env["HOME"], capture_output=True, text=True, timeout=timeout
    )


def named(report: dict, name: str) -> dict:
    return next(c for c in report["checks"] if c["name"] == name)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen[str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"server exited: {proc.communicate()[1][-2000:]}"
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"nothing listens on port {port} after {timeout} s")


def stop(proc: subprocess.Popen[str], sig: int = signal.SIGTERM) -> tuple[int, str, str]:
    """Signal a process and collect its exit status and output."""
    if proc.poll() is None:
        proc.send_signal(sig)
    out, err = proc.communicate(timeout=60)
    return proc.returncode, out, err


@pytest.fixture
def notify_socket(tmp_path: Path) -> Iterator[tuple[socket.socket, str]]:
    """A real AF_UNIX datagram socket, as systemd listens on for ``NOTIFY_SOCKET``.

    Like systemd, it asks the kernel for each sender's credentials (``SO_PASSCRED``), so a
    message can be attributed to the process that sent it.
    """
    path = str(tmp_path / "notify.sock")
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
        sock.bind(path)
        sock.settimeout(1.0)
        yield sock, path


def receive_until(sock: socket.socket, wanted: str, pid: int, timeout: float = 90) -> list[str]:
    """Every notify line process ``pid`` sent until one equals ``wanted``."""
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    ucred = struct.Struct("iII")  # pid, uid, gid
    while wanted not in lines:
        assert time.monotonic() < deadline, f"no {wanted} from {pid} within {timeout} s: {lines}"
        try:
            data, ancillary, _, _ = sock.recvmsg(4096, socket.CMSG_SPACE(ucred.size))
        except TimeoutError:
            continue
        senders = [
            ucred.unpack(payload[: ucred.size])[0]
            for level, kind, payload in ancillary
            if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS
        ]
        if senders == [pid]:
            lines += data.decode().splitlines()
    return lines


def children_of(pid: int) -> dict[int, list[str]]:
    """The command lines of a process's children, by pid (from /proc)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found[int(entry.name)] = cmdline.decode(errors="replace").rstrip("\0").split("\0")
    return found


# -- what the bundle carries -------------------------------------------------------------


def test_the_bundle_carries_qt_plugins_resources_model_and_ocr(bundle_dir: Path) -> None:
    internal = bundle_dir / "_internal"
    platforms = internal / "PySide6" / "Qt" / "plugins" / "platforms"
    for plugin in ("libqxcb.so", "libqwayland.so", "libqoffscreen.so"):
        assert (platforms / plugin).is_file(), plugin
    assert (internal / "PySide6" / "Qt" / "plugins" / "wayland-shell-integration").is_dir()
    assert (internal / "PySide6" / "Qt" / "plugins" / "iconengines" / "libqsvgicon.so").is_file()
    resources = internal / "resources"
    assert (resources / "style" / "kiosk.qss").is_file()
    assert (resources / "icons" / "app.svg").is_file()
    assert (resources / "i18n" / "kiosk_es.qm").is_file()
    model = resources / "models" / "yunet_s_dynamic.onnx"
    shipped = hashlib.sha256(model.read_bytes()).hexdigest()
    assert shipped == hashlib.sha256((MODELS / model.name).read_bytes()).hexdigest()
    assert (internal / "rapidocr" / "config.yaml").is_file()
    assert list((internal / "rapidocr" / "models").glob("*.onnx"))
    entry_points = list(internal.glob("branch_kiosk*/entry_points.txt"))
    assert entry_points and "ui.app:run" in entry_points[0].read_text()
    # What a kiosk never needs stays out.
    for unwanted in ("tkinter", "_pytest", "pytest", "hypothesis", "skimage", "scipy", "boto3"):
        assert not (internal / unwanted).exists(), unwanted


def test_opencv_links_stubs_for_ffmpeg_and_the_system_lapack(bundle_dir: Path) -> None:
    internal = bundle_dir / "_internal"
    (module,) = internal.glob("cv2/cv2*.so")
    needed = slim.needed(module)
    assert "liblapack.so.3" in needed and "libblas.so.3" in needed
    assert not [name for name in needed if name.startswith("libopenblas")]
    (opencv_libs,) = internal.glob("opencv*.libs")
    left = {path.name.split("-")[0]: path for path in opencv_libs.iterdir()}
    # FFmpeg's and libavif's stand-ins are a few kB; the libraries only they loaded are gone.
    for stub in slim.STUBBED:
        assert left[stub].stat().st_size < 100_000, stub
    gone = ("libopenblasp", "libgfortran", "libquadmath", "libswresample", "libvpx", "libdav1d")
    assert not set(gone) & left.keys()
    assert "libaom" not in left  # the AV1 codec only libavif loaded
    dangling = [p.name for p in internal.iterdir() if p.is_symlink() and not p.exists()]
    assert dangling == []


def test_icu_data_holds_english_spanish_and_what_is_common_only(bundle_dir: Path) -> None:
    items = set(slim.icu_items(slim.icu_data_library(bundle_dir / "_internal")))
    for kept in ("root.res", "en.res", "es.res", "es_MX.res", "coll/es.res", "curr/en_GB.res"):
        assert kept in items, kept
    for kept in ("res_index.res", "coll/ucadata.icu", "nfkc.nrm", "supplementalData.res"):
        assert kept in items, kept
    for dropped in ("de.res", "zh_Hant_TW.res", "coll/fr.res", "brkitr/cjdict.dict"):
        assert dropped not in items, dropped
    assert not [item for item in items if item.endswith(".cnv")]


_ICU_DISPLAY_NAME = """
import ctypes, sys
icu = ctypes.CDLL(sys.argv[1])
version = sys.argv[1].rsplit(".", 1)[1]
name = getattr(icu, f"uloc_getDisplayName_{version}")
for locale, language in (("en", "es"), ("es", "es"), ("en", "de")):
    text, status = (ctypes.c_uint16 * 64)(), ctypes.c_int(0)
    length = name(locale.encode(), language.encode(), text, 64, ctypes.byref(status))
    print(bytes(text)[: 2 * length].decode("utf-16-le"), status.value)
"""


def test_icu_names_languages_in_spanish_and_falls_back_for_others(bundle_dir: Path) -> None:
    (common,) = (bundle_dir / "_internal" / "PySide6" / "Qt" / "lib").glob("libicuuc.so.*")
    # A child process: this one already has the development Qt's ICU loaded.
    result = subprocess.run(
        [sys.executable, "-c", _ICU_DISPLAY_NAME, str(common)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    # 0 is U_ZERO_ERROR; -127 is U_USING_DEFAULT_WARNING (German data left out: root's names).
    assert result.stdout.splitlines() == ["inglés 0", "español 0", "English -127"]


def test_icu_filter_keeps_the_kiosk_languages_and_every_shared_item() -> None:
    items = ["root.res", "en_001.res", "es_419.res", "pool.res", "res_index.res", "de.res",
             "coll/de_.res", "coll/es.res", "zone/tzdbNames.res", "unit/sr_Latn.res",
             "ibm-1047_P100-1995.cnv", "brkitr/thaidict.dict", "translit/root.res",
             "metaZones.res", "zh_Hant_TW.res"]  # fmt: skip
    assert slim.icu_items_to_drop(items) == [
        "de.res", "coll/de_.res", "unit/sr_Latn.res", "ibm-1047_P100-1995.cnv",
        "brkitr/thaidict.dict", "translit/root.res", "zh_Hant_TW.res",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"not a model", "is not the published yunet_s_dynamic.onnx"), (None, "face model not found")],
)
def test_the_build_refuses_a_wrong_or_missing_model(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    model = tmp_path / "yunet_s_dynamic.onnx"
    if content is not None:
        model.write_bytes(content)
    build = REPO / "packaging" / "pyinstaller" / "build"
    result = subprocess.run(
        [sys.executable, str(build), "--model", str(model)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()  # one line, before anything is built
    assert message in line and line.startswith("build: ")


# -- the command line, frozen ---------------------------------------------------------------


def test_version(bundle_dir: Path, bundle_env: dict[str, str]) -> None:
    result = run(bundle_dir, bundle_env, "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"kiosk {__version__}"


def test_config_check_passes_when_filled_in_and_names_a_wrong_setting(
    bundle_dir: Path, bundle_env: dict[str, str]
) -> None:
    filled = {**bundle_env, "KIOSK_APP__ADMIN_PIN": "2468"}
    result = run(bundle_dir, filled, "config", "check")
    assert result.returncode == 0, result.stderr
    assert "config OK" in result.stdout
    bad = {**filled, "KIOSK_HTTP__CONNECT_TIMEOUT": "-1"}
    result = run(bundle_dir, bad, "config", "check")
    assert result.returncode == 2
    assert "connect_timeout" in result.stderr and "Traceback" not in result.stderr


def test_passport_mrz_is_read_offline_with_valid_check_digits(
    bundle_dir: Path, bundle_env: dict[str, str]
) -> None:
    labels = json.loads((SAMPLES / "labels.json").read_text())
    result = run(
        bundle_dir,
        bundle_env,
        "check",
        "--kind",
        "passport",
        "--json",
        "--reveal",
        str(SAMPLES / PASSPORT),
        offline=True,
    )
    assert result.returncode in (0, 1), result.stderr  # 1: other checks fail on the flat scan
    mrz = named(json.loads(result.stdout), "mrz")
    assert mrz["passed"] is True
    assert mrz["value"] == labels[PASSPORT]["mrz"]
    assert all(mrz["detail"]["checks"].values())


def test_face_is_found_with_the_bundled_model(bundle_dir: Path, bundle_env: dict[str, str]) -> None:
    result = run(
        bundle_dir, bundle_env, "check", "--kind", "face", "--json", str(FACE), offline=True
    )
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    assert "face_model" not in {c["name"] for c in report["checks"]}  # model available
    count = named(report, "face_count")
    assert count["value"] == 1 and count["passed"] is True
    assert named(report, "eye_distance")["value"] > 0


def _video(path: Path, fourcc: str) -> Path:
    import cv2  # the development OpenCV, with its FFmpeg, writes the test videos
    import numpy as np

    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*fourcc), 10, (320, 240))
    assert writer.isOpened(), fourcc
    for shade in range(0, 200, 10):
        writer.write(np.full((240, 320, 3), shade, np.uint8))
    writer.release()
    return path


def test_a_motion_jpeg_video_plays_and_another_video_is_refused_by_name(
    bundle_dir: Path, bundle_env: dict[str, str], tmp_path: Path
) -> None:
    avi = _video(tmp_path / "desk.avi", "MJPG")
    result = run(bundle_dir, bundle_env, "camera", "test", "--source", str(avi), "--json")
    assert result.returncode in (0, 1), result.stderr  # 1: a grey video fails focus and fps
    report = json.loads(result.stdout)
    assert (report["width"], report["height"]) == (320, 240) and report["frames"] > 0
    mp4 = _video(tmp_path / "desk.mp4", "mp4v")
    result = run(bundle_dir, bundle_env, "camera", "test", "--source", str(mp4), "--json")
    assert result.returncode == 1, result.stderr  # a failed test, not a stub's abort (-6)
    assert "not a Motion-JPEG .avi, the one video format this kiosk plays" in result.stderr
    assert "not in this bundle" not in result.stderr


def test_an_avif_image_is_refused_as_an_unknown_format(
    bundle_dir: Path, bundle_env: dict[str, str], tmp_path: Path
) -> None:
    import cv2
    import numpy as np

    ok, data = cv2.imencode(".avif", np.full((64, 64, 3), 128, np.uint8))
    assert ok
    image = tmp_path / "portrait.jpg"  # named as a JPEG, as a customer's phone might
    image.write_bytes(data.tobytes())
    result = run(bundle_dir, bundle_env, "check", "--kind", "face", str(image))
    assert result.returncode == 2
    assert "not in a known image format" in result.stderr
    assert "not in this bundle" not in result.stderr


def test_submit_and_drain_against_the_bundled_sandbox(
    bundle_dir: Path, bundle_env: dict[str, str]
) -> None:
    port = free_port()
    sandbox = subprocess.Popen(
        [str(bundle_dir / "kiosk"), "sandbox", "--port", str(port), "--validation-delay", "0"],
        env=bundle_env,
        cwd=bundle_env["HOME"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for_port(port, sandbox)
        url = f"http://127.0.0.1:{port}"
        env = {
            **bundle_env,
            "KIOSK_AMPLIFI__BASE_URL": url,
            "KIOSK_AMPLIFI__TOKEN": "bundle-token",
            "KIOSK_SESSIONM__BASE_URL": url,
            "KIOSK_SESSIONM__API_KEY": "bundle-key",
        }
        result = run(
            bundle_dir,
            env,
            "submit",
            "prospect",
            "--force",
            "centered,yaw",  # the face sample's failed checks (named, as --force requires)
            "--face",
            str(FACE),
            "--passport",
            str(SAMPLES / PASSPORT),
        )
        assert result.returncode == 0, result.stderr
        submitted = json.loads(result.stdout)
        assert [image["kind"] for image in submitted["images"]] == ["face", "passport"]
        result = run(bundle_dir, env, "queue", "drain", "--timeout", "60")
        assert result.returncode == 0, result.stdout + result.stderr
        assert "remaining 0; failed 0" in result.stdout
        result = run(bundle_dir, env, "queue", "status", "--json")
        status = json.loads(result.stdout)
        assert status["counts"]["done"] == submitted["queuedJobs"]
        assert status["remaining"] == 0
    finally:
        stop(sandbox)


def test_queue_worker_reports_ready_and_stopping(
    bundle_dir: Path, bundle_env: dict[str, str], notify_socket: tuple[socket.socket, str]
) -> None:
    sock, path = notify_socket
    worker = subprocess.Popen(
        [str(bundle_dir / "kiosk"), "queue", "worker"],
        env={**bundle_env, "NOTIFY_SOCKET": path},
        cwd=bundle_env["HOME"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        receive_until(sock, "READY=1", worker.pid)
    finally:
        code, _, err = stop(worker)
    assert code == 0, err
    assert "STOPPING=1" in receive_until(sock, "STOPPING=1", worker.pid, timeout=10)


# -- the app, frozen ---------------------------------------------------------------------


def test_the_app_shows_its_start_screen_offscreen_with_its_delivery_worker(
    bundle_dir: Path, bundle_env: dict[str, str], notify_socket: tuple[socket.socket, str]
) -> None:
    sock, path = notify_socket
    # In Spanish, so the compiled translation must be found inside the bundle.
    env = {**bundle_env, "QT_QPA_PLATFORM": "offscreen", "NOTIFY_SOCKET": path}
    env["KIOSK_LANGUAGE"] = "es"
    app = subprocess.Popen(
        [str(bundle_dir / "kiosk"), "demo", "--windowed"],
        env=env,
        cwd=env["HOME"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # The app starts its delivery worker as a child re-running this same executable.
        deadline = time.monotonic() + 90
        workers: dict[int, list[str]] = {}
        while not workers:
            assert app.poll() is None, f"the app exited: {app.communicate()[1][-3000:]}"
            assert time.monotonic() < deadline, "no delivery worker after 90 s"
            children = children_of(app.pid).items()
            workers = {pid: cmd for pid, cmd in children if cmd[-2:] == ["queue", "worker"]}
            time.sleep(0.2)
        (worker_pid, worker_cmd), *_ = workers.items()
        assert worker_cmd[0] == str(bundle_dir / "kiosk")
        # READY=1 is sent from the running event loop once the start screen is shown.
        receive_until(sock, "READY=1", app.pid)
        assert app.poll() is None
    finally:
        code, _, err = stop(app)
    assert code == 0, err
    assert "Traceback" not in err
    assert "no translation for es" not in err
    # Missing plugins, icons, style sheet or translations show up as Qt warnings.
    assert "Could not" not in err and "Cannot" not in err, err
    assert not Path(f"/proc/{worker_pid}").exists() or _is_zombie(worker_pid)


def _is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True
