"""Consistent backups while the app runs (SQLite's online backup API) and checked restores."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from copydesk import config
from copydesk.store import audit, errors
from copydesk.store.db import Store


@dataclass(frozen=True)
class BackupCheck:
    path: Path
    size: int
    versions: int
    audit_rows: int
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict:
        return {"path": str(self.path), "size": self.size, "versions": self.versions, "audit_rows": self.audit_rows,
                "ok": self.ok, "problems": list(self.problems)}


def default_backup_path() -> Path:
    folder = config.data_dir() / "backups"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder / f"copydesk-{datetime.now().strftime('%Y%m%d-%H%M%S')}.db"


def backup(store: Store, destination: Path | None = None) -> BackupCheck:
    """Copy the open database to `destination` page by page (other writers may carry on), then check the copy."""
    if store.dialect != "sqlite":
        raise errors.StoreError(store.path, "a team library on a PostgreSQL server is backed up by the server, not by copydesk",
                                "Ask IT (pg_dump or their server backups); copydesk backs up its SQLite files")
    destination = Path(destination) if destination else default_backup_path()
    if destination.exists():
        raise errors.StoreError(destination, "a file with this name already exists", "Choose a new backup file name")
    partial = destination.with_name(destination.name + ".part")
    partial.unlink(missing_ok=True)
    try:
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))  # private, like the database
        with sqlite3.connect(partial) as target:
            store.conn.backup(target)
            # A copy of a WAL database is marked WAL too, and opening it would leave -wal and -shm
            # files beside the backup: a backup is one self-contained file.
            target.execute("PRAGMA journal_mode = DELETE")
        target.close()
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise errors.translate(exc, destination) from exc
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise errors.StoreError(destination, f"cannot write the backup ({exc.strerror})", "Choose a folder you can write to, with free space") from exc
    partial.replace(destination)
    return check(destination)


def check(path: Path) -> BackupCheck:
    """Open a database read-only and report whether it is sound: integrity and the audit chain."""
    path = Path(path)
    with Store.open(path, read_only=True) as store:
        problems = store.integrity_problems()
        report = audit.verify(store)
        problems += [str(p) for p in report.problems]
        versions = store.query("SELECT count(*) AS n FROM versions")[0]["n"]
    return BackupCheck(path, path.stat().st_size, versions, report.rows, tuple(problems))


def restore(source: Path, target: Store, actor: str) -> tuple[BackupCheck, Path]:
    """Replace the target database's contents with a checked backup; the old contents are kept.

    Returns the check of the source and where the previous contents were saved.
    """
    source = Path(source)
    checked = check(source)
    if not checked.ok:
        raise errors.DatabaseCorrupt(source, "this backup failed its check: " + "; ".join(checked.problems[:3]),
                                     "Choose another backup; nothing was restored")
    previous = target.path.with_name(f"{target.path.name}.before-restore-{datetime.now().strftime('%Y%m%d-%H%M%S')}.bak")
    backup(target, previous)
    try:
        with sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True) as origin:
            origin.backup(target.conn)
    except sqlite3.Error as exc:
        raise errors.translate(exc, target.path) from exc
    # The restored file may predate this copydesk: bring its schema up to date, then record the restore.
    reopened = Store.open(target.path)
    try:
        reopened.use_wal()  # backups are single files (journal DELETE); the live library runs in WAL
        with reopened.transaction():
            audit.append(reopened, actor, "database.restore", f"file:{source.name}",
                         {"source": str(source), "previous_contents": str(previous), "versions": checked.versions})
        if target.witness is not None:
            target.witness.record(*audit.head(reopened), event="restore")
    finally:
        reopened.close()
    return checked, previous
