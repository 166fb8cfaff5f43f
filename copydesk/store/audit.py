"""The append-only, hash-chained audit log.

Each row's hash covers its own fields and the previous row's hash, and `audit_head` holds the
newest id and hash. So editing a row breaks its hash, deleting or reordering rows breaks the
chain, and deleting the newest rows disagrees with the head: `verify` names the row.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from copydesk.store.db import Store, now

GENESIS = "0" * 64


def canonical_json(data) -> str:
    """The one JSON spelling that is hashed: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def row_hash(row_id: int, at: str, actor: str, action: str, subject: str, details: str, prev_hash: str) -> str:
    payload = canonical_json([row_id, at, actor, action, subject, details, prev_hash])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def append(store: Store, actor: str, action: str, subject: str, details: dict | None = None) -> int:
    """Add one entry; call inside `store.transaction()` so it commits with the change it records."""
    if not store.conn.in_transaction:
        raise RuntimeError("audit.append must run inside the transaction of the change it records")
    head = store.conn.execute("SELECT last_id, last_hash FROM audit_head WHERE one = 1").fetchone()
    prev_id, prev_hash = head if head else (0, GENESIS)
    row_id = prev_id + 1
    at = now()
    details_text = canonical_json(details or {})
    digest = row_hash(row_id, at, actor, action, subject, details_text, prev_hash)
    store.conn.execute(
        "INSERT INTO audit (id, at, actor, action, subject, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (row_id, at, actor, action, subject, details_text, prev_hash, digest),
    )
    store.conn.execute(
        "INSERT INTO audit_head (one, last_id, last_hash) VALUES (1, ?, ?) "
        "ON CONFLICT(one) DO UPDATE SET last_id = excluded.last_id, last_hash = excluded.last_hash",
        (row_id, digest),
    )
    return row_id


@dataclass(frozen=True)
class AuditProblem:
    row: int  # the audit row id where the chain breaks (0: the head record)
    problem: str

    def __str__(self) -> str:
        return f"audit row {self.row}: {self.problem}" if self.row else self.problem


@dataclass(frozen=True)
class AuditReport:
    rows: int
    problems: tuple[AuditProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict:
        return {"ok": self.ok, "rows": self.rows, "problems": [{"row": p.row, "problem": p.problem} for p in self.problems]}


def verify(store: Store) -> AuditReport:
    """Walk the chain from the first row; report every edited, missing or reordered row."""
    problems: list[AuditProblem] = []
    expected_prev = GENESIS
    expected_id = 1
    count = 0
    last_hash = GENESIS
    with store.reading():
        cursor = store.conn.execute("SELECT id, at, actor, action, subject, details, prev_hash, hash FROM audit ORDER BY id")
        for row_id, at, actor, action, subject, details, prev_hash, stored_hash in cursor:
            count += 1
            if row_id != expected_id:
                missing = f"{expected_id}" if row_id == expected_id + 1 else f"{expected_id}-{row_id - 1}"
                problems.append(AuditProblem(row_id, f"rows {missing} are missing (deleted)" if "-" in missing else f"row {missing} is missing (deleted)"))
            if row_hash(row_id, at, actor, action, subject, details, prev_hash) != stored_hash:
                problems.append(AuditProblem(row_id, f"contents were changed after it was written ({action} {subject} by {actor})"))
            elif prev_hash != expected_prev and row_id == expected_id:
                problems.append(AuditProblem(row_id, "does not follow the row before it (rows reordered or replaced)"))
            expected_prev = stored_hash
            expected_id = row_id + 1
            last_hash = stored_hash
        head = store.conn.execute("SELECT last_id, last_hash FROM audit_head WHERE one = 1").fetchone()
    last_id = expected_id - 1
    if head is None:
        if count:
            problems.append(AuditProblem(0, "the audit head record is missing"))
    elif head[0] != last_id or head[1] != last_hash:
        if head[0] > last_id:
            problems.append(AuditProblem(head[0], f"the newest rows {last_id + 1}-{head[0]} are missing (deleted)" if head[0] > last_id + 1 else f"the newest row {head[0]} is missing (deleted)"))
        else:
            problems.append(AuditProblem(0, f"the audit head (row {head[0]}) does not match the newest row {last_id}"))
    return AuditReport(count, tuple(problems))
