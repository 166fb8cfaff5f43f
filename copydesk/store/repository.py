"""Reads and writes of copydesk's tables. Plain data in, plain data out; no workflow rules.

Writers expect to run inside `store.transaction()` (the workflow opens it, so a change and its
audit entry commit together).
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass, field
from functools import cached_property

from copydesk.enums import Role
from copydesk.store.db import Store, now
from copydesk.store.wordindex import index_text, phrase_query

ROLES = tuple(Role)


@dataclass(frozen=True)
class User:
    login: str
    name: str
    roles: tuple[str, ...]
    active: bool
    created_at: str = ""
    created_by: str = ""
    roles_by: str = ""  # the admin who last changed the roles (four-eyes keeps them apart)

    def has(self, role: str) -> bool:
        return self.active and role in self.roles

    def to_dict(self) -> dict:
        return {"login": self.login, "name": self.name, "roles": list(self.roles), "active": self.active,
                "created_at": self.created_at, "created_by": self.created_by, "roles_by": self.roles_by}


@dataclass(frozen=True)
class RoleRequest:
    """A role change waiting for a second admin (where there is one) to confirm it."""

    id: int
    login: str
    name: str
    roles: tuple[str, ...]
    requested_by: str
    requested_at: str
    status: str
    decided_by: str = ""
    decided_at: str = ""

    def to_dict(self) -> dict:
        return {**dataclasses.asdict(self), "roles": list(self.roles)}


@dataclass(frozen=True)
class Version:
    """One saved version of a draft, with its campaign's targeting."""

    id: int
    draft_id: int
    number: int
    text: str
    author: str
    created_at: str
    source: str
    model_id: str
    seed: int | None
    template_version: str
    status: str
    verdict: str
    check_report_json: str
    rule_packs_json: str
    override_reason: str
    submitted_by: str
    submitted_at: str
    decided_by: str
    decided_at: str
    frozen_json: str
    expires_at: str
    retired_at: str
    retired_reason: str
    campaign_id: int
    campaign_name: str
    product_id: str
    segment_id: str
    channel: str
    lang: str
    based_on_version_id: int | None = None
    decisions: tuple[dict, ...] = field(default=(), compare=False)

    # The JSON columns are decoded on first use: a search page of 200 versions would otherwise
    # spend most of its time decoding approval snapshots nobody looks at.
    @cached_property
    def check_report(self) -> dict:
        return json.loads(self.check_report_json)

    @cached_property
    def rule_packs(self) -> dict:
        return json.loads(self.rule_packs_json)

    @cached_property
    def frozen(self) -> dict:
        """What the approval froze; {} before approval."""
        return json.loads(self.frozen_json) if self.frozen_json else {}

    def to_dict(self) -> dict:
        data = {k.removesuffix("_json"): getattr(self, k.removesuffix("_json")) for k in self.__dataclass_fields__}
        data["decisions"] = list(self.decisions)
        return data

    @property
    def label(self) -> str:
        """How people refer to it: '#12 (draft 4 v3)'."""
        return f"#{self.id} (draft {self.draft_id} v{self.number})"


_VERSION_SELECT = """
    SELECT v.*, d.campaign_id, d.based_on_version_id, c.name AS campaign_name, c.product_id, c.segment_id,
           c.channel, c.lang
    FROM versions v JOIN drafts d ON d.id = v.draft_id JOIN campaigns c ON c.id = d.campaign_id
"""


def _version(row: dict) -> Version:
    data = dict(row)
    for column in ("check_report", "rule_packs", "frozen"):
        data[column + "_json"] = data.pop(column)
    return Version(**data)


# --- users -------------------------------------------------------------------------------

def normalize_login(login: str) -> str:
    """OS logins compare case-insensitively (Windows), so they are stored case-folded."""
    return login.strip().casefold()


def get_user(store: Store, login: str) -> User | None:
    rows = store.query("SELECT * FROM users WHERE login = ?", (normalize_login(login),))
    return _user(rows[0]) if rows else None


def list_users(store: Store) -> list[User]:
    return [_user(r) for r in store.query("SELECT * FROM users ORDER BY login")]


def count_users(store: Store) -> int:
    return store.query("SELECT count(*) AS n FROM users")[0]["n"]


def put_user(store: Store, login: str, roles: tuple[str, ...], name: str, changed_by: str, active: bool = True) -> User:
    """Insert or update a user (roles, name, active); `changed_by` becomes roles_by when the roles change.

    On PostgreSQL this is the security-definer function copydesk_put_user: the server checks the
    caller is an admin (and a second admin confirmed a role change where one exists) and grants
    the matching database roles, which are what then lets the user act."""
    login = normalize_login(login)
    if store.dialect == "postgresql":
        store.conn.execute("SELECT copydesk_put_user(?, ?, ?, ?)", (login, name, ",".join(roles), int(active)))
        return get_user(store, login)
    store.conn.execute(
        "INSERT INTO users (login, name, roles, active, created_at, created_by, roles_by) VALUES (?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(login) DO UPDATE SET name = excluded.name, roles = excluded.roles, active = excluded.active, "
        "roles_by = CASE WHEN users.roles = excluded.roles THEN users.roles_by ELSE excluded.roles_by END",
        (login, name, ",".join(roles), int(active), now(), changed_by, changed_by),
    )
    return get_user(store, login)


def _user(row: dict) -> User:
    roles = tuple(r for r in row["roles"].split(",") if r)
    return User(row["login"], row["name"], roles, bool(row["active"]), row["created_at"], row["created_by"],
                row.get("roles_by", ""))


def add_role_request(store: Store, login: str, roles: tuple[str, ...], name: str, requested_by: str) -> RoleRequest:
    cursor = store.conn.execute(
        "INSERT INTO role_requests (login, name, roles, requested_by, requested_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
        (normalize_login(login), name, ",".join(roles), requested_by, now()))
    return get_role_request(store, cursor.fetchone()[0])


def get_role_request(store: Store, request_id: int) -> RoleRequest | None:
    rows = store.query("SELECT * FROM role_requests WHERE id = ?", (request_id,))
    return _role_request(rows[0]) if rows else None


def pending_role_requests(store: Store) -> list[RoleRequest]:
    return [_role_request(r) for r in store.query("SELECT * FROM role_requests WHERE status = 'pending' ORDER BY id")]


def decide_role_request(store: Store, request_id: int, status: str, decided_by: str) -> None:
    if store.dialect == "postgresql":
        # The server decides: copydesk_put_user confirms the request it applies; a refusal is its own function.
        if status == "refused":
            store.conn.execute("SELECT copydesk_refuse_role_request(?)", (request_id,))
        return
    store.conn.execute("UPDATE role_requests SET status = ?, decided_by = ?, decided_at = ? WHERE id = ?",
                       (status, decided_by, now(), request_id))


def _role_request(row: dict) -> RoleRequest:
    data = dict(row)
    data["roles"] = tuple(r for r in data["roles"].split(",") if r)
    return RoleRequest(**data)


# --- campaigns, drafts, versions ---------------------------------------------------------

def create_campaign(store: Store, name: str, product_id: str, segment_id: str, channel: str, lang: str, created_by: str) -> int:
    cursor = store.conn.execute(
        "INSERT INTO campaigns (name, product_id, segment_id, channel, lang, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (name, product_id, segment_id, channel, lang, created_by, now()),
    )
    return cursor.fetchone()[0]


def create_draft(store: Store, campaign_id: int, created_by: str, based_on_version_id: int | None = None) -> int:
    cursor = store.conn.execute(
        "INSERT INTO drafts (campaign_id, based_on_version_id, created_by, created_at) VALUES (?, ?, ?, ?) RETURNING id",
        (campaign_id, based_on_version_id, created_by, now()),
    )
    return cursor.fetchone()[0]


def insert_version(store: Store, draft_id: int, *, text: str, author: str, source: str, model_id: str = "",
                   seed: int | None = None, template_version: str = "", verdict: str, check_report: dict,
                   rule_packs: dict) -> int:
    """Add the next numbered version of a draft."""
    number = store.conn.execute("SELECT coalesce(max(number), 0) + 1 FROM versions WHERE draft_id = ?", (draft_id,)).fetchone()[0]
    cursor = store.conn.execute(
        "INSERT INTO versions (draft_id, number, text, author, created_at, source, model_id, seed, template_version,"
        " verdict, check_report, rule_packs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (draft_id, number, text, author, now(), source, model_id, seed, template_version, verdict,
         json.dumps(check_report, ensure_ascii=False), json.dumps(rule_packs, ensure_ascii=False)),
    )
    version_id = cursor.fetchone()[0]
    if store.dialect == "sqlite":  # PostgreSQL's trigram index covers the text itself
        store.conn.execute("INSERT INTO versions_words(rowid, text) VALUES (?, ?)", (version_id, index_text(text)))
    return version_id


def rebuild_word_index(store: Store) -> int:
    """Re-derive the word index from the versions (after a bulk load that bypassed insert_version)."""
    store.conn.execute("DELETE FROM versions_words")
    rows = store.conn.execute("SELECT id, text FROM versions").fetchall()
    store.conn.executemany("INSERT INTO versions_words(rowid, text) VALUES (?, ?)", [(i, index_text(t)) for i, t in rows])
    return len(rows)


def update_version(store: Store, version_id: int, **fields) -> None:
    """Set workflow columns (status, decided_by, frozen, ...); the triggers guard the rest."""
    encoded = {k: json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else v for k, v in fields.items()}
    assignments = ", ".join(f"{column} = ?" for column in encoded)
    store.conn.execute(f"UPDATE versions SET {assignments} WHERE id = ?", (*encoded.values(), version_id))


def get_version(store: Store, version_id: int, *, with_decisions: bool = True) -> Version | None:
    rows = store.query(_VERSION_SELECT + " WHERE v.id = ?", (version_id,))
    if not rows:
        return None
    version = _version(rows[0])
    if with_decisions:
        decisions = store.query("SELECT reviewer, decision, comment, at FROM decisions WHERE version_id = ? ORDER BY id", (version_id,))
        version = dataclasses.replace(version, decisions=tuple(decisions))
    return version


def draft_versions(store: Store, draft_id: int) -> list[Version]:
    """Every version of a draft, oldest first."""
    return [_version(r) for r in store.query(_VERSION_SELECT + " WHERE v.draft_id = ? ORDER BY v.number", (draft_id,))]


def latest_version(store: Store, draft_id: int) -> Version | None:
    rows = store.query(_VERSION_SELECT + " WHERE v.draft_id = ? ORDER BY v.number DESC LIMIT 1", (draft_id,))
    return _version(rows[0]) if rows else None


def contributors(store: Store, version: Version) -> set[str]:
    """Everyone whose words are in this version: authors of it and of every version it grew from."""
    authors = _authors_up_to(store, version)
    seen = {version.draft_id}
    based_on = version.based_on_version_id
    while based_on:
        origin = get_version(store, based_on, with_decisions=False)
        if origin is None or origin.draft_id in seen:
            break
        seen.add(origin.draft_id)
        authors |= _authors_up_to(store, origin)
        based_on = origin.based_on_version_id
    return authors


def _authors_up_to(store: Store, version: Version) -> set[str]:
    """Authors of a draft's versions up to and including this one."""
    rows = store.query("SELECT author FROM versions WHERE draft_id = ? AND number <= ?", (version.draft_id, version.number))
    return {r["author"] for r in rows}


def add_decision(store: Store, version_id: int, reviewer: str, decision: str, comment: str, at: str = "") -> None:
    store.conn.execute(
        "INSERT INTO decisions (version_id, reviewer, decision, comment, at) VALUES (?, ?, ?, ?, ?)",
        (version_id, reviewer, decision, comment, at or now()),
    )


def record_decision(store: Store, version_id: int, decision: str, reviewer: str, comment: str, at: str, **approval) -> None:
    """A reviewer's decision on a submitted version: its status, who and when, the decision row,
    and for an approval what it froze (`approval`: verdict, check_report, rule_packs, frozen,
    expires_at). On PostgreSQL the security-definer function copydesk_decide does it, after
    checking four-eyes itself: no client role may write a decision or an approved status."""
    if store.dialect == "postgresql":
        encoded = {k: json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else v for k, v in approval.items()}
        store.conn.execute("SELECT copydesk_decide(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           (version_id, decision, comment, at, encoded.get("verdict"), encoded.get("check_report"),
                            encoded.get("rule_packs"), encoded.get("frozen"), encoded.get("expires_at", ""), reviewer))
        return
    update_version(store, version_id, status=decision, decided_by=reviewer, decided_at=at, **approval)
    add_decision(store, version_id, reviewer, decision, comment, at)


def retire_version(store: Store, version_id: int, reason: str, at: str) -> None:
    """Approved copy goes out of use (expired, replaced or withdrawn by a reviewer)."""
    if store.dialect == "postgresql":
        store.conn.execute("SELECT copydesk_retire(?, ?, ?)", (version_id, reason, at))
        return
    update_version(store, version_id, status="retired", retired_at=at, retired_reason=reason)


def review_queue(store: Store) -> list[Version]:
    """Submitted versions, oldest submission first."""
    return [_version(r) for r in store.query(_VERSION_SELECT + " WHERE v.status = 'submitted' ORDER BY v.submitted_at, v.id")]


def approved_due_to_expire(store: Store, today: str) -> list[int]:
    rows = store.query("SELECT id FROM versions WHERE status = 'approved' AND expires_at != '' AND expires_at <= ?", (today,))
    return [r["id"] for r in rows]


# --- library search ----------------------------------------------------------------------

@dataclass(frozen=True)
class LibraryFilter:
    """What the library shows; empty fields mean 'any'. Dates are YYYY-MM-DD, inclusive."""

    query: str = ""
    product_id: str = ""
    segment_id: str = ""
    channel: str = ""
    lang: str = ""
    status: str = "approved"  # "" for every status
    author: str = ""
    since: str = ""
    until: str = ""
    latest_only: bool = False


_TERM = re.compile(r'"([^"]+)"|(\S+)')


def search_terms(query: str) -> list[str]:
    """Words of a query; "quoted phrases" stay together."""
    return [quoted or bare for quoted, bare in _TERM.findall(query)]


def search(store: Store, flt: LibraryFilter, *, limit: int = 200, offset: int = 0) -> list[Version]:
    """Versions matching every term and filter, newest first.

    Runs on the narrow `library` table and the two full-text indexes (trigram for terms of 3+
    characters, the word index for shorter ones such as 理财), then reads the full rows of just
    the page asked for.
    """
    where: list[str] = []
    params: list = []
    # Dates become an exact version-id range first (min/max over the date index: under a
    # millisecond), which then bounds the full-text lookups too: 165 ms -> 2 ms at 100,000.
    id_range = ""
    if flt.since or flt.until:
        low, high = _id_range(store, flt.since, flt.until)
        if low is None:
            return []
        id_range = f" AND rowid BETWEEN {int(low)} AND {int(high)}"
        where.append(f"l.version_id BETWEEN {int(low)} AND {int(high)}")
    terms = search_terms(flt.query)
    if store.dialect == "postgresql":
        # pg_trgm's GIN index serves ILIKE for terms of 3+ characters; shorter ones (理财) go
        # through the index of each text's characters.
        for term in terms:
            pattern = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            if len(term) >= 3:
                where.append("l.version_id IN (SELECT id FROM versions WHERE text ILIKE ?)")
                params.append(pattern)
            else:  # the character index finds the texts holding each character; ILIKE keeps them in order
                where.append("l.version_id IN (SELECT id FROM versions WHERE string_to_array(lower(text), NULL) "
                             "@> string_to_array(lower(?), NULL) AND text ILIKE ?)")
                params += [term, pattern]
        terms = []
    long_terms = [t for t in terms if len(t) >= 3]
    if long_terms:
        where.append(f"l.version_id IN (SELECT rowid FROM versions_fts WHERE versions_fts MATCH ?{id_range})")
        params.append(" AND ".join('"' + t.replace('"', '""') + '"' for t in long_terms))
    short_terms = [t for t in terms if len(t) < 3]
    if short_terms:
        where.append(f"l.version_id IN (SELECT rowid FROM versions_words WHERE versions_words MATCH ?{id_range})")
        params.append(" AND ".join(phrase_query(t) for t in short_terms))
    for column, value in (("product_id", flt.product_id), ("segment_id", flt.segment_id), ("channel", flt.channel),
                          ("lang", flt.lang), ("status", flt.status), ("author", normalize_login(flt.author) if flt.author else "")):
        if value:
            where.append(f"l.{column} = ?")
            params.append(value)
    if flt.since:
        where.append("l.created_at >= ?")
        params.append(flt.since)
    if flt.until:
        where.append("l.created_at < ?")
        params.append(_day_after(flt.until))
    if flt.latest_only:
        where.append("l.number = (SELECT max(number) FROM library latest WHERE latest.draft_id = l.draft_id)")
    sql = "SELECT l.version_id FROM library l" + (" WHERE " + " AND ".join(where) if where else "")
    ids = [r["version_id"] for r in store.query(sql + " ORDER BY l.version_id DESC LIMIT ? OFFSET ?", (*params, limit, offset))]
    return versions_by_id(store, ids)


def _id_range(store: Store, since: str, until: str) -> tuple[int | None, int | None]:
    """The smallest and largest version id written within the dates (inclusive)."""
    row = store.query(
        "SELECT min(version_id) AS low, max(version_id) AS high FROM library "
        "WHERE created_at >= ? AND created_at < ?", (since or "0000", _day_after(until) if until else "9999-12-31"))[0]
    return row["low"], row["high"]


def _day_after(day: str) -> str:
    """'2026-03-31' -> '2026-04-01' (an inclusive 'until' as an exclusive bound on ISO times)."""
    from datetime import date, timedelta

    try:
        return (date.fromisoformat(day) + timedelta(days=1)).isoformat()
    except ValueError:
        return day + "~"  # not a date: compare as text after every time on that prefix


def versions_by_id(store: Store, ids: list[int]) -> list[Version]:
    """Full versions for these ids, in the order given."""
    if not ids:
        return []
    marks = ", ".join("?" * len(ids))
    found = {r["id"]: _version(r) for r in store.query(_VERSION_SELECT + f" WHERE v.id IN ({marks})", ids)}
    return [found[i] for i in ids if i in found]


def approved_examples(store: Store, kind: str, channel: str, lang: str, limit: int = 3) -> list[Version]:
    """Newest approved one-line copy for a product kind and language, same channel first (few-shot material)."""
    chosen: list[Version] = []
    for channel_clause, params in (("AND channel = ?", (lang, channel)), ("AND channel != ?", (lang, channel))):
        rows = store.query("SELECT version_id FROM library WHERE status = 'approved' AND lang = ? "
                           f"{channel_clause} ORDER BY version_id DESC LIMIT 30", params)
        chosen += [v for v in versions_by_id(store, [r["version_id"] for r in rows])
                   if v.frozen.get("product", {}).get("kind") == kind and "\n" not in v.text]
        if len(chosen) >= limit:
            break
    return chosen[:limit]


# --- autosave ----------------------------------------------------------------------------

def put_autosave(store: Store, login: str, slot: str, text: str, context: dict) -> None:
    store.conn.execute(
        "INSERT INTO autosaves (login, slot, context, text, saved_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT(login, slot) DO UPDATE SET context = excluded.context, text = excluded.text, saved_at = excluded.saved_at",
        (normalize_login(login), slot, json.dumps(context, ensure_ascii=False), text, now()),
    )


def get_autosave(store: Store, login: str, slot: str) -> dict | None:
    rows = store.query("SELECT * FROM autosaves WHERE login = ? AND slot = ?", (normalize_login(login), slot))
    if not rows:
        return None
    row = rows[0]
    return {"text": row["text"], "context": json.loads(row["context"]), "saved_at": row["saved_at"]}


def clear_autosave(store: Store, login: str, slot: str) -> None:
    store.conn.execute("DELETE FROM autosaves WHERE login = ? AND slot = ?", (normalize_login(login), slot))


# --- a login's own marks ----------------------------------------------------------------

def put_mark(store: Store, login: str, mark: str, at: str) -> None:
    store.conn.execute(
        "INSERT INTO user_marks (login, mark, at) VALUES (?, ?, ?) ON CONFLICT(login, mark) DO UPDATE SET at = excluded.at",
        (normalize_login(login), mark, at),
    )


def get_mark(store: Store, login: str, mark: str) -> str:
    rows = store.query("SELECT at FROM user_marks WHERE login = ? AND mark = ?", (normalize_login(login), mark))
    return rows[0]["at"] if rows else ""


# --- a writer's inbox ----------------------------------------------------------------------

def returned_versions(store: Store, login: str) -> list[Version]:
    """Versions a reviewer sent back to this writer that have no newer version yet, newest first."""
    rows = store.query(
        _VERSION_SELECT + """ WHERE v.status = 'changes_requested' AND (v.author = ? OR v.submitted_by = ?)
           AND v.number = (SELECT MAX(w.number) FROM versions w WHERE w.draft_id = v.draft_id)
         ORDER BY v.decided_at DESC, v.id DESC""", (login, login))
    return [_version(r) for r in rows]


def decisions_for_writer(store: Store, login: str, statuses: tuple[str, ...], since: str = "", limit: int = 100) -> list[tuple[Version, dict]]:
    """(version, decision) for decisions on versions this writer wrote or submitted, newest first;
    `since`: only decisions after this ISO timestamp."""
    marks = ", ".join("?" for _ in statuses)
    rows = store.query(
        f"""SELECT dc.version_id, dc.reviewer, dc.decision, dc.comment, dc.at FROM decisions dc
            JOIN versions v ON v.id = dc.version_id
            WHERE (v.author = ? OR v.submitted_by = ?) AND dc.decision IN ({marks}) AND dc.at > ?
            ORDER BY dc.at DESC, dc.id DESC LIMIT ?""", (login, login, *statuses, since, limit))
    versions = {v.id: v for v in versions_by_id(store, sorted({r["version_id"] for r in rows}))}
    return [(versions[r["version_id"]], {k: r[k] for k in ("reviewer", "decision", "comment", "at")})
            for r in rows if r["version_id"] in versions]


def draft_decisions(store: Store, draft_id: int) -> dict[int, list[dict]]:
    """Every decision on a draft's versions in one query: {version id: [decisions, oldest first]}."""
    rows = store.query("""SELECT dc.version_id, dc.reviewer, dc.decision, dc.comment, dc.at FROM decisions dc
                          JOIN versions v ON v.id = dc.version_id WHERE v.draft_id = ? ORDER BY dc.id""", (draft_id,))
    return _grouped_decisions(rows)


def decisions_by_version(store: Store, version_ids: list[int]) -> dict[int, list[dict]]:
    """Every decision on these versions in one query: {version id: [decisions, oldest first]}."""
    if not version_ids:
        return {}
    marks = ", ".join("?" * len(version_ids))
    rows = store.query(f"""SELECT version_id, reviewer, decision, comment, at FROM decisions
                           WHERE version_id IN ({marks}) ORDER BY id""", list(version_ids))
    return _grouped_decisions(rows)


def _grouped_decisions(rows) -> dict[int, list[dict]]:
    """Decision rows (version_id, reviewer, decision, comment, at) by version, in row order."""
    grouped: dict[int, list[dict]] = {}
    for row in rows:
        grouped.setdefault(row["version_id"], []).append({k: row[k] for k in ("reviewer", "decision", "comment", "at")})
    return grouped


def resubmitted_ids(store: Store, version_ids: list[int]) -> set[int]:
    """Which of these versions follow an earlier version of their draft that a reviewer returned."""
    if not version_ids:
        return set()
    marks = ", ".join("?" * len(version_ids))
    rows = store.query(f"""SELECT v.id FROM versions v WHERE v.id IN ({marks}) AND EXISTS (
                             SELECT 1 FROM versions w WHERE w.draft_id = v.draft_id AND w.number < v.number
                             AND w.status = 'changes_requested')""", version_ids)
    return {r["id"] for r in rows}
