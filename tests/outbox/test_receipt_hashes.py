"""Receipt fingerprints in the outbox database: concurrent processes keep every entry."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from kiosk.capture.phash import LEGACY_NAME, HashStore

REMEMBER_50 = """
import sys
from pathlib import Path
from kiosk.capture.phash import HashStore
store = HashStore.in_data_dir(Path(sys.argv[1]), 30.0, 2000)
worker = int(sys.argv[2])
for n in range(50):
    store.remember((worker << 32) | n)
store.close()
"""


def test_eight_processes_remembering_at_once_keep_all_400(kiosk_env: Path) -> None:
    kiosk_env.mkdir(parents=True, exist_ok=True)
    children = [
        subprocess.Popen([sys.executable, "-c", REMEMBER_50, str(kiosk_env), str(worker)])
        for worker in range(8)
    ]
    assert [child.wait(timeout=120) for child in children] == [0] * 8
    store = HashStore.in_data_dir(kiosk_env, 30.0, 2000)
    try:
        for worker in range(8):
            for n in range(50):
                match = store.best_match((worker << 32) | n)
                assert match is not None and match.similarity == 1.0, (worker, n)
        conn = sqlite3.connect(kiosk_env / "outbox.sqlite3")
        assert conn.execute("SELECT COUNT(*) FROM receipt_hashes").fetchone()[0] == 400
        conn.close()
    finally:
        store.close()


def test_entries_expire_after_the_window(kiosk_env: Path) -> None:
    store = HashStore.in_data_dir(kiosk_env, 30.0, 2000)
    try:
        start = time.time() - 40 * 86400
        store.remember(0xABC, now=start)
        store.remember(0xDEF, now=start + 35 * 86400)  # this commit drops the first
        conn = sqlite3.connect(kiosk_env / "outbox.sqlite3")
        kept = [r[0] for r in conn.execute("SELECT hash FROM receipt_hashes")]
        conn.close()
        assert kept == [f"{0xDEF:016x}"]
    finally:
        store.close()


def test_the_json_file_of_earlier_versions_is_imported_once(kiosk_env: Path) -> None:
    kiosk_env.mkdir(parents=True, exist_ok=True)
    now = time.time()
    legacy = kiosk_env / LEGACY_NAME
    legacy.write_text(json.dumps({"hashes": [{"hash": f"{0x1234:016x}", "at": now}]}))
    store = HashStore.in_data_dir(kiosk_env, 30.0, 2000)
    try:
        assert store.best_match(0x1234, now=now).similarity == 1.0
        assert not legacy.exists()
    finally:
        store.close()
