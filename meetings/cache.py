"""The per-article result cache: what the per-article stage found, kept in Parquet so re-reading is free.

Each entry is keyed by a hash of the article (its text and publication facts) together with the engine
fingerprint: a hash of the engine's source files, the knowledge files under `data/` and the spaCy model.
A new engine version or an edited knowledge file therefore changes every key, and the old entries are
simply never asked for again (their folder is pruned when a new one is written).

Layout: `<cache dir>/<fingerprint>/part-*.parquet`, one file per write (a partition), with the columns
`key`, `digest` (sha256 of the payload) and `payload` (the pickled result). Files are written to a temporary
name and renamed, so a reader never sees a half-written partition; a file that cannot be read, or an entry
whose digest does not match, is dropped and recomputed, never raised. Payloads are pickles written by this
engine on this machine: the cache folder must not be shared with untrusted writers.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

DEFAULT_CACHE_DIR = Path(__file__).resolve().parent.parent / "data" / "cache"
CACHE_ENV = "MEETINGS_CACHE_DIR"
COMPACT_AFTER = 64          # partitions in one fingerprint folder before they are rewritten as one
STALE_TMP_SECONDS = 3600    # a temporary file this old is a crashed writer's, not one still writing
SCHEMA = pa.schema([("key", pa.string()), ("digest", pa.string()), ("payload", pa.binary())])


def cache_dir(env: dict[str, str] | None = None) -> Path:
    """The cache folder: `MEETINGS_CACHE_DIR` or the project's `data/cache`."""
    env = os.environ if env is None else env
    return Path(env.get(CACHE_ENV) or DEFAULT_CACHE_DIR)


def digest(payload: bytes) -> str:
    return hashlib.sha256(payload).hexdigest()


@dataclass
class ResultCache:
    """Per-article payloads for one engine fingerprint under `root`."""

    root: Path
    fingerprint: str
    problems: list[str] = field(default_factory=list)   # what was found broken and dropped (for the log)
    damaged: bool = False                                 # an entry failed its checksum: compact at next write

    @property
    def folder(self) -> Path:
        return self.root / self.fingerprint[:24]

    def partitions(self) -> list[Path]:
        return sorted(self.folder.glob("part-*.parquet")) if self.folder.is_dir() else []

    def read_all(self, report: bool = True) -> dict[str, bytes]:
        """Every intact entry of this fingerprint; broken partitions are deleted and reported."""
        found: dict[str, bytes] = {}
        problems = self.problems if report else []
        for part in self.partitions():
            try:
                table = pq.read_table(part, schema=SCHEMA)
            except Exception as exc:  # truncated, not Parquet, wrong columns: rebuild what it held
                problems.append(f"cache partition {part.name} unreadable ({type(exc).__name__}); rebuilt")
                part.unlink(missing_ok=True)
                continue
            keys, digests, payloads = (table.column(c).to_pylist() for c in ("key", "digest", "payload"))
            for key, dig, payload in zip(keys, digests, payloads, strict=True):
                if payload is None or dig != digest(payload):
                    problems.append(f"cache entry {key} in {part.name} damaged; rebuilt")
                    self.damaged = True
                    continue
                found[key] = payload
        return found

    def get_many(self, keys: list[str]) -> dict[str, bytes]:
        """The payloads of those `keys` that are cached."""
        wanted = set(keys)
        return {k: v for k, v in self.read_all().items() if k in wanted}

    def put_many(self, entries: dict[str, bytes]) -> Path | None:
        """Write `entries` as one new partition (atomically); returns its path, None when nothing to write."""
        if not entries:
            return None
        self.folder.mkdir(parents=True, exist_ok=True)
        self._prune_other_fingerprints()
        table = pa.table({"key": list(entries), "digest": [digest(v) for v in entries.values()],
                          "payload": list(entries.values())}, schema=SCHEMA)
        final = self.folder / f"part-{time.time_ns():020d}-{uuid.uuid4().hex[:8]}.parquet"
        write_atomic(table, final)
        if self.damaged or len(self.partitions()) > COMPACT_AFTER:
            self.compact()  # also drops damaged entries, so they are not reported again at the next start
        return final

    def compact(self) -> None:
        """Rewrite all partitions as one (fewer files to open at start); entries are kept as they are."""
        old = self.partitions()
        entries = self.read_all(report=False)
        table = pa.table({"key": list(entries), "digest": [digest(v) for v in entries.values()],
                          "payload": list(entries.values())}, schema=SCHEMA)
        write_atomic(table, self.folder / f"part-{time.time_ns():020d}-compact.parquet")
        for part in old:
            part.unlink(missing_ok=True)
        self.damaged = False

    def _prune_other_fingerprints(self) -> None:
        """Entries of an older engine or knowledge version are never read again: free their space."""
        for other in self.root.iterdir():
            if other.is_dir() and other != self.folder and len(other.name) == 24:
                shutil.rmtree(other, ignore_errors=True)
        now = time.time()
        for tmp in self.folder.glob("*.tmp"):
            try:
                if now - tmp.stat().st_mtime > STALE_TMP_SECONDS:
                    tmp.unlink()
            except OSError:
                pass


def write_atomic(table: pa.Table, final: Path) -> None:
    """Write a Parquet file under a temporary name, flush it to disk, then rename it into place."""
    tmp = final.with_name(final.name + f".{uuid.uuid4().hex[:8]}.tmp")
    try:
        pq.write_table(table, tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)
