"""Findings of the learned meaning model (rules/learned.py): a sentence the rules left unmarked
that reads like a known case of a promise, pressure, a superlative or unfair lending.

A statistical judgement is a question for the reviewer, not a verdict, so these findings warn
and never block; each quotes the nearest known case it resembles and the model's confidence."""

from __future__ import annotations

from typing import Iterable, Iterator

import re

from copydesk.rules.checks.phrases import disowning_sentence
from copydesk.rules.findings import BuiltinRule, Finding
from copydesk.rules.learned import product_names
from copydesk.rules.normalize import normalize
from copydesk.rules.spans import SpanSet

_WHAT = {
    "guarantee": ("reads like a promise of a result (approval, safety or returns)",
                  "Say what the product does and under which conditions; promise no outcome",
                  "FTC Act §5; FINRA Rule 2210(d)(1) (no promissory claims); Reg Z 12 CFR 1026.24; "
                  "广告法 第25条；理财/保险销售管理办法（不得承诺保本保收益）"),
    "pressure": ("reads like pressure by urgency, fear or envy",
                 "State the offer's real end date plainly, or take the urgency out",
                 "FTC Act §5 (unfair practices); CFPB UDAAP (12 U.S.C. 5531, 5536); 金融营销宣传管理办法（不得诱导）"),
    "fair_lending": ("reads like a preference for or against a group of customers",
                     "Describe the product and who qualifies by objective criteria only",
                     "Equal Credit Opportunity Act and Regulation B (12 CFR 1002.4(b)); Fair Housing Act 42 U.S.C. 3604(c); "
                     "商业银行法 第5条；金融消费者权益保护实施办法 第8条（不得歧视）"),
    "superlative": ("reads like a superlative or a comparison no fact supports",
                    "Name the fact that makes the product good instead of ranking it",
                    "FTC Act §5 (substantiation); 广告法 第9条（绝对化用语）"),
}
# Chinese copy gets a Chinese explanation, as the Chinese packs' findings do.
_WHAT_ZH = {
    "guarantee": ("读起来像是承诺结果（审批、保本或收益）", "写明产品做什么、在什么条件下；不承诺任何结果"),
    "pressure": ("读起来像是用紧迫、恐惧或攀比施压", "如实写明活动截止日期，或去掉催促的说法"),
    "fair_lending": ("读起来像是偏向或排斥某一类客户", "只用客观的准入条件描述产品和适用人群"),
    "superlative": ("读起来像是没有事实支持的极限用语或比较", "用产品的具体事实说话，不做排名"),
}
RULES = {category: BuiltinRule(f"learned.{category}", category, "warn", f"The learned model: this sentence {what}",
                               suggestion, citation)
         for category, (what, suggestion, citation) in _WHAT.items()}
RULES_ZH = {category: BuiltinRule(f"learned.{category}", category, "warn", f"学习模型判断：这句话{what}", suggestion,
                                  _WHAT[category][2])
            for category, (what, suggestion) in _WHAT_ZH.items()}
_DISOWNABLE = ("guarantee", "superlative", "pressure")
# A promise word the sentence denies ("your rate isn't guaranteed until…", 非保本): the model reads
# words, not their scope; the rules' own negation handling decides these.
_DENIED_PROMISE = re.compile(r"\b(?:not|no|never|without|nothing|nobody|no one|isn't|aren't|won't|can't|doesn't|don't)\b[^.!?;]{0,16}"
                             r"\b(?:guarantee\w*|promise\w*|assured|certain)"
                             r"|(?:非|不|没有|并非|无|不会|不能|不得)[\u4e00-\u9fff]{0,3}(?:保本|保证|承诺|兜底|保收益|刚兑)")
_TOKEN = re.compile(r"[a-z0-9']+|[\u3400-\u9fff]")


def _product_words(product) -> frozenset:
    """Every word (and hanzi) of the product's name, facts and disclosures."""
    text = " ".join([product.name, *product.facts.values(), *product.disclosures])
    return frozenset(_TOKEN.findall(normalize(text).text))


def _restates_the_product(sentence: str, words: frozenset) -> bool:
    """A sentence made of the product's own words (its legend, a disclosure) says what the bank
    must say: "…is not FDIC insured, not bank guaranteed and may lose value"."""
    tokens = _TOKEN.findall(sentence)
    return len(tokens) >= 3 and sum(t in words for t in tokens) >= 0.85 * len(tokens)


def run(ctx, found: Iterable[Finding]) -> Iterator[Finding]:
    """A warning for each sentence the model flags in a category the rules did not find there."""
    model = ctx.engine.learned
    if model is None:
        return
    spans_by_category: dict[str, list] = {}
    for finding in found:
        spans_by_category.setdefault(finding.category, []).append((finding.start, finding.end))
    marked = {category: SpanSet(spans) for category, spans in spans_by_category.items()}
    text = ctx.norm.text
    own_words = ctx.product_view.derived("learned_product_words", _product_words)
    for hit in model.score(text, names=ctx.product_view.derived("learned_product_names", product_names)):
        start, end = ctx.norm.to_original(hit.start, hit.end)
        if hit.category == "fair_lending" and not ctx.product.is_credit:
            # Fair-lending law (ECOA, Reg B; 金融消费者权益保护 on credit) governs credit: "a CD made for
            # retirees" is a deposit's audience, not a lending preference (as the concept rules' kinds)
            continue
        if hit.category in marked and marked[hit.category].overlaps(start, end):
            continue  # the rules already say why, with their own rule and citation
        if hit.category in _DISOWNABLE and disowning_sentence(ctx, hit.start, hit.end):
            continue  # a fraud warning quoting what the bank never says
        if _restates_the_product(text[hit.start:hit.end], own_words):
            continue
        if hit.category == "guarantee" and _DENIED_PROMISE.search(text[hit.start:hit.end]):
            continue
        known = model.nearest(text[hit.start:hit.end], hit.category, ctx.lang)
        if ctx.lang == "zh":
            rule = RULES_ZH[hit.category]
            message = f"{rule.message}（把握{hit.probability:.0%}）" + (f"；与已知案例“{known.text}”相似" if known else "")
        else:
            rule = RULES[hit.category]
            message = f"{rule.message} ({hit.probability:.0%} sure)" + (
                f"; it resembles the known case \u201c{known.text}\u201d" if known else "")
        yield ctx.finding(rule, start, end, message=message)
