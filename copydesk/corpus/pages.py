"""Web pages -> articles: one extraction used by saved HTML files and WARC crawl records.

trafilatura (the extractor the field uses; Barbaresi, ACL 2021) gives the title, the
description (the page's standfirst, used as lede), the date, the site name and the main
text. What it removed as page furniture -- menus, share bars, footers, related-story
lists -- is kept too, as `page_furniture` (the page's other visible lines), so that the
boilerplate check's per-source repetition statistics can recognise site furniture that
slips into another page's main text.
"""

from __future__ import annotations

from typing import Any

from copydesk.model import Article, IngestError

NO_TEXT = "no article text found in the HTML page"
#: Lines of page furniture kept per page, and their length limit: enough for menus,
#: footers and share bars, bounded so one huge page cannot blow up the tables.
MAX_FURNITURE_LINES = 200
MAX_FURNITURE_CHARS = 300


#: Elements whose text is never shown, and elements that start a new line of text.
_HIDDEN = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe"})
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "br", "button", "caption", "dd", "details", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hr", "li", "main", "nav", "ol", "option", "p", "pre", "section", "summary",
    "table", "td", "th", "tr", "ul",
})


def visible_lines(html: str | bytes) -> list[str]:
    """The page's text as a browser would break it into lines: one line per block element
    (paragraphs, list items, cells, nav and footer blocks), white space collapsed."""
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return []
    parts: list[str] = []
    hidden = 0
    for event, el in lxml.etree.iterwalk(root, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in _HIDDEN:
                hidden += 1
            elif not hidden:
                if tag in _BLOCKS:
                    parts.append("\n")
                parts.append(el.text or "")
            continue
        if tag in _HIDDEN:
            hidden -= 1
        elif not hidden and tag in _BLOCKS:
            parts.append("\n")
        if not hidden:
            parts.append(el.tail or "")
    return [" ".join(line.split()) for line in "".join(parts).split("\n") if line.strip()]


def page_furniture(html: str | bytes, main_text: str) -> list[str]:
    """The page's visible text lines that are not lines of its main text, in page order,
    each once, at most MAX_FURNITURE_LINES of at most MAX_FURNITURE_CHARS characters."""
    main = {" ".join(line.split()) for line in main_text.splitlines() if line.strip()}
    seen: set[str] = set()
    lines: list[str] = []
    for line in visible_lines(html):
        if line in main or line in seen or len(line) > MAX_FURNITURE_CHARS:
            continue
        seen.add(line)
        lines.append(line)
        if len(lines) >= MAX_FURNITURE_LINES:
            break
    return lines


def article_from_html(
    html: str | bytes, *, default_id: str, file: str, url: str | None = None,
    source: str | None = None, published: str | None = None, extra: dict[str, Any] | None = None,
) -> Article | IngestError:
    """The page as an Article (title, description as lede, date, main text), or the
    IngestError saying why it is not one. `url`, `source` and `published` are what the
    container knows (a WARC record's target URI, host and date): the page's own metadata
    wins where it has them, except the URL, which the container knows for sure."""
    from trafilatura import bare_extraction

    doc = bare_extraction(html, url=url, with_metadata=True, include_comments=False, include_tables=False)
    if doc is None:
        return IngestError(file, None, NO_TEXT)
    get = (lambda k: getattr(doc, k, None)) if not isinstance(doc, dict) else doc.get
    body = (get("text") or "").strip()
    if not body:
        return IngestError(file, None, NO_TEXT)
    title, lede = (get("title") or "").strip(), (get("description") or "").strip()
    fields = dict(extra or {})
    fields["page_furniture"] = page_furniture(html, "\n".join((title, lede, body)))
    return Article(
        id=default_id, title=title, lede=lede,
        body=body, source=get("sitename") or get("hostname") or source, url=url or get("url"),
        published=get("date") or published, file=file, line=None, extra=fields,
    )
