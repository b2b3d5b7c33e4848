"""mkdocs hook: the configuration page's reference, generated from the settings models.

Every field of ``kiosk.config.Settings`` and of the models nested in it, walked through
``model_fields``, becomes a row: its dotted path (the TOML key), environment variable,
type, default, limits and description. The description is the field's ``description`` if
it has one, else the comment block written just above the field in its model's source (the
place this code base explains a setting and cites the source of its default). Nothing here
names a field, so a setting added, renamed or removed changes the page by itself.
"""

from __future__ import annotations

import ast
import html
import inspect
import io
import json
import sys
import textwrap
import tokenize
import types
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

# The page documents this checkout's code, whatever else is installed.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from pydantic import BaseModel, SecretStr
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

MARKER = "<!-- generated: settings reference -->"
ENV_PREFIX = "KIOSK_"
ENV_NESTING = "__"


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Replace the marker with the generated reference (on the page that holds it)."""
    if MARKER not in markdown:
        return markdown
    from kiosk.config import Settings

    return markdown.replace(MARKER, settings_reference(Settings))


def settings_reference(root: type[BaseModel]) -> str:
    """The reference as Markdown: one section per model, one table row per field."""
    out: list[str] = []
    for path, model in sections(root, ""):
        title = f"`[{path}]`" if path else "Top level"
        out += [f"### {title}", ""]
        doc = inspect.getdoc(model)
        if doc and model is not root:
            out += [_one_paragraph(doc), ""]
        out += ["| setting | type | default | description |", "| --- | --- | --- | --- |"]
        for name, field in model.model_fields.items():
            out.append(_row(_join(path, name), field, model, name))
        if model.model_config.get("extra") == "allow":
            out.append(f"| `{_join(path, '*')}` | string | | further keys are accepted |")
        out.append("")
    return "\n".join(out)


def sections(model: type[BaseModel], path: str) -> list[tuple[str, type[BaseModel]]]:
    """The model and every model nested in it, depth first, with their dotted paths."""
    found = [(path, model)]
    for name, field in model.model_fields.items():
        nested, many = nested_model(field.annotation)
        if nested is not None:
            found += sections(nested, _join(path, name) + ("[]" if many else ""))
    return found


def nested_model(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """The model a field holds (itself or as a list's items), and whether it is a list."""
    for arg in _unwrap_optional(annotation):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg, False
        if get_origin(arg) is list:
            (item,) = get_args(arg) or (None,)
            if isinstance(item, type) and issubclass(item, BaseModel):
                return item, True
    return None, False


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _row(path: str, field: FieldInfo, model: type[BaseModel], name: str) -> str:
    env = ""
    if "[]" not in path and nested_model(field.annotation) == (None, False):
        env = "<br>`" + ENV_PREFIX + path.replace(".", ENV_NESTING).upper() + "`"
    anchor = f'<a id="setting-{path}"></a>'
    cells = [
        f"{anchor}`{path}`{env}",
        _cell(type_name(field.annotation)),
        _cell(default_text(field)),
        _cell(html.escape(_description(field, model, name), quote=False) + _limits(field)),
    ]
    return "| " + " | ".join(cells) + " |"


def type_name(annotation: Any) -> str:
    """A reader's name for a field's type: ``float``, ``"a" | "b"``, ``list[str]``."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return type_name(get_args(annotation)[0])
    if origin is Literal:
        return " | ".join(f'"{v}"' if isinstance(v, str) else str(v) for v in get_args(annotation))
    if origin in (Union, types.UnionType):
        return " | ".join(type_name(a) for a in get_args(annotation))
    if origin is not None:
        args = ", ".join(type_name(a) for a in get_args(annotation))
        return f"{getattr(origin, '__name__', str(origin))}[{args}]"
    if annotation is type(None):
        return "none"
    if annotation is SecretStr:
        return "secret string"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "table"
    if isinstance(annotation, type):
        return {"Path": "path", "str": "string"}.get(annotation.__name__, annotation.__name__)
    return str(annotation)


def default_text(field: FieldInfo) -> str:
    """The default as it would be written, or where it comes from."""
    if field.default_factory is not None:
        factory = field.default_factory
        if isinstance(factory, type) and issubclass(factory, BaseModel):
            return "its table's defaults"
        if inspect.isfunction(factory) and factory.__name__ != "<lambda>" and factory.__doc__:
            # A computed default (a per-user directory): say what it is, not this machine's.
            return _one_paragraph(inspect.getdoc(factory) or "")
        return _value(factory())  # type: ignore[call-arg]
    if field.default is PydanticUndefined:
        return "required"
    return _value(field.default)


def _value(value: Any) -> str:
    if value is None:
        return "not set"
    if isinstance(value, SecretStr):
        return f"`{value.get_secret_value()}` (the sandbox's)"
    if isinstance(value, BaseModel | list | dict):
        # As the environment takes it (JSON), e.g. KIOSK_SESSIONM__CAMPAIGNS.
        return f"`{json.dumps(_plain(value), ensure_ascii=False)}`"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, str):
        return f'`"{value}"`'
    if isinstance(value, int | float):
        return f"`{value:_}`".replace("_", ",") if isinstance(value, int) else f"`{value}`"
    return f"`{value}`"


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _limits(field: FieldInfo) -> str:
    words = {"gt": ">", "ge": "≥", "lt": "<", "le": "≤", "min_length": "length ≥"}
    words |= {"max_length": "length ≤", "pattern": "matches"}
    found = []
    for item in field.metadata:
        for attr, word in words.items():
            value = getattr(item, attr, None)
            if value is not None:
                found.append(f"{word} `{value}`")
    return f" *({', '.join(found)})*" if found else ""


def _description(field: FieldInfo, model: type[BaseModel], name: str) -> str:
    if field.description:
        return field.description
    return field_comments(model).get(name, "")


@cache
def field_comments(model: type[BaseModel]) -> dict[str, str]:
    """Each field's comment: the comment lines right above it in the class, or its line's."""
    try:
        source = textwrap.dedent(inspect.getsource(model))
    except (OSError, TypeError):
        return {}
    # Comments by line number, read with the tokenizer (a "#" inside a string is no comment).
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    comment_at = {
        tok.start[0]: tok.string.lstrip("#").strip()
        for tok in tokens
        if tok.type == tokenize.COMMENT
    }
    lines = source.splitlines()
    (cls,) = ast.parse(source).body
    assert isinstance(cls, ast.ClassDef)
    comments: dict[str, str] = {}
    for stmt in cls.body:
        if not (isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)):
            continue
        above: list[str] = []
        row = stmt.lineno - 1
        while row in comment_at and lines[row - 1].lstrip().startswith("#"):
            above.insert(0, comment_at[row])
            row -= 1
        comments[stmt.target.id] = " ".join(above) or comment_at.get(stmt.lineno, "")
    return comments


def _unwrap_optional(annotation: Any) -> tuple[Any, ...]:
    if get_origin(annotation) in (Union, types.UnionType):
        return tuple(a for a in get_args(annotation) if a is not type(None))
    return (annotation,)


def _one_paragraph(text: str) -> str:
    return " ".join(text.split())


def _cell(text: str) -> str:
    # A table cell is one line; a "|" inside it would end the cell.
    return _one_paragraph(text).replace("|", "\\|")
