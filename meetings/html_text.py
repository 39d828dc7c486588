"""HTML pages read with a real parser (libxml2 through lxml): publication metadata and a plain-text fallback.

Regular expressions over raw HTML backtrack on hostile pages (26 KB of an unclosed `<meta property="og:title" `
took 40 s; 200 KB of `<title>` or `<script>` took half a minute), and the standard library's `html.parser` is
quadratic on some inputs too (200 KB of `<!--`). libxml2's HTML parser reads any byte soup in linear time, so
every question asked of a page here is asked of its parsed tree.
"""

from __future__ import annotations

import re

from lxml import etree

# Which <meta> (by property, name or itemprop; any case) gives which fact, in order of preference.
META_FACTS: tuple[tuple[str, str], ...] = (
    ("article:published_time", "date"),
    ("datepublished", "date"),
    ("og:site_name", "sitename"),
    ("og:title", "title"),
    ("og:url", "url"),
)
NOT_TEXT = ("script", "style", "noscript", "template", "title")  # the title is metadata, not text
BLOCK_ENDS = ("br", "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "section", "article",
              "blockquote", "pre", "header", "footer")
# JSON-LD's date inside a <script> element's text (no nesting, no backtracking: a literal key, then a string).
JSON_LD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"\n]{1,80})"')


def parse_html(html: str) -> etree._Element | None:
    """The page's element tree, or None when nothing in it parses as HTML."""
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True)
    try:
        return etree.fromstring(html.encode("utf-8", errors="replace"), parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None


def _meta_facts(root: etree._Element) -> dict[str, str]:
    """Facts declared in <meta> tags: the first tag naming each property with a non-empty content wins."""
    wanted = dict(META_FACTS)
    found: dict[str, str] = {}
    for prop, _ in META_FACTS:
        for meta in root.iter("meta"):
            names = {str(meta.get(a, "")).strip().lower() for a in ("property", "name", "itemprop")}
            content = str(meta.get("content", "")).strip()
            if prop in names and content:
                found.setdefault(wanted[prop], content)
                break
    return found


def page_metadata(root: etree._Element) -> dict[str, str]:
    """Date, title, site name and url the page declares (meta tags, then JSON-LD and <time> for the date)."""
    meta = _meta_facts(root)
    if "date" not in meta:
        for script in root.iter("script"):
            m = JSON_LD_DATE.search(script.text or "")
            if m:
                meta["date"] = m.group(1)
                break
    if "date" not in meta:
        stamp = next((t.get("datetime") for t in root.iter("time") if (t.get("datetime") or "").strip()), None)
        if stamp:
            meta["date"] = stamp.strip()
    return meta


def page_title(root: etree._Element) -> str:
    """The text of the page's <title> element, whitespace collapsed ('' without one)."""
    title = next(iter(root.iter("title")), None)
    return " ".join("".join(title.itertext()).split()) if title is not None else ""


def page_text(root: etree._Element) -> str:
    """The visible text of a page (scripts, styles and the title dropped), a line break after each block.

    The tree is changed in place: read the metadata first.
    """
    etree.strip_elements(root, *NOT_TEXT, with_tail=False)
    for element in root.iter(*BLOCK_ENDS):
        element.tail = "\n" + (element.tail or "")
    text = "".join(root.itertext())
    return re.sub(r"[ \t]+", " ", text)
