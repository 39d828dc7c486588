"""Saving uploaded articles: safe names, atomic writes, and a fingerprint of the folders for the cache.

Two browser sessions may upload at once, and the server may stop mid-write: every file is written to a
temporary name in the target folder, then linked into place under an unused name (atomic, never overwriting;
`os.replace` where hard links are unavailable), so a name already taken gets a numbered suffix instead of
replacing someone else's article.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import re
import tempfile
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from meetings.reading import display_name

ALLOWED_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".html", ".htm")
MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # matches server.maxUploadSize in .streamlit/config.toml
MAX_NAME = 120
DEFAULT_DATA_DIR = "data/articles"


class UploadError(ValueError):
    """A file the upload folder refuses (wrong type, empty, too big); the message is shown to the user."""


@dataclass
class SavedUpload:
    """Where an upload landed and under which name (it may differ from the name the user sent)."""

    original_name: str
    saved_name: str
    path: Path
    n_bytes: int
    already_uploaded: bool = False  # the same bytes were in the folder already: nothing new was stored

    @property
    def message(self) -> str:
        """What to tell the uploader beyond "saved" ('' when the file was stored)."""
        return f"already uploaded as {self.saved_name}; not stored again" if self.already_uploaded else ""


def same_bytes_in(folder: Path, data: bytes) -> Path | None:
    """An article file of `folder` holding exactly `data` (compared by size, then SHA-256), else None."""
    digest = hashlib.sha256(data).digest()
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return None
    for path in entries:
        try:
            if (path.name.startswith(".") or path.suffix.lower() not in ALLOWED_SUFFIXES or not path.is_file()
                    or path.is_symlink() or path.stat().st_size != len(data)):
                continue
            if hashlib.sha256(path.read_bytes()).digest() == digest:
                return path
        except OSError:  # an unreadable file is simply not a match
            continue
    return None


def upload_dir(env: dict[str, str] | None = None, root: str | Path = ".") -> Path:
    """The folder uploads go to: $MEETINGS_DATA_DIR, else data/articles under `root`."""
    env = os.environ if env is None else env
    configured = env.get("MEETINGS_DATA_DIR", "").strip()
    path = Path(configured) if configured else Path(root) / DEFAULT_DATA_DIR
    return path


def sanitize_filename(name: str) -> str:
    """A safe file name from a user-supplied one: no folders, no dot-files, only [A-Za-z0-9._-], kept suffix.

    Raises UploadError when the suffix is not an article type. "../../etc/passwd.txt" becomes "passwd.txt".
    """
    # Keep only the last path component, whichever separator the client used.
    base = re.split(r"[\\/]", str(name or ""))[-1]
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    suffix = "." + suffix.strip().lower() if suffix.strip() else ""
    if suffix not in ALLOWED_SUFFIXES:
        raise UploadError(f"{display_name(name)}: only {', '.join(ALLOWED_SUFFIXES)} files are accepted")
    # ASCII letters, digits, dot, dash, underscore only; accents fold to their letter, other scripts drop.
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", stem)
    stem = re.sub(r"\.+", ".", stem).strip("._-") or "article"
    return stem[: MAX_NAME - len(suffix)] + suffix


def _link_unused(tmp: Path, folder: Path, name: str) -> Path:
    """Give the finished temporary file `tmp` an unused name in `folder`: name, name-2, name-3...

    os.link fails if the name exists, so two sessions racing for one name cannot overwrite each other,
    and the article appears complete in a single step (no empty or half-written file is ever visible).
    """
    stem, suffix = os.path.splitext(name)
    for n in range(1, 10_000):
        candidate = folder / (name if n == 1 else f"{stem}-{n}{suffix}")
        try:
            os.link(tmp, candidate)
        except FileExistsError:
            continue
        return candidate
    raise UploadError(f"{name!r}: too many files with this name")


def save_upload(folder: str | Path, name: str, data: bytes) -> SavedUpload:
    """Write one uploaded article into `folder` atomically under a sanitised, unused name.

    Bytes identical to an article already in the folder (under any name) are not stored twice: the result
    names that file and says so (`already_uploaded`), so one article never becomes two sources of an event.
    """
    safe = sanitize_filename(name)
    if not data:
        raise UploadError(f"{display_name(name)}: the file is empty")
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadError(f"{display_name(name)}: {len(data) / 1e6:.1f} MB is over the "
                          f"{MAX_UPLOAD_BYTES // 2**20} MB limit")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    existing = same_bytes_in(folder, data)
    if existing is not None:
        return SavedUpload(display_name(name), existing.name, existing, len(data), already_uploaded=True)
    fd, tmp = tempfile.mkstemp(prefix=".upload-", suffix=".part", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        try:
            target = _link_unused(Path(tmp), folder, safe)
        except OSError:  # a filesystem without hard links: fall back to an atomic rename
            target = folder / safe
            if target.exists():
                stem, suffix = os.path.splitext(safe)
                target = folder / f"{stem}-{os.getpid()}-{Path(tmp).stem[-6:]}{suffix}"
            os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return SavedUpload(display_name(name), target.name, target, len(data))


def folder_fingerprint(folders: Iterable[str | Path]) -> str:
    """A short hash of every article file's name, size and mtime in `folders`: changes when any article does.

    Temporary files (".upload-*.part", dot-files) are skipped, so an upload in progress does not invalidate
    the cache twice.
    """
    digest = hashlib.sha256()
    for folder in folders:
        folder = Path(folder)
        digest.update(str(folder.resolve()).encode())
        if not folder.is_dir():
            digest.update(b"<missing>")
            continue
        try:
            entries = sorted(folder.iterdir())
        except OSError:  # an unreadable folder: read_folder reports it; the cache key just says so
            digest.update(b"<unreadable>")
            continue
        for path in entries:
            if path.name.startswith(".") or not path.is_file():
                continue
            stat = path.stat()
            digest.update(f"{path.name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


# ---- What the uploader tells about an article: the upload folder's manifest.csv ------------------------------

MANIFEST_NAME = "manifest.csv"
MANIFEST_FIELDS = ["file", "published", "outlet", "title", "url"]
MAX_FACT_CHARS = 300
_MANIFEST_LOCK = threading.Lock()  # sessions of one server write the manifest one at a time


@dataclass
class ArticleFacts:
    """Publication facts an uploader gives for an article (empty = let the engine read them from the file)."""

    published: dt.date | None = None
    outlet: str = ""
    title: str = ""
    url: str = ""

    def is_empty(self) -> bool:
        return self.published is None and not (self.outlet or self.title or self.url)


def _one_line(value: str, field_name: str) -> str:
    """A form value as one clean line: control characters and line breaks become spaces."""
    text = re.sub(r"[\x00-\x1f\x7f\u2028\u2029]+", " ", str(value or "")).strip()
    text = re.sub(r"\s{2,}", " ", text)
    if len(text) > MAX_FACT_CHARS:
        raise UploadError(f"{field_name} is longer than {MAX_FACT_CHARS} characters")
    return text


def check_facts(outlet: str = "", published: dt.date | None = None, title: str = "",
                url: str = "") -> ArticleFacts:
    """The form's values as ArticleFacts; UploadError names the field that is wrong (a non-web URL)."""
    url = _one_line(url, "URL")
    if url and (not re.match(r"https?://[^\s/]+", url, flags=re.IGNORECASE) or re.search(r"[\s<>\"'`\\]", url)):
        raise UploadError(f"URL {url[:80]!r} is not a web address (it must start with http:// or https://)")
    return ArticleFacts(published=published, outlet=_one_line(outlet, "Outlet"), title=_one_line(title, "Title"),
                        url=url)


def _read_manifest(folder: Path) -> tuple[list[str], list[dict[str, str]]]:
    """The manifest's columns and rows as written (an unreadable manifest counts as empty)."""
    path = folder / MANIFEST_NAME
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return list(MANIFEST_FIELDS), []
    reader = csv.DictReader(io.StringIO(text))
    fields = [f for f in (reader.fieldnames or []) if f]
    try:
        rows = [{k: v or "" for k, v in row.items() if k} for row in reader]
    except csv.Error:
        rows = []
    return fields + [f for f in MANIFEST_FIELDS if f not in fields], rows


def _write_manifest(folder: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    """Replace the manifest atomically (a reader never sees half a file)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    fd, tmp = tempfile.mkstemp(prefix=".manifest-", suffix=".part", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(buffer.getvalue())
        os.chmod(tmp, 0o644)
        os.replace(tmp, folder / MANIFEST_NAME)
    finally:
        Path(tmp).unlink(missing_ok=True)


def record_facts(folder: str | Path, file: str, facts: ArticleFacts) -> None:
    """Write (or replace) `file`'s row in the folder's manifest.csv; other rows and columns stay as they are."""
    folder = Path(folder)
    row = {"file": file, "published": facts.published.isoformat() if facts.published else "",
           "outlet": facts.outlet, "title": facts.title, "url": facts.url}
    with _MANIFEST_LOCK:
        fields, rows = _read_manifest(folder)
        rows = [r for r in rows if r.get("file") != file] + [row]
        _write_manifest(folder, fields, rows)


def _forget_facts(folder: Path, file: str) -> None:
    """Drop `file`'s manifest row (no manifest, or no row: nothing to do)."""
    with _MANIFEST_LOCK:
        if not (folder / MANIFEST_NAME).is_file():
            return
        fields, rows = _read_manifest(folder)
        kept = [r for r in rows if r.get("file") != file]
        if len(kept) != len(rows):
            _write_manifest(folder, fields, kept)


def uploaded_articles(folder: str | Path) -> list[str]:
    """The article files in the upload folder (what the Sources page may delete), in name order."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir()
                  if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in ALLOWED_SUFFIXES)


def delete_upload(folder: str | Path, file: str) -> None:
    """Delete one uploaded article and its manifest row. Only a plain article name inside `folder` is
    accepted: UploadError for anything else (a path, the manifest, a file that is not there)."""
    folder = Path(folder)
    if file not in uploaded_articles(folder):
        raise UploadError(f"{file!r} is not an uploaded article in {folder}")
    (folder / file).unlink()
    _forget_facts(folder, file)
