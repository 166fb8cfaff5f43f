"""A small, realistic library for screenshots, demos and UI checks: a team, drafts in both
languages at every stage of review. Built through the workflow, so it obeys every rule."""

from __future__ import annotations

from pathlib import Path

from copydesk.catalog import Catalog
from copydesk.store.db import Store
from copydesk.workflow import Workflow

TEAM = {"it-admin": ["admin"], "alice": ["marketer"], "lin.mei": ["marketer"], "bob": ["reviewer"], "zhou.qing": ["reviewer"]}

DRAFTS = [
    # (author, product, segment, channel, text, fate)
    ("alice", "rewards-card", "new-graduates", "sms",
     "Earn 2 points per $1 with the Everyday Rewards Card. Representative 21.9% APR (variable). Subject to credit approval.", "approved"),
    ("alice", "high-yield-savings", "young-families", "email",
     "Put your savings to work: High-Yield Savings pays 3.75% APY (as of 2026-01-15; variable rate, may change after the "
     "account is opened) with a $0 monthly fee. $100 minimum to open. Fees could reduce earnings. Member FDIC.", "submitted"),
    ("alice", "personal-loan", "new-graduates", "social",
     "Guaranteed approval on our Personal Loan! Rates from 8.99% APR.", "submitted-override"),
    ("lin.mei", "zh-platinum-card", "zh-new-graduates", "wechat",
     "云帆白金信用卡，首年免年费，境外消费享1%返现。详情以银行审批为准。", "approved"),
    ("lin.mei", "zh-time-deposit", "zh-retirees", "sms",
     "云帆银行三年期定期存款，三年期年利率1.55%，稳稳的幸福。本产品纳入《存款保险条例》规定的存款保险范围。", "changes_requested"),
]


def build_demo_database(path: Path, catalog: Catalog, engine) -> Path:
    """Create (or extend) a database at `path` with the demo team and drafts."""
    with Store.open(path) as store:
        admin = Workflow(store, catalog, engine, "it-admin")
        for login, roles in TEAM.items():
            admin.add_user(login, roles)
        for author, product, segment, channel, text, fate in DRAFTS:
            if product not in {p.id for p in catalog.products} or segment not in {s.id for s in catalog.segments}:
                continue  # a custom catalog without the sample products
            writer = Workflow(store, catalog, engine, author)
            version = writer.start_draft(product_id=product, segment_id=segment, channel=channel, text=text)
            if fate == "draft":
                continue
            override = "Campaign headline agreed with Legal; please review the wording" if fate == "submitted-override" else ""
            if version.verdict == "block" and not override:
                continue
            writer.submit(version.id, override)
            reviewer = Workflow(store, catalog, engine, "zhou.qing" if product.startswith("zh-") else "bob")
            if fate == "approved":
                reviewer.approve(version.id, "Facts match the product sheet.")
            elif fate == "changes_requested":
                reviewer.request_changes(version.id, "“稳稳的幸福”容易让客户理解为收益保证，请删除；并注明利率执行日期。")
    return path
