"""The alert rules: valid for promtool, their unit tests pass, their metrics exist."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from kiosk.config import load_settings
from kiosk.core import KioskCore
from kiosk.monitoring.exporter import build_registry

RULES = Path(__file__).resolve().parents[2] / "packaging" / "monitoring"
PROMTOOL = "/usr/bin/promtool"


def _promtool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PROMTOOL, *args], cwd=RULES, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.prometheus
def test_promtool_accepts_the_rules() -> None:
    result = _promtool("check", "rules", "kiosk-alerts.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS: 9 rules found" in result.stdout


@pytest.mark.prometheus
def test_the_rules_unit_tests_pass() -> None:
    result = _promtool("test", "rules", "kiosk-alerts.test.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout


def test_every_metric_the_rules_use_is_served(kiosk_env: Path) -> None:
    used = set(re.findall(r"\bkiosk_[a-z_]+\b", (RULES / "kiosk-alerts.yml").read_text()))
    assert used
    settings = load_settings()
    with KioskCore(settings) as core:
        registry, _ = build_registry(settings, core.outbox.store)
        served = {s.name for m in registry.collect() for s in m.samples}
    # The app's last-seen time exists once an app has run, an API's reachability once the
    # worker has tried it; the others from the start.
    with KioskCore(settings) as core:
        core.recorder.camera(None)
        core.outbox.store.record_connectivity("amplifi", True, "reachable")
        registry, _ = build_registry(settings, core.outbox.store)
        served |= {s.name for m in registry.collect() for s in m.samples}
    assert used - served == set()
