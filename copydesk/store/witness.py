"""The audit chain's anchor outside the database: a witness file on a path IT chooses.

After every committed change the chain's head (position and hash) is appended to the file,
one JSON line each. Put it where the copydesk user may append but not rewrite (an append-only
share, a WORM folder). An insider with the database file can recompute the whole chain, or
put back yesterday's copy, but cannot make it agree with heads the witness already holds:
`audit verify --witness FILE` checks each one is still in the chain, with the same hash.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from copydesk.store.db import now

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WitnessEntry:
    row: int
    hash: str
    at: str
    line: int
    event: str = ""  # "restore": a backup was restored here; earlier heads belong to the replaced contents


class WitnessError(Exception):
    """The witness file cannot be read; the message names it and the fix."""


class Witness:
    def __init__(self, path: str | Path):
        self.path = Path(path)

    def record(self, row: int, digest: str, event: str = "") -> None:
        """Append one head; called after each commit. A failure is logged, not raised: the
        change is already saved, and `audit verify --witness` shows the gap."""
        data = {"row": row, "hash": digest, "at": now()}
        if event:
            data["event"] = event
        line = json.dumps(data, separators=(",", ":")) + "\n"
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, line.encode("ascii"))
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            log.warning("copydesk could not append to the audit witness %s (%s); ask IT to check the share", self.path, exc.strerror or exc)

    def entries(self) -> list[WitnessEntry]:
        try:
            text = self.path.read_text(encoding="ascii")
        except FileNotFoundError:
            raise WitnessError(f"{self.path}: the witness file does not exist; give the path IT configured "
                               "(settings \"witness\") or none") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise WitnessError(f"{self.path}: the witness file cannot be read ({exc}); ask IT for access") from None
        entries = []
        for number, raw in enumerate(text.splitlines(), 1):
            if not raw.strip():
                continue
            try:
                data = json.loads(raw)
                entries.append(WitnessEntry(int(data["row"]), str(data["hash"]), str(data.get("at", "")), number,
                                            str(data.get("event", ""))))
            except (ValueError, KeyError, TypeError):
                if number == len(text.splitlines()) and not text.endswith("\n"):
                    continue  # a line cut short by a crash while it was appended
                raise WitnessError(f"{self.path}:{number}: not a witness line copydesk wrote; the file was edited") from None
        return entries

    def restores(self) -> list[WitnessEntry]:
        """The restores the witness saw: `audit verify` lists them, so a rollback is never silent."""
        return [e for e in self.entries() if e.event == "restore"]

    def check(self, conn) -> list:
        """Problems where the chain disagrees with a head the witness holds (read in the caller's snapshot)."""
        from copydesk.store.audit import AuditProblem

        entries = self.entries()
        restores = [i for i, e in enumerate(entries) if e.event == "restore"]
        if restores:
            entries = entries[restores[-1]:]  # a restore replaced the contents the earlier heads spoke of
        if not entries:
            return []
        wanted = {e.row for e in entries}
        hashes = {row: digest for row, digest in conn.execute("SELECT id, hash FROM audit") if row in wanted}
        newest_row = conn.execute("SELECT coalesce(max(id), 0) FROM audit").fetchone()[0]
        problems = []
        newest_seen = max(entries, key=lambda e: e.row)
        if newest_seen.row > newest_row:
            problems.append(AuditProblem(0, f"the database was rolled back: the witness saw audit row {newest_seen.row} "
                                            f"at {newest_seen.at[:19]} but the chain ends at row {newest_row}", "witness"))
        gone = [e for e in entries if e.row <= newest_row and e.row not in hashes]
        if gone:
            problems.append(AuditProblem(gone[0].row, f"the witness recorded this row at {gone[0].at[:19]} but it is gone "
                                                      "from the chain (deleted)", "witness"))
        rewritten = [e for e in entries if e.row in hashes and hashes[e.row] != e.hash]
        if rewritten:
            first = min(rewritten, key=lambda e: e.row)
            problems.append(AuditProblem(first.row, f"differs from the hash the witness recorded at {first.at[:19]} "
                                                    f"(witness line {first.line}): the chain was rewritten", "witness"))
        return problems
