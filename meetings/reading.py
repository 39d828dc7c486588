"""Reading: files on disk -> decoded article text with publication facts.

One job: turn a folder of `.txt`, `.md`, `.html`/`.htm` files (plus an optional `manifest.csv`)
into `Article` objects, never raising on bad input. Every problem becomes a `Problem` naming the
file, so the rest of the folder still loads.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from meetings.html_text import page_metadata, page_text, page_title, parse_html

ARTICLE_SUFFIXES = {".txt", ".md", ".html", ".htm"}
HTML_SUFFIXES = {".html", ".htm"}
MAX_FILE_BYTES = 10 * 1024 * 1024  # same cap as the upload limit: larger files are not news articles
MANIFEST_NAME = "manifest.csv"
# Longer texts are cut (at a paragraph break, with a warning) before any analysis: ~16,000 words, several times
# a long feature; the cost of the parse and of event finding grows with the text. $MEETINGS_MAX_ARTICLE_CHARS
# changes it.
DEFAULT_MAX_ARTICLE_CHARS = 100_000
MAX_CHARS_ENV = "MEETINGS_MAX_ARTICLE_CHARS"
# A folder's own documentation (README.md, NOTES.md ...) is not news, unless the manifest lists it.
DOCUMENTATION_NAME = re.compile(r"(?i)^(readme|notes?|changelog|changes|license|licence|contributing|authors|todo)"
                                r"([._-].*)?$")


@dataclass
class Problem:
    """A per-file warning: which file, and what is wrong with it."""

    file: str
    problem: str


@dataclass
class Article:
    """One article: its text (all offsets point into `text`) and what is known about its publication."""

    file: str
    path: str
    text: str
    title: str = ""
    outlet: str = ""
    url: str = ""
    published: dt.date | None = None
    published_source: str = ""  # manifest | html-meta | page-date (found in the page) | dateline | page-stamp | ""
    is_html: bool = False
    warnings: list[str] = field(default_factory=list)


def utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' for UTF-16 text without a byte-order mark, else None.

    Text in Latin script saved as UTF-16 has a NUL as every other byte (odd positions little-endian, even
    positions big-endian) and next to none on the other side; it must also decode cleanly.
    """
    sample = data[:4096]
    sample = sample[:len(sample) - len(sample) % 2]
    if len(sample) < 4 or data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    half = len(sample) // 2
    even, odd = sample[0::2].count(0) / half, sample[1::2].count(0) / half
    codec = "utf-16-le" if odd > 0.3 and even < 0.05 else "utf-16-be" if even > 0.3 and odd < 0.05 else None
    if codec is None:
        return None
    try:
        data[:len(data) - len(data) % 2].decode(codec)
    except UnicodeDecodeError:
        return None
    return codec


def display_name(name: object) -> str:
    """A file name (or message) safe to print or show: control characters (NUL, CR, ESC) written as escapes."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in str(name or ""))


def decode_bytes(data: bytes) -> tuple[str, str | None]:
    """Decode article bytes: UTF-8 (with or without BOM), UTF-16, else detected encoding, else Latin-1.

    Returns the text and a warning when the bytes were not clean UTF-8.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    codec = utf16_without_bom(data)
    if codec is not None:  # valid UTF-8 too (NUL is ASCII), so it is tried first
        return data[:len(data) - len(data) % 2].decode(codec), f"UTF-16 without a byte-order mark; decoded as {codec}"
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    for bom, codec in ((b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec), None
            except UnicodeDecodeError:
                break
    guess = ""
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is not None and best.encoding:
            guess = best.encoding
            # Detection is unreliable between Western single-byte code pages on short text ("café" as
            # cp775 "cafķ"); a guess of another script (Cyrillic, CJK, Greek ...) is kept as it is.
            if not re.match(r"(cp125[0-2]|cp775|cp850|cp437|latin|iso8859_(1|2|3|4|9|10|13|14|15|16)$|mac_roman)",
                            guess):
                return str(best), f"not UTF-8; decoded as {guess}"
    except Exception:  # detection is a best effort; the fallbacks below always work
        pass
    try:
        return data.decode("cp1252"), "not UTF-8; decoded as Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1", errors="replace"), "not UTF-8; decoded as Latin-1"


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text at all (images, archives, executables)."""
    sample = data[:4096]
    if not sample or utf16_without_bom(data):
        return False
    if b"\x00" in sample and not (sample.startswith(b"\xff\xfe") or sample.startswith(b"\xfe\xff")):
        return True
    control = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return control / len(sample) > 0.05


def parse_iso_date(value: str) -> dt.date | None:
    """Parse the leading YYYY-MM-DD of a string (tolerates a time part); None when it is not a date."""
    m = re.match(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})", value or "")
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def parse_date_text(value: str) -> dt.date | None:
    """A publication date written any common way ("2024-04-08T10:00", "Mon, 08 Apr 2024 10:00 GMT",
    "April 8, 2024"): ISO first, then dateparser on the whole string (it parses spans well; it is not
    used to find dates in running text, where it fails)."""
    iso = parse_iso_date(value)
    if iso is not None or not re.search(r"\b(?:19|20)\d{2}\b", value or ""):
        return iso  # a date without a year ("yesterday", "8 April") is no publication date
    try:
        import dateparser

        settings = {"REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False}
        parsed = dateparser.parse(value.strip()[:64], languages=["en"], settings=settings)
    except Exception:  # dateparser raises on some odd inputs; an unparsable date is simply unknown
        return None
    return parsed.date() if parsed else None


def read_manifest(folder: Path) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    """Read `manifest.csv` (file,published,outlet,title,url) when present; bad rows become problems."""
    path = folder / MANIFEST_NAME
    try:
        if not path.is_file():
            return {}, []
        if links_outside(path, folder):
            return {}, [Problem(MANIFEST_NAME, "manifest is a link to outside the folder being read; ignored")]
        data = path.read_bytes()
    except OSError as exc:  # an unreadable manifest must not lose the articles
        return {}, [Problem(MANIFEST_NAME, f"manifest cannot be read ({exc.strerror or exc}); articles read "
                                           "without it")]
    problems: list[Problem] = []
    text, warning = decode_bytes(data)
    if warning:
        problems.append(Problem(MANIFEST_NAME, warning))
    rows: dict[str, dict[str, str]] = {}
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    try:
        return read_manifest_rows(folder, text, rows, problems)
    except csv.Error as exc:  # a broken manifest must not stop the articles from loading
        problems.append(Problem(MANIFEST_NAME, f"manifest is not valid CSV ({exc}); rows after the error ignored"))
        return rows, problems


def read_manifest_rows(folder: Path, text: str, rows: dict[str, dict[str, str]],
                       problems: list[Problem]) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    """The manifest's rows by file name; rows naming missing files or holding bad dates become problems."""
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "file" not in reader.fieldnames:
        return {}, problems + [Problem(MANIFEST_NAME, "manifest has no 'file' column; ignored")]
    if "published" not in reader.fieldnames:
        problems.append(Problem(MANIFEST_NAME, "manifest has no 'published' column; publication dates come "
                                               "from the articles themselves"))
    for line_no, row in enumerate(reader, start=2):
        name = (row.get("file") or "").strip()
        if not name:
            continue
        clean = {k: (v or "").strip() for k, v in row.items() if k}
        published = clean.get("published", "")
        if published and parse_iso_date(published) is None:  # the manifest's dates are ISO by contract
            problems.append(Problem(name, f"manifest line {line_no}: bad published date {published!r}; ignored"))
            clean["published"] = ""
        try:
            exists = (folder / name).is_file() and "/" not in name and "\\" not in name
        except (OSError, ValueError):  # names with NUL bytes or too long for the file system
            exists = False
        if not exists:
            problems.append(Problem(name, f"manifest line {line_no} names a file that does not exist"))
            continue
        rows[name] = clean
    return rows, problems


def extract_html(html: str) -> tuple[str, dict[str, str]]:
    """Main text and metadata (title, date, site name, url) of an HTML page, scripts never run.

    The page is parsed once by libxml2 (`meetings.html_text`) for its declared metadata; trafilatura finds the
    main text, and the parsed tree's visible text stands in when trafilatura finds none.
    """
    root = parse_html(html)
    meta = page_metadata(root) if root is not None else {}
    text = ""
    try:
        import trafilatura

        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
        if doc is not None:
            d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
            text = d.get("text") or ""
            for key in ("title", "sitename", "url"):
                if d.get(key) and key not in meta:
                    meta[key] = str(d[key])
            # trafilatura may guess a date from the page; a declared meta date is preferred above.
            if d.get("date") and "date" not in meta:
                meta["date"], meta["date_source"] = str(d["date"]), "page-date"
    except Exception:  # a broken page must not take the folder down; fall back to the parsed tree's text
        text = ""
    if root is not None and "title" not in meta and page_title(root):
        meta["title"] = page_title(root)
    if not text.strip() and root is not None:
        text = page_text(root)
    return text, meta


def max_article_chars(env: dict[str, str] | None = None) -> int:
    """The per-article text limit: $MEETINGS_MAX_ARTICLE_CHARS when a positive number, else 100,000."""
    value = (os.environ if env is None else env).get(MAX_CHARS_ENV, "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else DEFAULT_MAX_ARTICLE_CHARS


def cut_at_paragraph(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters at the last paragraph break (else line break, else space)."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    for mark in ("\n\n", "\n", ". ", " "):
        at = head.rfind(mark)
        if at >= limit // 2:
            return head[:at + len(mark)].rstrip()
    return head


def limit_text(name: str, text: str) -> tuple[str, list[Problem]]:
    """The text within the per-article limit, and a warning naming the file when it had to be cut."""
    limit = max_article_chars()
    if len(text) <= limit:
        return text, []
    cut = cut_at_paragraph(text, limit)
    return cut, [Problem(name, f"text is {len(text):,} characters, over the {limit:,}-character limit for one "
                               f"article; only the first {len(cut):,} characters (up to a paragraph break) are read "
                               f"({MAX_CHARS_ENV} sets the limit)")]


def read_article(path: Path, manifest_row: dict[str, str] | None = None) -> tuple[Article | None, list[Problem]]:
    """Read one article file. Returns (None, problems) when the file cannot be used."""
    name = path.name
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # replaced by a pipe or device since the folder was listed
            return None, [Problem(name, "not a regular file; skipped")]
        size = info.st_size
        if size > MAX_FILE_BYTES:
            return None, [Problem(name, f"file is {size / 1e6:.1f} MB, over the {MAX_FILE_BYTES // 2**20} MB "
                                        "limit for one article; skipped")]
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem(name, f"cannot be read: {exc.strerror or exc}")]
    if not data.strip():
        return None, [Problem(name, "empty file; skipped")]
    has_utf16_bom = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if not has_utf16_bom and looks_binary(data):
        return None, [Problem(name, "binary file, not text; skipped")]
    text, warning = decode_bytes(data)
    problems = [Problem(name, warning)] if warning else []
    meta: dict[str, str] = {}
    is_html = path.suffix.lower() in HTML_SUFFIXES
    if is_html:
        text, meta = extract_html(text)
        if not text.strip():
            return None, problems + [Problem(name, "HTML page without readable text; skipped")]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text, cut = limit_text(name, text)
    problems.extend(cut)
    article = Article(file=name, path=str(path), text=text, is_html=is_html)
    article.title = meta.get("title", "")
    article.outlet = meta.get("sitename", "")
    article.url = meta.get("url", "")
    row = manifest_row or {}
    for key in ("title", "outlet", "url"):
        if row.get(key):
            setattr(article, key, row[key])
    if row.get("published"):
        article.published, article.published_source = parse_iso_date(row["published"]), "manifest"
    elif meta.get("date") and parse_date_text(meta["date"]):
        article.published = parse_date_text(meta["date"])
        article.published_source = meta.get("date_source", "html-meta")
    article.warnings = [p.problem for p in problems]
    return article, problems


def links_outside(path: Path, folder: Path) -> bool:
    """Whether `path` is a symbolic link resolving outside `folder` (the folder being read)."""
    if not path.is_symlink():
        return False
    target, root = path.resolve(), folder.resolve()
    return target != root and root not in target.parents


def entry_problem(path: Path, folder: Path) -> str | None:
    """Why a folder entry cannot be read as a file ('' for a plain sub-folder, None for a readable file)."""
    if path.is_symlink() and not path.exists():
        return "broken link (its target does not exist); skipped"
    if links_outside(path, folder):
        return "link to a file outside the folder being read; skipped"
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}; skipped"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder, not a file; skipped" if path.suffix.lower() in ARTICLE_SUFFIXES else ""
    kind = "a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
    return f"{kind}, not a regular file; skipped"


def scan_folder(folder: Path) -> tuple[list[Path], list[Path], list[Problem]]:
    """A folder's readable article files and other files (name order), and a problem per unreadable entry.

    Hidden entries and the manifest are left out; nothing is opened, so a FIFO cannot block the read.
    """
    articles: list[Path] = []
    others: list[Path] = []
    problems: list[Problem] = []
    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        return [], [], [Problem(str(folder), f"folder cannot be read: {exc.strerror or exc}")]
    for path in entries:
        if path.name.startswith(".") or path.name == MANIFEST_NAME:
            continue
        why = entry_problem(path, folder)
        if why:
            problems.append(Problem(path.name, why))
        elif why is None:
            (articles if path.suffix.lower() in ARTICLE_SUFFIXES else others).append(path)
    return articles, others, problems


def read_folder(folder: str | Path) -> tuple[list[Article], list[Problem]]:
    """Read every article of a folder. A missing or unreadable folder is a problem, not an exception."""
    folder = Path(folder)
    if not folder.is_dir():
        return [], [Problem(str(folder), "folder does not exist")]
    manifest, problems = read_manifest(folder)
    paths, others, scan_problems = scan_folder(folder)
    problems.extend(scan_problems)
    articles: list[Article] = []
    for path in paths:
        if DOCUMENTATION_NAME.match(path.stem) and path.name not in manifest:
            problems.append(Problem(path.name, "looks like documentation, not an article; skipped "
                                               "(list it in manifest.csv to read it as an article)"))
            continue
        article, file_problems = read_article(path, manifest.get(path.name))
        problems.extend(file_problems)
        if article is not None:
            articles.append(article)
    for p in others:
        problems.append(Problem(p.name, f"not an article file ({p.suffix or 'no extension'}); "
                                        "expected .txt, .md, .html or .htm"))
    return articles, problems
