"""No lost work, no half records: kill -9, two writers, a full disk, read-only, locked and damaged files.

Real SQLite files and real processes throughout; nothing sleeps and nothing asserts on timing.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import traceback
from pathlib import Path

import pytest

from copydesk.store import audit, repository
from copydesk.store.db import Store
from copydesk.store.migrations import known_names
from copydesk.store.errors import (
    DatabaseCorrupt,
    DatabaseLocked,
    DatabaseTooNew,
    DiskFull,
    NotACopydeskDatabase,
    StoreError,
)
from copydesk.workflow import Workflow
from tests.store.conftest import PASSING_SMS, new_draft

# About the SQLite file itself (the sqlite3 shell, WAL, the file on disk): one backend.
pytestmark = pytest.mark.sqlite_only

ROOT = Path(__file__).resolve().parents[2]
WRITER = [sys.executable, "-m", "tests.store.writer_proc"]
NOBODY = 65534
POSIX_ONLY = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and kill -9 (POSIX)")


def assert_sound(path: Path) -> Store:
    """The file opens, SQLite finds no damage, the audit chain verifies, every version has its audit row."""
    store = Store.open(path)
    assert store.integrity_problems() == []
    report = audit.verify(store)
    assert report.ok, [str(p) for p in report.problems]
    unaudited = store.query(
        "SELECT id FROM versions WHERE 'version:' || id NOT IN "
        "(SELECT subject FROM audit WHERE action IN ('draft.create', 'version.save'))"
    )
    assert unaudited == []
    return store


def counts(store: Store) -> dict:
    return {table: store.query(f"SELECT count(*) AS n FROM {table}")[0]["n"]
            for table in ("campaigns", "drafts", "versions", "audit", "versions_fts")}


def sidecars(path: Path) -> list[Path]:
    return [p for p in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")) if p.exists()]


# --- crashes and concurrency -----------------------------------------------------------------

class WriterServer:
    """`writer_proc --serve`: forks one writer per request, so each kill costs no start-up."""

    def __init__(self, stderr_path: Path):
        self.stderr = stderr_path.open("w+", encoding="utf-8")
        self.proc = subprocess.Popen([*WRITER, "--serve"], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self.stderr, text=True, encoding="utf-8", bufsize=1)
        # A hung writer would block readline for ever; this turns a hang into a failure.
        self.watchdog = threading.Timer(120, self.proc.kill)
        self.watchdog.start()

    def event(self) -> dict:
        line = self.proc.stdout.readline()
        assert line, f"the writer server ended unexpectedly: {self.errors()}"
        return json.loads(line)

    def run(self, db: Path, count: int, login: str, kill_after: int | None = None,
            kill_at_statement: int = 0) -> tuple[list[dict], int]:
        """One writer, killed by us once it reported `kill_after` events, or by itself as it starts its
        `kill_at_statement`-th SQL statement. Returns its events and its wait status."""
        self.proc.stdin.write(f"{db} {count} {login} {kill_at_statement}\n")
        self.proc.stdin.flush()
        started = self.event()
        assert started["event"] == "started", started
        events = []
        if kill_after == 0:
            os.kill(started["pid"], signal.SIGKILL)
        while (event := self.event())["event"] != "exited":
            events.append(event)
            if kill_after and len(events) == kill_after:
                os.kill(started["pid"], signal.SIGKILL)
        return events, event["status"]

    def errors(self) -> str:
        self.stderr.flush()
        self.stderr.seek(0)
        return self.stderr.read()

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait()
        self.watchdog.cancel()
        self.stderr.close()


@POSIX_ONLY
@pytest.mark.slow  # about 5 s: 24 writers, each a few dozen fsynced commits
def test_kill_9_during_a_stream_of_writes_loses_nothing_that_was_reported_saved(tmp_path):
    path = tmp_path / "copydesk.db"
    server = WriterServer(tmp_path / "writer.err")
    rng = random.Random(20260115)
    reported: dict[int, str] = {}
    submitted: set[int] = set()
    try:
        for round_number in range(24):
            if round_number == 0:  # killed at once: while it creates and migrates the file
                events, status = server.run(path, 1000, "writer", kill_after=0)
            elif round_number % 2:  # killed by us, wherever it is after reporting a few saves
                events, status = server.run(path, 1000, "writer", kill_after=rng.randint(1, 24))
            else:  # killed as it starts a random SQL statement: often mid-transaction
                events, status = server.run(path, 1000, "writer", kill_at_statement=rng.randint(1, 250))
            assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, (status, server.errors())
            for event in events:
                if event["event"] == "saved":
                    reported[event["id"]] = event["text"]
                else:
                    submitted.add(event["id"])
            store = assert_sound(path)
            saved = {r["id"]: r for r in store.query("SELECT id, text, status FROM versions")}
            store.close()
            missing = sorted(set(reported) - set(saved))
            assert not missing, f"round {round_number}: versions reported saved are gone: {missing}"
            assert all(saved[i]["text"] == text for i, text in reported.items())
            assert all(saved[i]["status"] == "submitted" for i in submitted)
        # After all those crashes the file still takes writes to the end.
        events, status = server.run(path, 3, "writer")
        assert status == 0, server.errors()
        assert [e["event"] for e in events] == ["saved", "saved", "saved", "submitted"]
        assert "Traceback" not in server.errors()
    finally:
        server.close()
    assert len(reported) > 100  # the kills really landed in a stream of writes
    assert_sound(path).close()


def test_two_processes_writing_one_new_file_at_once(tmp_path):
    path = tmp_path / "copydesk.db"  # does not exist yet: both also race to create and migrate it
    writers = [subprocess.Popen([*WRITER, str(path), "60", login, "--wait"], cwd=ROOT, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
               for login in ("alice", "bob")]
    for writer in writers:
        assert json.loads(writer.stdout.readline()) == {"event": "ready"}
    for writer in writers:  # both loaded; now let them go together
        writer.stdin.write("go\n")
        writer.stdin.flush()
    # Each prints about 16 KB, well under a pipe's buffer, so reading one after the other cannot block.
    results = [writer.communicate(timeout=120) for writer in writers]
    for writer, (out, err) in zip(writers, results):
        assert writer.returncode == 0, err
        assert err == ""
    events = [json.loads(line) for out, _ in results for line in out.splitlines()]
    printed = {e["id"]: e["text"] for e in events if e["event"] == "saved"}
    assert len(printed) == 120

    store = assert_sound(path)
    rows = store.query("SELECT id, text, author FROM versions")
    assert {r["id"]: r["text"] for r in rows} == printed
    assert sorted(r["author"] for r in rows) == ["alice"] * 60 + ["bob"] * 60
    assert store.query("SELECT count(*) AS n FROM _sqlite_migrations")[0]["n"] == len(known_names())  # migrated once
    assert {u.login: u.roles for u in repository.list_users(store)} == {
        "alice": ("marketer",), "bob": ("marketer",), "writer-admin": ("admin",)}
    store.close()


# --- a full disk -----------------------------------------------------------------------------

def test_full_disk_refuses_the_save_whole_and_keeps_what_was_saved(db, team):
    first = new_draft(team["alice"])
    second = team["alice"].save_version(first.draft_id, PASSING_SMS + " Apply in the app.")
    before = counts(db)
    saved_before = db.query("SELECT * FROM versions ORDER BY id")
    # The file may not grow by a single page: the next version cannot fit.
    pages = db.conn.execute("PRAGMA page_count").fetchone()[0]
    db.conn.execute(f"PRAGMA max_page_count = {pages}")
    attempted = PASSING_SMS + " Ask about our student offers." * 400

    with pytest.raises(DiskFull) as caught:
        team["alice"].save_version(second.draft_id, attempted)

    message = str(caught.value)
    assert str(db.path) in message and "disk is full" in message and "nothing was saved" in message
    assert not db.conn.in_transaction
    assert counts(db) == before
    assert db.query("SELECT * FROM versions ORDER BY id") == saved_before
    assert repository.search(db, repository.LibraryFilter(query="student offers", status="")) == []
    assert_sound(db.path).close()

    # The caller still holds the text: once space is freed, saving it again works.
    db.conn.execute("PRAGMA max_page_count = 1073741823")
    retried = team["alice"].save_version(second.draft_id, attempted)
    assert (retried.text, retried.number) == (attempted, 3)


# --- a read-only file ------------------------------------------------------------------------

def _try_to_write(path: Path, catalog, engine) -> dict:
    """Open the store and save a draft; say where it stopped and with which error."""
    stage = "open"
    try:
        store = Store.open(path, busy_timeout_ms=200)
        stage = "write"
        try:
            new_draft(Workflow(store, catalog, engine, "alice"))
        finally:
            store.close()
        return {"stage": "done", "error": None, "message": ""}
    except StoreError as exc:
        return {"stage": stage, "error": type(exc).__name__, "message": str(exc)}
    except BaseException as exc:  # a raw sqlite3 error, or anything else, fails the test below
        return {"stage": stage, "error": f"unexpected {type(exc).__module__}.{type(exc).__name__}",
                "message": traceback.format_exc()}


def _try_to_write_as_nobody(path: Path, catalog, engine) -> dict:
    """Run the attempt in a forked child that has dropped to nobody.

    Forked, not a fresh interpreter: the interpreter may live where nobody cannot read it
    (here under /root); the child already has everything imported.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        try:
            os.close(read_end)
            try:
                os.setgroups([])
                os.setgid(NOBODY)
                os.setuid(NOBODY)
            except OSError as exc:
                result = {"stage": "setup", "error": None, "message": f"cannot become nobody: {exc}"}
            else:
                result = _try_to_write(path, catalog, engine)
            os.write(write_end, json.dumps(result).encode("utf-8"))
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    assert data, "the child running as nobody reported nothing"
    result = json.loads(data)
    if result["stage"] == "setup":
        pytest.skip(result["message"])
    return result


@pytest.fixture
def world_readable_dir():
    """A folder nobody (uid 65534) can reach: pytest's tmp_path sits under a 0700 folder."""
    base = Path(tempfile.gettempdir()).resolve()
    blocked = [p for p in (base, *base.parents) if not os.stat(p).st_mode & 0o001]
    if blocked:
        pytest.skip(f"{blocked[0]} is not searchable by other users, so nobody could not reach a test file")
    folder = Path(tempfile.mkdtemp(prefix="copydesk-ro-"))
    folder.chmod(0o755)
    yield folder
    folder.chmod(0o755)
    for child in folder.iterdir():
        child.chmod(0o644)
        child.unlink()
    folder.rmdir()


@pytest.mark.skipif(not hasattr(os, "chmod"), reason="needs file permissions")
def test_read_only_file_gives_a_read_only_error_and_is_left_alone(tmp_path, catalog, engine, request):
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0  # root ignores chmod: act as nobody
    folder = request.getfixturevalue("world_readable_dir") if as_root else tmp_path / "shared"
    folder.mkdir(exist_ok=True)
    path = folder / "copydesk.db"
    store = Store.open(path)
    Workflow(store, catalog, engine, "alice").add_user("alice", ["admin", "marketer"])
    store.close()
    before = path.read_bytes()
    path.chmod(0o444)
    folder.chmod(0o555)
    try:
        result = (_try_to_write_as_nobody if as_root else _try_to_write)(path, catalog, engine)
    finally:
        folder.chmod(0o755)
        path.chmod(0o644)

    assert result["stage"] in ("open", "write"), "the write went through a read-only file"
    assert result["error"] == "DatabaseReadOnly" or (
        result["error"] and not result["error"].startswith("unexpected") and "read-only" in result["message"]
    ), result
    assert str(path) in result["message"] and "read-only" in result["message"]
    assert path.read_bytes() == before


# --- a locked file ---------------------------------------------------------------------------

def test_locked_database_says_so_and_the_same_write_works_once_released(db, team, catalog, engine):
    holder = sqlite3.connect(db.path, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        store = Store.open(db.path, busy_timeout_ms=50)
        alice = Workflow(store, catalog, engine, "alice")
        with pytest.raises(DatabaseLocked) as caught:
            new_draft(alice)
        message = str(caught.value)
        assert str(db.path) in message and "locked by another program" in message and "try again" in message
        assert not store.conn.in_transaction
        holder.execute("ROLLBACK")
    finally:
        holder.close()

    version = new_draft(alice)
    assert store.query("SELECT id FROM versions") == [{"id": version.id}]
    store.close()
    assert_sound(db.path).close()


# --- files that are not, or no longer, a database copydesk can use ----------------------------

def _assert_refused_untouched(path: Path, error: type[StoreError], words: str) -> StoreError:
    before = path.read_bytes()
    with pytest.raises(error) as caught:
        Store.open(path)
    assert str(path) in str(caught.value) and words in str(caught.value)
    assert path.read_bytes() == before
    assert not list(path.parent.glob(path.name + ".before-*")), "refused, yet a migration backup was made"
    return caught.value


def test_random_bytes_are_refused_untouched(tmp_path):
    path = tmp_path / "copydesk.db"
    path.write_bytes(random.Random(1).randbytes(64 * 1024))
    _assert_refused_untouched(path, NotACopydeskDatabase, "not a copydesk database")
    assert sidecars(path) == []


def test_another_programs_sqlite_file_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.db"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE foo (id INTEGER PRIMARY KEY, note TEXT)")
    other.executemany("INSERT INTO foo (note) VALUES (?)", [(f"note {i}",) for i in range(100)])
    other.commit()
    other.close()
    _assert_refused_untouched(path, NotACopydeskDatabase, "belongs to another program")


def test_database_from_a_newer_copydesk_is_refused_untouched(tmp_path):
    path = tmp_path / "copydesk.db"
    Store.open(path).close()
    newer = sqlite3.connect(path)
    newer.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                  "VALUES ('copydesk', 'm099_from_the_future', '2030-01-01 00:00:00+00:00')")
    newer.commit()
    newer.close()
    error = _assert_refused_untouched(path, DatabaseTooNew, "newer copydesk")
    assert "m099_from_the_future" in str(error)


def test_damaged_header_is_reported_as_corrupt_not_as_another_programs_file(tmp_path):
    path = tmp_path / "copydesk.db"
    Store.open(path).close()
    data = bytearray(path.read_bytes())
    data[16:100] = random.Random(3).randbytes(84)  # SQLite's magic string survives, the rest of the header not
    path.write_bytes(bytes(data))
    error = _assert_refused_untouched(path, DatabaseCorrupt, "damaged")
    assert "copydesk restore" in str(error)


def test_damaged_pages_are_reported_as_corrupt_never_as_a_raw_sqlite_error(tmp_path, catalog, engine):
    path = tmp_path / "copydesk.db"
    store = Store.open(path)
    alice = Workflow(store, catalog, engine, "alice")
    alice.add_user("alice", ["admin", "marketer"])
    first = new_draft(alice)
    checked = alice.check(PASSING_SMS, "rewards-card", "sms", "en")
    with store.transaction():  # enough versions for a file of a few hundred pages
        for i in range(400):
            version_id = repository.insert_version(
                store, first.draft_id, text=f"{PASSING_SMS} Offer {'abcdefghij'[i % 10]} {'x' * (i % 300)}.",
                author="alice", source="manual", verdict=checked.report.verdict,
                check_report=checked.report.to_dict(), rule_packs=checked.rule_packs)
            audit.append(store, "alice", "version.save", f"version:{version_id}", {"draft": first.draft_id})
    store.close()
    data = bytearray(path.read_bytes())
    page = 4096
    pages = len(data) // page
    assert pages > 100
    rng = random.Random(7)
    for number in range(pages // 3, 2 * pages // 3):  # garbage over the middle third
        data[number * page:(number + 1) * page] = rng.randbytes(page)
    path.write_bytes(bytes(data))

    outcomes = []
    try:
        damaged = Store.open(path)
    except StoreError as exc:
        outcomes.append(exc)
    else:
        # SQLite only reads the schema on open; the damage must show, as DatabaseCorrupt, on reads.
        reads = (
            damaged.integrity_problems,
            lambda: audit.verify(damaged),
            lambda: repository.search(damaged, repository.LibraryFilter(query="points", status="")),
            lambda: repository.draft_versions(damaged, first.draft_id),
            lambda: new_draft(Workflow(damaged, catalog, engine, "alice")),
        )
        for read in reads:
            try:
                outcome = read()
            except StoreError as exc:
                outcome = exc
            outcomes.append(outcome)
        damaged.close()
    errors = [o for o in outcomes if isinstance(o, StoreError)]
    assert errors, f"the damage went unreported: {outcomes}"
    assert all(isinstance(e, DatabaseCorrupt) for e in errors), errors
    assert all(str(path) in str(e) and "damaged" in str(e) and "copydesk restore" in str(e) for e in errors)
