"""Field types of a tolerant reader: what a reply may vary in without breaking the kiosk.

The vendors' pages show examples and tables, not closed schemas (the SessionM page's own
examples mix numeric and string ids). A reply field the kiosk only displays or stores is
read leniently: ids as strings whatever their JSON type, and a value of an unexpected type
becomes None instead of failing the whole reply. Fields the kiosk acts on are declared
strictly by the models themselves.
"""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from pydantic import BeforeValidator, Field, ValidationError, WrapValidator
from pydantic_core.core_schema import ValidatorFunctionWrapHandler

T = TypeVar("T")


def as_id(value: Any) -> str | None:
    """An id as text (None for null, booleans and non-scalars)."""
    # 111111, "111111", 1.0e5: ids are compared and stored as text.
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str | int | float):
        return str(value)
    return None


def _as_text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _as_number(value: Any) -> int | float | None:
    # Whole numbers as int (2, 2.0, "2"), others as float; anything else None.
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    if number != number or number in (float("inf"), float("-inf")):
        return None
    return int(number) if number.is_integer() else number


def _as_flag(value: Any) -> bool:
    # true, "true", 1: set; anything else (absent, null, odd) not set.
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return value is True or (isinstance(value, int) and value == 1)


def _or_none(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    try:
        return handler(value)
    except ValidationError:
        return None


def _dicts_only(value: Any) -> list[Any]:
    # A list whose odd entries (not objects) are dropped; anything else is an empty list.
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


LooseId = Annotated[str | None, BeforeValidator(as_id)]
"""An id sent as a string or a number, kept as a string (None when neither)."""

LooseText = Annotated[str | None, BeforeValidator(_as_text)]
"""Display text; a number becomes its text, anything else None."""

LooseNumber = Annotated[
    int | float | None, Field(union_mode="left_to_right"), BeforeValidator(_as_number)
]
"""A number sent as a number or numeric text: int when whole, else float, else None."""

LooseFlag = Annotated[bool, BeforeValidator(_as_flag)]
"""A flag that is set only by a true-ish value; never fails a reply."""

Lenient = Annotated[T | None, WrapValidator(_or_none)]
"""``T`` where it validates, else None: a display-only field never fails a reply."""

ObjectList = BeforeValidator(_dicts_only)
"""Marks a list field whose non-object entries are ignored."""
