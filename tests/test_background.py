"""The last good tables keep serving while changed folders are read in the background."""

from __future__ import annotations

import threading

import pandas as pd

from meetings.background import Job, TableStore

FOLDERS = ("/data/seeds", "/data/uploads")


class FakeFolders:
    """A folder set whose 'files' a test changes; reads can be held until the test releases them."""

    def __init__(self) -> None:
        self.version = 1
        self.reads: list[int] = []
        self.release = threading.Event()
        self.release.set()
        self.fail = False

    def fingerprint(self, folders) -> str:
        return f"v{self.version}"

    def count(self, folders) -> int:
        return self.version

    def load(self, folders):
        version = self.version
        self.reads.append(version)
        assert self.release.wait(10)
        if self.fail:
            raise OSError("disk gone")
        events = pd.DataFrame({"event_id": [f"e{i}" for i in range(version)]})
        return events, pd.DataFrame(), pd.DataFrame()

    def store(self) -> TableStore:
        return TableStore(self.load, self.fingerprint, self.count)


def _n_events(snapshot) -> int:
    return len(snapshot.tables[0])


def test_first_read_waits_and_unchanged_folders_are_not_read_again():
    fake = FakeFolders()
    store = fake.store()
    assert _n_events(store.snapshot(FOLDERS)) == 1
    assert _n_events(store.snapshot(FOLDERS)) == 1
    assert fake.reads == [1]


def test_old_tables_serve_while_new_articles_are_read():
    fake = FakeFolders()
    store = fake.store()
    store.snapshot(FOLDERS)
    fake.version = 2  # an upload
    fake.release.clear()  # the background read is slow
    during = store.snapshot(FOLDERS)
    assert during.reading and _n_events(during) == 1 and during.fingerprint == "v1"
    again = store.snapshot(FOLDERS)  # another session meanwhile: same old tables, no second read started
    assert _n_events(again) == 1 and again.job is during.job
    fake.release.set()
    after = store.wait(FOLDERS)
    assert not after.reading and _n_events(after) == 2 and after.fingerprint == "v2"
    assert fake.reads == [1, 2]


def test_a_failed_read_keeps_the_last_good_tables_and_says_why():
    fake = FakeFolders()
    store = fake.store()
    store.snapshot(FOLDERS)
    fake.version, fake.fail = 2, True
    after = store.wait(FOLDERS)
    assert _n_events(after) == 1 and "disk gone" in after.error
    assert store.wait(FOLDERS) and fake.reads == [1, 2]  # not retried until the files change again
    fake.version, fake.fail = 3, False
    fixed = store.wait(FOLDERS)
    assert _n_events(fixed) == 3 and fixed.error == ""


def test_folder_sets_are_kept_apart():
    fake = FakeFolders()
    store = fake.store()
    store.snapshot(FOLDERS)
    other = store.snapshot(("/elsewhere",))
    assert _n_events(other) == 1 and fake.reads == [1, 1]


def test_progress_is_an_estimate_that_never_claims_done_early():
    job = Job(fingerprint="v2", n_articles=10, started=100.0, expected_s=5.0)
    assert job.progress(now=101.0) == 0.2
    assert job.progress(now=200.0) < 1.0 and job.seconds_left(now=200.0) == 0
    job.done = True
    assert job.progress() == 1.0
