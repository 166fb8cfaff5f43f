"""Fact binding (block): a figure the facts state, written beside the name of another fact.

"1.5% APR" on a card whose APR is 24.9% and whose cash back is 1.5%; "a $1,000 bonus" when
$1,000 is the deposit the offer needs and the bonus is $250; "年化利率仅0.62%" when 0.62% is the
fee per instalment. Grounding alone passes these: each figure is in the facts, beside the wrong
fact. So each fact's figures carry labels: the words next to the figure in the fact's own
wording (its key's words when the value is a bare figure; a Chinese key always; a period such as
"1-year" or 3年期 as one token of its own). A figure in the copy is flagged when
the words next to it name another fact's figure and none of its own; when they name both (the
"APR" of two rates), the words only one of them uses decide. A figure only a worked example
states is read against the example: restated with the example's other figures it passes, paired
with another fact's figure it is flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from copydesk.rules.findings import BoundFigure, BuiltinRule
from copydesk.rules.normalize import normalize
from copydesk.rules.quantities import Quantity, chinese_number, extract_quantities, is_count, same_quantity
from copydesk.rules.spans import SpanSet

BINDING_RULE = BuiltinRule(
    id="grounding.binding",
    category="ungrounded_claim",
    severity="block",
    message="A figure from the facts, stated as another fact",
    suggestion="Put the figure beside the fact it belongs to (or the right figure beside this one)",
    citation="FTC Act §5 / 12 CFR 1026.16, 1030.8 (a misleading rate or fee claim); 广告法 第4、8条",
)

# Words that name no particular fact ("up to", "per", "rate", "fee" alone say nothing of which).
_STOP = set("""a an the of for on in per to and or at least up with from just only as is are your you get earn our
be by min max each every all new any one this that it its rate rates fee fees month months year years day days
yearly monthly annual annually apply applies plus than more less over under after before about then first now
today little have has just also""".split())
_STOP -= {"annual", "monthly"}  # "annual fee" against "monthly fee" is a real difference
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_HAN = re.compile(r"[\u3400-\u9fff]")
# Chinese words around a figure that only introduce it (仅0.15%, 低至3.5%, 最高20万元).
_ZH_FILLERS = ("低至", "最高", "高达", "最低", "只要", "只需", "仅需", "不超过", "仅", "只", "约", "为", "达", "享", "即", "可", "起", "的", "是", "按", "以")
_BOUNDARY = re.compile(r"[,;:()（）\[\]【】〖〗，；：。！？!?、\n]|\.(?=\s|$)")  # a full stop, not a decimal point
# 起 that starts a word (20万元起存, 1万元起购) names the minimum; alone (3.6%起) it only introduces.
_QI_WORDS = set("存购投贷售点")
# Pairs every rate or amount has (日利率 and 年化利率 share 利率): they tell no fact from another.
_ZH_STOP = {"利率", "费率", "金额", "额度"}
_ZH_AFTER_BOUNDARY = re.compile(r"[\s▶▍•·●■◆▪]")
_ZH_BOUNDARY = re.compile(r"[,;:，；：。！？!?、\n【】〖〗]")  # a 【heading】 starts another fact's line
_ZH_LABEL_COLON = re.compile(r"([\u3400-\u9fff]+)\s*(?:[（(][^）)]*[）)])?\s*[:：]\s*$")
# A term tells two facts apart where their other words are the same (1年期 and 3年期 年利率, 近一年
# and 近三年 净值增长率, 七天 and 一天 通知存款); character pairs drop the digit, so a term is one
# token of its own, in Arabic digits: "#1年".
_ZH_TERM = re.compile(r"(\d+|[一二两三四五六七八九十]{1,3})\s?(年期|年|个月|月期|天|日)")
_ZH_TERM_UNIT = {"年期": "年", "个月": "月", "月期": "月", "日": "天"}


def _zh_terms(text: str) -> set[str]:
    terms = set()
    for match in _ZH_TERM.finditer(text):
        number = match.group(1)
        value = int(number) if number.isdigit() else chinese_number(number)
        if value:
            terms.add(f"#{int(value)}{_ZH_TERM_UNIT.get(match.group(2), match.group(2))}")
    return terms


def _zh_pairs(text: str) -> set[str]:
    """Character pairs of the hanzi in a text: 年化利率 -> 年化 化利 利率 (other characters dropped)."""
    run = "".join(_HAN.findall(text))
    return {run[i:i + 2] for i in range(len(run) - 1)}


@dataclass(frozen=True)
class FactFigure:
    key: str
    value: str
    quantity: Quantity
    labels: frozenset[str]


# Names spelled out and abbreviated are one label: "4.26% Annual Percentage Yield" names the APY.
_SPELLED_OUT = ((re.compile(r"\bannual percentage yields?\b", re.I), "APY"), (re.compile(r"\bannual percentage rates?\b", re.I), "APR"))


def _abbreviated(text: str) -> str:
    if "percentage" not in text.casefold():
        return text  # the common case, without two substitutions per figure
    for spelled, short in _SPELLED_OUT:
        text = spelled.sub(short, text)
    return text


def _english_labels(text: str, start: int, end: int) -> set[str]:
    window = _abbreviated(text[max(0, start - 40):start])
    before = _BOUNDARY.split(window)[-1]
    after = _BOUNDARY.split(_abbreviated(text[end:end + 40]))[0]
    if _FOR_ACTION.match(after):
        after = ""  # "$350 for opening Everyday Checking": what earns the figure, not its name
    # "a 1-year return of 7.05%", "9.84% over 1 year": the period is read before digits split the label
    # (only the words after the last figure before it, in the same clause, before a receiving verb)
    near = _RECEIVING.split(_NEXT_CLAUSE.split(_NEXT_FIGURE.split(before)[-1])[-1])[-1]
    terms = _en_terms(near) | _en_terms(_NEXT_FIGURE.split(_LINE_END.split(after)[0])[0])  # not the next line's
    after = re.split(r"\d", after)[0]  # stop at the next figure
    after = _NEXT_CLAUSE.split(after)[0]  # "$100 and has no monthly fee": the fee is another clause's
    after = _CONDITION.split(after)[0]  # "a $1,000 bonus after you spend": the spend is the condition's
    if _KIND_NOUN.match(after):
        return set()  # "13-Mo CD", "30-year mortgage": the figure names the product's variety
    before = re.split(r"\d", before)[-1]
    before = _NEXT_CLAUSE.split(before)[-1]  # "$100 to open and at least $1 to earn the APY"
    before = _RECEIVING.split(before)[-1]  # "within 90 days of opening to earn $300": what comes before "earn" is not its name
    before = _CONDITION.split(before)[-1]  # "the $200 bonus after you spend $1,000": the bonus is not the spend's name
    def named(words):
        return [_stem(w) for w in (w.casefold() for w in words) if w not in _STOP and len(w) > 1]

    labels = named(_WORD.findall(before))[-2:] + named(_WORD.findall(after))[:2]
    # (a heading ends the window with its colon: only then is the search worth its backtracking)
    labelled = _EN_LABEL_COLON.search(window) if window.rstrip().endswith(":") else None
    # "assuming 20% down: 6.375% rate": one word right after another figure names that figure, not a
    # heading ("6.87% since inception (6/2/2014): 7.15%" on joined lines still is one)
    heading = labelled and not (re.search(r"[\d%]$", window[:labelled.start(1)].rstrip())
                                and len(labelled.group(1).split()) == 1)
    if heading and not before.strip():
        # "Since inception (6/2/2014): 7.15%": what stands before the colon names the figure
        # (a line break after it may have been joined away by normalization).
        labels = named(_WORD.findall(labelled.group(1)))[-2:] + labels
        # "12-month CD: 3.90% APY": the heading's period names the figure too.
        terms |= _en_terms(re.split(r"[.;!?\n]", window[:labelled.end()])[-1])
    return set(labels) | terms


# A period names a figure where the other words are the same ("1-year" and "5-year" returns,
# one_year_return): one token of its own, in digits and a singular unit: "#1year".
_EN_TERM = re.compile(r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve)[- ]?(year|yr|month|mo|day)s?\b")
_EN_NUMBER = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten".split())} | {"twelve": 12}
_EN_TERM_UNIT = {"yr": "year", "mo": "month"}
_NEXT_FIGURE = re.compile(r"[\d.,]+\s?%|\$\s?[\d,.]+")


_EN_LAST_TERM = re.compile(r"\b(?:past|last|prior|previous|trailing)\s+(year|month|day)\b")  # "over the past year": 1-year


def _en_terms(text: str) -> set[str]:
    text = text.casefold()
    terms = {f"#1{m.group(1)}" for m in _EN_LAST_TERM.finditer(text)}
    for m in _EN_TERM.finditer(text):
        number, unit = int(m.group(1)) if m.group(1).isdigit() else _EN_NUMBER[m.group(1)], _EN_TERM_UNIT.get(m.group(2), m.group(2))
        terms.add(f"#{number}{unit}")
        if unit == "month" and number and number % 12 == 0:
            terms.add(f"#{number // 12}year")  # "the last 12 months" is the 1-year figure
    return terms


_EN_LABEL_COLON = re.compile(r"([A-Za-z][A-Za-z '’-]*?)\s*(?:\([^)]*\))?\s*:\s*$")
_NEXT_CLAUSE = re.compile(r"\b(?:and|but|while|so|with|without|plus|or)\b")  # "$40,000 with no origination fee"
_SENTENCE_END = re.compile(r"[。！？!?\n]|\.(?=\s|$)")
_FOR_ACTION = re.compile(r"\s*(?:(?:for|by|after)\s+\w+ing\b|when you\b|if you\b)")
_CONDITION = re.compile(r"\b(?:after|once|when|if|until|before)\s+(?:you|your|they|the customer)\b")  # a condition names what it conditions, not its own figure
_RECEIVING = re.compile(r"\b(?:earn|earns|get|gets|receive|receives|enjoy|enjoys)\b")
_KIND_NOUN = re.compile(r"\s*(?:cd|certificate|card|loan|mortgage|heloc|savings account)s?\b")


def _stem(word: str) -> str:
    """One form for "purchases" and "purchase", "opens", "opening" and "open": they name the same thing."""
    word = word.removesuffix("'s").removesuffix("’s")
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]  # "opening" and "open"
    return word[:-1] if len(word) > 3 and word.endswith("s") and word[-2] not in "sui" else word  # not bonus, basis


def _chinese_labels(text: str, start: int, end: int) -> set[str]:
    # Brackets before a figure do not end its label: 申购费率1折（0.15%） names the 0.15%.
    window = text[max(0, start - 10):start]
    clause = _ZH_BOUNDARY.split(window)[-1]
    before = "".join(_HAN.findall(clause))
    labelled = _ZH_LABEL_COLON.search(window)
    if labelled and not before:
        before = labelled.group(1)  # "起存金额：20万元": what stands before the colon names it
    # an aside after it is not its name, nor the next line's heading ("6-36个月 ▶ 还款方式", lines joined by a space)
    after = "".join(_HAN.findall(_ZH_AFTER_BOUNDARY.split(_BOUNDARY.split(text[end:end + 6])[0])[0]))[:4]
    labels = _zh_terms(clause)
    for run in (_strip_fillers(before[-8:]), _strip_fillers(after)):
        labels |= _zh_pairs(run)
    return labels - _ZH_STOP


def _strip_fillers(run: str) -> str:
    changed = True
    while changed and run:
        changed = False
        for filler in _ZH_FILLERS:
            if run.endswith(filler):
                run, changed = run[: -len(filler)], True
            if run.startswith(filler) and not (filler == "起" and run[1:2] in _QI_WORDS):
                run, changed = run[len(filler):], True
    return run


def labels_at(text: str, quantity: Quantity, lang: str) -> set[str]:
    if lang == "zh":
        return _chinese_labels(text, quantity.start, quantity.end)
    return _english_labels(text, quantity.start, quantity.end)


def _sources(product) -> list[tuple[str, str]]:
    """(key, wording) of every fact, then of every disclosure as disclosure_<i>."""
    return [*product.facts.items(), *((f"disclosure_{i}", d) for i, d in enumerate(product.disclosures))]


_ZH_HEADING = re.compile(r"^\s*([\u3400-\u9fff]{2,8})\s*[:：]")


def fact_figures(product) -> list[FactFigure]:
    """Every figure the facts (and disclosures) state, with the words that name it there."""
    figures = []
    for key, value in _sources(product):
        text = normalize(value).text
        # "首付比例：首套最低15%，二套最低25%": the heading names every figure after it.
        heading = _ZH_HEADING.match(text) if product.lang == "zh" else None
        heading_labels = (_zh_pairs(heading.group(1)) - _ZH_STOP) if heading else set()
        for quantity in extract_quantities(text):
            labels = labels_at(text, quantity, product.lang) | heading_labels
            if product.lang == "zh" and _HAN.search(key):
                # A Chinese key names its figure whatever the value says around it (等待期: "90天（意外…）").
                labels = labels | ((_zh_pairs(key) | _zh_terms(key)) - _ZH_STOP)
            elif not labels and not key.startswith("disclosure_") and product.lang != "zh":
                # A bare figure ("6.125%"): the key says what it is (interest_rate -> interest).
                labels = {_stem(w) for w in key.casefold().split("_") if w not in _STOP and len(w) > 1}
                labels |= _en_terms(key.replace("_", " "))
            elif not key.startswith("disclosure_") and product.lang != "zh":
                # apy_12_month: "4.35% APY" is the 12-month figure, whatever the value says
                labels = labels | _en_terms(key.replace("_", " "))
            figures.append(FactFigure(key, value, quantity, frozenset(labels)))
    return figures


def fact_words(product) -> dict[str, frozenset[str]]:
    """Each fact's (and disclosure's, keyed as in fact_figures) words, stemmed: read once per
    product, since the check runs as people type."""
    # The key names its fact too: "balance" is balance_transfer_fee's word though its value says
    # "3% of each transfer"; but not a word that is another fact's whole key ("bonus" of bonus_conditions).
    # Nor the words of another key this one extends: signup_bonus_spend is the bonus's spend, so
    # "bonus" names signup_bonus ("a $1,000 bonus" when $1,000 is the spend is the misattribution).
    keys = {key.casefold() for key in product.facts}

    def key_words(key: str) -> str:
        key = key.casefold()
        extended = max((k for k in keys if key.startswith(k + "_")), key=len, default="")
        words = key.removeprefix(extended).split("_")
        return " ".join(w for w in words if w and (w not in keys or w == key))

    return {key: frozenset(_stem(w.casefold()) for w in _WORD.findall(value + " " + key_words(key)))
            for key, value in _sources(product)}


_BARE_FIGURE = re.compile(r"[\d,.]+")


def _mentions_everything(key: str) -> bool:
    return key.startswith("disclosure_") or _is_example(key)


def _is_example(key: str) -> bool:
    """A worked example's fact: representative_example, payment_example, sample_premium, 还款示例, 保费示例, 举例."""
    return any(word in key.casefold() for word in _EXAMPLE_WORDS)


_EXAMPLE_WORDS = ("example", "sample", "示例", "举例", "例如", "样例")


def _example_disclosure(product, key: str) -> bool:
    """A disclosure that is a worked example ("Payment example: a $10,000 loan for 36 months …")."""
    if not key.startswith("disclosure_"):
        return False
    text = product.disclosures[int(key.removeprefix("disclosure_"))].casefold()
    return any(word in text for word in _EXAMPLE_WORDS)  # "Sample premium: $21.40 per month for …" too


def _unnamed_text(ctx) -> tuple[str, SpanSet]:
    """The text with the product's own name blanked out, and where the name stood (read once per
    check: the binder, the report's figures and the figure-role check all read it)."""
    if "_unnamed_text" not in ctx.__dict__:
        ctx.__dict__["_unnamed_text"] = _blank_the_name(ctx)
    return ctx.__dict__["_unnamed_text"]


def in_catalog_disclosures(ctx) -> SpanSet:
    """Where the copy quotes one of the catalog's own disclosures word for word: a figure there is
    the bank's own statement of its terms ("Requires a refundable security deposit of $200 to
    $2,500" on a card whose credit limit is "up to $2,500"), never a misattributed one."""
    if "_in_catalog_disclosures" not in ctx.__dict__:
        text, spans = ctx.norm.text, []
        for quoted in ctx.product_view.derived("quotable_disclosures", _quotable_disclosures):
            start = text.find(quoted)
            while start != -1:
                spans.append((start, start + len(quoted)))
                start = text.find(quoted, start + 1)
        ctx.__dict__["_in_catalog_disclosures"] = SpanSet(spans)
    return ctx.__dict__["_in_catalog_disclosures"]


def _quotable_disclosures(product) -> list[str]:
    """The catalog's disclosures as the normalized copy would hold them (once per product; a
    fragment too short to be a quote, "Member FDIC.", is left out)."""
    disclosures = (normalize(disclosure).text.strip() for disclosure in product.disclosures)
    return [disclosure for disclosure in disclosures if len(disclosure) >= 12]


def _blank_the_name(ctx) -> tuple[str, SpanSet]:
    text = ctx.norm.text
    spans = ctx.name_spans
    if not spans:
        return text, SpanSet(())
    pieces, last = [], 0
    for start, end in sorted(spans):
        start = max(start, last)
        pieces += [text[last:start], " " * (end - start)]
        last = max(last, end)
    return "".join(pieces) + text[last:], SpanSet(spans)


def by_value(items) -> dict[float, list]:
    """Items with a `.quantity` (the facts' figures), grouped by value: a check looks up each of its
    ~40 figures instead of trying ~100 facts for each (see `stating`)."""
    grouped: dict[float, list] = {}
    for item in items:
        grouped.setdefault(round(item.quantity.value, 6), []).append(item)
    return grouped


def stating(grouped: dict[float, list], quantity: Quantity) -> list:
    """The grouped items that state the same thing as `quantity`, in their original order."""
    return [item for item in grouped.get(round(quantity.value, 6), ()) if same_quantity(quantity, item.quantity)]


def _stating(ctx, quantity: Quantity) -> list[FactFigure]:
    """The facts' figures that state the same thing as `quantity` (in fact_figures' order)."""
    return stating(ctx.product_view.derived("fact_figures_by_value", lambda product: by_value(fact_figures(product))), quantity)


def _previous_of_its_unit(ctx, quantity: Quantity) -> Quantity | None:
    """The figure before `quantity` in the copy with the same unit (read once per check)."""
    if "_previous_of_its_unit" not in ctx.__dict__:
        previous, last = {}, {}
        for q in sorted(ctx.quantities, key=lambda q: q.start):
            previous[(q.start, q.end)] = last.get(q.unit)
            last[q.unit] = q
        ctx.__dict__["_previous_of_its_unit"] = previous
    return ctx.__dict__["_previous_of_its_unit"].get((quantity.start, quantity.end))


def _labels_beside(ctx, unnamed: str, quantity: Quantity) -> set[str]:
    """labels_at, read once per figure per check (the binding check and the report's figures share it)."""
    cache = ctx.__dict__.setdefault("_labels_beside", {})
    key = (quantity.start, quantity.end)
    if key not in cache:
        cache[key] = labels_at(unnamed, quantity, ctx.lang)
        # a range's second figure is named by the words before the first: "业绩比较基准为年化2.60%至3.40%"
        previous = _previous_of_its_unit(ctx, quantity)
        if previous is not None and previous.end <= quantity.start and RANGE_JOIN.fullmatch(unnamed[previous.end:quantity.start]):
            cache[key] = cache[key] | _labels_beside(ctx, unnamed, previous)
    return cache[key]


def bound_figures(ctx) -> tuple[BoundFigure, ...]:
    """Every figure in the copy with the fact it states: of the facts holding that figure, the one
    whose words stand beside it, else the first (what `check --json` shows as "figures")."""
    unnamed, in_name = _unnamed_text(ctx)
    bound = []
    for quantity in ctx.quantities:
        if is_count(quantity):
            continue
        if in_name.overlaps(quantity.start, quantity.end):
            continue
        own = _stating(ctx, quantity)
        beside = _labels_beside(ctx, unnamed, quantity)
        fact = next((f for f in own if f.labels & beside), own[0] if own else None)
        start, end = ctx.norm.to_original(quantity.start, quantity.start + max(1, len(quantity.text.rstrip())))
        bound.append(BoundFigure(ctx.text[start:end], start, end, fact.key if fact else None, fact.value if fact else None))
    return tuple(bound)


def _names_only_the_other(beside: set[str], own: set[str], own_words: set[str], other: set[str]) -> bool:
    """Whether the words beside a figure, less those both facts use for it, name the other fact
    and none of them is a word of the figure's own facts (`own_words`: near the figure or not)."""
    distinct = beside - (own & other)
    return bool(distinct & other) and not distinct & (own | own_words)


_DISCOUNT_WORDS = frozenset({"discount", "reduction"})
_RATE_WORDS = frozenset({"apr", "apy", "interest", "yield"})
_SAVING_WORDS = _DISCOUNT_WORDS | {"off", "lower", "lowers", "less", "save", "saving", "cut", "knock", "autopay", "auto-pay"}


def _discount_as_rate(own: list[FactFigure], beside: set[str]) -> bool:
    """Whether a figure every fact states as a discount stands beside a rate's name and no word
    of saving: the 0.25% autopay discount written as "from 0.25% APR"."""
    return (bool(own) and all(f.labels & _DISCOUNT_WORDS for f in own)
            and bool(beside & _RATE_WORDS) and not beside & _SAVING_WORDS)


def _zh_deciding(beside: set[str], own: list[FactFigure], own_labels: set[str], name: str) -> tuple[set[str], set[str]]:
    """The Chinese counterpart, read once per figure: (the terms, the character pairs) beside it
    that may name another fact. Pairs across a bracket or a joined line ("满笔", "笔每") must not
    decide, so only a term none of the figure's facts states ("大额存单1年期年利率1.90%" when 1.90%
    is the 3-year rate) or a pair none of them uses, matched against the other fact's own name
    ("管理费仅年化0.02%" when 0.02% is 托管费 and 固定管理费 is 0.30%), does."""
    terms = {label for label in beside if label.startswith("#")}
    own_terms = {label for label in own_labels if label.startswith("#")}
    own_terms |= set().union(*(_zh_terms(f.value) | _zh_terms(f.key) for f in own))
    own_pairs = set().union(*(_zh_pairs(f.key + f.value) for f in own))
    # Pairs of the product's own name (定期存款) say what it is, not which of its facts.
    distinct = beside - (own_labels | own_pairs | _zh_pairs(name))
    return (set() if terms & own_terms else terms), distinct


def _figures_on_its_line(ctx, quantity: Quantity) -> list[Quantity]:
    """The figures (not counts) of the sentence around a figure, by _line_around (read once per figure per check)."""
    cache = ctx.__dict__.setdefault("_figures_on_its_line", {})
    key = (quantity.start, quantity.end)
    if key not in cache:
        cache[key] = [q for q in extract_quantities(_line_around(ctx.norm.text, quantity.start, quantity.end)) if not is_count(q)]
    return cache[key]


def _example_sibling_named(ctx, unnamed: str, quantity: Quantity, own: list[FactFigure], owners: set[str],
                           figures: list[FactFigure]) -> FactFigure | None:
    """Another figure of the same worked example whose words, and none of this figure's own, stand
    beside it: "at 10.99% APR" when the example reads "10.99% interest rate (13.11% APR)", 每期还款约
    195.92元 when 195.92元 is the example's 总利息."""
    # (words only: the example's term, "for 36 months", stands beside all of its figures)
    direct = {w for w in set().union(*(f.labels for f in own)) if not w.startswith("#")}
    beside = {w for w in _labels_beside(ctx, unnamed, quantity) if not w.startswith("#")}
    if not direct or not beside or beside & direct:
        return None
    # "$500,000 of coverage is $24.50 a month": the sibling stated too, its words are its own
    line = _figures_on_its_line(ctx, quantity)
    for f in figures:
        if (f.key in owners and f.quantity.unit == quantity.unit and not same_quantity(f.quantity, quantity)
                and f.labels & beside and not f.labels <= direct and not any(same_quantity(q, f.quantity) for q in line)):
            return f
    return None


def _example_figure_named_as_another_fact(ctx, unnamed: str, quantity: Quantity, own: list[FactFigure],
                                          owners: set[str], figures: list[FactFigure]) -> FactFigure | None:
    """A figure only the worked example states, beside another fact's words for its own figure and
    none of the example's: "额度最高10万元" when 10万元 is the example's loan and the limit is 30万元,
    "还满36期后提前还款免违约金" when 36期 is the example's term and the fact says 还满12期."""
    if ctx.lang != "zh":
        return None  # English facts run several figures through one clause; their words overlap too much
    beside = _labels_beside(ctx, unnamed, quantity)
    own_labels = set().union(*(f.labels for f in own))
    if not beside or beside & own_labels:
        return None
    for other in figures:
        if (other.key not in owners and not _is_example(other.key) and not _mentions_everything(other.key)
                and other.quantity.unit == quantity.unit and not same_quantity(other.quantity, quantity)
                and other.labels & beside - _ZH_STOP):
            return other
    return None


def _example_figure_borrowed(ctx, quantity: Quantity, owners: set[str], figures: list[FactFigure]) -> FactFigure | None:
    """For a figure only a worked example states: the other fact's figure the same sentence pairs
    it with, when the sentence states none of the example's other figures (else None)."""
    sentence = [q for q in extract_quantities(ctx.sentence_around(quantity.start, quantity.end))
                if not is_count(q) and not same_quantity(q, quantity)]
    example = [f.quantity for f in figures if f.key in owners and not same_quantity(f.quantity, quantity)]
    # The example's term swapped: "分36期，每期仅还866.19元" when 866.19元 is the payment over 12
    # (a term right beside the figure: a list of terms elsewhere in the copy is not its term).
    text = ctx.norm.text
    left = _SENTENCE_END.split(text[max(0, quantity.start - 16):quantity.start])[-1]
    right = _SENTENCE_END.split(text[quantity.end:quantity.end + 16])[0]
    beside = [q for q in extract_quantities(left + quantity.text + right) if not is_count(q)]
    for q in beside:
        if q.unit == "months" and any(e.unit == "months" for e in example) and not any(same_quantity(q, e) for e in example):
            holders = [f for f in figures if same_quantity(q, f.quantity) and f.key not in owners]
            if holders:
                return holders[0]
    # The example's principal swapped: "borrow the max, $40,000, and pay just $329.71 a month for 36
    # months" when $329.71 is the payment on $10,000: the term restated does not make it the example.
    # (Read over its own line and sentence: a decimal point ends no sentence here.)
    same_unit = [e for e in example if e.unit == quantity.unit]
    line = [q for q in _figures_on_its_line(ctx, quantity) if not same_quantity(q, quantity)]
    if same_unit and not any(same_quantity(q, e) for q in line for e in same_unit):
        swapped = _other_fact_figure(line, quantity, owners, figures)
        if swapped is not None:
            return swapped
    # The example's rate swapped: "60 monthly payments of $486.70 at 5.49% APR" when $486.70 is the
    # payment at 6.29%: the sentence gives the example's figure a rate, none of them the example's.
    for unit in {e.unit for e in example} - {"money", "months", "number"}:
        stated = [q for q in line if q.unit == unit]
        if stated and not any(same_quantity(q, e) for q in stated for e in example if e.unit == unit):
            swapped = _other_fact_figure(stated, quantity, owners, figures, unit)
            if swapped is not None:
                return swapped
    if any(same_quantity(q, e) for q in sentence for e in example):
        return None  # the example, restated
    return _other_fact_figure(sentence, quantity, owners, figures)


# How far back the "…$" patterns just before a figure look: normalized text has single spaces, so
# none needs more, and a search from the start would reread the whole text for every figure.
_BEHIND = 40
_ROUND_THE_CLOCK_BEFORE = re.compile(r"(?:一天|每天|全天|天天|一日|每日)\s*$")
_ROUND_THE_CLOCK_AFTER = re.compile(r"\s*(?:a day|per day|每天|一天)")
_LIST_BEFORE = re.compile(r"\d+\s?[、，,/]\s*$")
RANGE_JOIN = re.compile(r"\s*%?\s*(?:to|-|–|—|~|～|至|到)\s*")  # between a range's two figures (fullmatch)
_LINE_END = re.compile(r"[。！？!?\n]|\.(?=\s|$)")


def _line_around(text: str, start: int, end: int) -> str:
    """The sentence around [start, end), ended only by a full stop, a mark or a line break."""
    before = [m.end() for m in _LINE_END.finditer(text, 0, start)]
    after = _LINE_END.search(text, end)
    return text[before[-1] if before else 0:after.start() if after else len(text)]


def _other_fact_figure(sentence, quantity: Quantity, owners: set[str], figures: list[FactFigure],
                       unit: str | None = None) -> FactFigure | None:
    """The first figure of the sentence, in the quantity's unit (or `unit`), that only another (plain) fact states."""
    for q in sentence:
        if q.unit != (unit or quantity.unit):
            continue
        holders = [f for f in figures if same_quantity(q, f.quantity)]
        if holders and all(f.key not in owners for f in holders) and any(not _mentions_everything(f.key) for f in holders):
            return next(f for f in holders if not _mentions_everything(f.key))
    return None


def run(ctx):
    figures = ctx.product_view.derived("fact_figures", fact_figures)
    findings = []
    # "Open the 7-Month Featured CD with $1,000": 'cd' there names the product, not the fact
    # "$250,000 per CD", so the words beside a figure are read with the name blanked out.
    unnamed, in_name = _unnamed_text(ctx)
    quoted = in_catalog_disclosures(ctx)
    for quantity in ctx.quantities:
        if quantity.unit == "number" or _BARE_FIGURE.fullmatch(quantity.text.strip()):
            continue  # a bare number (a count, or "10" of "10, 15 or 20 years") names no fact on its own
        if in_name.overlaps(quantity.start, quantity.end) or quoted.overlaps(quantity.start, quantity.end):
            continue  # the product's own name ("7-Month Featured CD") binds nothing; nor does its own disclosure
        own = _stating(ctx, quantity)
        if not own:
            continue  # not in the facts at all: grounding.number reports it
        if quantity.unit == "hours" and (_ROUND_THE_CLOCK_BEFORE.search(ctx.norm.text, max(0, quantity.start - _BEHIND), quantity.start)
                                         or _ROUND_THE_CLOCK_AFTER.match(ctx.norm.text, quantity.end)):
            continue  # 一天24小时, "24 hours a day": the day said again, not the one-day notice
        if quantity.unit == "months" and _LIST_BEFORE.search(ctx.norm.text, max(0, quantity.start - _BEHIND), quantity.start):
            continue  # the last of a list of terms ("3、6、12、24期账单分期"): the words after name the list
        owners = {f.key for f in own}
        if all(_is_example(key) or _example_disclosure(ctx.product, key) for key in owners):
            # Only a worked example states it: fine when the sentence restates the example
            # ("$500,000 of coverage is $24.50 a month"), a misattribution when it pairs the
            # figure with another fact's ("up to $2,000,000 of coverage for just $24.50 a month").
            borrowed = _example_figure_borrowed(ctx, quantity, owners, figures)
            if borrowed is None:
                sibling = _example_sibling_named(ctx, unnamed, quantity, own, owners, figures)
                if sibling is not None:
                    stated = quantity.text.strip()
                    findings.append(_finding(ctx, quantity, f"'{stated}' is stated as the example's "
                                             f"'{sibling.quantity.text.strip()}' ({', '.join(sorted(sibling.labels))}); "
                                             f"in {sibling.key} it is '{sibling.value}'"))
                    continue
                named = _example_figure_named_as_another_fact(ctx, unnamed, quantity, own, owners, figures)
                if named is not None:
                    stated = quantity.text.strip()
                    findings.append(_finding(ctx, quantity, f"'{stated}' is the worked example's figure ({', '.join(sorted(owners))}), "
                                             f"but the words beside it are those of {named.key}: '{named.value}'"))
                continue
            stated = quantity.text.strip()
            findings.append(_finding(ctx, quantity, f"'{stated}' belongs to the worked example ({', '.join(sorted(owners))}), "
                                     f"but the copy pairs it with '{borrowed.quantity.text.strip()}', which is "
                                     f"{borrowed.key}: '{borrowed.value}'"))
            continue
        # Every word the owning facts use for their figures: "3% down" is fine when the fact
        # stating 3% also speaks of "20% down".
        # (Disclosures and worked examples mention every figure, so only their words for this one.)
        own_labels = set().union(*(f.labels for f in own),
                                 *(f.labels for f in figures if f.key in owners and not _mentions_everything(f.key)))
        if not own_labels:
            continue
        beside = _labels_beside(ctx, unnamed, quantity)
        if not beside:
            continue
        if quantity.unit in ("months", "days") and beside <= _RATE_WORDS:
            continue  # "4.35% APY for 13 months": how long the rate lasts, not another fact's term
        if ctx.lang == "en" and _discount_as_rate(own, beside):
            # "Personal loans from 0.25% APR" when every fact states 0.25% as the autopay discount.
            stated = quantity.text.strip()
            findings.append(_finding(ctx, quantity, f"'{stated}' is stated as a rate ('{', '.join(sorted(beside & _RATE_WORDS))}'), "
                                     f"but the facts give {stated} only as a discount ({', '.join(sorted(owners))})"))
            continue
        foreign = [f for f in figures if f.key not in owners and _comparable(f.quantity.unit, quantity.unit) and f.labels & beside]
        direct = set().union(*(f.labels for f in own))  # the words beside this very figure in its facts
        siblings = [f for f in figures if f.key in owners and f.quantity.unit == quantity.unit
                    and not same_quantity(f.quantity, quantity) and not _mentions_everything(f.key)]
        # Chinese only: English facts run several figures through one clause ("0% intro APR … then
        # 20.99%–28.99% variable APR"), where the words beside one figure name the next.
        swapped = [f for f in siblings if f.labels & beside] if ctx.lang == "zh" and direct and not beside & direct else []
        if swapped:
            # Two figures of one fact swapped: "折合年化利率仅0.6%" when the fact reads "每期费率0.6%，
            # 折合年化利率13.03%"; the fact's words for the other figure stand beside this one.
            foreign = swapped
        elif beside & own_labels:
            # Words both facts use ("apr", 年化) tell them apart no better than none: "5.49% APR for
            # used vehicles" when 5.49% is the new-vehicle floor. Decide on what only one of them says.
            if ctx.lang == "zh":
                terms, distinct = _zh_deciding(beside, own, own_labels, ctx.product.name)
                foreign = [f for f in foreign if terms & f.labels or distinct & (_zh_pairs(f.key) - _ZH_STOP)]
            else:
                words = ctx.product_view.derived("fact_words", fact_words)
                own_words = set().union(*(words[key] for key in owners))
                foreign = [f for f in foreign if _names_only_the_other(beside, own_labels, own_words, f.labels)]
        elif ctx.lang == "en":
            # "$1,000 min deposit" when the minimum-deposit fact says "deposit" too (only not beside
            # its figure): a word of the figure's own fact is no sign of another's.
            # Not the words the same fact gives its other figures: "6.125% APR" when the fact reads
            # "6.125% interest rate (6.312% APR)".
            words = ctx.product_view.derived("fact_words", fact_words)
            others_in_own = [f for f in figures if f.key in owners and f.quantity.unit == quantity.unit
                             and not same_quantity(f.quantity, quantity)]
            own_words = set().union(*(words[key] for key in owners)) - (set().union(*(f.labels for f in others_in_own)) - direct)
            foreign = [f for f in foreign if not (beside & f.labels) <= own_words]
        if ctx.lang == "en" and foreign and _own_key_named_before(unnamed, quantity, owners, foreign):
            continue  # "Late payments cost $25": the late fee's own word, a few words before it
        if not foreign:
            continue
        other = foreign[0]
        stated = quantity.text.strip()
        naming = (beside - (own_labels & other.labels)) & other.labels  # the words that tell the two facts apart
        findings.append(_finding(ctx, quantity, f"'{stated}' is beside '{', '.join(sorted(naming))}', but the facts give "
                                 f"{stated} as {', '.join(sorted(owners))}; {other.key} is '{other.value}'"))
    return findings


_DURATIONS = frozenset({"months", "days", "hours", "minutes"})


def _comparable(a: str, b: str) -> bool:
    """Units one fact's figure may be mistaken for another's in: the same, or two durations
    ("a 2-year free look" when the free look is 30 days and 2 years the contestability period)."""
    return a == b or (a in _DURATIONS and b in _DURATIONS)


def _own_key_named_before(text: str, quantity: Quantity, owners: set[str], foreign: list) -> bool:
    """Whether a word of the figure's own fact's key (late_fee: "late") stands earlier in its
    clause and names none of the other facts ("a $1,000 bonus" still names the bonus)."""
    window = text[max(0, quantity.start - 60):quantity.start]
    window = _RANGE_START.sub("", window)[-40:]  # a range's second figure: the words before its first one
    clause = re.split(r"\d", _BOUNDARY.split(window)[-1])[-1]  # since the last figure
    words = {_stem(w) for w in _WORD.findall(clause.casefold())}
    words |= {w[:-1] for w in words if len(w) == 3 and w.endswith("s")}  # "EVs" is apr_ev's "ev"
    other = set().union(*({_stem(w) for w in f.key.casefold().split("_")} | set(f.labels) for f in foreign))
    # Short key words only where they are not plain words ("ev", "cd"; not "no", "on").
    own = {_stem(w) for key in owners for w in key.casefold().split("_")
           if (len(w) >= 4 or (len(w) >= 2 and w in _ACRONYMS)) and w not in _STOP}
    return bool((own - other) & words)


_RANGE_START = re.compile(r"\$?[\d.,]+\s*%?\s*(?:[–—-]|to)\s*$")  # "5.49%–" before "13.74%"
# Short key words that name a thing on their own (apr_ev, apy_cd, atm_fee_refund).
_ACRONYMS = {"ev", "evs", "cd", "cds", "atm", "hsa", "ira", "heloc", "ach", "pmi", "arm"}


def _finding(ctx, quantity: Quantity, message: str):
    """A binding finding over the figure as written (without the space a quantity may end with)."""
    return ctx.finding_at(BINDING_RULE, quantity.start, quantity.start + len(quantity.text.rstrip()), message=message)
