"""The one-slot latest-frame buffer, and the file sources: images, folders, video."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.camera.files import ImageSource, VideoFileSource
from kiosk.camera.frame import CameraError
from kiosk.camera.open import make_source
from kiosk.camera.source import FrameSource
from kiosk.config.camera import CameraSettings

COLOURS = [(0, 0, 255), (0, 255, 0), (255, 0, 0)]


def write_images(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, colour in enumerate(COLOURS):
        image = np.zeros((48, 64, 3), np.uint8)
        image[:] = colour
        path = folder / f"img{i}.png"
        cv2.imwrite(str(path), image)
        paths.append(path)
    return paths


def colour_index(image: np.ndarray) -> int:
    return int(np.argmax(image[0, 0]))  # B=0, G=1, R=2 -> COLOURS index 2, 1, 0


def wait_until(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.005)


def test_slot_keeps_only_the_newest_and_counts_drops(tmp_path: Path) -> None:
    write_images(tmp_path / "imgs")
    source = ImageSource(tmp_path / "imgs" / "img0.png", CameraSettings(fps=300))
    assert isinstance(source, FrameSource)
    source.open()
    first = source.wait_frame(0, timeout=5)
    assert first is not None and first.seq >= 1
    # Read nothing for a while: frames are replaced, not queued. Frames before ``first``
    # were dropped too, so wait for five more than those.
    wait_until(lambda: source.dropped >= first.seq - 1 + 5)
    source.close()
    newest = source.wait_frame(first.seq, timeout=1)
    assert newest is not None
    assert newest.seq > first.seq + 5  # the next read skips straight to the newest
    assert source.latest() is newest
    # Every frame produced was either read (first, newest) or dropped unread.
    assert source.dropped == newest.seq - 2
    assert source.wait_frame(newest.seq, timeout=0.2) is None  # closed: nothing newer


def test_frames_are_numbered_timed_and_read_only(tmp_path: Path) -> None:
    write_images(tmp_path / "imgs")
    with ImageSource(tmp_path / "imgs", CameraSettings(fps=120)) as source:
        frames = []
        seq = 0
        for _ in range(10):
            frame = source.wait_frame(seq, timeout=5)
            assert frame is not None
            frames.append(frame)
            seq = frame.seq
    seqs = [f.seq for f in frames]
    stamps = [f.timestamp for f in frames]
    assert seqs == sorted(set(seqs))
    assert all(b >= a for a, b in itertools.pairwise(stamps))
    with pytest.raises(ValueError):
        frames[0].image[0, 0] = 0  # shared between threads: drawing needs a copy


def test_image_folder_loops_in_name_order(tmp_path: Path) -> None:
    write_images(tmp_path / "imgs")
    settings = CameraSettings(fps=100, image_hold_s=0.05)
    source = make_source(settings.model_copy(update={"source": str(tmp_path / "imgs")}))
    assert isinstance(source, ImageSource)
    seen: list[int] = []
    with source:
        assert source.info.kind == "images"
        seq = 0
        deadline = time.monotonic() + 15
        while len(seen) < 5 and time.monotonic() < deadline:
            frame = source.wait_frame(seq, timeout=5)
            assert frame is not None
            seq = frame.seq
            index = colour_index(frame.image)
            if not seen or seen[-1] != index:
                seen.append(index)
        assert (source.info.width, source.info.height) == (64, 48)
    # COLOURS red, green, blue -> argmax 2, 1, 0; after blue it starts again at red.
    order = [2, 1, 0]
    start = order.index(seen[0])
    assert seen[:5] == [order[(start + i) % 3] for i in range(5)]
    assert source.loops >= 1


def test_unreadable_images_are_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "imgs"
    write_images(folder)
    (folder / "img1.png").write_bytes(b"not a png")
    with ImageSource(folder, CameraSettings(fps=100, image_hold_s=0.02)) as source:
        wait_until(lambda: source.skipped >= 1)
        frame = source.latest()
        assert frame is not None and colour_index(frame.image) in (0, 2)


def test_missing_or_empty_paths_fail_clearly(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(CameraError, match="has no images"):
        ImageSource(tmp_path / "empty").open()
    source = ImageSource(tmp_path / "nothing.png")
    with pytest.raises(CameraError, match="does not exist"):
        source.open()
    assert source.state == "failed"
    with pytest.raises(CameraError, match="does not exist"):
        VideoFileSource(tmp_path / "nothing.avi").open()
    (tmp_path / "fake.avi").write_text("not a video")
    with pytest.raises(CameraError, match=r"cannot open video file .* \(missing or unsupported"):
        VideoFileSource(tmp_path / "fake.avi").open()


def test_without_ffmpeg_an_unopened_video_names_the_format_that_plays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The installed kiosk's launcher switches OpenCV's FFmpeg back end off.
    monkeypatch.setenv("OPENCV_VIDEOIO_PRIORITY_FFMPEG", "0")
    (tmp_path / "clip.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(64))
    with pytest.raises(CameraError, match=r"not a Motion-JPEG \.avi, the one video format"):
        VideoFileSource(tmp_path / "clip.mp4").open()


def write_video(path: Path, frames: int = 6) -> None:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 25.0, (96, 64))
    assert writer.isOpened()
    for i in range(frames):
        writer.write(np.full((64, 96, 3), 20 + 40 * i, np.uint8))
    writer.release()


def test_video_file_plays_in_a_loop(tmp_path: Path) -> None:
    path = tmp_path / "clip.avi"
    write_video(path)
    source = make_source(CameraSettings(source=str(path), video_fps=200))
    assert isinstance(source, VideoFileSource)
    levels: list[int] = []
    with source:
        seq = 0
        while source.loops < 2:
            frame = source.wait_frame(seq, timeout=5)
            assert frame is not None
            seq = frame.seq
            levels.append(round((int(frame.image.mean()) - 20) / 40))
        info = source.info
    assert (info.width, info.height, info.kind) == (96, 64, "video")
    assert set(levels) <= set(range(6))
    # It went back to the start: a frame level drops after reaching the end.
    assert any(b < a for a, b in itertools.pairwise(levels))
    assert source.state == "closed"
