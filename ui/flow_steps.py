"""The New customer steps as a branch configures them (``app.prospect_steps``).

Each entry is one step: a kind id (``face``), kinds taken together (``license_front+
license_back``), alternatives the customer chooses between (``license_front+license_back|
passport``), and a final ``?`` when the step may be skipped with a reason. The config
checks the syntax; this reads it and checks the kinds against the registry.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from kiosk.kinds import KINDS

# Why a step was skipped: recorded in English with the submission, shown translated.
SKIP_REASONS = (
    QT_TRANSLATE_NOOP("FlowSteps", "The customer does not have this document"),
    QT_TRANSLATE_NOOP("FlowSteps", "The customer did not bring it today"),
    QT_TRANSLATE_NOOP("FlowSteps", "Staff: not needed for this customer"),
)


def words(text: str) -> str:
    """A skip reason or a document's name in the current language."""
    return QCoreApplication.translate("FlowSteps", text)


class StepsError(ValueError):
    """A configured step names a kind the New customer flow cannot take."""


@dataclass(frozen=True)
class Step:
    """One configured step: its alternatives (each a list of kinds) and whether it may be
    skipped."""

    text: str
    options: tuple[tuple[str, ...], ...]
    optional: bool

    @property
    def is_choice(self) -> bool:
        """The customer (or staff) chooses one of several alternatives."""
        return len(self.options) > 1


def parse_step(text: str) -> Step:
    """One ``app.prospect_steps`` entry."""
    optional = text.endswith("?")
    body = text.rstrip("?")
    options = tuple(tuple(part.split("+")) for part in body.split("|"))
    for option in options:
        for kind in option:
            known = KINDS.get(kind)
            if known is None or known.api != "amplifi":
                raise StepsError(f"app.prospect_steps: {kind} is not a New customer picture")
    return Step(text, options, optional)


def parse_steps(entries: list[str]) -> list[Step]:
    """Every configured step, in order."""
    return [parse_step(entry) for entry in entries]
