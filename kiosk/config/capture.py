"""Thresholds of the capture checks, every one of them configurable."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from kiosk.config.document import DocumentSettings


class FaceSettings(BaseModel):
    """Face detection (YuNet) and the portrait checks."""

    model_config = ConfigDict(extra="forbid")

    # YuNet's own demo uses 0.9; 0.8 keeps real kiosk lighting while rejecting posters/noise.
    score_threshold: float = Field(0.8, gt=0, lt=1)
    nms_threshold: float = Field(0.3, gt=0, lt=1)
    # Detection on the captured frame runs on a copy at most this long side: YuNet at 12 MP
    # costs ~1.5 s here (benchmarks/README.md), at 1280 px ~30 ms, and a kiosk face is never tiny.
    full_detect_max_side: int = Field(1280, ge=320)
    # ISO/IEC 19794-5 (the ICAO portrait profile), full frontal image: eye centres at least
    # 90 px apart (120 px recommended).
    min_eye_distance_px: float = Field(90.0, gt=0)
    # ISO/IEC 19794-5 puts the face's vertical midline at 45-55 % of the width; the guide is
    # the frame centre, so allow 10 % of the width sideways and 15 % of the height up/down.
    max_center_offset_x: float = Field(0.10, gt=0, le=0.5)
    max_center_offset_y: float = Field(0.15, gt=0, le=0.5)
    # ISO/IEC 19794-5 / ICAO 9303 part 3 portrait pose: roll within +-8 degrees.
    max_roll_deg: float = Field(8.0, gt=0, le=45)
    # Yaw from landmark symmetry; ICAO allows +-5 deg pitch/yaw for passports; the default
    # is 10 deg because the estimate from five landmarks is coarse.
    max_yaw_deg: float = Field(10.0, gt=0, le=60)
    # Variance of the Laplacian of the face region resampled to 128 px wide (so live and
    # full-resolution values compare); Pech-Pacheco et al. 2000 focus measure. Level set on
    # the astronaut photo and samples: sharp faces 50-190, Gaussian blur sigma >= 1 below 25.
    min_sharpness: float = Field(30.0, ge=0)
    # The same on live previews, where a face is only 50-100 px wide: measured at 48 px wide.
    # Sharp preview faces give 600-900, a full-frame blur of sigma 8 px gives 20-55.
    min_sharpness_live: float = Field(100.0, ge=0)
    # Mean face brightness 40..215 of 255 (capture requirement): ICAO 9303 part 3 asks for a
    # portrait neither under- nor over-exposed; these bounds leave the skin's mid-tones.
    min_brightness: float = Field(40.0, ge=0, le=255)
    max_brightness: float = Field(215.0, ge=0, le=255)
    # ISO/IEC 19794-5 lighting: no "hot spots" (specular reflections) on the face. Our reading:
    # at most 1 % of the face pixels clipped at >= 250 (measured: clean faces < 0.1 %).
    highlight_level: int = Field(250, ge=1, le=255)
    max_highlight_fraction: float = Field(0.01, ge=0, le=1)
    # ICAO portrait: head (chin to crown) 70-80 % of the image height; width:height 3:4.
    portrait_head_fraction: float = Field(0.75, gt=0.3, le=0.95)
    portrait_aspect: float = Field(0.75, gt=0.3, le=1.5)


class ReceiptSettings(BaseModel):
    """Receipt checks; each failure anticipates a SessionM invalid code."""

    model_config = ConfigDict(extra="forbid")

    # The receipt must not touch the frame: keep a margin of 1 % of the frame (code 2).
    min_margin_fraction: float = Field(0.01, ge=0, le=0.2)
    # The receipt must be a real part of the view, not a speck (fraction of the frame area).
    min_area_fraction: float = Field(0.08, gt=0, le=1)
    # Legibility (code 1): the receipt's short side at full resolution. Tesseract FAQ ("Is
    # there a minimum text size?"): below an x-height of 10 px there is very little chance of
    # accurate results. Thermal receipt print has a ~1.8 mm x-height, so 10 px needs ~150 dpi,
    # i.e. 472 px across 80 mm paper. Below that: come closer and capture in parts.
    min_width_px: float = Field(470.0, gt=0)
    # Variance of the Laplacian on the receipt resampled to 512 px wide (code 1): printed
    # receipts measure 700-1500 sharp; a Gaussian blur of 0.2 mm (sigma 3 px on 12 MP)
    # drops it below 100.
    min_sharpness: float = Field(100.0, ge=0)
    # The same on live previews, at 128 px wide: sharp previews 900+, sigma 3 px blur ~110.
    min_sharpness_live: float = Field(150.0, ge=0)
    min_brightness: float = Field(60.0, ge=0, le=255)
    max_brightness: float = Field(245.0, ge=0, le=255)
    # Glare: clipped pixels (>= level, and clearly above the paper's own median) in blobs,
    # as a fraction of the receipt area (code 1). Paper that is itself clipped shows no glare.
    glare_level: int = Field(250, ge=1, le=255)
    glare_above_paper: int = Field(20, ge=0, le=255)
    max_glare_fraction: float = Field(0.02, ge=0, le=1)
    # Near-duplicate (code 3): perceptual-hash similarity above 0.9 within the window.
    duplicate_similarity: float = Field(0.9, gt=0, le=1)
    duplicate_window_days: float = Field(30.0, gt=0)
    duplicate_max_entries: int = Field(2000, ge=1)
    # "Not a receipt" (code 5): receipts are mostly bright, unsaturated paper with text lines.
    min_paper_fraction: float = Field(0.45, ge=0, le=1)
    max_colour_fraction: float = Field(0.25, ge=0, le=1)
    min_text_rows_fraction: float = Field(0.15, ge=0, le=1)
    # Parts of a long receipt: each must overlap the previous one by this fraction of its
    # height so the server's reader can join them; SessionM takes up to image_count images.
    min_part_overlap: float = Field(0.05, ge=0, lt=1)
    max_parts: int = Field(10, ge=1)


class AutoCaptureSettings(BaseModel):
    """When the kiosk takes the picture itself, and when staff may step in."""

    model_config = ConfigDict(extra="forbid")

    stable_ms: float = Field(500.0, ge=0)
    # Consecutive subject boxes must overlap by at least this IoU to count as "still".
    min_box_iou: float = Field(0.95, gt=0, le=1)
    manual_after_s: float = Field(15.0, gt=0)
    max_failed_attempts: int = Field(3, ge=1)


class LiveSettings(BaseModel):
    """The live evaluator on preview frames."""

    model_config = ConfigDict(extra="forbid")

    # About 640x360 for 16:9 input: YuNet ~10 ms, the other checks ~1.5 ms (benchmarks/README).
    width: int = Field(640, ge=160)
    # Motion: mean absolute grey-level change between consecutive frames at 160 px wide.
    # Sensor noise is 1-2 levels; a hand tremor that blurs text at 1/30 s gives 4 or more.
    max_motion: float = Field(4.0, gt=0)


class CaptureSettings(BaseModel):
    """Capture check thresholds and auto-capture timing."""

    model_config = ConfigDict(extra="forbid")

    face: FaceSettings = Field(default_factory=FaceSettings)
    receipt: ReceiptSettings = Field(default_factory=ReceiptSettings)
    autocapture: AutoCaptureSettings = Field(default_factory=AutoCaptureSettings)
    live: LiveSettings = Field(default_factory=LiveSettings)
    document: DocumentSettings = Field(default_factory=DocumentSettings)
