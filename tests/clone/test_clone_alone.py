"""A clone alone installs, runs and tests: nothing outside the repository is needed.

The repository's files are copied into an empty folder (no sibling folders beside it), and
from there the suite collects, the tests that read the sample photos and the face model pass,
and ``kiosk demo`` reaches a face review with every check passed on the demo camera.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# Spelled in parts so this file does not match its own search.
SIBLING = re.compile(r"\.\./" + "shared|" + r"parent\s*/\s*" + '"shared"')


def repository_files() -> list[Path]:
    """The files a clone has: tracked ones, and new ones git does not ignore."""
    out = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout
    names = {Path(n) for n in out.decode().split("\0") if n}
    return sorted(n for n in names if (REPO / n).is_symlink() or (REPO / n).exists())


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository in a folder of its own, with a fresh home beside nothing."""
    top = tmp_path_factory.mktemp("alone")
    root = top / "branch-kiosk"
    for name in repository_files():
        source, target = REPO / name, root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            target.symlink_to(os.readlink(source))
        else:
            shutil.copy2(source, target)
    (top / "home").mkdir()
    assert sorted(p.name for p in top.iterdir()) == ["branch-kiosk", "home"]
    return root


def environment(clone: Path) -> dict[str, str]:
    """The copy's code first on the path, a new home, no kiosk settings from outside."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KIOSK_", "XDG_"))}
    env.pop("PYTEST_ADDOPTS", None)
    env.update(
        PYTHONPATH=str(clone),
        HOME=str(clone.parent / "home"),
        QT_QPA_PLATFORM="offscreen",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def in_clone(clone: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run ``python ARGS`` in the copy."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=clone,
        env=environment(clone),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_nothing_in_the_project_reads_a_folder_beside_it() -> None:
    offenders = [
        f"{name}:{n}"
        for name in repository_files()
        if name.parts[0] in ("kiosk", "ui", "tests", "benchmarks", "packaging")
        and name.suffix in (".py", "")
        and (REPO / name).is_file()
        for n, line in enumerate(
            (REPO / name).read_text(encoding="utf-8", errors="replace").splitlines(), 1
        )
        if SIBLING.search(line)
    ]
    assert offenders == []


def test_the_copy_runs_its_own_code_and_finds_its_model(clone: Path) -> None:
    probe = in_clone(
        clone,
        "-c",
        "import kiosk, ui; from kiosk.capture.models import find_face_model; "
        "print(kiosk.__file__); print(ui.__file__); print(find_face_model())",
    )
    assert probe.returncode == 0, probe.stderr
    kiosk_file, ui_file, model = probe.stdout.split()
    for path in (kiosk_file, ui_file, model):
        assert Path(path).resolve().is_relative_to(clone.resolve()), path
    assert Path(model).name == "yunet_s_dynamic.onnx"


def test_the_suite_collects_in_the_copy(clone: Path) -> None:
    run = in_clone(clone, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    collected = re.search(r"(\d+)(?:/\d+)? tests? collected", run.stdout)
    assert collected and int(collected.group(1)) > 0, run.stdout[-2000:]
    assert "error" not in run.stdout.splitlines()[-1].lower()


def test_the_tests_that_read_photos_and_the_model_pass_in_the_copy(clone: Path) -> None:
    run = in_clone(
        clone,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "tests/capture/test_face.py",
        "tests/capture/test_check_cli.py",
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert re.search(r"\d+ passed", run.stdout)


def test_kiosk_demo_in_the_copy_reaches_a_face_review_with_every_check_passed(
    clone: Path,
) -> None:
    run = in_clone(clone, "tests/clone/demo_face_review.py", timeout=240)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-4000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    review = result["review"]
    assert review["kind"] == "face"
    failed = [name for name, passed in review["checks"].items() if not passed]
    assert failed == [], run.stderr[-3000:]
    assert review["passed"] and review["accept_visible"]
    assert "face_count" in review["checks"]  # the face model ran: no "checks unavailable"
    assert "needed file missing" not in run.stderr
