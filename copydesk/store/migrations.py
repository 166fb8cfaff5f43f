"""The schema, built only here, by numbered migrations recorded in `_sqlite_migrations`.

Never edit a migration that has shipped: add a new one. Each runs in one transaction with the
record of it, so a crash mid-migration leaves the previous schema intact (no half-applied chain).
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATIONS = Migrations("copydesk")

# Statuses a version moves through (copydesk.workflow decides which moves are allowed).
STATUSES = ("draft", "submitted", "approved", "changes_requested", "rejected", "withdrawn", "retired")
SOURCES = ("model", "template", "manual")


@MIGRATIONS()
def m001_initial(db: Database) -> None:
    # Why one row per saved version: every edit is a new version, so the history of what was
    # said, by whom, is the table itself; nothing is ever updated in place except status.
    statuses = ", ".join(f"'{s}'" for s in STATUSES)
    sources = ", ".join(f"'{s}'" for s in SOURCES)
    db.executescript(
        f"""
        CREATE TABLE users (
            login TEXT PRIMARY KEY,                 -- OS login, case-folded
            name TEXT NOT NULL DEFAULT '',
            roles TEXT NOT NULL,                    -- comma-separated: marketer, reviewer, admin
            active INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        );
        CREATE TABLE campaigns (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            product_id TEXT NOT NULL,
            segment_id TEXT NOT NULL,
            channel TEXT NOT NULL,
            lang TEXT NOT NULL,
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE drafts (
            id INTEGER PRIMARY KEY,
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
            based_on_version_id INTEGER REFERENCES versions(id),  -- reuse of approved copy
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE versions (
            id INTEGER PRIMARY KEY,
            draft_id INTEGER NOT NULL REFERENCES drafts(id),
            number INTEGER NOT NULL,
            text TEXT NOT NULL,
            author TEXT NOT NULL,
            created_at TEXT NOT NULL,
            source TEXT NOT NULL CHECK (source IN ({sources})),
            model_id TEXT NOT NULL DEFAULT '',
            seed INTEGER,
            template_version TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ({statuses})),
            verdict TEXT NOT NULL,
            check_report TEXT NOT NULL,             -- JSON, the `copydesk check` contract
            rule_packs TEXT NOT NULL,               -- JSON {{pack id: version}} the check used
            override_reason TEXT NOT NULL DEFAULT '',
            submitted_by TEXT NOT NULL DEFAULT '',
            submitted_at TEXT NOT NULL DEFAULT '',
            decided_by TEXT NOT NULL DEFAULT '',
            decided_at TEXT NOT NULL DEFAULT '',
            frozen TEXT NOT NULL DEFAULT '',        -- JSON snapshot taken at approval
            expires_at TEXT NOT NULL DEFAULT '',
            retired_at TEXT NOT NULL DEFAULT '',
            retired_reason TEXT NOT NULL DEFAULT '',
            UNIQUE (draft_id, number)
        );
        CREATE INDEX versions_status ON versions(status, submitted_at);
        CREATE INDEX versions_draft ON versions(draft_id);
        CREATE INDEX drafts_campaign ON drafts(campaign_id);
        CREATE TABLE decisions (
            id INTEGER PRIMARY KEY,
            version_id INTEGER NOT NULL REFERENCES versions(id),
            reviewer TEXT NOT NULL,
            decision TEXT NOT NULL,
            comment TEXT NOT NULL DEFAULT '',
            at TEXT NOT NULL
        );
        CREATE INDEX decisions_version ON decisions(version_id);
        CREATE TABLE autosaves (
            login TEXT NOT NULL,
            slot TEXT NOT NULL,                     -- e.g. 'compose' or 'draft:12'
            context TEXT NOT NULL DEFAULT '{{}}',   -- JSON: product, segment, channel, lang
            text TEXT NOT NULL,
            saved_at TEXT NOT NULL,
            PRIMARY KEY (login, slot)
        );
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            subject TEXT NOT NULL,
            details TEXT NOT NULL,                  -- canonical JSON, hashed as stored
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        );
        -- The chain's head, so deleting the newest audit rows is detected too.
        CREATE TABLE audit_head (
            one INTEGER PRIMARY KEY CHECK (one = 1),
            last_id INTEGER NOT NULL,
            last_hash TEXT NOT NULL
        );

        -- Defence in depth: the rules that make the record trustworthy hold even for a script
        -- that bypasses copydesk (the audit chain then shows anyone who drops these triggers).
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER versions_no_delete BEFORE DELETE ON versions
            BEGIN SELECT RAISE(ABORT, 'saved versions are never deleted'); END;
        CREATE TRIGGER versions_text_immutable
            BEFORE UPDATE OF draft_id, number, text, author, created_at, source, model_id, seed,
                             template_version ON versions
            BEGIN SELECT RAISE(ABORT, 'a saved version is immutable; save a new version instead'); END;
        CREATE TRIGGER versions_approval_immutable BEFORE UPDATE ON versions
            WHEN OLD.status IN ('approved', 'retired', 'rejected', 'withdrawn')
             AND (NEW.frozen IS NOT OLD.frozen OR NEW.verdict IS NOT OLD.verdict
                  OR NEW.check_report IS NOT OLD.check_report OR NEW.decided_by IS NOT OLD.decided_by
                  OR NEW.decided_at IS NOT OLD.decided_at
                  OR NOT (NEW.status = OLD.status OR (OLD.status = 'approved' AND NEW.status = 'retired')))
            BEGIN SELECT RAISE(ABORT, 'an approved or closed version cannot be changed'); END;
        """
    )


@MIGRATIONS()
def m002_fts(db: Database) -> None:
    # Trigram tokenizer: finds any substring of 3+ characters, which is what Chinese needs
    # (no spaces between words) and works for English too. Text is immutable, so an insert
    # trigger keeps the index complete.
    db.executescript(
        """
        CREATE VIRTUAL TABLE versions_fts USING fts5(
            text, content='versions', content_rowid='id', tokenize='trigram'
        );
        CREATE TRIGGER versions_fts_insert AFTER INSERT ON versions
            BEGIN INSERT INTO versions_fts(rowid, text) VALUES (NEW.id, NEW.text); END;
        """
    )


@MIGRATIONS()
def m003_library_index(db: Database) -> None:
    # Why: a version row is wide (check report, approval snapshot: ~6 KB), so filtering and
    # sorting 100,000 of them read the whole file. `library` holds just what the library
    # filters on, one narrow row per version, kept in step by triggers; searches run here and
    # fetch full rows only for the page they show. `versions_words` indexes every Chinese
    # character (and every word) as a token, so a two-character search such as 理财 is a
    # phrase lookup instead of a scan; the trigram index cannot match fewer than 3 characters.
    from copydesk.store.wordindex import index_text

    db.executescript(
        """
        CREATE TABLE library (
            version_id INTEGER PRIMARY KEY REFERENCES versions(id),
            draft_id INTEGER NOT NULL,
            number INTEGER NOT NULL,
            status TEXT NOT NULL,
            product_id TEXT NOT NULL,
            segment_id TEXT NOT NULL,
            channel TEXT NOT NULL,
            lang TEXT NOT NULL,
            author TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        INSERT INTO library
            SELECT v.id, v.draft_id, v.number, v.status, c.product_id, c.segment_id, c.channel, c.lang, v.author, v.created_at
            FROM versions v JOIN drafts d ON d.id = v.draft_id JOIN campaigns c ON c.id = d.campaign_id;
        CREATE INDEX library_status ON library(status, version_id);
        CREATE INDEX library_draft ON library(draft_id, number);
        CREATE TRIGGER library_insert AFTER INSERT ON versions BEGIN
            INSERT INTO library
                SELECT NEW.id, NEW.draft_id, NEW.number, NEW.status, c.product_id, c.segment_id, c.channel, c.lang,
                       NEW.author, NEW.created_at
                FROM drafts d JOIN campaigns c ON c.id = d.campaign_id WHERE d.id = NEW.draft_id;
        END;
        CREATE TRIGGER library_status AFTER UPDATE OF status ON versions BEGIN
            UPDATE library SET status = NEW.status WHERE version_id = NEW.id;
        END;
        CREATE VIRTUAL TABLE versions_words USING fts5(text, content='', tokenize='unicode61 remove_diacritics 2');
        """
    )
    rows = db.execute("SELECT id, text FROM versions").fetchall()
    db.conn.executemany("INSERT INTO versions_words(rowid, text) VALUES (?, ?)", [(i, index_text(t)) for i, t in rows])


@MIGRATIONS()
def m004_library_filter_indexes(db: Database) -> None:
    # Why: a filter-only search (product + segment + channel) walked every approved row until
    # it found a page of matches: 70-100 ms at 100,000 versions. With these, ~17 ms.
    db.executescript(
        """
        CREATE INDEX library_product ON library(product_id, version_id);
        CREATE INDEX library_segment ON library(segment_id, version_id);
        CREATE INDEX library_created ON library(created_at);
        """
    )


@MIGRATIONS()
def m005_audit_coverage(db: Database) -> None:
    # Why: a reviewer's account made (or re-roled) by an admin who also writes copy is that
    # admin's sock puppet, so four-eyes needs to know who last changed each user's roles; and
    # where two admins exist, a role change waits for the other one (role_requests). From this
    # migration on every audit entry carries its row's digest (Store records a baseline).
    db.executescript(
        """
        ALTER TABLE users ADD COLUMN roles_by TEXT NOT NULL DEFAULT '';
        UPDATE users SET roles_by = created_by;
        CREATE TABLE role_requests (
            id INTEGER PRIMARY KEY,
            login TEXT NOT NULL,
            name TEXT NOT NULL DEFAULT '',
            roles TEXT NOT NULL,
            requested_by TEXT NOT NULL,
            requested_at TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'refused')),
            decided_by TEXT NOT NULL DEFAULT '',
            decided_at TEXT NOT NULL DEFAULT ''
        );
        """
    )


@MIGRATIONS()
def m006_user_marks(db: Database) -> None:
    # Why: "since you last looked" lived in each PC's settings file, so on a team library a
    # marketer who read her inbox on one PC saw the same decisions as new on the next one.
    # A mark is per login and not a state change of any copy (no audit entry, like autosaves).
    db.executescript(
        """
        CREATE TABLE user_marks (
            login TEXT NOT NULL,
            mark TEXT NOT NULL,                     -- e.g. 'inbox_seen'
            at TEXT NOT NULL,                       -- UTC ISO time
            PRIMARY KEY (login, mark)
        );
        """
    )


def known_names() -> list[str]:
    """Every migration this copydesk knows, in order."""
    return [m.name for m in MIGRATIONS._migrations]
