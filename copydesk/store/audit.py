"""The append-only, hash-chained audit log, and the proof that the database agrees with it.

Each row's hash covers its own fields and the previous row's hash, and `audit_head` holds the
newest id and hash. So editing a row breaks its hash, deleting or reordering rows breaks the
chain, and deleting the newest rows disagrees with the head.

The chain also covers the data it speaks of: every entry about a version, a user or the
database carries the digest of that row (or of the schema's tables and triggers) as it was
right after the change. `verify` recomputes them, so a version inserted or flipped to approved
with the sqlite3 shell, a role granted by SQL, a dropped guard trigger or an emptied log is
named. What an insider who rewrites everything consistently can still do (recompute every
digest and hash) is caught by the witness file outside the database (`witness.py`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from copydesk.store.db import Store, now

GENESIS = "0" * 64
DATABASE_SUBJECT = "database"


def canonical_json(data) -> str:
    """The one JSON spelling that is hashed: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def row_hash(row_id: int, at: str, actor: str, action: str, subject: str, details: str, prev_hash: str) -> str:
    payload = canonical_json([row_id, at, actor, action, subject, details, prev_hash])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _digest(data) -> str:
    return hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()


# --- the state of what an entry speaks of ----------------------------------------------------

def _rows(conn, sql: str, params=()) -> list[dict]:
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor]


def version_states(conn, version_id: int | None = None, id_range: tuple[int, int] | None = None) -> dict[int, dict]:
    """{version id: {"sha256", "status"}} over every column of the version and its decisions
    (one version, a range of ids, or all)."""
    if version_id is not None:
        id_range = (version_id, version_id)
    where, params = (" WHERE id BETWEEN ? AND ?", id_range) if id_range else ("", ())
    decisions: dict[int, list] = {}
    for d in _rows(conn, "SELECT version_id, reviewer, decision, comment, at FROM decisions"
                   + (" WHERE version_id BETWEEN ? AND ?" if id_range else "") + " ORDER BY id", params):
        decisions.setdefault(d["version_id"], []).append([d["reviewer"], d["decision"], d["comment"], d["at"]])
    return {row["id"]: {"sha256": _digest({"row": row, "decisions": decisions.get(row["id"], [])}), "status": row["status"]}
            for row in _rows(conn, "SELECT * FROM versions" + where, params)}


def user_states(conn, login: str | None = None) -> dict[str, dict]:
    """{login: {"sha256", "roles", "active"}} over every column of the user."""
    where, params = (" WHERE login = ?", (login,)) if login is not None else ("", ())
    return {row["login"]: {"sha256": _digest(row), "roles": row["roles"], "active": row["active"]}
            for row in _rows(conn, "SELECT * FROM users" + where, params)}


def role_request_states(conn, request_id: int | None = None) -> dict[int, dict]:
    if _dialect(conn) == "sqlite" and not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'role_requests'").fetchone():
        return {}  # a backup from before role requests
    where, params = (" WHERE id = ?", (request_id,)) if request_id is not None else ("", ())
    return {row["id"]: {"sha256": _digest(row), "status": row["status"], "roles": row["roles"]}
            for row in _rows(conn, "SELECT * FROM role_requests" + where, params)}


def _dialect(conn) -> str:
    return getattr(conn, "dialect", "sqlite")


def schema_state(conn) -> dict[str, str]:
    """{table or trigger name: sha256 of its SQL}: what a dropped or rewritten guard changes."""
    if _dialect(conn) == "postgresql":
        from copydesk.store.pg import schema_definitions

        rows = schema_definitions(conn)
        return {name: hashlib.sha256(sql.encode("utf-8")).hexdigest() for name, sql in rows}
    rows = conn.execute("SELECT type, name, sql FROM sqlite_master WHERE type IN ('table', 'trigger') "
                        "AND name NOT LIKE 'sqlite_%' ORDER BY name").fetchall()
    return {f"{kind}:{name}": hashlib.sha256((sql or "").encode("utf-8")).hexdigest() for kind, name, sql in rows}


def subject_state(conn, subject: str) -> dict | None:
    """The state an entry about `subject` records, or None for subjects without a row."""
    kind, _, key = subject.partition(":")
    if kind == "version" and key.isdigit():
        return version_states(conn, int(key)).get(int(key))
    if kind == "user" and key:
        return user_states(conn, key).get(key)
    if kind == "role_request" and key.isdigit():
        return role_request_states(conn, int(key)).get(int(key))
    if subject == DATABASE_SUBJECT:
        return {"schema": schema_state(conn)}
    return None


def append(store: Store, actor: str, action: str, subject: str, details: dict | None = None) -> int:
    """Add one entry; call inside `store.transaction()`, after the change, so it commits with the
    change it records and carries the changed row's digest."""
    if not store.conn.in_transaction:
        raise RuntimeError("audit.append must run inside the transaction of the change it records")
    head = store.conn.execute("SELECT last_id, last_hash FROM audit_head WHERE one = 1").fetchone()
    prev_id, prev_hash = head if head else (0, GENESIS)
    row_id = prev_id + 1
    at = now()
    details = dict(details or {})
    state = subject_state(store.conn, subject)
    if state is not None:
        details["state"] = state
    details_text = canonical_json(details)
    digest = row_hash(row_id, at, actor, action, subject, details_text, prev_hash)
    if store.dialect == "postgresql":  # the server checks the entry before it joins the chain
        store.conn.execute("SELECT copydesk_append_audit(?, ?, ?, ?, ?, ?, ?, ?)",
                           (row_id, at, actor, action, subject, details_text, prev_hash, digest))
        store.note_audit_head(row_id, digest)
        return row_id
    store.conn.execute(
        "INSERT INTO audit (id, at, actor, action, subject, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (row_id, at, actor, action, subject, details_text, prev_hash, digest),
    )
    store.conn.execute(
        "INSERT INTO audit_head (one, last_id, last_hash) VALUES (1, ?, ?) "
        "ON CONFLICT(one) DO UPDATE SET last_id = excluded.last_id, last_hash = excluded.last_hash",
        (row_id, digest),
    )
    store.note_audit_head(row_id, digest)
    return row_id


def head(store: Store) -> tuple[int, str]:
    """(position, hash) of the newest entry: what records print and the witness keeps."""
    row = store.conn.execute("SELECT last_id, last_hash FROM audit_head WHERE one = 1").fetchone()
    return (row[0], row[1]) if row else (0, GENESIS)


def entry_hash(store: Store, row_id: int) -> str | None:
    row = store.conn.execute("SELECT hash FROM audit WHERE id = ?", (row_id,)).fetchone()
    return row[0] if row else None


def record_baseline(store: Store, actor: str) -> int:
    """Record the state of every version and user that no entry covers yet (a database from
    before entries carried digests). Runs once, in the migration that started covering them."""
    covered = set()
    for (subject,) in store.conn.execute("SELECT DISTINCT subject FROM audit WHERE details LIKE '%\"state\":%'"):
        covered.add(subject)
    subjects = [f"version:{i}" for (i,) in store.conn.execute("SELECT id FROM versions ORDER BY id")]
    subjects += [f"user:{login}" for (login,) in store.conn.execute("SELECT login FROM users ORDER BY login")]
    added = 0
    for subject in subjects:
        if subject not in covered:
            append(store, actor, "audit.baseline", subject, {"reason": "recorded when the audit log began covering rows"})
            added += 1
    return added


# --- verifying -------------------------------------------------------------------------------

@dataclass(frozen=True)
class AuditProblem:
    row: int  # the audit row id where the chain breaks (0: not one row)
    problem: str
    kind: str = "chain"  # chain | data | schema | witness

    def __str__(self) -> str:
        return f"audit row {self.row}: {self.problem}" if self.row else self.problem


@dataclass(frozen=True)
class AuditReport:
    rows: int
    problems: tuple[AuditProblem, ...]
    head: tuple[int, str] = (0, GENESIS)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict:
        return {"ok": self.ok, "rows": self.rows, "head": {"row": self.head[0], "hash": self.head[1]},
                "problems": [{"row": p.row, "problem": p.problem, "kind": p.kind} for p in self.problems]}


def verify(store: Store, witness=None) -> AuditReport:
    """Walk the chain, then check the versions, users, schema (and the witness) against it.

    Everything is read in one transaction, so writers carrying on meanwhile cause no false alarm.
    """
    with store.reading():
        own_snapshot = not store.conn.in_transaction
        if own_snapshot:
            store.begin_snapshot()  # one snapshot for every read below (readers do not block writers)
        try:
            count, problems, states = _walk_chain(store.conn)
            problems += _check_data(store.conn, count, states)
            if witness is not None:
                problems += witness.check(store.conn)
            position = head(store)
        finally:
            if own_snapshot:
                store.conn.execute("COMMIT")
    return AuditReport(count, tuple(problems), position)


def _walk_chain(conn) -> tuple[int, list[AuditProblem], dict[str, tuple[int, dict]]]:
    problems: list[AuditProblem] = []
    states: dict[str, tuple[int, dict]] = {}  # subject -> (audit row, state it recorded), newest wins
    expected_prev = GENESIS
    expected_id = 1
    count = 0
    last_hash = GENESIS
    cursor = conn.execute("SELECT id, at, actor, action, subject, details, prev_hash, hash FROM audit ORDER BY id")
    for row_id, at, actor, action, subject, details, prev_hash, stored_hash in cursor:
        count += 1
        if row_id != expected_id:
            missing = f"{expected_id}" if row_id == expected_id + 1 else f"{expected_id}-{row_id - 1}"
            problems.append(AuditProblem(row_id, f"rows {missing} are missing (deleted)" if "-" in missing else f"row {missing} is missing (deleted)"))
        if row_hash(row_id, at, actor, action, subject, details, prev_hash) != stored_hash:
            problems.append(AuditProblem(row_id, f"contents were changed after it was written ({action} {subject} by {actor})"))
        elif prev_hash != expected_prev and row_id == expected_id:
            problems.append(AuditProblem(row_id, "does not follow the row before it (rows reordered or replaced)"))
        if '"state":' in details:
            try:
                states[subject] = (row_id, json.loads(details)["state"])
            except (ValueError, KeyError, TypeError):
                problems.append(AuditProblem(row_id, "its details are not the JSON copydesk wrote"))
        expected_prev = stored_hash
        expected_id = row_id + 1
        last_hash = stored_hash
    recorded = conn.execute("SELECT last_id, last_hash FROM audit_head WHERE one = 1").fetchone()
    last_id = expected_id - 1
    if recorded is None:
        if count:
            problems.append(AuditProblem(0, "the audit head record is missing"))
    elif recorded[0] != last_id or recorded[1] != last_hash:
        if recorded[0] > last_id:
            problems.append(AuditProblem(recorded[0], f"the newest rows {last_id + 1}-{recorded[0]} are missing (deleted)" if recorded[0] > last_id + 1 else f"the newest row {recorded[0]} is missing (deleted)"))
        else:
            problems.append(AuditProblem(0, f"the audit head (row {recorded[0]}) does not match the newest row {last_id}"))
    return count, problems, states


def _check_data(conn, audit_rows: int, states: dict[str, tuple[int, dict]]) -> list[AuditProblem]:
    """Every version, user and guard as the newest entry about it recorded it."""
    problems: list[AuditProblem] = []
    versions = version_states(conn)
    users = user_states(conn)
    if not audit_rows and (versions or users):
        problems.append(AuditProblem(0, f"the audit log is empty but the database holds {len(versions)} version(s) and "
                                        f"{len(users)} user(s): the log was deleted", "data"))
        return problems
    if DATABASE_SUBJECT not in states:
        return problems  # a database (or backup) from before entries carried digests: the chain alone
    unrecorded = []
    for version_id, state in versions.items():
        recorded = states.get(f"version:{version_id}")
        if recorded is None:
            unrecorded.append(version_id)
        elif recorded[1].get("sha256") != state["sha256"]:
            was = recorded[1].get("status")
            change = (f"its status is {state['status']}, the audit log (row {recorded[0]}) last recorded {was}"
                      if was != state["status"] else f"its contents differ from what audit row {recorded[0]} recorded")
            problems.append(AuditProblem(0, f"version #{version_id} was changed outside copydesk: {change}", "data"))
    if unrecorded and audit_rows:
        shown = ", ".join(f"#{i}" for i in unrecorded[:10]) + (" …" if len(unrecorded) > 10 else "")
        problems.append(AuditProblem(0, f"{len(unrecorded)} version(s) are not in the audit log ({shown}): "
                                        "written outside copydesk", "data"))
    for login, state in users.items():
        recorded = states.get(f"user:{login}")
        if recorded is None:
            problems.append(AuditProblem(0, f"user {login} ({state['roles'] or 'no role'}) is not in the audit log: "
                                            "added outside copydesk", "data"))
        elif recorded[1].get("sha256") != state["sha256"]:
            problems.append(AuditProblem(0, f"user {login} was changed outside copydesk: roles now "
                                            f"{state['roles'] or 'none'}{'' if state['active'] else ' (deactivated)'}, "
                                            f"audit row {recorded[0]} recorded {recorded[1].get('roles') or 'none'}", "data"))
    for subject, (row_id, _) in states.items():
        kind, _, key = subject.partition(":")
        if kind == "version" and key.isdigit() and int(key) not in versions:
            problems.append(AuditProblem(row_id, f"version #{key} is in the audit log but no longer in the database (deleted)", "data"))
        if kind == "user" and key not in users:
            problems.append(AuditProblem(row_id, f"user {key} is in the audit log but no longer in the database (deleted)", "data"))
    for request_id, state in role_request_states(conn).items():
        recorded = states.get(f"role_request:{request_id}")
        if recorded is None or recorded[1].get("sha256") != state["sha256"]:
            problems.append(AuditProblem(0, f"role request {request_id} ({state['roles']}, {state['status']}) was "
                                            f"{'written' if recorded is None else 'changed'} outside copydesk", "data"))
    problems += _check_schema(conn, states.get(DATABASE_SUBJECT))
    problems += _check_library_index(conn)
    return problems


def _check_schema(conn, recorded: tuple[int, dict] | None) -> list[AuditProblem]:
    if recorded is None:
        return []  # a log from before the schema was recorded; the next migration records it
    row_id, state = recorded
    expected, actual = state.get("schema", {}), schema_state(conn)
    problems = []
    for name in sorted(expected.keys() - actual.keys()):
        kind, _, bare = name.partition(":")
        what = "guard trigger" if kind == "trigger" else kind
        problems.append(AuditProblem(0, f"the {what} {bare} was dropped (audit row {row_id} recorded it)", "schema"))
    for name in sorted(actual.keys() - expected.keys()):
        kind, _, bare = name.partition(":")
        problems.append(AuditProblem(0, f"a {kind} {bare} was added outside copydesk", "schema"))
    for name in sorted(expected.keys() & actual.keys()):
        if expected[name] != actual[name]:
            kind, _, bare = name.partition(":")
            problems.append(AuditProblem(0, f"the {kind} {bare} was rewritten outside copydesk", "schema"))
    return problems


def _check_library_index(conn) -> list[AuditProblem]:
    """The search index must say what the versions say (it is what `library search` lists)."""
    rows = conn.execute(
        "SELECT l.version_id, l.status, v.status FROM library l LEFT JOIN versions v ON v.id = l.version_id "
        "WHERE v.id IS NULL OR l.status != v.status LIMIT 20").fetchall()
    return [AuditProblem(0, f"the library index lists version #{vid} as {listed} but the version is {actual or 'missing'}: "
                            "the index was edited outside copydesk", "data") for vid, listed, actual in rows]
