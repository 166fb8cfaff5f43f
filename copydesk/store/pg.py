"""The team library on a PostgreSQL server IT runs: the same interface as the SQLite Store.

`Store.open("postgresql://…")` returns a PgStore. The repository and the audit chain run on it
unchanged: `conn.execute` takes the same `?` placeholders (translated here), and the few
places where the dialects differ ask `store.dialect`. Who acts is the server's authenticated
user (`session_user`: a password or Kerberos, as IT set up the login), never a name the client
sends; the server enforces the roles itself (pg_schema.py).
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

from copydesk.store import errors
from copydesk.store.db import WitnessedCommits

# All writers take this lock first, so the audit chain grows one entry at a time, as SQLite's
# single writer does; readers never wait for it.
WRITE_LOCK_KEY = 0x4350444B
_PLACEHOLDER = re.compile(r"\?")


def redact(url: str) -> str:
    """The URL as records and messages show it: no password."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = (parts.username or "") + ":***"
    return urlunsplit(parts._replace(netloc=f"{user}@{netloc[1]}"))


def _translate(sql: str) -> str:
    """sqlite3's `?` placeholders as psycopg's `%s` (and a literal % doubled)."""
    return _PLACEHOLDER.sub("%s", sql.replace("%", "%%"))


class PgConnection:
    """psycopg behind the handful of sqlite3 calls the repository and audit make."""

    dialect = "postgresql"

    def __init__(self, raw):
        self.raw = raw

    def execute(self, sql: str, params=()):
        cursor = self.raw.cursor()
        cursor.execute(_translate(sql) if params else sql, tuple(params) if params else None)
        return cursor

    def executemany(self, sql: str, rows):
        cursor = self.raw.cursor()
        cursor.executemany(_translate(sql), [tuple(r) for r in rows])
        return cursor

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return self.raw.info.transaction_status in (TransactionStatus.INTRANS, TransactionStatus.INERROR)


class PgStore(WitnessedCommits):
    """An open, migrated team library on PostgreSQL."""

    dialect = "postgresql"

    def __init__(self, url: str, raw):
        self.url = url
        self.path = redact(url)  # what messages and records name
        self.raw = raw
        self.conn = PgConnection(raw)
        self.authenticated_login = raw.execute("SELECT session_user").fetchone()[0]

    @classmethod
    def open(cls, url: str, *, witness=None, connect_timeout_s: int = 10) -> "PgStore":
        import psycopg

        try:
            # autocommit: transactions are opened explicitly by transaction()/verify, as on SQLite.
            raw = psycopg.connect(url, autocommit=True, connect_timeout=connect_timeout_s, application_name="copydesk")
        except psycopg.Error as exc:
            raise errors.StoreError(redact(url), f"cannot connect to the PostgreSQL server ({_first_line(exc)})",
                                    "Check the server name, the database and your login with IT; nothing was changed") from None
        store = cls(url, raw)
        store.witness = witness
        try:
            store._migrate()
        except errors.StoreError:
            raw.close()
            raise
        return store

    # --- the Store interface ---------------------------------------------------------------

    @contextmanager
    def transaction(self):
        import psycopg

        self._forget_head()
        try:
            self.raw.execute("BEGIN")
            self.raw.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))
        except psycopg.Error as exc:
            raise self._store_error(exc) from None
        try:
            yield self
            self.raw.execute("COMMIT")
        except BaseException as exc:
            self._forget_head()
            if self.conn.in_transaction:
                try:
                    self.raw.execute("ROLLBACK")
                except psycopg.Error:
                    pass
            if isinstance(exc, psycopg.Error):
                raise self._store_error(exc) from None
            raise
        self._committed()

    @contextmanager
    def reading(self):
        import psycopg

        try:
            yield self
        except psycopg.Error as exc:
            raise self._store_error(exc) from None

    def query(self, sql: str, params=()) -> list[dict]:
        from psycopg.rows import dict_row

        with self.reading():
            cursor = self.raw.cursor(row_factory=dict_row)
            cursor.execute(_translate(sql) if params else sql, tuple(params) if params else None)
            return cursor.fetchall()

    def begin_snapshot(self) -> None:
        """audit.verify's one consistent view: every read sees the same committed state."""
        self.raw.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")

    def integrity_problems(self) -> list[str]:
        return []  # the server keeps its own pages sound; the audit chain checks the content

    def close(self) -> None:
        self.raw.close()

    def __enter__(self) -> "PgStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- schema --------------------------------------------------------------------------

    def _migrate(self) -> None:
        from copydesk.store import audit
        from copydesk.store.pg_schema import MIGRATIONS

        import psycopg

        try:
            known = self.raw.execute("SELECT to_regclass('copydesk_migrations') IS NOT NULL").fetchone()[0]
            applied = [r[0] for r in self.raw.execute("SELECT name FROM copydesk_migrations ORDER BY name")] if known else []
        except psycopg.Error as exc:
            raise self._store_error(exc) from None
        names = [name for name, _ in MIGRATIONS]
        unknown = [n for n in applied if n not in names]
        if unknown:
            raise errors.DatabaseTooNew(self.path, f"this library was set up by a newer copydesk (migration {unknown[-1]})",
                                        "Install the newer copydesk version; nothing was changed")
        pending = [(name, sql) for name, sql in MIGRATIONS if name not in applied]
        if not pending:
            return
        try:
            with self.transaction():
                self.raw.execute("CREATE TABLE IF NOT EXISTS copydesk_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
                for name, sql in pending:
                    self.raw.execute(sql)
                    self.raw.execute("INSERT INTO copydesk_migrations VALUES (%s, now()::text)", (name,))
                if "m005_audit_coverage" in [n for n, _ in pending]:
                    audit.record_baseline(self, "copydesk")
                audit.append(self, "copydesk", "database.migrate", audit.DATABASE_SUBJECT, {"migrations": [n for n, _ in pending]})
        except errors.StoreError as exc:
            if "permission denied" in str(exc) or "must be owner" in str(exc):
                raise errors.StoreError(self.path, f"the library's schema needs upgrading and {self.authenticated_login} may not do it",
                                        "Ask IT to run 'copydesk db upgrade --db URL' as the library's owner") from None
            raise

    def _store_error(self, exc) -> errors.StoreError:
        import psycopg

        message = _first_line(exc)
        if isinstance(exc, psycopg.errors.InsufficientPrivilege):
            return errors.StoreError(self.path, f"the database server refused: {message}",
                                     "This needs another role or another person; the library was not changed")
        if isinstance(exc, psycopg.OperationalError):
            return errors.StoreError(self.path, f"the connection to the server failed ({message})",
                                     "Check the network and try again; the change was not saved")
        return errors.StoreError(self.path, f"the database server refused: {message}", "Nothing was changed")


def _first_line(exc) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def schema_definitions(conn) -> list[tuple[str, str]]:
    """(name, definition) for every trigger, function, policy, table and RLS switch: what the
    audit chain records, so a dropped trigger or a loosened policy is named."""
    sql = """
        SELECT 'trigger:' || t.tgname, pg_get_triggerdef(t.oid)
          FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
         WHERE NOT t.tgisinternal AND c.relnamespace = 'public'::regnamespace
        UNION ALL
        SELECT 'function:' || p.proname, pg_get_functiondef(p.oid)
          FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace AND p.proname LIKE 'copydesk%%' AND p.prokind = 'f'
        UNION ALL
        SELECT 'policy:' || c.relname || '.' || p.polname,
               p.polcmd::text || ' ' || coalesce(pg_get_expr(p.polqual, p.polrelid), '') || ' ' || coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '')
          FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
        UNION ALL
        SELECT 'table:' || c.relname, c.relrowsecurity::text || ' ' || coalesce(c.relacl::text, '') || ' ' ||
               (SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum)
                  FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped)
          FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
        ORDER BY 1
    """
    return [(name, definition or "") for name, definition in conn.raw.execute(sql).fetchall()]
