"""The delivery worker against replies that never end: it keeps proving itself alive to
the watchdog, stops within seconds on SIGTERM, and a reply too large for memory is retried.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import cv2
import numpy as np
import pytest
from drip import DripServer, EndlessServer

from kiosk.config import Settings, load_settings
from kiosk.kinds import amplifi_types
from kiosk.outbox.jobs import JobState
from kiosk.outbox.outbox import Outbox
from kiosk.outbox.plans import Capture

WAIT_S = 60.0  # a deadline for a slow machine, not a speed requirement
# SIGTERM to exit, in seconds: the loop looks up from a request every quarter second; the
# rest is interpreter shutdown. Before, a dripping reply kept the worker for 11 minutes.
STOP_BOUND_S = 10.0


def _jpeg(seed: int) -> bytes:
    rng = np.random.default_rng(seed)
    ok, buf = cv2.imencode(".jpg", rng.integers(0, 255, (48, 64, 3), dtype=np.uint8))
    assert ok
    return buf.tobytes()


def _settings(url: str, data_dir: Path, lease_seconds: float = 120.0, **http: float) -> Settings:
    return load_settings(
        None,
        data_dir=data_dir,
        amplifi={"base_url": url, "token": "test-token"},
        sessionm={"base_url": url, "api_key": "test-key"},
        http={"connect_timeout": 2.0, "read_timeout": 5.0, "write_timeout": 5.0, **http},
        outbox={
            "key_store": "file",
            "backoff_base": 0.01,
            "backoff_cap": 0.05,
            "lease_seconds": lease_seconds,
        },
    )


def _queue_prospect(settings: Settings) -> int:
    with Outbox(settings) as box:
        capture = Capture(_jpeg(1), "image/jpeg", datetime.now().astimezone())
        box.submit_prospect({"face": capture}, types=amplifi_types())
        return min(j.id for j in box.store.jobs())


@pytest.fixture
def notify_socket() -> Iterator[tuple[socket.socket, str]]:
    """A datagram socket standing in for systemd's notify socket."""
    folder = tempfile.mkdtemp(prefix="sdn-")
    path = os.path.join(folder, "notify")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    try:
        yield sock, path
    finally:
        sock.close()
        os.unlink(path)
        os.rmdir(folder)


def _drain_datagrams(sock: socket.socket) -> list[str]:
    sock.setblocking(False)
    got = []
    try:
        while True:
            got.append(sock.recv(4096).decode())
    except BlockingIOError:
        return got
    finally:
        sock.setblocking(True)


def test_sigterm_stops_a_worker_whose_reply_drips_and_the_job_is_kept(
    kiosk_env: Path, notify_socket: tuple[socket.socket, str]
) -> None:
    sock, path = notify_socket
    with DripServer(every=2.0) as server:
        job_id = _queue_prospect(_settings(server.url, kiosk_env))
        env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
        env.update(
            KIOSK_DATA_DIR=str(kiosk_env),
            KIOSK_DEVICE_TAG="test-device",
            KIOSK_AMPLIFI__BASE_URL=server.url,
            KIOSK_AMPLIFI__TOKEN="test-token",
            KIOSK_SESSIONM__BASE_URL=server.url,
            KIOSK_SESSIONM__API_KEY="test-key",
            KIOSK_OUTBOX__KEY_STORE="file",
            # A byte every 2 s never lets a 5 s read timeout fire.
            KIOSK_HTTP__READ_TIMEOUT="5",
            NOTIFY_SOCKET=path,
            WATCHDOG_USEC="2000000",  # a ping at least every second
        )
        proc = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "queue", "worker"],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert server.got_request.wait(WAIT_S), "the worker never sent its request"
            _drain_datagrams(sock)
            # Four seconds into the dripping reply: two bytes, and pings all along.
            time.sleep(4.0)
            pings = sum("WATCHDOG=1" in m.splitlines() for m in _drain_datagrams(sock))
            proc.send_signal(signal.SIGTERM)
            sent = time.monotonic()
            _, err = proc.communicate(timeout=WAIT_S)
            took = time.monotonic() - sent
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
    # Everything the worker logged goes with each failure: a loaded machine is the usual
    # suspect, and the log says whether it was.
    assert proc.returncode == 0, err
    assert pings >= 2, (pings, err)
    assert took < STOP_BOUND_S, (took, err)
    assert len(server.requests) == 1, (server.requests, err)  # sent once, never resent
    with Outbox(_settings(server.url, kiosk_env)) as box:
        job = box.store.get(job_id)
        # Not lost, not done: still leased by the dead worker, returned at the next start
        # as ambiguous so that it is reconciled before any resend.
        assert job is not None and job.state is JobState.IN_FLIGHT, (job, err)
        assert box.store.recover() == (1, 0)
        job = box.store.get(job_id)
        assert job is not None and job.state is JobState.PENDING and job.ambiguous


def test_a_worker_pings_while_a_request_runs_and_stops_once_it_outlives_any_timeout(
    kiosk_env: Path,
) -> None:
    # Timeouts make the longest legitimate delivery 3 × (0.2 + 0.2 + 0.5) = 2.7 s; the
    # reply drips a byte every 0.1 s, so no read timeout fires and the request never ends.
    with DripServer(every=0.1) as server:
        settings = _settings(
            server.url,
            kiosk_env,
            lease_seconds=1.0,  # renewed every 0.25 s while the request is young
            connect_timeout=0.2,
            write_timeout=0.2,
            read_timeout=0.5,
        )
        job_id = _queue_prospect(settings)
        pings: list[float] = []
        with Outbox(settings) as box:
            worker = box.worker()
            stop = threading.Event()
            thread = threading.Thread(
                target=worker.run,
                args=(stop,),
                kwargs={"heartbeat": lambda: pings.append(time.monotonic())},
            )
            thread.start()
            try:
                assert server.got_request.wait(WAIT_S)
                started = time.monotonic()
                beats = []
                for _ in range(14):  # 7 s
                    time.sleep(0.5)
                    row = (
                        box.store.db.read()
                        .execute("SELECT state, lease_beat FROM jobs WHERE id = ?", (job_id,))
                        .fetchone()
                    )
                    assert row[0] == "in_flight"
                    beats.append(row[1])
                stop.set()
                thread.join(WAIT_S)
            finally:
                stop.set()
                thread.join(WAIT_S)
                worker.clients.close()
        assert not thread.is_alive()
    during = [t - started for t in pings if t >= started]
    # Pinged while the request was young, not once it had outlived every timeout.
    assert any(t < 2.0 for t in during), during
    assert not [t for t in during if 4.0 < t < 7.0], during
    # The lease was renewed while the request was young, and not once it was hung: its
    # holder goes silent, so another worker (or the restarted one) may take it over.
    assert beats[0] >= 1 and beats[-1] == beats[-5] > beats[0], beats


def test_a_reply_too_large_for_memory_is_retried_not_dead_lettered(kiosk_env: Path) -> None:
    # A child with 400 MB of address space over what it uses after start-up reads an
    # endless chunked reply: the worker runs out of memory mid-reply.
    child = Path(__file__).with_name("memory_child.py")
    with EndlessServer() as server:
        job_id = _queue_prospect(_settings(server.url, kiosk_env))
        env = {**os.environ, "KIOSK_DATA_DIR": str(kiosk_env), "SERVER_URL": server.url}
        done = subprocess.run(
            [sys.executable, str(child)], env=env, capture_output=True, text=True, timeout=WAIT_S
        )
    assert done.returncode == 0, done.stderr
    with Outbox(_settings(server.url, kiosk_env)) as box:
        job = box.store.get(job_id)
    assert job is not None and job.state is JobState.PENDING, (job, done.stdout, done.stderr)
    # Whatever stopped the reply (memory, or a bound on reply size in the transport), the
    # job waits for another attempt, marked ambiguous (the request had been sent).
    assert job.attempts == 1 and job.ambiguous
    assert job.error_class is not None
    print(job.error_class, job.last_error)
