"""Receipt fingerprints in the outbox database: hashes only, private, windowed, capped, and
concurrent processes keep every entry."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

from kiosk.capture.phash import best_match
from kiosk.outbox.receipt_hashes import LEGACY_NAME, ReceiptHashes

REMEMBER_50 = """
import sys
from pathlib import Path
from kiosk.outbox.receipt_hashes import ReceiptHashes
store = ReceiptHashes.in_data_dir(Path(sys.argv[1]), 30.0, 2000)
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
    store = ReceiptHashes.in_data_dir(kiosk_env, 30.0, 2000)
    try:
        for worker in range(8):
            for n in range(50):
                match = best_match((worker << 32) | n, store.recent())
                assert match is not None and match.similarity == 1.0, (worker, n)
        conn = sqlite3.connect(kiosk_env / "outbox.sqlite3")
        assert conn.execute("SELECT COUNT(*) FROM receipt_hashes").fetchone()[0] == 400
        conn.close()
    finally:
        store.close()


def test_entries_expire_after_the_window(kiosk_env: Path) -> None:
    store = ReceiptHashes.in_data_dir(kiosk_env, 30.0, 2000)
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
    store = ReceiptHashes.in_data_dir(kiosk_env, 30.0, 2000)
    try:
        assert store.recent(now) == [(0x1234, now)]
        assert not legacy.exists()
    finally:
        store.close()


def test_only_hashes_are_kept_in_a_private_file_within_the_window(tmp_path: Path) -> None:
    store = ReceiptHashes(tmp_path / "data" / "outbox.sqlite3", window_days=30)
    value = 0x8F3A_51C2_0D77_E619
    store.remember(value, now=1_000_000.0)
    mode = stat.S_IMODE(os.stat(store.path).st_mode)
    assert mode == 0o600
    conn = sqlite3.connect(store.path)
    rows = conn.execute("SELECT * FROM receipt_hashes").fetchall()
    conn.close()
    assert [row[1:] for row in rows] == [(f"{value:016x}", 1_000_000.0)]  # no pixels
    assert store.recent(1_000_000.0 + 86400) == [(value, 1_000_000.0)]
    # Outside the window the old submission no longer counts.
    assert store.recent(1_000_000.0 + 31 * 86400) == []
    store.close()


def test_a_damaged_store_reads_as_empty_and_is_replaced_on_remember(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    path.write_text("{not a database")
    store = ReceiptHashes(path)
    assert store.recent() == []
    store.remember(123, now=5.0)
    assert store.recent(6.0) == [(123, 5.0)]
    store.close()


def test_the_store_is_capped(tmp_path: Path) -> None:
    store = ReceiptHashes(tmp_path / "outbox.sqlite3", max_entries=3)
    for i in range(5):
        store.remember(1 << i, now=float(i))
    assert sorted(value for value, _ in store.recent(10.0)) == [1 << 2, 1 << 3, 1 << 4]
    store.close()
