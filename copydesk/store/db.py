"""Open the copydesk database: checks that it is ours and not too new, WAL, migrations.

One `Store` is one connection; open one per thread (the GUI's workers each open their own).
Every write goes through `Store.transaction()`, which takes the write lock up front
(BEGIN IMMEDIATE) so two processes on one file wait for each other instead of failing.
"""

from __future__ import annotations

import sqlite3
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from sqlite_utils import Database

from copydesk import config
from copydesk.store import errors
from copydesk.store.migrations import MIGRATIONS, known_names

# PRAGMA application_id marks the file as copydesk's ("CPDK"), so another program's SQLite
# file is refused instead of being migrated into a mess.
APPLICATION_ID = 0x4350444B
SQLITE_HEADER = b"SQLite format 3\x00"
DEFAULT_BUSY_TIMEOUT_MS = 10_000
DB_FILENAME = "copydesk.db"


def default_db_path() -> Path:
    """The database in the user data folder."""
    return config.data_dir() / DB_FILENAME


def now() -> str:
    """UTC time as stored everywhere: ISO 8601 with microseconds, sortable as text."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


class Store:
    """An open, migrated copydesk database."""

    def __init__(self, path: Path, conn: sqlite3.Connection, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS):
        self.path = path
        self.conn = conn
        self.busy_timeout_ms = busy_timeout_ms
        self.db = Database(conn)

    @classmethod
    def open(cls, path: str | Path | None = None, *, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS, read_only: bool = False) -> "Store":
        """Open (creating and migrating if needed) the database; raise StoreError with the fix.

        `read_only` opens an existing file without changing it (backups being checked).
        """
        path = Path(path) if path else default_db_path()
        _refuse_foreign_file(path)
        if read_only and not path.exists():
            raise errors.StoreError(path, "the file does not exist", "Check the path")
        try:
            target = f"{path.resolve().as_uri()}?mode=ro" if read_only else path
            conn = sqlite3.connect(target, timeout=busy_timeout_ms / 1000, isolation_level=None, uri=read_only)
        except sqlite3.Error as exc:
            raise errors.translate(exc, path) from exc
        store = cls(path, conn, busy_timeout_ms)
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            conn.execute("PRAGMA foreign_keys = ON")
            store._check_identity()
            store._refuse_newer()
            if not read_only:
                store._migrate()
                # FULL: an approval reported saved survives a power cut, not just a crash.
                conn.execute("PRAGMA synchronous = FULL")
        except sqlite3.Error as exc:
            conn.close()
            raise errors.translate(exc, path) from exc
        except errors.StoreError:
            conn.close()
            raise
        return store

    def close(self) -> None:
        try:
            # SQLite's advice for long-lived connections: refresh the planner's statistics
            # (bounded, so closing stays quick) so searches pick the selective index.
            self.conn.execute("PRAGMA analysis_limit = 400")
            self.conn.execute("PRAGMA optimize")
        except sqlite3.Error:
            pass  # statistics are an optimisation; a read-only or busy file skips them
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self):
        """One atomic write: everything inside is saved together or not at all."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise errors.translate(exc, self.path) from exc
        try:
            yield self
            self.conn.execute("COMMIT")
        except BaseException as exc:
            if self.conn.in_transaction:
                try:
                    self.conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass  # SQLite already rolled back (e.g. after SQLITE_FULL)
            if isinstance(exc, sqlite3.Error):
                raise errors.translate(exc, self.path) from exc
            raise

    @contextmanager
    def reading(self):
        """Turn sqlite3 errors during reads into StoreError too."""
        try:
            yield self
        except sqlite3.Error as exc:
            raise errors.translate(exc, self.path) from exc

    def query(self, sql: str, params=()) -> list[dict]:
        """Rows as dicts."""
        with self.reading():
            return list(self.db.query(sql, params))

    def integrity_problems(self) -> list[str]:
        """PRAGMA integrity_check's complaints; empty when the file is sound."""
        with self.reading():
            rows = [r[0] for r in self.conn.execute("PRAGMA integrity_check").fetchall()]
        return [] if rows == ["ok"] else rows

    def _check_identity(self) -> None:
        app_id = self.conn.execute("PRAGMA application_id").fetchone()[0]
        tables = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if app_id == APPLICATION_ID:
            return
        if app_id != 0 or (tables - {"_sqlite_migrations"}):
            raise errors.NotACopydeskDatabase(
                self.path,
                "this SQLite file belongs to another program, not copydesk",
                "Choose a copydesk database with --db (or a new file name to start one); this file was not changed",
            )

    def _refuse_newer(self) -> None:
        applied = [m.name for m in MIGRATIONS.applied(self.db)]
        unknown = [name for name in applied if name not in known_names()]
        if unknown:
            raise errors.DatabaseTooNew(
                self.path,
                f"this database was written by a newer copydesk (it has migration {unknown[-1]})",
                "Install the newer copydesk version, or open a different file; this file was not changed",
            )

    def _migrate(self) -> None:
        applied = MIGRATIONS.applied(self.db)
        if not MIGRATIONS.pending(self.db):
            return
        if applied:
            self._backup_before_upgrade(MIGRATIONS.pending(self.db)[0].name)
        self._use_wal()
        # Under the write lock, so two copydesk windows starting at once migrate only once;
        # sqlite-utils runs each migration in a savepoint inside this transaction.
        with self.transaction():
            MIGRATIONS.apply(self.db)
            self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            self.conn.execute(f"PRAGMA user_version = {len(known_names())}")

    def _use_wal(self) -> None:
        """Switch a new file to WAL. Switching needs the file to itself and SQLite answers
        "locked" at once rather than waiting, so when another copydesk is creating the same
        file at this moment, wait for it (up to the busy timeout) or see that it switched."""
        deadline = time.monotonic() + self.busy_timeout_ms / 1000
        while True:
            try:
                if self.conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    self.conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.02)

    def _backup_before_upgrade(self, first_pending: str) -> None:
        target = self.path.with_name(f"{self.path.name}.before-{first_pending}.bak")
        with sqlite3.connect(target) as copy:
            self.conn.backup(copy)
        copy.close()


def _refuse_foreign_file(path: Path) -> None:
    """A non-empty file that is not SQLite is refused before SQLite touches it."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        if not path.parent.exists():
            raise errors.DatabaseReadOnly(path, "the folder for the database does not exist", "Create the folder, or choose another file with --db") from None
        return
    except IsADirectoryError:
        raise errors.NotACopydeskDatabase(path, "this is a folder, not a database file", "Give a file name with --db") from None
    except OSError as exc:
        raise errors.DatabaseReadOnly(path, f"the database cannot be read ({exc.strerror})", "Ask IT for access to the file, or choose another with --db") from None
    if header and header != SQLITE_HEADER:
        raise errors.NotACopydeskDatabase(
            path, "this file is not a copydesk database (not SQLite)", "Choose the right file with --db; this file was not changed"
        )
