"""Database problems as messages a user can act on: what happened, to which file, what to do."""

from __future__ import annotations

import sqlite3
from pathlib import Path


class StoreError(Exception):
    """A database problem; the message names the file and the fix. Nothing was half-written."""

    def __init__(self, path: Path | str, problem: str, fix: str):
        self.path = str(path)
        self.problem = problem
        self.fix = fix
        super().__init__(f"{path}: {problem}. {fix}")


class NotACopydeskDatabase(StoreError):
    """The file is not SQLite, or is SQLite but belongs to another program."""


class DatabaseTooNew(StoreError):
    """The file was written by a newer copydesk; opening it would risk damaging it."""


class DatabaseCorrupt(StoreError):
    """SQLite reports the file as damaged."""


class DatabaseLocked(StoreError):
    """Another program held the database longer than the busy timeout."""


class DatabaseReadOnly(StoreError):
    """The file or its folder cannot be written."""


class DiskFull(StoreError):
    """The disk (or the database's size limit) is full."""


RESTORE_FIX = "Restore the latest backup with 'copydesk restore BACKUP' (your unsaved text is kept in the editor)"


def translate(exc: sqlite3.Error, path: Path | str) -> StoreError:
    """Turn a sqlite3 error into the StoreError a user can act on."""
    message = str(exc).lower()
    code = getattr(exc, "sqlite_errorcode", None)
    if "file is not a database" in message or code == sqlite3.SQLITE_NOTADB:
        if _starts_as_sqlite(path):  # SQLite's own magic, then an unreadable header: damage, not a stranger
            return DatabaseCorrupt(path, "the database file is damaged (its header is unreadable)", RESTORE_FIX)
        return NotACopydeskDatabase(path, "this file is not a copydesk database (not SQLite)", "Choose the right file with --db, or move this one away")
    if "malformed" in message or code == sqlite3.SQLITE_CORRUPT:
        return DatabaseCorrupt(path, "the database file is damaged", RESTORE_FIX)
    if "locked" in message or "busy" in message or code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return DatabaseLocked(path, "the database is locked by another program", "Close other copydesk windows or programs using this file and try again")
    if "readonly" in message or "read-only" in message or code == sqlite3.SQLITE_READONLY:
        return DatabaseReadOnly(path, "the database cannot be written (the file or its folder is read-only)", "Ask IT for write access to the file and its folder, or choose another file with --db")
    if "full" in message or code == sqlite3.SQLITE_FULL:
        return DiskFull(path, "the disk is full, so nothing was saved", "Free some disk space and save again")
    if "unable to open" in message or code == sqlite3.SQLITE_CANTOPEN:
        return DatabaseReadOnly(path, "the database file cannot be opened or created", "Check that the folder exists and that you may write to it, or choose another file with --db")
    if "disk i/o" in message or code == sqlite3.SQLITE_IOERR:
        return DiskFull(path, f"the disk reported an error ({exc})", "Check the disk and free space, then save again")
    return StoreError(path, f"database error: {exc}", "Try again; if it persists, run 'copydesk audit verify' and contact IT")


def _starts_as_sqlite(path: Path | str) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False
