"""Thresholds of the licence and passport checks, each with where its default comes from."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

# AAMVA DL/ID Card Design Standard, Annex D table D.3, version 2016+ mandatory elements,
# reduced to what identifies a person and bounds the card's validity.
DEFAULT_REQUIRED = ("DAQ", "DCS", "DAC", "DBB", "DBA", "DAJ")


class DocumentSettings(BaseModel):
    """Licence and passport capture thresholds."""

    model_config = ConfigDict(extra="forbid")

    # Detection runs on a copy this wide (px): gray + Canny + contours at 640 px cost about
    # 1.5 ms here (benchmarks/capture_bench.py), which keeps the live path at 30 fps.
    detect_width: int = Field(640, ge=160)
    # Relative aspect-ratio tolerance. ID-1 (1.586) and ID-3 (1.420) differ by 11.6 %, so a
    # tolerance under half of that still tells them apart; perspective at 10° changes the
    # apparent ratio by < 2 % (cos 10° = 0.985).
    aspect_tolerance: float = Field(0.055, gt=0, lt=0.5)
    # Capture requirement: "fully inside the frame with a margin" -- corners at least this
    # fraction of the frame's shorter side from every border (3 % of 1080 px = 32 px; our choice).
    edge_margin: float = Field(0.03, ge=0, lt=0.25)
    # Capture requirement: the document fills at least 60 % of the frame width.
    min_fill: float = Field(0.60, gt=0, le=1)
    # Above this fill the corners are too close to the border for a margin anyway.
    max_fill: float = Field(0.95, gt=0, le=1)
    # Capture requirement: in-plane tilt of the document's long edge at most 10 degrees.
    max_tilt_deg: float = Field(10.0, ge=0, le=45)
    # Capture requirement: glare at most 1 % of the document area, measured inside a 5 % margin.
    max_glare_fraction: float = Field(0.01, ge=0, le=1)
    glare_margin: float = Field(0.05, ge=0, lt=0.5)
    # A pixel is specular glare when it is clipped (>= 250 of 255) and nearly colourless:
    # specular reflection takes the illuminant's colour (dichromatic reflection model,
    # Shafer, "Using color to separate reflection components", 1985). The exact values are
    # this project's choice, checked on the generated set.
    glare_value: int = Field(250, ge=128, le=255)
    glare_max_saturation: int = Field(40, ge=0, le=255)
    # Variance of the Laplacian (Pech-Pacheco et al., ICPR 2000) over the crop's own
    # variance, x100, on the upright crop (640 px wide for the full check, 320 px live).
    # Our calibration on the generated set (tests/capture/synth_documents.py), 1080p:
    # sharp pages score 590-1430 full / 1000-2500 live; Gaussian blur sigma 4 px scores
    # 23-55 full / 180-345 live; sigma 2 px (still legible) 100-230 full.
    min_sharpness: float = Field(80.0, ge=0)
    min_sharpness_live: float = Field(500.0, ge=0)
    # Mean brightness of the document crop, 8-bit. The face default is 40-215; a paper-
    # white document correctly exposed is brighter, so the upper bound is raised to 235.
    min_brightness: float = Field(50.0, ge=0, le=255)
    max_brightness: float = Field(235.0, ge=0, le=255)
    # Capture requirement: perspective-corrected crop of at least 300 dpi where the camera allows
    # (300 dpi is also what Tesseract's "Improving the quality of the output" page asks for
    # OCR of printed text). When the camera cannot reach it at min_fill, the requirement
    # becomes the dpi that min_fill gives at the camera's full width.
    min_dpi: float = Field(300.0, gt=0)
    # Width in px of the perspective-corrected crop kept with the capture (0 = native dpi).
    crop_width_px: int = Field(0, ge=0)
    # Elements that must be present in the licence's AAMVA DL subfile (Annex D table D.3).
    aamva_required: list[str] = Field(default_factory=lambda: list(DEFAULT_REQUIRED))
    # Refuse a licence whose DBA expiry date is in the past.
    reject_expired: bool = True
