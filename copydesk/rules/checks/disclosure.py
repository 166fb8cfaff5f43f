"""Missing disclosures (block): a trigger term appears and an essential element is absent.

The elements are patterns, so any compact wording that carries them passes; the catalog's
verbatim disclosure is only what the fix appends.
"""

from __future__ import annotations

import re

from copydesk.rules.findings import Finding
from copydesk.rules.normalize import normalize


# Catalogs name the same fact differently: the issuer is also the insurer, underwriter, 承保机构.
_FACT_SYNONYMS = {"issuer": ("issuer", "insurer", "underwriter", "underwritten_by", "carrier", "承保机构", "承保公司",
                             "保险公司", "发行机构", "基金管理人", "管理人")}


def _fact_value(product, fact_name: str) -> str | None:
    facts = {key.casefold(): value for key, value in product.facts.items()}
    for key in _FACT_SYNONYMS.get(fact_name, (fact_name,)):
        if facts.get(key):
            return facts[key]
    return None


def _fact_present(ctx, fact_name: str) -> bool:
    """Whether the copy names what a fact names (e.g. the insurer), in full or its leading words."""
    value = _fact_value(ctx.product, fact_name)
    if not value:
        return False
    folded = normalize(value).text
    text = ctx.norm.text
    if folded in text:
        return True
    # "承保公司：瑞衡健康保险股份有限公司；澄岭银行为代理销售机构": the name after its label, before the next clause
    folded = re.split(r"[;；]", re.sub(r"^[^:：]{1,8}[:：]\s*", "", folded), maxsplit=1)[0].strip()
    if len(folded) >= 4 and folded in text:
        return True
    # "Issued by Fernhollow Life Insurance Company, Des Moines, Iowa": the name starts after the verb
    words = re.findall(r"[a-z0-9&']+", re.sub(r"^(?:issued|underwritten|offered|provided|managed)\s+by\s+", "", folded))
    if len(words) >= 2 and " ".join(words[:2]) in text:
        return True
    hanzi = re.sub(r"[^\u4e00-\u9fff]", "", folded)
    return len(hanzi) >= 4 and hanzi[:4] in text


def _element_present(ctx, element) -> bool:
    if element.fact and _fact_present(ctx, element.fact):
        return True
    if not element.patterns:
        return False
    if element.min_count == 1:
        return any(p.search(ctx.norm.text) for p in element.patterns)
    count = sum(len(p.findall(ctx.norm.text)) for p in element.patterns)
    return count >= element.min_count


def _trigger_span(ctx, rule) -> tuple[int, int] | None:
    text = ctx.norm.text
    excluded = [m.span() for p in rule.trigger_exceptions for m in p.finditer(text)]
    excluded += ctx.name_spans  # the product's own name triggers nothing: "Bonus Savings pays 4.10% APY"
    for pattern in rule.triggers:
        for match in pattern.finditer(text):
            start, end = match.span()
            if end > start and not any(s < end and start < e for s, e in excluded):
                return start, end
    return None


# A service message to an existing customer ("your statement is ready", 您持有的大额存单…) that
# promotes nothing is not an advertisement: the disclosures every ad must carry do not apply.
_SERVICE = re.compile(r"\byour (statement|account|card|policy|beneficiar\w*|direct deposit|application|balance|payment|pin|"
                      r"transfer|order|login|password)\b|\b(received|is ready|is on its way|on track to)\b|\bwe never (text|call|email|ask)\b"
                      # a fraud warning is a service too: it sells nothing ("that's a scam", 警惕非法集资)
                      r"|\bwill never (ask|text|call|email)\b|\bscam\w*|\bfraud\w*"
                      r"|您持有的|您的(账户|保单|卡片|存单|风险承受能力|申请|还款)|已到账|已寄出|即将到期|已登记|已受理|已生效"
                      r"|诈骗|骗局|警惕|谨防|非法集资")
_PROMOTES = re.compile(r"\d\s?%|[$¥￥]\s?\d|\d\s?(元|万)|\b(earn|open (an?|your|one)|apply|bonus|rates?|apy|apr|offer|sign up|invest|"
                       r"switch|join|enjoy|free|save \$)\b|申请|开户|购买|起购|收益|利率|优惠|立即|抢|赠|送|礼|年化|业绩比较基准")


def is_service_message(text: str) -> bool:
    """Whether the (normalized) text serves an existing customer and promotes nothing."""
    return bool(_SERVICE.search(text)) and not _PROMOTES.search(text)


def run(ctx) -> list[Finding]:
    """One finding per disclosure rule whose trigger is present and whose elements are not."""
    findings = []
    service = is_service_message(ctx.norm.text)
    for rule in ctx.engine.disclosures:
        if not rule.applies(ctx.lang, ctx.product.kind, ctx.channel):
            continue
        if service and not rule.triggers:
            continue
        if rule.when_disclosure is not None and not rule.when_disclosure.search(ctx.disclosures_text):
            continue
        if rule.triggers:
            span = _trigger_span(ctx, rule)
            if span is None:
                continue
        else:
            span = None
        missing = [e.name for e in rule.requires if not _element_present(ctx, e)]
        if not missing:
            continue
        message = f"{rule.message} (missing: {', '.join(missing)})"
        if span is None:  # always-required disclosure: the whole text is the place to look
            findings.append(ctx.finding(rule, 0, len(ctx.text), message=message))
        else:
            findings.append(ctx.finding_at(rule, *span, message=message))
    return findings
