"""Translatable names for what the core reports in English: checks, instructions, states.

The core speaks English (its instructions are plain sentences); the UI shows them through
Qt's translator under the contexts below. ``QT_TRANSLATE_NOOP`` marks them for lupdate.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from kiosk.capture.meters import Meter

# The core names checks by identifier; customers and staff read these labels: plain words for
# what the picture shows, never the measure behind it (no "dpi", no "aspect").
_CHECK_LABELS = {
    "face_model": QT_TRANSLATE_NOOP("Checks", "Face detection"),
    "face_count": QT_TRANSLATE_NOOP("Checks", "One face"),
    "eye_distance": QT_TRANSLATE_NOOP("Checks", "Close enough"),
    "centered": QT_TRANSLATE_NOOP("Checks", "Centred"),
    "roll": QT_TRANSLATE_NOOP("Checks", "Head straight"),
    "yaw": QT_TRANSLATE_NOOP("Checks", "Facing the camera"),
    "exposure": QT_TRANSLATE_NOOP("Checks", "Lighting"),
    "highlights": QT_TRANSLATE_NOOP("Checks", "No shine"),
    "sharpness": QT_TRANSLATE_NOOP("Checks", "Sharp"),
    "motion": QT_TRANSLATE_NOOP("Checks", "Steady"),
    "document": QT_TRANSLATE_NOOP("Checks", "Document found"),
    "inside_frame": QT_TRANSLATE_NOOP("Checks", "Inside the frame"),
    "resolution": QT_TRANSLATE_NOOP("Checks", "Close enough to read"),
    "glare": QT_TRANSLATE_NOOP("Checks", "No glare"),
    "receipt_like": QT_TRANSLATE_NOOP("Checks", "Looks like a receipt"),
    "duplicate": QT_TRANSLATE_NOOP("Checks", "Not sent before"),
    "checks": QT_TRANSLATE_NOOP("Checks", "Checks could run"),
    "part_overlap": QT_TRANSLATE_NOOP("Checks", "Overlaps the previous part"),
    "aamva": QT_TRANSLATE_NOOP("Checks", "Licence data valid"),
    "aspect": QT_TRANSLATE_NOOP("Checks", "Held flat to the camera"),
    "aspect_ratio": QT_TRANSLATE_NOOP("Checks", "Held flat to the camera"),
    "barcode": QT_TRANSLATE_NOOP("Checks", "Barcode visible"),
    "corners": QT_TRANSLATE_NOOP("Checks", "All four corners in view"),
    "fill": QT_TRANSLATE_NOOP("Checks", "Big enough in the picture"),
    "found": QT_TRANSLATE_NOOP("Checks", "Document found"),
    "mrz": QT_TRANSLATE_NOOP("Checks", "Passport code read"),
    "mrz_band": QT_TRANSLATE_NOOP("Checks", "Passport code visible"),
    "pdf417": QT_TRANSLATE_NOOP("Checks", "Barcode read"),
    "resolution_dpi": QT_TRANSLATE_NOOP("Checks", "Close enough to read"),
    "tilt": QT_TRANSLATE_NOOP("Checks", "Straight"),
    "other_side": QT_TRANSLATE_NOOP("Checks", "The other side of the card"),
    "portrait": QT_TRANSLATE_NOOP("Checks", "Photo on the card"),
}

_INSTRUCTIONS = (
    QT_TRANSLATE_NOOP("Instructions", "Look at the camera"),
    QT_TRANSLATE_NOOP("Instructions", "Only one person in the picture, please"),
    QT_TRANSLATE_NOOP("Instructions", "Move closer"),
    QT_TRANSLATE_NOOP("Instructions", "Centre your face in the guide"),
    QT_TRANSLATE_NOOP("Instructions", "Keep your head straight"),
    QT_TRANSLATE_NOOP("Instructions", "Look straight at the camera"),
    QT_TRANSLATE_NOOP("Instructions", "Hold still, the picture is blurred"),
    QT_TRANSLATE_NOOP("Instructions", "Too dark: more light on your face, please"),
    QT_TRANSLATE_NOOP("Instructions", "Too bright: move out of the direct light"),
    QT_TRANSLATE_NOOP("Instructions", "Shine on your face: move away from the bright light"),
    QT_TRANSLATE_NOOP("Instructions", "Face checks unavailable: face model not found"),
    QT_TRANSLATE_NOOP("Instructions", "Place the receipt flat on a dark surface in view"),
    QT_TRANSLATE_NOOP("Instructions", "Fit the whole receipt in the frame"),
    QT_TRANSLATE_NOOP("Instructions", "Move closer; capture a long receipt in parts"),
    QT_TRANSLATE_NOOP("Instructions", "Too dark: more light on the receipt, please"),
    QT_TRANSLATE_NOOP("Instructions", "Too bright: move the receipt out of the direct light"),
    QT_TRANSLATE_NOOP("Instructions", "Tilt the receipt to remove glare"),
    QT_TRANSLATE_NOOP("Instructions", "Hold still, the receipt is blurred"),
    QT_TRANSLATE_NOOP("Instructions", "This does not look like a receipt"),
    QT_TRANSLATE_NOOP("Instructions", "This receipt was already submitted"),
    QT_TRANSLATE_NOOP("Instructions", "Hold still"),
    QT_TRANSLATE_NOOP("Instructions", "Document checks unavailable in this build"),
    QT_TRANSLATE_NOOP("Instructions", "Overlap this part with the end of the previous one"),
    QT_TRANSLATE_NOOP("Instructions", "No more parts can be added"),
    # Licence and passport checks ({noun} is "card" or "passport" in the core).
    QT_TRANSLATE_NOOP("Instructions", "Show the card to the camera"),
    QT_TRANSLATE_NOOP("Instructions", "Show the whole card"),
    QT_TRANSLATE_NOOP("Instructions", "Show the whole card, flat to the camera"),
    QT_TRANSLATE_NOOP("Instructions", "Move the card closer"),
    QT_TRANSLATE_NOOP("Instructions", "Move the card back a little"),
    QT_TRANSLATE_NOOP("Instructions", "Straighten the card"),
    QT_TRANSLATE_NOOP("Instructions", "Tilt the card to remove glare"),
    QT_TRANSLATE_NOOP("Instructions", "Hold the card still and flat"),
    QT_TRANSLATE_NOOP("Instructions", "Show the passport to the camera"),
    QT_TRANSLATE_NOOP("Instructions", "Show the whole passport"),
    QT_TRANSLATE_NOOP("Instructions", "Show the whole passport, flat to the camera"),
    QT_TRANSLATE_NOOP("Instructions", "Move the passport closer"),
    QT_TRANSLATE_NOOP("Instructions", "Move the passport back a little"),
    QT_TRANSLATE_NOOP("Instructions", "Straighten the passport"),
    QT_TRANSLATE_NOOP("Instructions", "Tilt the passport to remove glare"),
    QT_TRANSLATE_NOOP("Instructions", "Hold the passport still and flat"),
    QT_TRANSLATE_NOOP("Instructions", "Too dark: add light"),
    QT_TRANSLATE_NOOP("Instructions", "Too bright: reduce the light"),
    QT_TRANSLATE_NOOP("Instructions", "Turn the card over to show the barcode"),
    QT_TRANSLATE_NOOP("Instructions", "The licence barcode is incomplete: ask a member of staff"),
    QT_TRANSLATE_NOOP(
        "Instructions", "The licence expiry date cannot be read: ask a member of staff"
    ),
    QT_TRANSLATE_NOOP("Instructions", "This licence has expired"),
    QT_TRANSLATE_NOOP("Instructions", "This barcode is not from a driver's licence"),
    QT_TRANSLATE_NOOP("Instructions", "Show the passport photo page"),
    QT_TRANSLATE_NOOP("Instructions", "MRZ not verified: OCR not installed"),
    QT_TRANSLATE_NOOP("Instructions", "That is the same side again"),
    QT_TRANSLATE_NOOP("Instructions", "Show the front of the licence, with the photo"),
)

# Staff meter templates (kiosk.capture.meters.TEMPLATES; a test keeps the two lists equal).
_METERS = (
    QT_TRANSLATE_NOOP("Meters", "faces %1, need %2"),
    QT_TRANSLATE_NOOP("Meters", "eyes %1 px apart, need %2"),
    QT_TRANSLATE_NOOP("Meters", "off centre %1 % across, %2 % down; max %3, %4"),
    QT_TRANSLATE_NOOP("Meters", "head tilt %1°, max %2°"),
    QT_TRANSLATE_NOOP("Meters", "head turn %1°, max %2°"),
    QT_TRANSLATE_NOOP("Meters", "brightness %1 of 255, need %2–%3"),
    QT_TRANSLATE_NOOP("Meters", "shine %1 % of face, max %2 %"),
    QT_TRANSLATE_NOOP("Meters", "sharpness %1, need %2"),
    QT_TRANSLATE_NOOP("Meters", "movement %1 grey levels, max %2"),
    QT_TRANSLATE_NOOP("Meters", "in view"),
    QT_TRANSLATE_NOOP("Meters", "not in view"),
    QT_TRANSLATE_NOOP("Meters", "edge room %1 % of frame, need %2 %"),
    QT_TRANSLATE_NOOP("Meters", "shape %1:1, need %2:1 ± %3 %"),
    QT_TRANSLATE_NOOP("Meters", "width %1 % of frame, need %2–%3 %"),
    QT_TRANSLATE_NOOP("Meters", "tilt %1°, max %2°"),
    QT_TRANSLATE_NOOP("Meters", "glare %1 % of card, max %2 %"),
    QT_TRANSLATE_NOOP("Meters", "detail %1 dpi, need %2"),
    QT_TRANSLATE_NOOP("Meters", "barcode %1 % of card, need %2 %"),
    QT_TRANSLATE_NOOP("Meters", "no barcode in view"),
    QT_TRANSLATE_NOOP("Meters", "barcode read"),
    QT_TRANSLATE_NOOP("Meters", "barcode not read"),
    QT_TRANSLATE_NOOP("Meters", "licence data complete"),
    QT_TRANSLATE_NOOP("Meters", "licence data refused"),
    QT_TRANSLATE_NOOP("Meters", "passport code in view"),
    QT_TRANSLATE_NOOP("Meters", "no passport code in view"),
    QT_TRANSLATE_NOOP("Meters", "check digits and fields valid"),
    QT_TRANSLATE_NOOP("Meters", "passport code not read"),
    QT_TRANSLATE_NOOP("Meters", "width %1 px, need %2"),
    QT_TRANSLATE_NOOP("Meters", "paper %1 % of area, need %2 %"),
    QT_TRANSLATE_NOOP("Meters", "likeness to a sent one %1 %, max %2 %"),
    QT_TRANSLATE_NOOP("Meters", "overlap %1 %, need %2 %"),
    QT_TRANSLATE_NOOP("Meters", "first part"),
    QT_TRANSLATE_NOOP("Meters", "likeness to the front %1 %, max %2 %"),
    QT_TRANSLATE_NOOP("Meters", "no front to compare"),
    QT_TRANSLATE_NOOP("Meters", "not judged: no face model"),
    QT_TRANSLATE_NOOP("Meters", "passed"),
    QT_TRANSLATE_NOOP("Meters", "failed"),
    QT_TRANSLATE_NOOP("Meters", "unavailable"),
)


@dataclass(frozen=True)
class KindTexts:
    """A capture kind's words: its title and what the customer does ("Kinds"), and its name
    on a New customer choice button ("FlowSteps"; None: its title)."""

    title: str
    hint: str
    choice: str | None = None


# Every capture kind's words, by kind id (kiosk.kinds; a test checks each kind has them).
KIND_TEXTS = {
    "face": KindTexts(
        QT_TRANSLATE_NOOP("Kinds", "Face photo"),
        QT_TRANSLATE_NOOP("Kinds", "Look at the camera and keep your face inside the oval."),
        QT_TRANSLATE_NOOP("FlowSteps", "Face photo"),
    ),
    # A licence's two sides share one choice: the customer chooses the licence.
    "license_front": KindTexts(
        QT_TRANSLATE_NOOP("Kinds", "Driver's licence – front"),
        QT_TRANSLATE_NOOP("Kinds", "Hold the front of the licence flat inside the frame."),
        QT_TRANSLATE_NOOP("FlowSteps", "Driver's licence"),
    ),
    "license_back": KindTexts(
        QT_TRANSLATE_NOOP("Kinds", "Driver's licence – back"),
        QT_TRANSLATE_NOOP("Kinds", "Turn the licence over: the barcode side inside the frame."),
        QT_TRANSLATE_NOOP("FlowSteps", "Driver's licence"),
    ),
    "passport": KindTexts(
        QT_TRANSLATE_NOOP("Kinds", "Passport photo page"),
        QT_TRANSLATE_NOOP(
            "Kinds", "Open the passport at the photo page and place it inside the frame."
        ),
        QT_TRANSLATE_NOOP("FlowSteps", "Passport"),
    ),
    "receipt": KindTexts(
        QT_TRANSLATE_NOOP("Kinds", "Receipt"),
        QT_TRANSLATE_NOOP("Kinds", "Lay the receipt flat on the tray, the whole receipt in view."),
    ),
}

# SessionM's documented invalid-code descriptions (kiosk.api.sessionm_models), for lupdate.
_INVALID = (
    QT_TRANSLATE_NOOP("InvalidCodes", "Unknown"),
    QT_TRANSLATE_NOOP("InvalidCodes", "Receipt cannot be read clearly"),
    QT_TRANSLATE_NOOP("InvalidCodes", "Receipt is cropped"),
    QT_TRANSLATE_NOOP("InvalidCodes", "Receipt submitted twice"),
    QT_TRANSLATE_NOOP("InvalidCodes", "Receipt submitted outside of campaign dates"),
    QT_TRANSLATE_NOOP("InvalidCodes", "Image is not a receipt"),
    QT_TRANSLATE_NOOP("InvalidCodes", "No valid purchases found"),
    QT_TRANSLATE_NOOP("InvalidCodes", "Purchases are from a non-qualifying store"),
    QT_TRANSLATE_NOOP("InvalidCodes", "Image cannot be read clearly"),
    QT_TRANSLATE_NOOP("InvalidCodes", "Image is unrelated to campaign"),
    QT_TRANSLATE_NOOP("InvalidCodes", "Image submitted twice"),
    QT_TRANSLATE_NOOP("InvalidCodes", "Image submitted outside of campaign dates"),
    QT_TRANSLATE_NOOP("InvalidCodes", "Image has no valid purchases found, similar to 6"),
    QT_TRANSLATE_NOOP("InvalidCodes", "Multiple submissions not allowed for this campaign"),
    QT_TRANSLATE_NOOP("InvalidCodes", "Required fields missing from the receipt"),
    QT_TRANSLATE_NOOP("InvalidCodes", "Loyalty card linked to same retailer"),
    QT_TRANSLATE_NOOP("InvalidCodes", "Award limit reached"),
    QT_TRANSLATE_NOOP("InvalidCodes", "Image appears to have been altered."),
    QT_TRANSLATE_NOOP("InvalidCodes", "Non-participating region"),
)

_STATES = {
    "pending": QT_TRANSLATE_NOOP("States", "queued"),
    "in_flight": QT_TRANSLATE_NOOP("States", "sending"),
    "done": QT_TRANSLATE_NOOP("States", "delivered"),
    "failed": QT_TRANSLATE_NOOP("States", "failed"),
    "incomplete": QT_TRANSLATE_NOOP("States", "waiting for images"),
    "valid": QT_TRANSLATE_NOOP("States", "valid"),
    "invalid": QT_TRANSLATE_NOOP("States", "invalid"),
}


# Every check the UI names (for sizing panels that list them).
CHECK_NAMES = tuple(_CHECK_LABELS)


def translate(context: str, text: str) -> str:
    """``text`` in the current language."""
    return QCoreApplication.translate(context, text)


def check_label(name: str) -> str:
    """A check's display name (its identifier when the core adds one the UI does not know)."""
    return translate("Checks", _CHECK_LABELS.get(name, name))


def instruction(text: str) -> str:
    """A core instruction in the current language (unknown ones pass through)."""
    return translate("Instructions", text) if text else ""


def meter(m: Meter) -> str:
    """A staff meter in the current language, its numbers in place."""
    return m.fill(translate("Meters", m.template))


def kind_label(kind: str) -> str:
    """A capture kind's display name (by its id, ``license_front``; the id when it has none)."""
    words = KIND_TEXTS.get(kind)
    return translate("Kinds", words.title) if words else kind


def kind_hint(kind: str) -> str:
    """What the customer should do for this kind."""
    words = KIND_TEXTS.get(kind)
    return translate("Kinds", words.hint) if words else ""


def kind_choice(kind: str) -> str:
    """A kind's name on a New customer choice button (a licence's two sides share one)."""
    words = KIND_TEXTS.get(kind)
    if words is not None and words.choice is not None:
        return translate("FlowSteps", words.choice)
    return kind_label(kind)


def state_label(state: str) -> str:
    """A job or validation state's display name."""
    return translate("States", _STATES.get(state, state))


def invalid_reason(text: str) -> str:
    """A SessionM invalid-code description in the current language."""
    return translate("InvalidCodes", text)
