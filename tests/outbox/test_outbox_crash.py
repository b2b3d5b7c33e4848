"""Crash safety: a child that enqueues and drains is SIGKILLed at seeded random points.

After each kill a new process resumes and drains. Then the sandbox must hold every item
whose plan committed (and every plan the child acknowledged): each ``AFiImageId`` and
``intTag``, and each SessionM record with exactly ``image_count`` images, in order. A
duplicate delivery is allowed only where the API cannot deduplicate and the job was resent
after an ambiguous interruption (a kill after the request went out); it must be harmless:
the same ``AFiImageId`` again, or an ``intTag`` the server answers ``isDuplicate``.

The default run does a few trials; ``-m slow`` runs the full sweep of 200 and prints figures.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from outbox_helpers import HERE, make_jpeg, sha256

from kiosk.sandbox.server import SandboxOptions, SandboxServer

CHILD = HERE / "crash_child.py"
PLANS = 6
FAST_TRIALS = 6
SLOW_TRIALS = 200
# A little latency on some requests widens the window in which a kill lands after a request
# was sent but before its reply was recorded: the ambiguous case the outbox must reconcile.
FAULTS = "latency=0.3,latency_ms=40"


def parts_of(plan: int) -> int:
    """Mirror of crash_child.parts_of (the child is a script, not importable here)."""
    return 1 + (plan // 2) % (2 if plan % 2 == 0 else 3)


@dataclass
class Tally:
    """What the trials saw, summed."""

    trials: int = 0
    kills: int = 0
    phases: Counter[str] = field(default_factory=Counter)
    committed_plans: int = 0
    acknowledged_plans: int = 0
    jobs: int = 0
    image_redeliveries: int = 0
    request_duplicates: int = 0
    ambiguous_jobs: int = 0
    sessionm_ambiguous: int = 0

    def line(self) -> str:
        """A one-line summary for the report."""
        return json.dumps(
            {
                "trials": self.trials,
                "kills": self.kills,
                "kill_phases": dict(self.phases),
                "plans_committed": self.committed_plans,
                "plans_acknowledged": self.acknowledged_plans,
                "jobs_delivered": self.jobs,
                "jobs_resumed_ambiguous": self.ambiguous_jobs,
                "AFiImageId_redeliveries": self.image_redeliveries,
                "intTag_isDuplicate": self.request_duplicates,
                "sessionm_ambiguous_not_duplicated": self.sessionm_ambiguous,
            }
        )


@pytest.fixture(scope="module")
def crash_sandbox() -> Iterator[SandboxServer]:
    """One sandbox for all trials (reset before each), with a little latency."""
    options = SandboxOptions(port=0, validation_delay=0.0, faults=FAULTS, seed=1)
    with SandboxServer(options) as server:
        yield server


@pytest.fixture(scope="module")
def base_jpeg(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The JPEG every child image is made from."""
    path = tmp_path_factory.mktemp("crash") / "base.jpg"
    path.write_bytes(make_jpeg(42, 160, 120))
    return path


def child_env(server: SandboxServer, data_dir: Path) -> dict[str, str]:
    """The child's environment: its data dir, the sandbox, a short lease."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env.update(
        KIOSK_DATA_DIR=str(data_dir),
        KIOSK_DEVICE_TAG="crash-kiosk",
        KIOSK_AMPLIFI__BASE_URL=server.url,
        KIOSK_AMPLIFI__TOKEN="test-token",
        KIOSK_SESSIONM__BASE_URL=server.url,
        KIOSK_SESSIONM__API_KEY="test-key",
        # A lease held by a killed process is given back after a second, not two minutes.
        KIOSK_OUTBOX__LEASE_SECONDS="1",
        KIOSK_OUTBOX__BACKOFF_BASE="0.01",
        KIOSK_OUTBOX__BACKOFF_CAP="0.05",
        KIOSK_OUTBOX__KEY_STORE="file",
    )
    return env


@dataclass
class Life:
    """One child process's run: what it printed and whether it was killed."""

    acknowledged: set[str]
    killed: bool
    finished: bool
    seconds: float
    enqueue_seconds: float


def live(mode: str, env: dict[str, str], base: Path, kill_after: float | None) -> Life:
    """Run the child; SIGKILL it ``kill_after`` seconds after it said ready (None: never)."""
    proc = subprocess.Popen(
        [sys.executable, str(CHILD), mode, str(base), str(PLANS)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()
    started = time.monotonic()
    killed = False
    if first.strip() == "ready" and kill_after is not None:
        try:
            proc.wait(timeout=kill_after)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            killed = True
    out, err = proc.communicate(timeout=120)
    seconds = time.monotonic() - started
    assert first.strip() == "ready", f"child did not start: {first!r} {err[-2000:]}"
    lines = out.splitlines()
    if not killed:
        assert proc.returncode == 0, f"child failed ({proc.returncode}): {out}\n{err[-3000:]}"
    queued = [ln.split() for ln in lines if ln.startswith("queued ")]
    finished = any(ln.startswith("drained ok=True") for ln in lines)
    enqueued_at = float(queued[-1][3]) if queued else 0.0
    return Life({q[2] for q in queued}, killed, finished, seconds, enqueued_at)


def _unscrubbed(job: dict[str, Any]) -> dict[str, Any]:
    """A delivered job's payload is deleted with its plan's; its identity still names it."""
    if job["payload"] == "{}":
        assert job["state"] == "done" and job["sealed"] is None and job["result"] is None
        identity = job["identity"]
        if job["kind"] == "amplifi.prospect_image":
            job["payload"] = json.dumps({"AFiImageId": identity})
        elif job["kind"] == "amplifi.generic_request":
            job["payload"] = json.dumps({"intTag": identity.removeprefix("intTag:")})
    return job


def read_outbox(data_dir: Path) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """Every job row and every submission of a (no longer running) child's outbox."""
    conn = sqlite3.connect(data_dir / "outbox.sqlite3")
    conn.row_factory = sqlite3.Row
    try:
        jobs = [_unscrubbed(dict(r)) for r in conn.execute("SELECT * FROM jobs ORDER BY id")]
        subs = {
            r["id"]: {"kind": r["kind"], **json.loads(r["summary"])}
            for r in conn.execute("SELECT * FROM submissions")
        }
        assert conn.execute("SELECT COUNT(*) FROM blobs").fetchone()[0] == 0
    finally:
        conn.close()
    return jobs, subs


def verify(
    data_dir: Path, snapshot: dict[str, Any], acknowledged: set[str], base: bytes, tally: Tally
) -> None:
    """Everything committed reached the sandbox exactly once in effect; count duplicates."""
    jobs, subs = read_outbox(data_dir)
    expected = {
        sha256(base + f"|plan {p}|part {j}|".encode()): (p, j)
        for p in range(PLANS)
        for j in range(parts_of(p))
    }
    # Promised means stored: every acknowledged plan is in the outbox.
    assert acknowledged <= set(subs)
    assert all(j["state"] == "done" for j in jobs), [j["state"] for j in jobs]
    # Delivered blobs are gone, and no orphan survived the restarts.
    assert list((data_dir / "blobs").iterdir()) == []
    images = snapshot["amplifi"]["images"]
    requests = snapshot["amplifi"]["requests"]
    records = snapshot["sessionm"]["records"]
    by_submission: dict[str, list[dict[str, Any]]] = {}
    for job in jobs:
        by_submission.setdefault(job["submission"], []).append(job)
    sent_images, sent_tags, sent_records = set(), set(), set()
    for ref, sub in subs.items():
        mine = by_submission[ref]
        if sub["kind"] == "prospect":
            # Atomic plans: every image job plus the session request, or nothing.
            assert len(mine) == len(sub["images"]) + 1
            plans_seen = set()
            for job in mine:
                payload = json.loads(job["payload"])
                if job["kind"] == "amplifi.prospect_image":
                    got = images[payload["AFiImageId"]]
                    plans_seen.add(expected[got["sha256"]][0])
                    sent_images.add(payload["AFiImageId"])
                    if got["deliveries"] > 1:
                        assert job["ambiguous"], "an image was resent without an ambiguous failure"
                        tally.image_redeliveries += got["deliveries"] - 1
                else:
                    tag = payload["intTag"]
                    got = requests[tag]
                    listed = [i["AFiImageId"] for i in got["payload"]["images"]]
                    assert listed == [i["AFiImageId"] for i in sub["images"]]
                    sent_tags.add(tag)
                    if got["deliveries"] > 1:
                        assert job["ambiguous"], "a request was resent without an ambiguous failure"
                        tally.request_duplicates += got["deliveries"] - 1
            assert len(plans_seen) == 1  # the images of one plan, and only them
        else:
            assert len(mine) == sub["parts"]
            external_id = sub["external_id"]
            found = [r for r in records if r["external_id"] == external_id]
            assert len(found) == 1, f"{len(found)} records for one receipt"
            record = found[0]
            assert record["image_count"] == sub["parts"] == len(record["images"])
            assert [i["id"] for i in record["images"]] == [
                f"{external_id}-{n}" for n in range(1, sub["parts"] + 1)
            ]
            origin = [expected[h] for h in record["image_sha256"]]
            assert [part for _, part in origin] == list(range(sub["parts"]))  # in order
            assert len({plan for plan, _ in origin}) == 1
            sent_records.add(external_id)
            # Resumed after an ambiguous kill, yet one record with one copy of each image.
            tally.sessionm_ambiguous += sum(1 for j in mine if j["ambiguous"])
        tally.ambiguous_jobs += sum(1 for j in mine if j["ambiguous"])
    # Nothing arrived that the outbox never committed (no half-enqueued plan leaked out).
    assert set(images) == sent_images
    assert set(requests) == sent_tags
    assert {r["external_id"] for r in records} == sent_records
    tally.committed_plans += len(subs)
    tally.acknowledged_plans += len(acknowledged)
    tally.jobs += len(jobs)


_CALIBRATION: dict[str, float] = {}


def calibrate(server: SandboxServer, base: Path, where: Path) -> tuple[float, float]:
    """Seconds a clean child needs from "ready" to exit, and to the end of its enqueueing."""
    if "run" not in _CALIBRATION:
        httpx.post(f"{server.url}/_sandbox/reset", timeout=10).raise_for_status()
        life = live("run", child_env(server, where / "calibration"), base, None)
        assert life.finished
        _CALIBRATION["run"] = life.seconds
        _CALIBRATION["enqueue"] = life.enqueue_seconds
    return _CALIBRATION["run"], _CALIBRATION["enqueue"]


def trial(number: int, server: SandboxServer, base: Path, where: Path, tally: Tally) -> None:
    """One kill trial (sometimes two kills), resume, drain, verify."""
    rng = random.Random(number)
    span, enqueue_span = calibrate(server, base, where)
    httpx.post(f"{server.url}/_sandbox/reset", timeout=10).raise_for_status()
    data_dir = where / f"trial-{number}"
    env = child_env(server, data_dir)
    acknowledged: set[str] = set()
    # A quarter of the kills aim at the short enqueue phase, the rest anywhere in the life.
    aim = enqueue_span * 1.1 if rng.random() < 0.25 else span * 1.05
    first = live("run", env, base, rng.uniform(0.0, aim))
    acknowledged |= first.acknowledged
    tally.kills += first.killed
    if not first.killed:
        tally.phases["after exit"] += 1
    elif len(first.acknowledged) < PLANS:
        tally.phases["while enqueueing"] += 1
    else:
        tally.phases["while draining"] += 1
    if first.killed and rng.random() < 0.3:
        # Kill the recovering process too: recovery itself must be crash-safe.
        second = live("resume", env, base, rng.uniform(0.0, span * 0.6))
        tally.kills += second.killed
        tally.phases["while recovering"] += second.killed
    final = live("resume", env, base, None)
    assert final.finished
    verify(data_dir, server.snapshot(), acknowledged, base.read_bytes(), tally)
    tally.trials += 1


def test_kill_trials_lose_nothing(
    crash_sandbox: SandboxServer, base_jpeg: Path, tmp_path: Path
) -> None:
    tally = Tally()
    for number in range(FAST_TRIALS):
        trial(number, crash_sandbox, base_jpeg, tmp_path, tally)
    print("\nkill trials:", tally.line())
    assert tally.trials == FAST_TRIALS
    assert tally.kills >= FAST_TRIALS // 2  # the kills really landed


@pytest.mark.slow
@pytest.mark.timeout(3600)
def test_full_kill_sweep_loses_nothing(
    crash_sandbox: SandboxServer, base_jpeg: Path, tmp_path: Path
) -> None:
    tally = Tally()
    # Seeds after the fast subset's, so the two runs together are distinct trials.
    for number in range(FAST_TRIALS, FAST_TRIALS + SLOW_TRIALS):
        trial(number, crash_sandbox, base_jpeg, tmp_path, tally)
    print("\nkill sweep:", tally.line())
    assert tally.trials == SLOW_TRIALS
    assert tally.phases["while draining"] > SLOW_TRIALS // 4
    assert tally.phases["while enqueueing"] > 0
