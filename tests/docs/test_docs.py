"""The documentation site builds with no broken link or heading, and its generated
references list every setting of the settings models and every command of the parser."""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import subprocess
import sys
import types
from pathlib import Path
from typing import Any, Union, get_args, get_origin

import pytest
from pydantic import BaseModel, Field

from kiosk.cli.main import build_parser
from kiosk.config import Settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site as `mkdocs build --strict` makes it from this checkout."""
    out = tmp_path_factory.mktemp("site")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    # Not --quiet: it hides the warnings --strict counts, and the build then passes.
    command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    command += ["--config-file", str(ROOT / "mkdocs.yml"), "--site-dir", str(out)]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    # --strict: a broken link, a missing anchor or a page left out of the nav fails it.
    assert done.returncode == 0, done.stderr
    return out


def _settings_hook() -> Any:
    """The mkdocs hook that writes the settings reference, loaded from its file."""
    spec = importlib.util.spec_from_file_location(
        "settings_reference", ROOT / "docs" / "hooks" / "settings_reference.py"
    )
    assert spec is not None and spec.loader is not None
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    return hook


def setting_paths(model: type[BaseModel], prefix: str = "") -> set[str]:
    """Every setting's dotted path, nested tables and a list's items (``[]``) included."""
    paths = set()
    for name, field in model.model_fields.items():
        path = prefix + name
        paths.add(path)
        for arg in _options(field.annotation):
            if get_origin(arg) is list:
                (arg,) = get_args(arg)
                path += "[]"
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                paths |= setting_paths(arg, path + ".")
    return paths


def _options(annotation: Any) -> tuple[Any, ...]:
    if get_origin(annotation) in (Union, types.UnionType):
        return get_args(annotation)
    return (annotation,)


def command_paths(parser: argparse.ArgumentParser, prefix: str = "kiosk") -> set[str]:
    """Every sub-command as it is typed: ``kiosk queue drain``."""
    found = set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, command in action.choices.items():
                found.add(f"{prefix} {name}")
                found |= command_paths(command, f"{prefix} {name}")
    return found


def test_the_configuration_page_lists_every_setting_and_no_other(site: Path) -> None:
    page = (site / "configuration.html").read_text(encoding="utf-8")
    documented = set(re.findall(r'id="setting-([^"]+)"', page))
    expected = setting_paths(Settings)
    assert "outbox.lease_seconds" in expected and "capture.face.max_roll_deg" in expected
    assert documented == expected
    for path in expected:
        assert f"<code>{path}</code>" in page, path


def test_the_configuration_page_keeps_the_source_comments_and_defaults(site: Path) -> None:
    page = (site / "configuration.html").read_text(encoding="utf-8")
    row = page.split('id="setting-outbox.lease_seconds"', 1)[1].split("</tr>", 1)[0]
    outbox = Settings.model_fields["outbox"].annotation
    assert isinstance(outbox, type) and issubclass(outbox, BaseModel)
    assert f"<code>{outbox.model_fields['lease_seconds'].default}</code>" in row
    assert "KIOSK_OUTBOX__LEASE_SECONDS" in row
    # The comment written above the field in its model's source is its description.
    comment = _settings_hook().field_comments(outbox)["lease_seconds"]
    assert len(comment) > 20 and " ".join(comment.split()[:6]) in row


def test_the_command_line_page_lists_every_command_and_no_other(site: Path) -> None:
    page = (site / "command-line.html").read_text(encoding="utf-8")
    headings = set(re.findall(r'<h[3-6] id="(kiosk-[a-z0-9-]+)"', page))
    expected = command_paths(build_parser())
    assert {"kiosk queue drain", "kiosk config check", "kiosk pin reset"} <= expected
    assert headings == {path.replace(" ", "-") for path in expected}
    for path in expected:
        assert f"<code>{path}</code>" in page, path


def test_the_benchmarks_are_published_with_the_docs(site: Path) -> None:
    page = (site / "benchmarks.html").read_text(encoding="utf-8")
    assert "<h1" in page and 'id="packaging"' in page
    building = (site / "building.html").read_text(encoding="utf-8")
    assert 'href="benchmarks.html#packaging"' in building


class _Sample(BaseModel):
    """A section."""

    # The comment above a field is its description,
    # over several lines.
    first: float = Field(1.5, gt=0)
    second: int | None = None  # an inline comment
    third: str = Field("x", description="a description wins")


def test_the_settings_generator_reads_comments_defaults_and_limits() -> None:
    text = _settings_hook().settings_reference(_Sample)
    rows = {line.split("`")[1]: line for line in text.splitlines() if 'id="setting-' in line}
    assert set(rows) == {"first", "second", "third"}
    assert "The comment above a field is its description, over several lines." in rows["first"]
    assert "`1.5`" in rows["first"] and "> `0`" in rows["first"]
    assert "an inline comment" in rows["second"] and "not set" in rows["second"]
    assert "a description wins" in rows["third"]
