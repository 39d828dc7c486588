"""Saving uploaded articles: safe names, atomic writes, and a fingerprint of the folders for the cache.

Two browser sessions may upload at once, and the server may stop mid-write: every file is written to a
temporary name in the target folder, then linked into place under an unused name (atomic, never overwriting;
`os.replace` where hard links are unavailable), so a name already taken gets a numbered suffix instead of
replacing someone else's article.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
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
