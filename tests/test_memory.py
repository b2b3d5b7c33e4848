"""Keeping the kiosk's resident memory down: freed memory handed back, one heap, models
dropped after the work that needed them."""

from __future__ import annotations

import linecache
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

from kiosk.capture.evaluator import Evaluator
from kiosk.config import load_settings
from kiosk.memory import give_back_freed_memory, one_malloc_arena
from tests.sample_data import MODELS

glibc_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="malloc_trim and mallopt are glibc's"
)


def _rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def test_giving_back_forgets_cached_source_lines() -> None:
    linecache.getlines(__file__)
    assert __file__ in linecache.cache
    give_back_freed_memory()
    assert __file__ not in linecache.cache
    assert linecache.getlines(__file__)  # a traceback can still read them


@glibc_only
def test_freed_heap_pages_go_back_to_the_system() -> None:
    assert one_malloc_arena()
    freed: list[np.ndarray] = []
    kept: list[np.ndarray] = []

    def allocate() -> None:
        # Blocks under glibc's mmap threshold live in the heap, as a detector's buffers and
        # decoded frames do; a small block kept after each makes the freed ones holes that
        # glibc's own trimming of the heap's top never reaches.
        for _ in range(1600):  # 100 MB
            freed.append(np.ones(64 * 1024, np.uint8))
            kept.append(np.ones(2048, np.uint8))

    thread = threading.Thread(target=allocate)
    thread.start()
    thread.join()
    freed.clear()
    before = _rss_kb()  # the holes are still resident here (measured: 0 MB left)
    assert give_back_freed_memory()
    assert before - _rss_kb() > 60 * 1024  # most of the 100 MB went back
    kept.clear()


def test_a_released_detector_is_loaded_again_on_next_use(tmp_path: Path) -> None:
    settings = load_settings(None, device_tag="T", data_dir=tmp_path)
    evaluator = Evaluator(settings.capture, face_model=MODELS / "yunet_s_dynamic.onnx")
    first = evaluator.face_detector
    assert first is not None
    evaluator.release_detector()
    again = evaluator.face_detector
    assert again is not None and again is not first
