"""Request bodies built from bytes, so a multi-megabyte image never passes through json.dumps.

The small fields are serialised by pydantic with a one-off placeholder where the
base64 goes; the placeholder is then replaced by the image's base64 bytes (pybase64,
which releases the GIL). Base64's alphabet needs no JSON escaping, so the join is exact.
"""

from __future__ import annotations

import re
import secrets
from typing import Annotated

import pybase64
from pydantic import AfterValidator, BaseModel

_BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")


def _is_base64(value: str) -> str:
    # Validate cheaply: the alphabet and the length; decoding every image would double the work.
    if len(value) % 4 or _BASE64.fullmatch(value) is None:
        raise ValueError("is not standard base64 (A-Z, a-z, 0-9, +, / and = padding)")
    return value


Base64Str = Annotated[str, AfterValidator(_is_base64)]


def encode_image(data: bytes) -> bytes:
    """Standard base64 of an image's bytes, as bytes."""
    return pybase64.b64encode(data)


def body_with_base64(model: BaseModel, path: tuple[str, ...], b64: bytes) -> bytes:
    """The model's JSON with the field at ``path`` (python names; list indexes as digits)
    replaced by the given base64 bytes. ``model`` holds any placeholder there; fields that
    are None are omitted, as the vendors' examples do."""
    marker = "kioskb64" + secrets.token_hex(8)
    stub = _replace_nested(model, path, marker)
    head, sep, tail = (
        stub.model_dump_json(by_alias=True, exclude_none=True).encode().partition(marker.encode())
    )
    if not sep:
        raise ValueError(f"field {'.'.join(path)!r} is not serialised in the model")
    return b"".join((head, b64, tail))


def _replace_nested(model: BaseModel, path: tuple[str, ...], value: object) -> BaseModel:
    name, *rest = path
    if not rest:
        return model.model_copy(update={name: value})
    child = getattr(model, name)
    if isinstance(child, list):
        index, *rest2 = rest
        items = list(child)
        items[int(index)] = _replace_nested(items[int(index)], tuple(rest2), value)
        return model.model_copy(update={name: items})
    return model.model_copy(update={name: _replace_nested(child, tuple(rest), value)})
