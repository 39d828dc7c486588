"""Upload names, atomic no-clobber writes, and the folder fingerprint."""

from __future__ import annotations

import threading

import pytest

from meetings.uploads import (
    UploadError,
    folder_fingerprint,
    sanitize_filename,
    save_upload,
    upload_dir,
)


@pytest.mark.parametrize(("name", "safe"), [
    ("../../etc/passwd.txt", "passwd.txt"),
    ("..\\..\\win.md", "win.md"),
    ("Lavrov in Beijing (2024).HTML", "Lavrov_in_Beijing_2024.html"),
    (".hidden.txt", "hidden.txt"),
    ("Лавров.txt", "article.txt"),
    ("a" * 300 + ".txt", "a" * 116 + ".txt"),
])
def test_sanitize_filename(name, safe):
    assert sanitize_filename(name) == safe


@pytest.mark.parametrize("name", ["evil.exe", "noext", "x.txt.sh", "", "../"])
def test_sanitize_rejects_other_types(name):
    with pytest.raises(UploadError):
        sanitize_filename(name)


def test_save_upload_never_overwrites(tmp_path):
    first = save_upload(tmp_path, "a.txt", b"one")
    second = save_upload(tmp_path, "a.txt", b"two")
    same = save_upload(tmp_path, "a.txt", b"one")
    assert first.saved_name == "a.txt" and second.saved_name == "a-2.txt" and same.saved_name == "a.txt"
    assert (tmp_path / "a.txt").read_bytes() == b"one" and (tmp_path / "a-2.txt").read_bytes() == b"two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-2.txt", "a.txt"]  # no temporary files left


def test_save_upload_rejects_empty_and_traversal(tmp_path):
    with pytest.raises(UploadError, match="empty"):
        save_upload(tmp_path, "a.txt", b"")
    saved = save_upload(tmp_path / "up", "../../outside.txt", b"x")
    assert saved.path.parent == tmp_path / "up"


def test_concurrent_uploads_lose_nothing(tmp_path):
    def upload(i: int) -> None:
        save_upload(tmp_path, "same.txt", f"article {i}".encode())

    threads = [threading.Thread(target=upload, args=(i,)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    contents = sorted(p.read_text() for p in tmp_path.iterdir())
    assert contents == sorted(f"article {i}" for i in range(12))


def test_fingerprint_changes_with_articles(tmp_path):
    before = folder_fingerprint([tmp_path, tmp_path / "missing"])
    assert before == folder_fingerprint([tmp_path, tmp_path / "missing"])
    (tmp_path / ".upload-x.part").write_bytes(b"partial")
    assert folder_fingerprint([tmp_path, tmp_path / "missing"]) == before
    save_upload(tmp_path, "new.txt", b"hello")
    assert folder_fingerprint([tmp_path, tmp_path / "missing"]) != before


def test_upload_dir_env(tmp_path):
    assert upload_dir({"MEETINGS_DATA_DIR": str(tmp_path)}) == tmp_path
    assert upload_dir({}, root="/r").as_posix() == "/r/data/articles"


@pytest.mark.parametrize("name", ["evil\x00.txt", "line\rbreak.txt", "esc\x1b[31m.md", "new\nline.html"])
def test_names_with_control_characters_are_sanitised(tmp_path, name):
    saved = save_upload(tmp_path, name, b"Lavrov met Wang Yi.")
    assert saved.path.exists() and saved.path.parent == tmp_path
    assert all(c.isalnum() or c in "._-" for c in saved.saved_name)
    assert all(c.isprintable() for c in saved.original_name)


def test_same_bytes_under_another_name_are_stored_once_and_say_so(tmp_path):
    first = save_upload(tmp_path, "lavrov.txt", b"Lavrov met Wang Yi in Beijing.")
    again = save_upload(tmp_path, "copy of lavrov.txt", b"Lavrov met Wang Yi in Beijing.")
    assert not first.already_uploaded and first.message == ""
    assert again.already_uploaded and again.saved_name == "lavrov.txt"
    assert "already uploaded as lavrov.txt" in again.message
    assert [p.name for p in tmp_path.iterdir()] == ["lavrov.txt"]
    other = save_upload(tmp_path, "other.txt", b"Lavrov met Wang Yi in Beijing!")
    assert not other.already_uploaded and other.saved_name == "other.txt"


def test_fingerprint_of_an_unreadable_folder_does_not_raise(tmp_path, monkeypatch):
    from pathlib import Path

    real = Path.iterdir
    monkeypatch.setattr(Path, "iterdir", lambda self: (_ for _ in ()).throw(PermissionError(13, "denied"))
                        if self == tmp_path else real(self))
    assert folder_fingerprint([tmp_path]) != folder_fingerprint([tmp_path / "missing"])
