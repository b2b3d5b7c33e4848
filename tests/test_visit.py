"""A visit takes pictures through the pipeline, compares them with the ones it kept, and
submits them: real images, the real SQLite outbox, the sandbox over loopback."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import cv2
import pytest
from visit_scenes import (
    failed,
    licence_back,
    licence_front,
    receipt_parts,
    whole_receipt,
)

from kiosk.capture.checks.license_sides import SAME_SIDE_INSTRUCTION
from kiosk.capture.checks.receipt_parts import OVERLAP_INSTRUCTION
from kiosk.cli.main import main
from kiosk.config import load_settings
from kiosk.core import Customer
from kiosk.kinds import KINDS
from kiosk.outbox.jobs import JobState
from kiosk.pin_policy import NoPinError
from kiosk.pipeline import ChecksFailed, OverrideRefused
from kiosk.runtime import Kiosk
from kiosk.visit import VisitError

AT = datetime(2026, 12, 1, 10, 0, 0, tzinfo=UTC)


@pytest.fixture
def kiosk(sandbox_env: Any) -> Any:
    with Kiosk.for_settings(load_settings()) as made:
        yield made


def test_each_kind_names_its_visit_check() -> None:
    named = {k.id: k.visit_check for k in KINDS.values() if k.visit_check}
    assert named == {
        "license_front": "portrait",
        "license_back": "other_side",
        "receipt": "part_overlap",
    }


def test_a_licence_back_that_is_the_front_again_is_refused_then_the_real_back_is_sent(
    kiosk: Kiosk,
) -> None:
    visit = kiosk.visit("prospect", ["license_front", "license_back"])
    front = visit.take("license_front", licence_front(), AT)
    assert front.report.passed, failed(front.report)
    assert visit.keep() == "license_front"

    again = visit.take("license_back", licence_front(), AT)
    other_side = next(c for c in again.report.checks if c.name == "other_side")
    assert not other_side.passed and other_side.instruction == SAME_SIDE_INSTRUCTION
    with pytest.raises(ChecksFailed, match="other_side"):
        visit.keep()
    assert "license_back" not in visit.kept

    back = visit.take("license_back", licence_back(), AT)
    assert back.report.passed, failed(back.report)
    visit.keep()
    with pytest.raises(VisitError, match="campaign"):
        kiosk.visit("receipt").submit()
    submitted = visit.submit()
    # Queued in the outbox, the visit holds no image any longer.
    assert visit.kept == {} and visit.image_bytes == 0
    jobs = kiosk.core.outbox.store.jobs(submission=submitted.reference)
    assert len(jobs) == 3  # two images, then the session that names them
    result = kiosk.core.drain(timeout=60)
    assert result.delivered == 3 and result.remaining == 0
    states = {j.state for j in kiosk.core.outbox.store.jobs(submission=submitted.reference)}
    assert states == {JobState.DONE}


def test_a_licence_front_without_a_portrait_fails_and_staff_override_names_every_failure(
    kiosk: Kiosk,
) -> None:
    visit = kiosk.visit("prospect", ["license_front"])
    picture = visit.take("license_front", licence_back(), AT)  # the back has no face
    failures = failed(picture.report)
    assert "portrait" in failures
    with pytest.raises(ChecksFailed):
        visit.override({"portrait"} if len(failures) > 1 else set(), "Verified in person")
    with pytest.raises(OverrideRefused):
        visit.override(failures | {"sharpness_x"}, "Verified in person")
    visit.override(failures, "Verified in person by staff")
    capture = visit.kept["license_front"].capture
    assert not capture.checks_passed and set(capture.failed_checks) == failures
    assert capture.override_reason == "Verified in person by staff"
    submitted = visit.submit()
    [override] = submitted.summary["overrides"]
    assert override["kind"] == "license_front" and set(override["failedChecks"]) == failures


def test_a_prospect_visit_is_not_submitted_with_a_step_missing(kiosk: Kiosk) -> None:
    visit = kiosk.visit("prospect", ["license_front", "license_back"])
    visit.take("license_front", licence_front(), AT)
    visit.keep()
    with pytest.raises(VisitError, match="license_back"):
        visit.submit()
    assert kiosk.core.status().counts.get("pending", 0) == 0


def test_receipt_parts_that_overlap_are_kept_and_sent_in_order(kiosk: Kiosk) -> None:
    visit = kiosk.visit("receipt")
    for n, frame in enumerate(receipt_parts(overlapping=True), start=1):
        part = visit.take("receipt", frame, AT)
        assert part.report.passed, (n, failed(part.report))
        assert visit.keep() == f"part{n}"
    submitted = visit.submit(campaign="sandbox-receipts", customer=Customer("user_id", "u1"))
    assert submitted.summary["parts"] == 2 and submitted.summary["overrides"] == []
    result = kiosk.core.drain(timeout=60)
    assert result.remaining == 0 and result.failed == 0


def test_a_receipt_part_that_does_not_overlap_the_last_is_refused(kiosk: Kiosk) -> None:
    visit = kiosk.visit("receipt")
    first, gap = receipt_parts(overlapping=False)
    visit.take("receipt", first, AT)
    visit.keep()
    second = visit.take("receipt", gap, AT)
    overlap = next(c for c in second.report.checks if c.name == "part_overlap")
    assert not overlap.passed and overlap.instruction == OVERLAP_INSTRUCTION
    with pytest.raises(ChecksFailed, match="part_overlap"):
        visit.keep()
    assert list(visit.kept) == ["part1"]


def test_a_receipt_sent_before_is_refused_as_a_duplicate_in_the_next_visit(
    kiosk: Kiosk,
) -> None:
    first = kiosk.visit("receipt")
    first.take("receipt", whole_receipt(), AT)
    first.keep()
    first.submit(campaign="sandbox-receipts", customer=Customer("user_id", "u1"))

    again = kiosk.visit("receipt")
    picture = again.take("receipt", whole_receipt(), AT)
    assert failed(picture.report) == {"duplicate"}
    with pytest.raises(ChecksFailed, match="duplicate"):
        again.keep()


def test_the_kiosk_mode_needs_an_admin_pin_and_the_demo_has_its_own(sandbox_env: Any) -> None:
    settings = load_settings()
    with pytest.raises(NoPinError):
        Kiosk.for_settings(settings, "kiosk")
    with Kiosk.for_settings(settings, "demo") as demo:
        assert demo.mode == "demo" and demo.pin == demo.staff_pin and demo.pin.isdigit()
        # The demo remembers no receipt, so it does not judge the duplicate check.
        assert demo.visit("receipt").unjudged_checks == {"duplicate"}
    with Kiosk.for_settings(settings) as headless:
        assert headless.mode == "headless" and headless.camera is None
        assert headless.visit("receipt").unjudged_checks == frozenset()


def test_kiosk_submit_refuses_a_licence_whose_back_is_the_front_again(
    sandbox_env: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    front, back = tmp_path / "front.png", tmp_path / "back.png"
    for path in (front, back):
        assert cv2.imwrite(str(path), licence_front())
    argv = ["submit", "prospect", "--license-front", str(front), "--license-back", str(back)]
    code = main([*argv, "--source", "camera"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.startswith(f"kiosk: error: {back}: license_back check failed")
    assert "other_side" in err and "--force" in err
    with Kiosk.for_settings(load_settings()) as kiosk:
        assert kiosk.core.jobs() == []  # one refusal queues nothing
