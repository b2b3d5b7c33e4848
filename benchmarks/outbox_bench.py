"""Outbox benchmark: durable enqueue, drain throughput and memory, each against a bare baseline.

    python benchmarks/outbox_bench.py            # everything, a few minutes
    python benchmarks/outbox_bench.py --help     # sizes, rounds, where the files go

- **enqueue**: ``Store.enqueue`` of a one-job plan with a 1 MB JPEG (AES-GCM under a fresh
  data key, temp file, fsync, rename, directory fsync, then ``BEGIN IMMEDIATE`` … ``COMMIT``
  with WAL and ``synchronous=FULL``) against the bare minimum a durable queue must do:
  write the file, fsync it, one SQLite insert (WAL, FULL). Target: ≥ 0.7× the baseline.
- **drain**: ``Worker.drain`` of prospect sessions and receipts against the sandbox (run as
  its own process, so server and client do not share a GIL) against a bare ``httpx`` loop
  posting the same bodies, built before the clock starts. Target: ≥ 0.8×.
- **memory**: resident set growth of a process that queues 10,000 jobs (small images: the
  images live on disk either way), and of a fresh worker that opens that queue and delivers
  from it. Target: growth < 50 MB.

Baselines run in the same process, interleaved with the kiosk's rounds, on the same disk.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import cv2
import httpx
import numpy as np
import pybase64

from kiosk.api.sessionm import Customer
from kiosk.config import Settings, load_settings
from kiosk.kinds import amplifi_types
from kiosk.outbox.jobs import JobKind, JobSpec
from kiosk.outbox.outbox import Outbox
from kiosk.outbox.plans import Capture
from kiosk.outbox.store import Store

API_KEY = "bench-key"
TOKEN = "bench-token"


# -- inputs ------------------------------------------------------------------------


def jpeg_of_size(target: int, seed: int) -> bytes:
    """A real JPEG (noise over grey) of about ``target`` bytes."""
    rng = np.random.default_rng(seed)
    side = 200
    while True:
        pixels = np.clip(128 + rng.normal(0, 40, (side, side * 4 // 3, 3)), 0, 255)
        ok, buf = cv2.imencode(".jpg", pixels.astype(np.uint8), [cv2.IMWRITE_JPEG_QUALITY, 90])
        assert ok
        if len(buf) >= target:
            return buf.tobytes()
        side = int(side * max(1.05, (target / len(buf)) ** 0.5))


def rss_mb() -> float:
    """Current resident set size in MB (from /proc)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def settings_for(data_dir: Path, url: str) -> Settings:
    """Kiosk settings aimed at the sandbox, key in a file, quick retries."""
    return load_settings(
        None,
        device_tag="bench-kiosk",
        data_dir=data_dir,
        amplifi={"base_url": url, "token": TOKEN},
        sessionm={"base_url": url, "api_key": API_KEY},
        outbox={"key_store": "file", "backoff_base": 0.01, "backoff_cap": 0.1},
    )


# -- enqueue -------------------------------------------------------------------------


def kiosk_enqueue(where: Path, images: list[bytes], per_plan: int) -> float:
    """Seconds for the kiosk to durably queue the images, ``per_plan`` images per plan."""
    store = Store(where, key_store="file")
    try:
        start = time.perf_counter()
        for first in range(0, len(images), per_plan):
            specs = [
                JobSpec(
                    JobKind.PROSPECT_IMAGE,
                    f"bench-{n}",
                    {"AFiImageId": f"bench-{n}", "deviceTag": "bench-kiosk"},
                    image=images[n],
                    mime_type="image/jpeg",
                )
                for n in range(first, min(first + per_plan, len(images)))
            ]
            store.enqueue(f"S{first}", "prospect", {}, specs)
        return time.perf_counter() - start
    finally:
        store.close()


def bare_enqueue(where: Path, images: list[bytes], sync_directory: bool) -> float:
    """Seconds for write + fsync + one SQLite insert (WAL, synchronous=FULL) per image.

    ``sync_directory`` adds the directory fsync that makes the file's *name* durable too
    (fsync(2): the file's fsync alone does not); the plain baseline is without it.
    """
    where.mkdir(parents=True)
    conn = sqlite3.connect(where / "bare.sqlite3", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE files (id INTEGER PRIMARY KEY, path TEXT, size INTEGER)")
    try:
        start = time.perf_counter()
        for n, image in enumerate(images):
            path = where / f"{n}.bin"
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                view = memoryview(image)
                while view:
                    view = view[os.write(fd, view) :]
                os.fsync(fd)
            finally:
                os.close(fd)
            if sync_directory:
                dir_fd = os.open(where, os.O_RDONLY)
                os.fsync(dir_fd)
                os.close(dir_fd)
            conn.execute("INSERT INTO files (path, size) VALUES (?, ?)", (str(path), len(image)))
        return time.perf_counter() - start
    finally:
        conn.close()


ENQUEUE_VARIANTS: dict[str, Callable[[Path, list[bytes]], float]] = {
    "kiosk, 1 image per plan": lambda w, i: kiosk_enqueue(w, i, 1),
    "kiosk, 2 images per plan": lambda w, i: kiosk_enqueue(w, i, 2),
    "bare write+fsync+insert": lambda w, i: bare_enqueue(w, i, False),
    "bare + directory fsync": lambda w, i: bare_enqueue(w, i, True),
}


def bench_enqueue(root: Path, count: int, rounds: int, size: int) -> dict[str, Any]:
    """Rounds of every variant in rotating order; medians of milliseconds per image."""
    images = [jpeg_of_size(size, seed) for seed in range(4)]
    batch = [images[n % len(images)] for n in range(count)]
    names = list(ENQUEUE_VARIANTS)
    per_image: dict[str, list[float]] = {name: [] for name in names}
    for r in range(rounds):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            where = root / f"enqueue-{r}-{names.index(name)}"
            per_image[name].append(ENQUEUE_VARIANTS[name](where, batch) * 1000 / count)
            shutil.rmtree(where)
    medians = {name: statistics.median(times) for name, times in per_image.items()}
    # Paired per round (the disk's fsync latency drifts with other load on the machine).
    bare = per_image["bare write+fsync+insert"]
    ratios = {
        name: statistics.median(b / t for b, t in zip(bare, times, strict=True))
        for name, times in per_image.items()
    }
    return {"image_bytes": len(images[0]), "ms": medians, "ratio": ratios, "rounds": per_image}


# -- drain ---------------------------------------------------------------------------


class SandboxProcess:
    """``kiosk sandbox`` in its own process on a free loopback port."""

    def __init__(self) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "kiosk", "sandbox", "--port", str(self.port)]
        self.proc = subprocess.Popen(
            [*command, "--validation-delay", "0"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.proc.poll() is None:
            try:
                if httpx.get(f"{self.url}/_sandbox/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError(f"the sandbox did not start (exit status {self.proc.poll()})")

    def reset(self) -> None:
        """Forget everything received."""
        httpx.post(f"{self.url}/_sandbox/reset", timeout=10).raise_for_status()

    def stop(self) -> None:
        """Terminate the server."""
        self.proc.terminate()
        self.proc.wait(10)


def queue_workload(box: Outbox, images: list[bytes], sessions: int, receipts: int) -> None:
    """Prospect sessions of two images and receipts of three parts."""
    now = datetime.now().astimezone()
    for n in range(sessions):
        captures = {
            "face": Capture(images[(2 * n) % len(images)], "image/jpeg", now),
            "license_front": Capture(images[(2 * n + 1) % len(images)], "image/jpeg", now),
        }
        box.submit_prospect(captures, types=amplifi_types())
    for n in range(receipts):
        parts = [Capture(images[(n + p) % len(images)], "image/jpeg", now) for p in range(3)]
        box.submit_receipt(parts, "sandbox-receipts", Customer("external_id", f"bench-{n}"))


def kiosk_drain(
    root: Path, server: SandboxProcess, images: list[bytes], sessions: int, receipts: int
) -> tuple[float, int, float, float]:
    """Seconds for the workload, jobs delivered, seconds in claim + complete, CPU seconds."""
    settings = settings_for(root, server.url)
    spent = [0.0]

    def timed(fn: Callable[..., Any]) -> Callable[..., Any]:
        def inner(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[0] += time.perf_counter() - start

        return inner

    with Outbox(settings) as box:
        queue_workload(box, images, sessions, receipts)
        # The store's two committed (fsynced) transactions per job, timed apart.
        box.store.claim = timed(box.store.claim)  # type: ignore[method-assign]
        box.store.complete = timed(box.store.complete)  # type: ignore[method-assign]
        worker = box.worker(seed=1)
        try:
            cpu = time.process_time()
            start = time.perf_counter()
            result = worker.drain(timeout=600)
            seconds = time.perf_counter() - start
            cpu = time.process_time() - cpu
        finally:
            worker.clients.close()
    if not result.ok:
        raise RuntimeError(f"kiosk drain did not finish: {result}")
    return seconds, result.delivered, spent[0], cpu


def bare_bodies(images: list[bytes], sessions: int, receipts: int) -> list[tuple[str, ...]]:
    """The same calls as the workload, as (kind, path, body) with bodies ready to send."""
    calls: list[tuple[str, ...]] = []
    when = datetime.now().astimezone().isoformat(timespec="milliseconds")

    def image_body(image_id: str, image: bytes, kind: str) -> bytes:
        fields = {"deviceTag": "bench-kiosk", "AFiImageId": image_id, "type": kind}
        head = json.dumps({**fields, "dtsCreated": when})[:-1].encode()
        return b"".join((head, b', "imageBase64": "', pybase64.b64encode(image), b'"}'))

    for n in range(sessions):
        ids = []
        for k, kind in enumerate(("Face image", "Driver license front")):
            image_id = f"bare{n}x{k}"
            ids.append({"AFiImageId": image_id, "type": kind})
            body = image_body(image_id, images[(2 * n + k) % len(images)], kind)
            calls.append(("amplifi", "POST", "/prospect/image", body))
        request = {
            "typeId": "ProspectCaptureSession",
            "intTag": f"{9000000 + n}",
            "name": "prospectCapture",
            "payload": {"deviceTag": "bench", "images": ids},
        }
        calls.append(("amplifi", "PUT", "/requests", json.dumps(request).encode()))
    for n in range(receipts):
        base = f"/priv/v1/apps/{API_KEY}/external/users/bare-{n}/image_validations"
        for p in range(3):
            b64 = pybase64.b64encode(images[(n + p) % len(images)])
            image = b'{"id": "bare-%d-%d", "mime_type": "image/jpg", "base64_data": "' % (n, p)
            image = b"".join((image, b64, b'"}'))
            if p == 0:
                fields = {
                    "validation_type": "receipt",
                    "campaign_permalink": "sandbox-receipts",
                    "image_count": 3,
                    "external_id": f"bare-{n}",
                }
                head = json.dumps(fields)[:-1].encode()
                body = b"".join((b'{"image_validation": ', head, b', "images": [', image, b"]}}"))
                calls.append(("create", "POST", base, body))
            else:
                calls.append(("add", "POST", base + "/{vid}/images", b'{"image": ' + image + b"}"))
    return calls


def bare_drain(server: SandboxProcess, calls: list[tuple[str, ...]]) -> tuple[float, float]:
    """Seconds (wall, CPU) for a plain httpx loop to send the calls (ids read from replies)."""
    headers = {"Content-Type": "application/json", "token": TOKEN}
    with httpx.Client(base_url=server.url, timeout=60, headers=headers) as client:
        vid = 0
        cpu = time.process_time()
        start = time.perf_counter()
        for kind, method, path, body in calls:
            reply = client.request(method, path.replace("{vid}", str(vid)), content=body)
            reply.raise_for_status()
            if kind == "create":
                vid = reply.json()["image_validation"]["id"]
        return time.perf_counter() - start, time.process_time() - cpu


def bench_drain(root: Path, rounds: int, sessions: int, receipts: int, size: int) -> dict:
    """Interleaved rounds of the worker and the bare loop; medians of jobs per second."""
    images = [jpeg_of_size(size, 10 + seed) for seed in range(6)]
    calls = bare_bodies(images, sessions, receipts)
    server = SandboxProcess()
    kiosk_rate, bare_rate, store_ms, kiosk_cpu, bare_cpu = [], [], [], [], []
    try:
        for r in range(rounds):
            for which in ("kiosk", "bare") if r % 2 == 0 else ("bare", "kiosk"):
                server.reset()
                if which == "kiosk":
                    where = root / f"drain-{r}"
                    seconds, delivered, in_store, cpu = kiosk_drain(
                        where, server, images, sessions, receipts
                    )
                    assert delivered == len(calls), (delivered, len(calls))
                    kiosk_rate.append(delivered / seconds)
                    store_ms.append(in_store * 1000 / delivered)
                    kiosk_cpu.append(cpu * 1000 / delivered)
                    shutil.rmtree(where)
                else:
                    seconds, cpu = bare_drain(server, calls)
                    bare_rate.append(len(calls) / seconds)
                    bare_cpu.append(cpu * 1000 / len(calls))
    finally:
        server.stop()
    kiosk, bare = statistics.median(kiosk_rate), statistics.median(bare_rate)
    ratios = sorted(k / b for k, b in zip(kiosk_rate, bare_rate, strict=True))
    mb = sum(len(c[3]) for c in calls) / 1e6
    return {
        "jobs": len(calls),
        "image_bytes": len(images[0]),
        "body_mb": mb,
        "kiosk_jobs_per_s": kiosk,
        "bare_jobs_per_s": bare,
        "kiosk_mb_per_s": kiosk * mb / len(calls),
        "ratio": statistics.median(ratios),
        "ratio_range": (ratios[0], ratios[-1]),
        "store_ms_per_job": statistics.median(store_ms),
        "kiosk_cpu_ms_per_job": statistics.median(kiosk_cpu),
        "bare_cpu_ms_per_job": statistics.median(bare_cpu),
        "rounds_kiosk": kiosk_rate,
        "rounds_bare": bare_rate,
    }


# -- memory (each phase in a fresh interpreter) ------------------------------------------


def memory_child(phase: str, data_dir: Path, jobs: int, url: str) -> dict[str, float]:
    """Run in a child process: RSS before and after queueing (or delivering from) ``jobs``."""
    settings = settings_for(data_dir, url)
    image = jpeg_of_size(2_000, 99)
    now = datetime.now().astimezone()
    with Outbox(settings) as box:
        if phase == "queue":
            box.submit_prospect(
                {"face": Capture(image, "image/jpeg", now)}, types=amplifi_types()
            )  # warm every path
            gc.collect()
            before = rss_mb()
            for _ in range((jobs - 2) // 2):
                box.submit_prospect(
                    {"face": Capture(image, "image/jpeg", now)}, types=amplifi_types()
                )
            status = box.store.status()
            box.store.jobs(limit=200)
            assert status.counts["pending"] >= jobs - 2, status.counts
        else:
            worker = box.worker(seed=1)
            box.store.status()
            worker.run_once()  # warm the clients and the code paths
            gc.collect()
            before = rss_mb()
            for _ in range(1000):
                worker.run_once()
            box.store.status()
            worker.clients.close()
        gc.collect()
        after = rss_mb()
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across exec.
    status = Path("/proc/self/status").read_text().splitlines()
    peak = next(int(ln.split()[1]) for ln in status if ln.startswith("VmHWM:")) * 1024 / 1e6
    return {"before_mb": before, "after_mb": after, "growth_mb": after - before, "peak_mb": peak}


def bench_memory(root: Path, jobs: int) -> dict[str, Any]:
    """Queue ``jobs`` jobs in one process, then deliver 1,000 of them from another."""
    server = SandboxProcess()
    data_dir = root / "memory"
    out: dict[str, Any] = {"jobs": jobs}
    try:
        for phase in ("queue", "deliver"):
            child = [__file__, "--memory-child", phase, str(data_dir), str(jobs), server.url]
            proc = subprocess.run(
                [sys.executable, *child], capture_output=True, text=True, check=True
            )
            out[phase] = json.loads(proc.stdout.strip().splitlines()[-1])
    finally:
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
    return out


# -- report ----------------------------------------------------------------------------


def machine() -> str:
    """uname -a and the CPU count, for the README."""
    return (
        f"{' '.join(platform.uname())}; nproc {os.cpu_count()}; Python {platform.python_version()}"
    )


def main() -> int:
    """Run the benchmarks and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", type=Path, default=Path("/var/tmp"), help="where files go")
    parser.add_argument("--image-bytes", type=int, default=1_000_000)
    parser.add_argument("--enqueue-count", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--sessions", type=int, default=20, help="prospect sessions to drain")
    parser.add_argument("--receipts", type=int, default=10, help="3-part receipts to drain")
    parser.add_argument("--memory-jobs", type=int, default=10_000)
    parser.add_argument("--only", choices=["enqueue", "drain", "memory"], default=None)
    parser.add_argument("--memory-child", nargs=4, metavar=("PHASE", "DIR", "JOBS", "URL"))
    args = parser.parse_args()
    if args.memory_child:
        phase, where, jobs, url = args.memory_child
        print(json.dumps(memory_child(phase, Path(where), int(jobs), url)))
        return 0
    root = Path(tempfile.mkdtemp(prefix="outbox-bench-", dir=args.dir))
    print(f"# outbox benchmark {datetime.now(UTC):%Y-%m-%d %H:%M} UTC\n# {machine()}")
    print(f"# files under {root}")
    try:
        if args.only in (None, "enqueue"):
            e = bench_enqueue(root, args.enqueue_count, args.rounds, args.image_bytes)
            print(f"enqueue of {e['image_bytes']:,} B images, ms per image (median of rounds):")
            for name, ms in e["ms"].items():
                print(
                    f"  {name:26s} {ms:6.2f} ms  {1000 / ms:5.0f}/s  ratio {e['ratio'][name]:.2f}"
                    f"  rounds {[round(x, 1) for x in e['rounds'][name]]}"
                )
            print("  (ratio: median over rounds of bare write+fsync+insert / this; target >= 0.7)")
        if args.only in (None, "drain"):
            d = bench_drain(root, args.rounds, args.sessions, args.receipts, args.image_bytes)
            low, high = d["ratio_range"]
            print(
                f"drain {d['jobs']} jobs ({d['body_mb']:.0f} MB of bodies): kiosk "
                f"{d['kiosk_jobs_per_s']:.1f} jobs/s ({d['kiosk_mb_per_s']:.1f} MB/s), "
                f"bare httpx {d['bare_jobs_per_s']:.1f} jobs/s"
            )
            print(
                f"  ratio {d['ratio']:.2f} (median of paired rounds, range {low:.2f}-{high:.2f}; "
                "target >= 0.8)"
            )
            print(
                f"  per job: kiosk {1000 / d['kiosk_jobs_per_s']:.1f} ms, bare "
                f"{1000 / d['bare_jobs_per_s']:.1f} ms; in the kiosk's, claim + complete "
                f"(two fsynced commits) {d['store_ms_per_job']:.1f} ms; client CPU kiosk "
                f"{d['kiosk_cpu_ms_per_job']:.1f} ms, bare {d['bare_cpu_ms_per_job']:.1f} ms"
            )
            print("  rounds kiosk jobs/s", [round(x, 1) for x in d["rounds_kiosk"]])
            print("  rounds bare jobs/s ", [round(x, 1) for x in d["rounds_bare"]])
        if args.only in (None, "memory"):
            m = bench_memory(root, args.memory_jobs)
            q, w = m["queue"], m["deliver"]
            print(
                f"memory, {m['jobs']:,} jobs queued: queueing process {q['before_mb']:.1f} -> "
                f"{q['after_mb']:.1f} MB (growth {q['growth_mb']:.1f} MB, peak {q['peak_mb']:.0f})"
                f"; worker on that queue delivering 1,000 {w['before_mb']:.1f} -> "
                f"{w['after_mb']:.1f} MB (growth {w['growth_mb']:.1f} MB, peak "
                f"{w['peak_mb']:.0f}) (target growth < 50 MB)"
            )
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
