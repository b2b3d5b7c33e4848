"""mkdocs hook: pages kept beside the code they describe, published with the docs.

The benchmark figures live in ``benchmarks/README.md`` and the Windows notes in
``packaging/windows/README.md``, next to their harnesses and files. The site cannot reach
outside ``docs/``, so each is added as a page of its own, and a docs page's link to the
file's repository path (which is what works when the Markdown is read in the repository)
is pointed at that page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parents[2]
# site page -> the repository file it is made from
PAGES = {
    "benchmarks.md": "benchmarks/README.md",
    "windows.md": "packaging/windows/README.md",
}


def on_files(files: Any, config: Any) -> Any:
    """Add each repository file as a generated page."""
    for page, source in PAGES.items():
        text = (ROOT / source).read_text(encoding="utf-8")
        files.append(File.generated(config, page, content=text))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Point links at a copied file's repository path (``../benchmarks/README.md``) at its page."""
    for target, source in PAGES.items():
        markdown = markdown.replace(f"](../{source}", f"]({target}")
    return markdown
