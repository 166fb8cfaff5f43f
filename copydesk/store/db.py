"""Open the copydesk database: checks that it is ours and not too new, WAL, migrations.

One `Store` is one connection; open one per thread (the GUI's workers each open their own).
Every write goes through `Store.transaction()`, which takes the write lock up front
(BEGIN IMMEDIATE) so two processes on one file wait for each other instead of failing.
"""

from __future__ import annotations

import os
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
# The migration from which every audit entry carries its row's digest (older rows get a baseline).
COVERAGE_MIGRATION = "m005_audit_coverage"


def default_db_path() -> Path:
    """The database in the user data folder."""
    return config.data_dir() / DB_FILENAME


def library_target(given: str | Path | None = None) -> str | Path:
    """Which library to open: `given` (--db), else settings "db" (a team library's
    postgresql:// URL, or a file), else the file in the user data folder."""
    if given:
        return str(given) if is_server_url(str(given)) else Path(given)
    try:
        configured = config.load_settings().extra.get("db")
    except config.SettingsError as exc:
        # Never fall back to a local file when settings may name the team's server.
        raise errors.StoreError(config.settings_path(), str(exc), "Fix the settings file; no library was opened") from None
    if isinstance(configured, str) and configured.strip():
        return configured.strip() if is_server_url(configured.strip()) else Path(configured).expanduser()
    return default_db_path()


def now() -> str:
    """UTC time as stored everywhere: ISO 8601 with microseconds, sortable as text."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def is_server_url(target) -> bool:
    """Whether a --db / settings "db" value names a PostgreSQL server rather than a file."""
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


class WitnessedCommits:
    """What both stores share about the audit witness: audit.append notes the head it wrote, and
    only once the transaction has committed does the witness get it (never a rolled-back head)."""

    witness = None  # a witness.Witness, or None
    _new_head: tuple[int, str] | None = None

    def note_audit_head(self, row_id: int, digest: str) -> None:
        self._new_head = (row_id, digest)

    def _forget_head(self) -> None:
        self._new_head = None

    def _committed(self) -> None:
        if self._new_head and self.witness is not None:
            self.witness.record(*self._new_head)
        self._new_head = None


class Store(WitnessedCommits):
    """An open, migrated copydesk database: this class is the SQLite file; `open` hands a
    postgresql:// URL to pg.PgStore, which has the same interface (the core and the UI never
    know which one they talk to)."""

    dialect = "sqlite"
    # The login the database server authenticated (PostgreSQL's session_user); None for a file,
    # where the operating system says who acts.
    authenticated_login: str | None = None

    def __init__(self, path: Path, conn: sqlite3.Connection, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS):
        self.path = path
        self.conn = conn
        self.busy_timeout_ms = busy_timeout_ms
        self.db = Database(conn)

    @classmethod
    def open(cls, path: str | Path | None = None, *, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS, read_only: bool = False,
             witness=None) -> "Store":
        """Open (creating and migrating if needed) the database; raise StoreError with the fix.

        `read_only` opens an existing file without changing it (backups being checked).
        `witness` (a witness.Witness) gets the audit chain's head after every committed change.
        """
        path = library_target(path)
        if isinstance(path, str):
            from copydesk.store.pg import PgStore

            return PgStore.open(path, witness=witness)
        _refuse_foreign_file(path)
        if read_only and not path.exists():
            raise errors.StoreError(path, "the file does not exist", "Check the path")
        if not read_only:
            _create_private(path, busy_timeout_ms)
        try:
            target = f"{path.resolve().as_uri()}?mode=ro" if read_only else path
            conn = sqlite3.connect(target, timeout=busy_timeout_ms / 1000, isolation_level=None, uri=read_only)
        except sqlite3.Error as exc:
            raise errors.translate(exc, path) from exc
        store = cls(path, conn, busy_timeout_ms)
        store.witness = witness
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
        self._forget_head()
        try:
            yield self
            self.conn.execute("COMMIT")
        except BaseException as exc:
            self._forget_head()
            if self.conn.in_transaction:
                try:
                    self.conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass  # SQLite already rolled back (e.g. after SQLITE_FULL)
            if isinstance(exc, sqlite3.Error):
                raise errors.translate(exc, self.path) from exc
            raise
        self._committed()

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

    def begin_snapshot(self) -> None:
        """audit.verify's one consistent view (WAL: a read transaction sees one committed state)."""
        self.conn.execute("BEGIN")

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
        self.use_wal()
        # Under the write lock, so two copydesk windows starting at once migrate only once;
        # sqlite-utils runs each migration in a savepoint inside this transaction.
        from copydesk.store import audit  # audit builds on Store

        pending = [m.name for m in MIGRATIONS.pending(self.db)]
        with self.transaction():
            MIGRATIONS.apply(self.db)
            self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            self.conn.execute(f"PRAGMA user_version = {len(known_names())}")
            if COVERAGE_MIGRATION in pending:
                audit.record_baseline(self, "copydesk")
            # The schema's tables and triggers go into the chain, so a dropped guard is named.
            audit.append(self, "copydesk", "database.migrate", audit.DATABASE_SUBJECT, {"migrations": pending})

    def use_wal(self) -> None:
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


def _create_private(path: Path, busy_timeout_ms: int) -> None:
    """Create a new library where `path` does not exist yet: built and migrated beside it under a
    private name (0600; SQLite gives -wal and -shm the same mode), then linked into place whole.
    So a file at `path` is always a complete database, and an empty one there is a lost one.
    Two copydesks creating the same file at once: one link wins, the other opens the winner's."""
    if path.exists() or not path.parent.is_dir():
        return  # an existing file is opened as it is; a missing folder gets its message on connect
    building = path.with_name(f".{path.name}.new-{os.getpid()}-{time.monotonic_ns()}")
    try:
        os.close(os.open(building, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError:
        return  # SQLite's own error on connect says it better (read-only folder, ...)
    try:
        conn = sqlite3.connect(building, timeout=busy_timeout_ms / 1000, isolation_level=None)
        fresh = Store(building, conn, busy_timeout_ms)
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            fresh._migrate()
        finally:
            conn.close()
        try:
            os.link(building, path)
        except FileExistsError:
            pass  # another copydesk created it a moment ago: use theirs
        except OSError:
            if not path.exists():
                os.rename(building, path)  # a file system without hard links
    except sqlite3.Error as exc:
        raise errors.translate(exc, path) from exc
    finally:
        for leftover in (building, building.with_name(building.name + "-wal"), building.with_name(building.name + "-shm")):
            leftover.unlink(missing_ok=True)


def _refuse_foreign_file(path: Path) -> None:
    """A file that is not SQLite is refused before SQLite touches it; so is an empty one, which
    is a lost database (a failed copy, a full disk), not a new empty library."""
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
    if not header:
        raise errors.NotACopydeskDatabase(
            path, "the database file is empty (0 bytes): its contents were lost or never copied",
            "Restore it from a backup ('copydesk backup restore'), or delete the empty file to start a new library",
        )
    if header and header != SQLITE_HEADER:
        raise errors.NotACopydeskDatabase(
            path, "this file is not a copydesk database (not SQLite)", "Choose the right file with --db; this file was not changed"
        )
