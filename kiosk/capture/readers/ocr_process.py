"""The OCR engine in a child process that lives only while it is needed.

onnxruntime and RapidOCR stay resident once loaded: dropping the engine gave back only a
third of what the first passport picture added to the kiosk app (about 55 MB kept, measured
on the demo, benchmarks/README.md). In a child process the whole of it goes back to the
system when the passport step ends. The child is ``kiosk ocr-worker``; it reads requests
on stdin and answers on stdout:

- request: one JSON line ``{"op": "lines" | "line", "shape": [h, w] or [h, w, 3]}`` and
  then the image's bytes (uint8, row after row);
- reply: one JSON line ``{"lines": [[text, score, x, y, w, h], ...]}`` or
  ``{"error": "<exception type>"}``.

Recognised text is personal data: it crosses the pipe and is never logged on either side.
"""

from __future__ import annotations

import contextlib
import json
import logging
import select
import subprocess
import sys
import threading
from typing import IO, Any

import numpy as np

from kiosk.capture.readers.ocr import OcrEngine, TextLine
from kiosk.child_process import die_with_parent, end, running_pid
from kiosk.errors import KioskError

log = logging.getLogger(__name__)

# Loading the engine in the child takes about a second on the 2-core kiosk; a read of an MRZ
# line about 20 ms. A reply slower than this means the child is stuck.
REPLY_TIMEOUT_S = 60.0


class OcrProcessError(KioskError):
    """The OCR child process could not read (it stopped, hung or failed)."""


class OcrProcess:
    """An ``OcrEngine`` whose work is done by a ``kiosk ocr-worker`` child process."""

    name = "rapidocr (own process)"

    def __init__(self, command: list[str] | None = None) -> None:
        self._command = command or [sys.executable, "-m", "kiosk", "ocr-worker"]
        self._proc: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()

    @property
    def pid(self) -> int | None:
        """The child's process id while it runs."""
        return running_pid(self._proc)

    def start(self) -> OcrProcess:
        """Start the child (it loads the engine at once); returns without waiting for it."""
        with self._lock:
            self._start_locked()
        return self

    def _start_locked(self) -> subprocess.Popen[bytes]:
        if self._proc is not None and self._proc.poll() is not None:
            status = self._proc.returncode
            log.warning("the OCR process had ended (status %s); starting another", status)
            _close_pipes(self._proc)
            self._proc = None
        if self._proc is None:
            self._proc = subprocess.Popen(
                self._command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                preexec_fn=die_with_parent,
            )
        return self._proc

    def close(self) -> None:
        """End the child: its memory goes back to the system."""
        with self._lock:
            proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.stdin is not None:
            with contextlib.suppress(OSError):  # it may have gone already
                proc.stdin.close()  # end of input: the child leaves its loop
        end(proc, "the OCR process", 5.0, asked=True)
        _close_pipes(proc)

    def read_lines(self, image: np.ndarray) -> list[TextLine]:
        """Lines found in the image, top to bottom."""
        return self._ask("lines", image)

    def read_line(self, image: np.ndarray) -> TextLine:
        """The image read as one line of text."""
        lines = self._ask("line", image)
        return lines[0] if lines else TextLine("", 0.0, (0.0, 0.0, 0.0, 0.0))

    def _ask(self, op: str, image: np.ndarray) -> list[TextLine]:
        pixels = np.ascontiguousarray(image, dtype=np.uint8)
        header = json.dumps({"op": op, "shape": list(pixels.shape)}).encode() + b"\n"
        with self._lock:
            proc = self._start_locked()
            assert proc.stdin is not None and proc.stdout is not None
            try:
                proc.stdin.write(header)
                proc.stdin.write(pixels.tobytes())
                proc.stdin.flush()
                reply = _read_reply(proc.stdout, REPLY_TIMEOUT_S)
            except (OSError, TimeoutError) as exc:
                proc.kill()
                proc.wait(timeout=5)
                _close_pipes(proc)
                self._proc = None
                raise OcrProcessError(f"the OCR process stopped ({type(exc).__name__})") from None
        if "error" in reply:
            raise OcrProcessError(f"the OCR process failed ({reply['error']})")
        return [
            TextLine(str(text), float(score), (float(x), float(y), float(w), float(h)))
            for text, score, x, y, w, h in reply["lines"]
        ]


def _close_pipes(proc: subprocess.Popen[bytes]) -> None:
    for pipe in (proc.stdin, proc.stdout):
        if pipe is not None:
            with contextlib.suppress(OSError):  # a write buffered for a child that is gone
                pipe.close()


def _read_reply(stream: IO[bytes], timeout: float) -> dict[str, Any]:
    ready, _, _ = select.select([stream], [], [], timeout)
    if not ready:
        raise TimeoutError
    line = stream.readline()
    if not line:
        raise BrokenPipeError
    return dict(json.loads(line))


# The largest picture a request may declare: the intake's 100 MP limit (kiosk.imaging).
MAX_PIXELS = 100_000_000


def _shape(value: object) -> tuple[int, ...]:
    """A request's image shape, or ValueError before anything that size is read."""
    if not isinstance(value, list) or len(value) not in (2, 3):
        raise ValueError("shape must be [h, w] or [h, w, 3]")
    shape = tuple(int(n) for n in value)
    if min(shape[:2]) < 1 or shape[0] * shape[1] > MAX_PIXELS or shape[2:] not in ((), (3,)):
        raise ValueError("shape out of range")
    return shape


def serve(source: IO[bytes], sink: IO[bytes], engine: OcrEngine) -> int:
    """The child's loop: answer requests until the input ends; returns the exit status."""
    while header := source.readline():
        request = json.loads(header)
        shape = _shape(request["shape"])
        data = source.read(int(np.prod(shape)))
        image = np.frombuffer(data, np.uint8).reshape(shape)
        try:
            if request["op"] == "line":
                found = [engine.read_line(image)]
            else:
                found = engine.read_lines(image)
            reply: dict[str, Any] = {"lines": [[t.text, t.score, *t.box] for t in found]}
        except Exception as exc:  # a failed read must not end the child
            log.error("OCR read failed: %s", type(exc).__name__)
            reply = {"error": type(exc).__name__}
        sink.write(json.dumps(reply).encode() + b"\n")
        sink.flush()
    return 0
