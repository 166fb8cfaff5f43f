"""Shared machinery for the phrase-and-pattern categories (guarantee, superlative, pressure,
fair_lending): find every hit once per text, then drop those an exception explains away."""

from __future__ import annotations

import re
from typing import Iterator

from copydesk.rules.normalize import normalize
from copydesk.rules.findings import Finding

# A negation governs only its own clause: look back no further than the last clause break.
_CLAUSE_BREAK = re.compile(r"[.!?;:,，。！？；：\n]|\bbut\b|\bhowever\b|但|但是|然而")
_NEGATION_WINDOW = 30
_CONTRACT_TERM = re.compile(r"\b(fixed|level|locked)\b|固定|不变")
_HANZI_ONLY = re.compile(r"[\u4e00-\u9fff]+")
_STOPWORDS = frozenset("the a an and or of for to in on with your our you we is are be by at as it this that".split())


def phrase_hits(ctx) -> list[tuple]:
    """(rule, canonical start, canonical end) for every applicable phrase or pattern match."""
    cached = ctx.__dict__.get("_phrase_hits")
    if cached is not None:
        return cached
    engine, text, kind = ctx.engine, ctx.norm.text, ctx.product.kind
    hits = []
    for hit in engine.matcher.hits(text):
        rule = engine.rules[hit.rule_index]
        if rule.applies(ctx.lang, kind, ctx.channel):
            hits.append((rule, hit.start, hit.end))
    patterns = engine.pattern_index(ctx.lang)
    for index, match in patterns.finditer(text):
        rule = patterns.owners[index]
        if rule.applies(ctx.lang, kind, ctx.channel):
            hits.append((rule, match.start(), match.end()))
    ctx.__dict__["_phrase_hits"] = hits
    return hits


def _overlaps(a_start, a_end, b_start, b_end) -> bool:
    return a_start < b_end and b_start < a_end


def _exception_spans(ctx, rule) -> list[tuple[int, int]]:
    cache = ctx.__dict__.setdefault("_exception_spans", {})
    if rule.id not in cache:
        cache[rule.id] = [m.span() for p in rule.exceptions for m in p.finditer(ctx.norm.text)]
    return cache[rule.id]


def is_negated(ctx, start: int) -> bool:
    """Whether a negation ("isn't", "no bank", "不", "并非") governs the words starting at `start`."""
    before = ctx.norm.text[max(0, start - _NEGATION_WINDOW) : start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    if breaks:
        before = before[breaks[-1].end() :]
    before = before.rstrip("“\"‘'「『")  # 没有“包过”, no "guaranteed": the negation governs the quoted words
    return any(p.search(before) for p in ctx.engine.negations.get(ctx.lang, ()))


# A warning that quotes what the bank never says ("whoever promises you 'instant approval' is
# not us", 凡以"秒批"为由…均非我行): the quoted or reported words are the scam's, not the ad's.
_DISOWNED = re.compile(
    r"\b(?:is|are|was)n[o']?t (?:us|ours?|from us|we)\b|\bnot (?:us|from us|our bank)\b|\bscam|\bfraud|\bbeware\b"
    r"|\b(?:we|the bank|our bank) (?:will )?never\b|\bno such thing\b|\bdon'?t (?:believe|fall for)\b"
    r"|\bwon'?t promise\b|\bdeserves? a second look\b|\bred flags?\b|\bthink twice\b"
    r"|\bbe (?:wary|careful|skeptical|suspicious)\b|\bwe (?:do not|don'?t) (?:promise|offer)\b|\bmyths?\b"
    r"|\bwalk away\b|\bhang up\b|\bdon'?t (?:reply|respond|click)\b"
    r"|非我行|不是我们|不是我行|均非|都不是|谨防|警惕|诈骗|骗局|防骗|我行不会|我行从不|切勿相信|不要相信"
    r"|不会(跟|对|向)?(您|你)?说|从不(跟|对|向)?(您|你)?说|不会承诺"
    # the rule book quoted: words an ad may not use (不得使用"保本""无风险") are named, not claimed
    r"|不得(使用|出现|含有|宣传|称|说)|不能(说|用|写|出现)|禁止(使用|出现|宣传)|严禁|禁用"
    r"|不法分子|冒用|冒充|话术|不收取任何|不会委托|骗子|伎俩|套路"
    # a promise the rules ended, named as gone: 告别"刚性兑付", "刚兑"打破以后
    r"|告别|打破|破除|不再承诺"
    r"|\bwe (?:do not|don'?t) make (?:that|this|such|those) (?:promises?|claims?)\b|\bno (?:dealer|one|lender|bank) can (?:make|promise)\b"
    # 不存在"零首付包过"等说法, "零首付"这类字眼: the words named as a kind of wording, not used
    r"|不存在|(?:这类|这样的|之类的?|此类)(?:字眼|说法|话术|宣传|噱头)"
    r"|\b(?:may|must|can)(?:not|n't| not) (?:say|use|call|claim)\b|\bprohibited (?:words?|terms?|phrases?)\b|\bbanned (?:words?|terms?|phrases?)\b")
_REPORTING = re.compile(r"\b(?:promis\w*|claim\w*|ads?|offers? of|says?|saying|tell\w*|calls?|callers?|texts?|pitch\w*"
                        r"|sell\w*|reports? of)\b"
                        r"|\bno such thing as\b|自称|声称|以|承诺|号称")
# A single quote opens after a non-letter and closes before one, so the apostrophe inside
# 'can't-lose fund' does not end the quotation.
_QUOTED = re.compile(r"\"[^\"\n]{1,60}\"|(?<![a-z])'[^\n]{1,60}?'(?![a-z])|「[^」\n]{1,60}」|『[^』\n]{1,60}』|《[^》\n]{1,60}》")


_NAMED_AS_WORDS = re.compile(r"[^。！？\n]{0,10}?(的)?(表述|用语|字样|说法|词语|措辞|字眼|话术|wording|words|terms|phrases)")


def _framed_as_a_warning(ctx) -> bool:
    """Whether the copy's first line (its subject or title) says it is a fraud warning."""
    if "_framed_as_a_warning" not in ctx.__dict__:
        first_line = ctx.text.lstrip().split("\n", 1)[0][:120]
        ctx.__dict__["_framed_as_a_warning"] = bool(_DISOWNED.search(normalize(first_line).text))
    return ctx.__dict__["_framed_as_a_warning"]


def disowning_sentence(ctx, start: int, end: int) -> bool:
    """Whether the sentence around a canonical span disowns what it says, or the copy is framed as
    a fraud warning ("whoever promises you this is not us", 谨防…): for checks that judge a whole
    sentence, where a quotation's exact words are not known."""
    return _framed_as_a_warning(ctx) or bool(_DISOWNED.search(ctx.sentence_around(start, end)))


def reported_not_claimed(ctx, start: int, end: int) -> bool:
    """Whether the words are quoted or reported in a sentence (or the one after) that disowns them."""
    text = ctx.norm.text
    sentence = ctx.sentence_around(start, end)
    # (the sentence holds [start, end), so it lies within text[:start + len(sentence)])
    left = text.rfind(sentence, 0, start + len(sentence)) if sentence else start
    around = text[max(0, left):min(len(text), end + 200)]  # a subject line, then the sentence that disowns it
    # A fraud warning's subject or title ("Scam alert", 防骗提醒) frames every quote in it.
    framed = _framed_as_a_warning(ctx)
    if not (framed or _DISOWNED.search(around)):
        return False
    quoted = any(m.start() <= start - left < m.end() or m.start() < end - left <= m.end()
                 for m in _QUOTED.finditer(around))
    # in a framed piece, what it reports may have been introduced lines before ("real messages our customers forwarded:")
    reported = bool(_REPORTING.search(text[:start] if framed else text[max(0, left):start]))
    # a rule book's list of what may not be said: 不得含有"保本""稳赚"等承诺收益或夸大宣传的表述
    listed = bool(_NAMED_AS_WORDS.match(text[end:end + 16]))
    return quoted or reported or listed


def _fact_backed(ctx, start: int, end: int) -> bool:
    """Whether the words around the match also stand in a fact that uses the same wording.

    "Level premium guaranteed for 20 years" is a contract term when the facts say so; the
    same word before "returns" is a promise.
    """
    text = ctx.norm.text
    matched = text[start:end].strip()
    if len(matched) >= 4 and _HANZI_ONLY.fullmatch(matched) and matched in ctx.facts_text:
        return True  # 售完即止 when the facts say 总额度5亿元，售完即止: the product's own term, word for word
    stem = matched[: max(4, len(matched) - 2)]
    # A contract term backs the word when a fact states it: the word itself, or fixed/level terms.
    facts = [line for line in ctx.facts_text.splitlines() if stem in line or _CONTRACT_TERM.search(line)]
    if not facts:
        return False
    left = re.findall(r"[a-z\u4e00-\u9fff]+", text[max(0, start - 30) : start])[-2:]
    right = re.findall(r"[a-z\u4e00-\u9fff]+", text[end : end + 30])[:2]
    neighbours = [w for w in left + right if w not in _STOPWORDS and len(w) >= 2]
    return any(word in line for word in neighbours for line in facts)


def phrase_findings(ctx, category: str) -> Iterator[Finding]:
    """Findings of one category, after exceptions, negation scope and fact backing."""
    for rule, start, end in phrase_hits(ctx):
        if rule.category != category:
            continue
        if any(_overlaps(start, end, s, e) for s, e in _exception_spans(ctx, rule)):
            continue
        if rule.sentence_exceptions and any(p.search(ctx.sentence_around(start, end)) for p in rule.sentence_exceptions):
            continue
        if rule.negatable and is_negated(ctx, start):
            continue
        if rule.fact_exempt and _fact_backed(ctx, start, end):
            continue
        if category in ("guarantee", "superlative", "pressure", "ungrounded_claim") and reported_not_claimed(ctx, start, end):
            continue
        yield ctx.finding_at(rule, start, end, fix=rule.fix)
