"""mkdocs hook: the command-line page's reference, generated from the argparse parser.

``kiosk.cli.main.build_parser()`` is walked sub-command by sub-command: each gets a
heading (``kiosk queue drain``), its help line and description, its usage line and a table
of its arguments with their help. A command added or removed changes the page by itself.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

# The page documents this checkout's code, whatever else is installed.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

MARKER = "<!-- generated: command-line reference -->"
# Usage lines wrapped as on an 88-column terminal, whatever terminal builds the site.
USAGE_COLUMNS = "88"


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Replace the marker with the generated reference (on the page that holds it)."""
    if MARKER not in markdown:
        return markdown
    from kiosk.cli.main import build_parser

    return markdown.replace(MARKER, cli_reference(build_parser()))


def cli_reference(parser: argparse.ArgumentParser) -> str:
    """The reference as Markdown: the global options, then one section per command."""
    columns = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = USAGE_COLUMNS
    try:
        out = ["### Options of every command", ""]
        out += _arguments(parser, skip=set())
        global_options = {a.dest for a in parser._actions}
        for path, helptext, command in commands(parser, parser.prog):
            out += _command(path, helptext, command, global_options)
        return "\n".join(out)
    finally:
        if columns is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = columns


def commands(
    parser: argparse.ArgumentParser, prefix: str
) -> list[tuple[str, str, argparse.ArgumentParser]]:
    """Every sub-command, depth first: (``kiosk queue drain``, its help line, its parser)."""
    found = []
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
        for name, command in action.choices.items():
            path = f"{prefix} {name}"
            found.append((path, helps.get(name, ""), command))
            found += commands(command, path)
    return found


def anchor(path: str) -> str:
    """The heading id of a command: ``kiosk queue drain`` -> ``kiosk-queue-drain``."""
    return path.replace(" ", "-")


def _command(
    path: str, helptext: str, command: argparse.ArgumentParser, global_options: set[str]
) -> list[str]:
    level = "#" * min(3 + path.count(" ") - 1, 5)
    out = [f"{level} `{path}` {{#{anchor(path)}}}", ""]
    if helptext:
        out += [_sentence(helptext), ""]
    if command.description:
        out += [command.description, ""]
    # argparse indents continuation lines under "usage: "; without that prefix, neither.
    prefix = "usage: "
    lines = command.format_usage().removeprefix(prefix).rstrip().splitlines()
    usage = "\n".join([lines[0], *(line.removeprefix(" " * len(prefix)) for line in lines[1:])])
    out += ["```text", usage, "```", ""]
    out += _arguments(command, skip=global_options)
    return out


def _arguments(parser: argparse.ArgumentParser, skip: set[str]) -> list[str]:
    rows = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction | argparse._HelpAction):
            continue
        if action.dest in skip or action.help == argparse.SUPPRESS:
            continue
        rows.append(f"| {_names(action)} | {_cell(_help(action))} |")
    if not rows:
        return []
    return ["| argument | what it does |", "| --- | --- |", *rows, ""]


def _names(action: argparse.Action) -> str:
    if not action.option_strings:
        return f"`{action.metavar or action.dest}`"
    value = ""
    if action.nargs != 0:
        metavar = action.metavar or (
            "{" + ",".join(map(str, action.choices)) + "}" if action.choices else None
        )
        value = " " + str(metavar or action.dest.upper())
    return ", ".join(f"`{option}{value}`" for option in action.option_strings)


def _help(action: argparse.Action) -> str:
    text = action.help or ""
    if "%(" in text:
        params = dict(vars(action), prog="kiosk")
        choices = action.choices
        params["choices"] = ", ".join(map(str, choices)) if choices else ""
        text = text % params
    default = action.default
    shown = default not in (None, False, argparse.SUPPRESS, [], "")
    if shown and "default" not in text and action.nargs != 0:
        text += f" (default: `{default}`)"
    return text


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _cell(text: str) -> str:
    # A table cell is one line; a "|" inside it would end the cell, "<" open a tag.
    return " ".join(text.split()).replace("|", "\\|").replace("<", "&lt;")
