"""Main text of an HTML notice: blocks become lines, tables become tab-separated rows.

A table goes through ``ingest.tables``: a cell spanning columns keeps its place with empty cells
after it (so no later cell moves left), layout cells ("$" alone, spacer columns) are folded
away, and a ``<caption>`` stays above the rows, where its scale words are read.
"""

from __future__ import annotations

from bs4 import BeautifulSoup, NavigableString, Tag

from ingest.tables import collapse, parse_grid, to_rows_text

_DROP = (
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "form",
    "iframe",
    "svg",
    "template",
)
_BLOCKS = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "table",
    "tr",
    "dl",
    "dt",
    "dd",
    "hr",
    "address",
    "caption",
}


def html_to_text(html: str) -> tuple[str, str | None]:
    """Return the page's text and its title (``<h1>`` or ``<title>``)."""
    soup = BeautifulSoup(html, "lxml")
    for tag in soup(_DROP):
        tag.decompose()
    heading = soup.find("h1")
    title_tag = heading or soup.find("title")
    title = title_tag.get_text(" ", strip=True) if title_tag else None
    if soup.title:
        soup.title.decompose()
    root = soup.body or soup
    lines: list[str] = []
    _walk(root, lines)
    text = "\n".join(line.strip(" \r\f\v") for line in "".join(lines).split("\n"))
    return text, title or None


def _walk(root: Tag, out: list[str]) -> None:
    """Append the node's text to ``out``; a table row is written as one tab-separated line.

    Iterative, with an explicit stack: hostile or machine-made HTML nests thousands of tags deep
    (``'<div>' * 1000``), and a recursive walk would end the whole ingest with RecursionError.
    """
    # Each stack item is a node whose children are still to be visited, or a string to append
    # once a block's children are done (its closing line break).
    stack: list[Tag | str] = [root]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
            continue
        stack.extend(reversed(_visit(item, out)))


def _visit(node: Tag, out: list[str]) -> list[Tag | str]:
    """Write what ``node`` itself contributes; return, in order, what is left to visit of it."""
    todo: list[Tag | str] = []
    for child in node.children:
        if isinstance(child, NavigableString):
            todo.append(
                " ".join(str(child).split())
                + (" " if str(child)[-1:].isspace() else "")
            )
            continue
        if not isinstance(child, Tag):
            continue
        if child.name == "table":
            todo.append("\n\n" + _table_text(child) + "\n\n")
            continue
        block = child.name in _BLOCKS
        if block:
            todo.append(
                "\n\n" if child.name in ("p", "h1", "h2", "h3", "h4", "table") else "\n"
            )
        todo.append(child)
        if block:
            todo.append("\n")
    return todo


def _table_text(table: Tag) -> str:
    """A ``<table>`` as its caption line and tab-separated rows, spans kept as empty cells."""
    rows = []
    for row in table.find_all("tr"):
        cells: list[str] = []
        for cell in row.find_all(["td", "th"]):
            cells.append(cell.get_text(" ", strip=True))
            cells.extend([""] * (_span(cell) - 1))
        rows.append(cells)
    caption_tag = table.find("caption")
    caption = caption_tag.get_text(" ", strip=True) if caption_tag else ""
    rows = collapse(rows)
    if not rows:
        return caption
    body = to_rows_text(parse_grid(rows, caption))
    return f"{caption}\n{body}" if caption else body


def _span(cell: Tag) -> int:
    """The columns a cell covers (``colspan``, 1 when absent or not a sensible number)."""
    try:
        return max(1, min(int(str(cell.get("colspan", 1))), 100))
    except ValueError:
        return 1
