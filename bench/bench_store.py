"""The store at library scale: 100,000 approved versions, then library search latency, the cost of
one more approval, audit verification and the file size.

    .venv/bin/python bench/bench_store.py [--versions 100000] [--keep PATH]

The library is built in one transaction straight through SQL (the workflow would take minutes),
with rows shaped as the workflow writes them: the frozen approval snapshot, the check report and
three audit rows per version (created, submitted, approved) whose hash chain is computed with
`audit.row_hash`, so `audit.verify` walks a real chain. Texts mix English and Chinese over every
sample product. Search and approval then go through `repository.search` and `Workflow`.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from copydesk import resources  # noqa: E402
from copydesk.catalog import load_catalog  # noqa: E402
from copydesk.rules.engine import RuleEngine  # noqa: E402
from copydesk.store import audit, repository  # noqa: E402
from copydesk.store.db import Store  # noqa: E402
from copydesk.store.repository import LibraryFilter  # noqa: E402
from copydesk.workflow import Workflow  # noqa: E402

TARGET_SEARCH_MS = 50
DRAFTS_PER_CAMPAIGN = 5
MARKETERS = ("alice", "amir", "chen.wei", "dana", "li.na")
REVIEWERS = ("bob", "carol", "zhang.min")
CHANNELS = {"en": ("email", "sms", "social", "banner", "push"), "zh": ("wechat", "sms", "social", "push", "banner")}
OPENERS = {
    "en": ("New this season:", "Good news for {segment}:", "Make the most of your money.", "Ready when you are.",
           "Here is something worth a look.", "Your next step starts here.", "Simple, clear and built for you.",
           "Thanks for banking with Harborview."),
    "zh": ("新客专享：", "{segment}看过来：", "好消息！", "理财小贴士：", "安心之选，", "为您精选：", "生活更从容，",
           "感谢您一直以来的信任，"),
}
CLOSERS = {
    "en": ("Apply in the Harborview app.", "Visit any branch to learn more.", "See the details online.",
           "Call us to talk it through.", "Open yours in minutes.", "Ask your banker about it."),
    "zh": ("详情请咨询云帆银行手机银行App。", "欢迎到附近网点咨询。", "点击了解详情。", "立即在手机银行办理。",
           "客服热线为您解答。", "欢迎咨询您的客户经理。"),
}
SEARCHES = (
    ("English word (fts)", LibraryFilter(query="points")),
    ("English word, rare (fts)", LibraryFilter(query="Voyager")),
    ("Chinese 3+ chars 信用卡 (fts)", LibraryFilter(query="信用卡")),
    ("Chinese 2 chars 理财 (substring)", LibraryFilter(query="理财")),
    ("Chinese 2 chars 寿险, rare (substring)", LibraryFilter(query="寿险")),
    ("Chinese 2 chars 股票, no match (full scan)", LibraryFilter(query="股票")),
    ("filters only: product+segment+channel", LibraryFilter(product_id="rewards-card", segment_id="students", channel="email")),
    ("term + filters: points, rewards-card, email", LibraryFilter(query="points", product_id="rewards-card", channel="email")),
    ("term + filters: 理财, zh-wealth, wechat", LibraryFilter(query="理财", product_id="zh-wealth", channel="wechat")),
    ("every status, term + date range", LibraryFilter(query="Harborview", status="", since="2025-06-01", until="2025-06-30")),
)


def median_ms(function, repeat: int, budget_s: float = 3.0) -> tuple[float, float, int]:
    """Median and slowest milliseconds of one call, over `repeat` runs (at least 5 when slow)."""
    samples: list[float] = []
    while len(samples) < repeat and (len(samples) < 5 or sum(samples) < budget_s * 1000):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), max(samples), len(samples)


def once_s(function) -> tuple[float, object]:
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def stored_json(data) -> str:
    """JSON columns as `repository` writes them."""
    return json.dumps(data, ensure_ascii=False)


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds")


def add_team(store: Store, catalog, engine, marketers=MARKETERS, reviewers=REVIEWERS) -> None:
    """An admin, then the marketers and reviewers the built library names."""
    admin = Workflow(store, catalog, engine, "admin")
    admin.add_user("admin", ["admin"])
    for login in marketers:
        admin.add_user(login, ["marketer"])
    for login in reviewers:
        admin.add_user(login, ["reviewer"])


def build(store: Store, catalog, engine, versions: int, seed: int = 11) -> None:
    """Add `versions` approved versions, with their campaigns, drafts, decisions and audit rows."""
    rng = random.Random(seed)
    segments = {lang: [s for s in catalog.segments if s.lang == lang] for lang in ("en", "zh")}
    checked = {}  # (product, channel) -> (check, report, report JSON, packs JSON): one real check per pair
    flow = Workflow(store, catalog, engine, MARKETERS[0])
    for product in catalog.products:
        for channel in CHANNELS[product.lang]:
            check = flow.check(" ".join(product.disclosures), product.id, channel, product.lang)
            report = check.report.to_dict()
            checked[product.id, channel] = (check, report, stored_json(report), stored_json(check.rule_packs))
    conn = store.conn
    start = datetime(2024, 7, 1, tzinfo=timezone.utc)
    step = timedelta(days=730) / versions
    with store.transaction():
        last_id, last_hash = conn.execute("SELECT last_id, last_hash FROM audit_head").fetchone()
        campaigns, drafts, rows, decisions, audit_rows = [], [], [], [], []
        for number in range(1, versions + 1):
            if (number - 1) % DRAFTS_PER_CAMPAIGN == 0:
                product = rng.choice(catalog.products)
                segment = rng.choice(segments[product.lang])
                channel = rng.choice(CHANNELS[product.lang])
                campaign_id = (number - 1) // DRAFTS_PER_CAMPAIGN + 1
                author = rng.choice(MARKETERS)
                campaigns.append((campaign_id, f"{product.name} · {segment.id} · {channel}", product.id, segment.id,
                                  channel, product.lang, author, iso(start + step * number)))
            created = start + step * number
            submitted, approved = created + timedelta(hours=1), created + timedelta(hours=20)
            reviewer = rng.choice(REVIEWERS)
            facts = rng.sample(sorted(product.facts.values()), k=min(2, len(product.facts)))
            separator = "；" if product.lang == "zh" else "; "
            text = " ".join((rng.choice(OPENERS[product.lang]).format(segment=segment.name), product.name,
                             separator.join(facts) + ("。" if product.lang == "zh" else "."),
                             rng.choice(CLOSERS[product.lang]), *product.disclosures))
            check, report, report_json, packs_json = checked[product.id, channel]
            created_at, submitted_at, approved_at = iso(created), iso(submitted), iso(approved)
            frozen = {
                "text": text,
                "product": {"id": product.id, "name": product.name, "kind": product.kind, "facts": dict(product.facts),
                            "disclosures": list(product.disclosures)},
                "catalog": {"source": catalog.source, "sha256": catalog.sha256},
                "segment_id": segment.id, "channel": channel, "lang": product.lang, "rule_packs": check.rule_packs,
                "check_report": report, "model_id": "", "seed": None, "template_version": "", "source": "manual",
                "authors": [author], "submitted_by": author, "submitted_at": submitted_at, "override_reason": "",
                "approved_by": reviewer, "approved_at": approved_at, "comment": "", "expires_at": "",
            }
            drafts.append((number, campaign_id, author, created_at))
            rows.append((number, number, 1, text, author, created_at, "manual", report["verdict"], report_json,
                         packs_json, "approved", author, submitted_at, reviewer, approved_at, stored_json(frozen)))
            decisions.append((number, reviewer, "approved", "", approved_at))
            for at, actor, action, details in (  # the approval's entry gets the version's digest at flush
                (created_at, author, "draft.create", {"draft": number, "campaign": campaign_id, "product": product.id,
                                                   "segment": segment.id, "channel": channel, "lang": product.lang,
                                                   "source": "manual", "verdict": report["verdict"], "based_on": None}),
                (submitted_at, author, "version.submit", {"verdict": report["verdict"], "override_reason": "",
                                                       "rule_packs": check.rule_packs}),
                (approved_at, reviewer, "version.approve", {"comment": "", "expires_at": "", "catalog_sha256": catalog.sha256,
                                                         "rule_packs": check.rule_packs, "verdict": report["verdict"]}),
            ):
                audit_rows.append([at, actor, action, f"version:{number}", details])
            if len(rows) == 10_000 or number == versions:
                low = rows[0][0]
                flush(conn, campaigns, drafts, rows, decisions, [])
                states = audit.version_states(conn, id_range=(low, number))
                chained = []
                for at, actor, action, subject, details in audit_rows:
                    if action == "version.approve":
                        details = {**details, "state": states[int(subject.split(":")[1])]}
                    last_id += 1
                    details_text, prev_hash = audit.canonical_json(details), last_hash
                    last_hash = audit.row_hash(last_id, at, actor, action, subject, details_text, prev_hash)
                    chained.append((last_id, at, actor, action, subject, details_text, prev_hash, last_hash))
                flush(conn, [], [], [], [], chained)
                audit_rows.clear()
        conn.execute("UPDATE audit_head SET last_id = ?, last_hash = ? WHERE one = 1", (last_id, last_hash))
        if store.dialect == "sqlite":
            repository.rebuild_word_index(store)  # the bulk insert bypassed insert_version
        else:  # explicit ids went in: move the id sequences past them
            for table in ("campaigns", "drafts", "versions", "decisions"):
                conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    if store.dialect == "sqlite":
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def flush(conn, campaigns, drafts, rows, decisions, audit_rows) -> None:
    conn.executemany("INSERT INTO campaigns (id, name, product_id, segment_id, channel, lang, created_by, created_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", campaigns)
    conn.executemany("INSERT INTO drafts (id, campaign_id, created_by, created_at) VALUES (?, ?, ?, ?)", drafts)
    conn.executemany(
        "INSERT INTO versions (id, draft_id, number, text, author, created_at, source, verdict, check_report, rule_packs,"
        " status, submitted_by, submitted_at, decided_by, decided_at, frozen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows)
    conn.executemany("INSERT INTO decisions (version_id, reviewer, decision, comment, at) VALUES (?, ?, ?, ?, ?)", decisions)
    conn.executemany("INSERT INTO audit (id, at, actor, action, subject, details, prev_hash, hash) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", audit_rows)
    for batch in (campaigns, drafts, rows, decisions, audit_rows):
        if isinstance(batch, list):
            batch.clear()


def approve_one_more(marketer: Workflow, reviewer: Workflow, rounds: int) -> tuple[float, float]:
    """Median and slowest ms of submit + approve of a fresh draft (each writes its audit row)."""
    text = ("Earn 2 points per $1 with the Everyday Rewards Card. Representative 21.9% APR (variable). "
            "Subject to credit approval.")
    samples = []
    for _ in range(rounds):
        draft = marketer.start_draft(product_id="rewards-card", segment_id="new-graduates", channel="sms", text=text)
        started = time.perf_counter()
        marketer.submit(draft.id)
        reviewer.approve(draft.id)
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), max(samples)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--versions", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20, help="runs of each search, fewer for slow ones (median reported)")
    parser.add_argument("--keep", type=Path, help="build the database here and keep it")
    args = parser.parse_args(argv)
    catalog = load_catalog(resources.sample_catalog_path())
    engine = RuleEngine.load()
    folder = None if args.keep else tempfile.TemporaryDirectory(prefix="copydesk-bench-")
    path = args.keep or Path(folder.name) / "copydesk.db"
    if path.exists():
        sys.exit(f"{path} exists; give a new file to --keep")

    store = Store.open(path)
    add_team(store, catalog, engine)
    build_s, _ = once_s(lambda: build(store, catalog, engine, args.versions))
    store.close()
    print(f"built {args.versions:,} approved versions in {build_s:.1f} s", flush=True)

    open_s, store = once_s(lambda: Store.open(path))
    results: list[tuple[str, str, str]] = []
    slow = []
    for label, flt in SEARCHES:
        hits = len(repository.search(store, flt))  # also warms the page cache
        median, worst, runs = median_ms(lambda: repository.search(store, flt), args.repeat)
        if median >= TARGET_SEARCH_MS:
            slow.append(label)
        results.append((f"search: {label}", f"{median:.1f} ms (max {worst:.1f})", f"{hits} shown; {runs} runs"))
    marketer = Workflow(store, catalog, engine, MARKETERS[0])
    reviewer = Workflow(store, catalog, engine, REVIEWERS[0])
    median, worst = approve_one_more(marketer, reviewer, rounds=7)
    results.append(("submit + approve one more version", f"{median:.1f} ms (max {worst:.1f})", "median of 7"))
    verify_s, report = once_s(lambda: audit.verify(store))
    assert report.ok, report.problems[:3]
    results.append(("audit verify", f"{verify_s / report.rows * 100_000:.2f} s per 100,000 rows",
                    f"{report.rows:,} rows in {verify_s:.2f} s"))
    quick_s, quick = once_s(lambda: store.conn.execute("PRAGMA quick_check").fetchall())
    integrity_s, problems = once_s(store.integrity_problems)
    assert quick == [("ok",)] and problems == []
    results.append(("Store.open (no migration)", f"{open_s * 1000:.0f} ms", ""))
    results.append(("PRAGMA quick_check", f"{quick_s:.2f} s", "what checking on every open would cost"))
    results.append(("PRAGMA integrity_check", f"{integrity_s:.2f} s", ""))
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    versions = store.query("SELECT count(*) AS n FROM versions")[0]["n"]
    store.close()
    size = path.stat().st_size
    results.append(("database file", f"{size / 2**20:.0f} MiB", f"{size / versions / 1024:.1f} KiB per version"))

    width = max(len(r[0]) for r in results)
    print(f"\n{'measure':<{width}} | {'result':<28} | note")
    print(f"{'-' * width}-|-{'-' * 28}-|-----")
    for measure, result, note in results:
        print(f"{measure:<{width}} | {result:<28} | {note}")
    print(f"\nsearch target: median < {TARGET_SEARCH_MS} ms over {versions:,} versions; "
          + (f"MISSED by: {', '.join(slow)}" if slow else "all met"))
    if folder:
        folder.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
