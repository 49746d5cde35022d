"""Main text of an HTML notice: blocks become lines, table rows become tab-separated rows."""

from __future__ import annotations

from bs4 import BeautifulSoup, NavigableString, Tag

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
    text = "\n".join(line.strip() for line in "".join(lines).split("\n"))
    return text, title or None


def _walk(node: Tag, out: list[str]) -> None:
    """Append the node's text to ``out``; a table row is written as one tab-separated line."""
    for child in node.children:
        if isinstance(child, NavigableString):
            out.append(
                " ".join(str(child).split())
                + (" " if str(child)[-1:].isspace() else "")
            )
            continue
        if not isinstance(child, Tag):
            continue
        if child.name == "tr":
            cells = [
                cell.get_text(" ", strip=True) for cell in child.find_all(["td", "th"])
            ]
            out.append("\n" + "\t".join(cell for cell in cells if cell))
            continue
        block = child.name in _BLOCKS
        if block:
            out.append(
                "\n\n" if child.name in ("p", "h1", "h2", "h3", "h4", "table") else "\n"
            )
        _walk(child, out)
        if block:
            out.append("\n")
