"""The OCR engine in a child process reads what the in-process engine reads, ends when
closed, and a child that dies gives a clear error and is restarted on the next read."""

from __future__ import annotations

import io
import json
import os
import signal
import sys
import time

import numpy as np
import pytest
from synth_documents import make_scene

from kiosk.capture.readers.mrz_reader import read_mrz
from kiosk.capture.readers.ocr import TextLine, in_process_ocr, ocr_installed
from kiosk.capture.readers.ocr_process import OcrProcess, OcrProcessError, serve
from tests.processes import alive

needs_ocr = pytest.mark.skipif(not ocr_installed(), reason="OCR extra not installed")


@needs_ocr
def test_the_child_reads_the_mrz_as_the_process_engine_does() -> None:
    scene = make_scene("passport", 311)
    here = read_mrz(scene.image, in_process_ocr())
    child = OcrProcess().start()
    try:
        there = read_mrz(scene.image, child)
        assert there.mrz is not None and there.mrz.valid
        assert there.mrz.text == scene.text == (here.mrz.text if here.mrz else None)
        pid = child.pid
        assert pid is not None and pid != os.getpid()
    finally:
        child.close()
    assert child.pid is None and not alive(pid)


@needs_ocr
def test_a_child_that_died_between_reads_is_replaced() -> None:
    child = OcrProcess().start()
    try:
        first = child.pid
        assert first is not None
        os.kill(first, signal.SIGKILL)
        while alive(first):  # dead, not yet reaped: what the next read finds
            time.sleep(0.01)
        blank = np.full((48, 320, 3), 255, np.uint8)
        assert child.read_line(blank).text.strip() == ""  # a new child answered
        assert child.pid not in (None, first)
    finally:
        child.close()


def test_a_child_that_dies_during_a_read_is_a_clear_error() -> None:
    # A stand-in child that reads the request's first line and exits without answering.
    child = OcrProcess([sys.executable, "-c", "import sys; sys.stdin.buffer.readline()"])
    try:
        with pytest.raises(OcrProcessError, match="the OCR process stopped"):
            child.read_line(np.zeros((4, 4, 3), np.uint8))
        assert child.pid is None
    finally:
        child.close()


class _Engine:
    """An engine that fails on one image, to see the loop survive it."""

    name = "test"

    def read_lines(self, image: np.ndarray) -> list[TextLine]:
        return [TextLine("A<B", 0.9, (1.0, 2.0, float(image.shape[1]), 3.0))]

    def read_line(self, image: np.ndarray) -> TextLine:
        if image.shape[0] == 1:
            raise ValueError("no")
        return TextLine("P<UTO", 0.8, (0.0, 0.0, 1.0, 1.0))


def test_the_serving_loop_answers_each_request_and_survives_a_failure() -> None:
    requests = io.BytesIO()
    for op, shape in (("line", (2, 3, 3)), ("line", (1, 4)), ("lines", (5, 7))):
        requests.write(json.dumps({"op": op, "shape": list(shape)}).encode() + b"\n")
        requests.write(bytes(int(np.prod(shape))))
    requests.seek(0)
    replies = io.BytesIO()
    assert serve(requests, replies, _Engine()) == 0
    answers = [json.loads(line) for line in replies.getvalue().splitlines()]
    assert answers == [
        {"lines": [["P<UTO", 0.8, 0.0, 0.0, 1.0, 1.0]]},
        {"error": "ValueError"},
        {"lines": [["A<B", 0.9, 1.0, 2.0, 7.0, 3.0]]},
    ]
