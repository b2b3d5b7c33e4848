"""``KIOSK_*`` environment variables that look like settings but name none.

pydantic-settings reads only the variables that match a field and ignores the rest, so a
misspelt section (``KIOSK_AMPLIFY__BASE_URL``) would leave the default in force without a
word. Like an unknown key in the TOML file, such a variable is refused, with the nearest
valid name.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping

from pydantic import BaseModel

PREFIX = "KIOSK_"
# How close a misspelling must be (difflib's ratio) for a lone name to look like a setting;
# other single-word KIOSK_* variables (KIOSK_CONFIG, the tests' own) are left alone.
_CLOSE = 0.8
# Variables of the kiosk that are not settings.
NOT_SETTINGS = frozenset({"CONFIG"})


def setting_names(model: type[BaseModel], prefix: str = "") -> Iterator[str]:
    """Every dotted setting name of a settings model (sections and their fields)."""
    for name, field in model.model_fields.items():
        dotted = f"{prefix}{name}"
        yield dotted
        kind = field.annotation
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            yield from setting_names(kind, f"{dotted}.")


def nearest(dotted: str, names: list[str]) -> str | None:
    """The valid setting name closest to a misspelt one, if any is close."""
    found = difflib.get_close_matches(dotted, names, n=1, cutoff=0.6)
    return found[0] if found else None


def env_name(dotted: str) -> str:
    """The environment variable of a dotted setting name."""
    return PREFIX + dotted.upper().replace(".", "__")


def unknown_env_settings(model: type[BaseModel], environ: Mapping[str, str]) -> list[str]:
    """One line per KIOSK_* variable that looks like a setting of no known section."""
    names = sorted(setting_names(model))
    sections = set(model.model_fields)
    lines = []
    for variable in sorted(environ):
        if not variable.upper().startswith(PREFIX):
            continue
        rest = variable[len(PREFIX) :].upper()
        head = rest.split("__", 1)[0].lower()
        if head in sections or rest in NOT_SETTINGS:
            continue
        dotted = rest.lower().replace("__", ".")
        if "__" not in rest and not difflib.get_close_matches(head, sections, 1, _CLOSE):
            continue
        guess = nearest(dotted, names)
        hint = f"; did you mean {env_name(guess)} ({guess})?" if guess else ""
        lines.append(f"{variable}: names no setting{hint}")
    return lines
