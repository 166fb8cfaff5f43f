"""Channel formats (templates/formats/channels.toml) and slots: the parts a draft is made of,
how large each may be, and the `{fact_key}` slots through which figures enter copy.

The writer (the model, the corpus, the fact templates) never types a figure: it writes a slot
naming a product fact, and `fill_slots` puts in the fact's exact wording after decoding.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from copydesk import resources

TONES = ("friendly", "professional", "premium", "plain")
ANGLES = ("benefit-led", "need-led", "offer-led", "question-led")

SLOT = re.compile(r"\{([a-z][a-z0-9_]*)\}")
# Anything that states a figure: digits (ASCII, full-width), currency and percent signs.
FIGURE = re.compile(r"[0-9０-９$¥￥€£%％]")
RESERVED_SLOTS = ("name", "bank")  # the product's name and the bank's, beside its facts


class FormatError(ValueError):
    """A channel-format file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class ChannelFormat:
    channel: str
    lang: str
    written_parts: tuple[str, ...]  # what the writer writes, in order
    added_parts: tuple[str, ...]  # what the pipeline adds (disclosures, brand, opt-out)
    sizes: dict  # part name (or "total") -> most code points once filled
    paragraphs: dict  # part name -> (fewest, most) paragraphs, for list parts
    opt_out: str = ""

    def is_list(self, part: str) -> bool:
        return part in self.paragraphs

    def size_problems(self, filled: dict) -> list[str]:
        """What is too long (or has too few or many paragraphs) in parts whose slots are filled."""
        problems = []
        total = 0
        for part in self.written_parts:
            value = filled.get(part, "")
            texts = value if isinstance(value, list) else [value]
            length = sum(len(t) for t in texts) + max(len(texts) - 1, 0)
            total += length + (1 if total else 0)
            if part in self.sizes and length > self.sizes[part]:
                problems.append(f"parts.{part}: {length} characters once filled; {self.channel} allows {self.sizes[part]}")
            if part in self.paragraphs:
                low, high = self.paragraphs[part]
                if not low <= len(texts) <= high:
                    problems.append(f"parts.{part}: {len(texts)} paragraphs; {self.channel} wants {low}-{high}")
        if "total" in self.sizes and total > self.sizes["total"]:
            problems.append(f"{total} characters once filled; {self.channel} allows {self.sizes['total']} before the tag, opt-out and disclosure")
        return problems


@lru_cache(maxsize=1)
def _formats() -> dict:
    path = resources.templates_dir() / "formats" / "channels.toml"
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise FormatError(f"{path}: {exc}; restore the file from the release") from exc


def channel_format(channel: str, lang: str) -> ChannelFormat:
    """The format of a channel in a language; KeyError for an unknown channel."""
    data = _formats()
    if channel not in data or not isinstance(data[channel], dict):
        raise KeyError(channel)
    entry = data[channel]
    opt_out = entry.get("opt_out", {})
    return ChannelFormat(
        channel=channel,
        lang=lang,
        written_parts=tuple(entry["written"]),
        added_parts=tuple(entry.get("added", ())),
        sizes=dict(entry.get(lang, {})),
        paragraphs={k: tuple(v) for k, v in entry.get("paragraphs", {}).items()},
        opt_out=opt_out.get(lang, "") if isinstance(opt_out, dict) else "",
    )


def find_slots(text: str) -> list[str]:
    """The fact keys named by slots in a text, in order."""
    return SLOT.findall(text)


# Fact values that mean "there is none": before the fact's noun they read as "no" ("{origination_fee}
# origination fee" with a fee of "None" is "no origination fee", not "None origination fee").
NOTHING_VALUES = {"none", "no", "nil", "n/a"}


def _names_the_fact(after: str, key: str) -> bool:
    """Whether the words after a slot are its fact's own noun ('{origination_fee} origination fee')."""
    words = re.findall(r"[a-z]+", key.casefold())
    following = re.findall(r"[a-z]+", after.casefold())[:len(words)]
    return bool(words) and bool(following) and following[-1] == words[-1]


def fill_slots(text: str, facts: dict) -> str:
    """The text with each slot replaced by its fact's exact wording (unknown slots stay)."""
    def value(match: re.Match) -> str:
        wording = facts.get(match.group(1), match.group(0)).rstrip("。.")
        if wording.casefold() in NOTHING_VALUES and _names_the_fact(text[match.end():], match.group(1)):
            starts_sentence = not text[:match.start()].strip() or text[:match.start()].rstrip()[-1] in ".!?:"
            return "No" if starts_sentence else "no"
        return wording

    return SLOT.sub(value, text)


_MARKUP = re.compile(r"</?[A-Za-z][^<>]*>|\*\*|__")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# Words of a fact's key that name no particular fact ("the detail of …", "type").
_GENERIC_KEY_WORDS = {"detail", "details", "type", "as", "of", "to", "for", "and", "or", "on", "in", "example"}


@dataclass(frozen=True)
class AfterSlot:
    """What may not come right after a slot (its fact's wording decides it); `slot_misread`
    judges a written text by it, and the decoding constraint keeps the model from writing it."""
    repeated_words: frozenset[str] = frozenset()  # English: the fact's own words ("{cash_back} cash back")
    other_facts: frozenset[str] = frozenset()  # English: words naming another fact ("{loan_amounts} APR")
    repeated_pairs: frozenset[str] = frozenset()  # Chinese: two characters of the fact's own wording
    ends_sentence: bool = False  # a fact with conditions ("$0; fees may apply") ends its sentence

    def first_word_problem(self, word: str, key: str, value: str) -> str:
        folded = word.casefold()
        if folded in self.repeated_words:
            return f"'{word}' right after {key} repeats its wording ('{value}')"
        if folded in self.other_facts:
            return f"'{word}' right after {key} names another fact"
        return ""


def after_slot(key: str, facts: dict) -> AfterSlot:
    value = facts.get(key, "")
    ends = ";" in value or "；" in value
    if re.search(r"[\u4e00-\u9fff]", value):
        pairs = frozenset(value[i:i + 2] for i in range(len(value) - 1) if re.fullmatch(r"[\u4e00-\u9fff]{2}", value[i:i + 2]))
        return AfterSlot(repeated_pairs=pairs, ends_sentence=ends)
    value_words = {w.casefold() for w in _LATIN_WORD.findall(value)}
    others = ({w for k in facts if k != key for w in k.split("_")} - value_words - set(key.split("_"))
              - _GENERIC_KEY_WORDS)
    return AfterSlot(frozenset(w for w in value_words if len(w) > 2), frozenset(others), ends_sentence=ends)


def slot_misread(text: str, facts: dict) -> str:
    """Why a slot in the model's text would read wrong once filled, or '' when none would:
    - a fact of "None" not before its own noun ("Get {annual_fee} and …" becomes "Get None and …");
    - the fact's own noun again after it ("{cash_back} cash back" with "1.5% cash back on every
      purchase" says "… purchase cash back");
    - another fact's name right after it ("{loan_amounts} APR": the amounts are not an APR);
    - a fact with conditions ("…; fees may apply") that the sentence goes on after;
    - markup (HTML tags, bold marks), which no channel sends."""
    if _MARKUP.search(text):
        return "markup in the copy"
    for match in SLOT.finditer(text):
        key = match.group(1)
        value = facts.get(key, "")
        after = text[match.end():]
        limits = after_slot(key, facts)
        if value.strip().casefold() in NOTHING_VALUES and not _names_the_fact(after, key):
            return f"'{value}' for {key} would stand alone"
        if limits.ends_sentence and not re.match(r"\s*([.!?。！？]|$)", after):
            # "$0; state title and lien fees may apply" carries its conditions: it ends a sentence.
            return f"{key} ('{value}') has conditions and cannot go on mid-sentence"
        if re.search(r"[\u4e00-\u9fff]", value):
            following = "".join(re.findall(r"[\u4e00-\u9fff]", re.split(r"[，。；！？、,.;!?{]", after)[0]))[:2]
            if len(following) == 2 and following in limits.repeated_pairs:
                return f"'{following}' right after {key} repeats its wording"
            continue
        words = _LATIN_WORD.findall(re.split(r"[,.;:!?(){]", after)[0])
        if words:
            problem = limits.first_word_problem(words[0], key, value)
            if problem:
                return problem
    return ""


# What each kind of product is called: a draft for a CD that says "credit card" is about
# another product ("Open a credit card, and get {minimum_deposit}" was written for a CD).
KIND_NAMES = {
    "credit_card": ("credit card", "card", "信用卡"),
    "personal_loan": ("personal loan",),
    "mortgage": ("mortgage", "home loan", "房贷", "按揭"),
    "auto_loan": ("auto loan", "car loan", "车贷"),
    "savings": ("savings account", "money market"),
    "term_deposit": ("certificate of deposit", "cd", "大额存单"),
    "checking": ("checking account",),
    "investment_fund": ("mutual fund", "index fund"),
    "wealth_management": ("portfolio", "managed account"),
    "insurance": ("insurance", "policy"),
}


def names_another_kind(text: str, kind: str, own_words: str) -> str:
    """A name of another kind of product in the text ('' when none), unless the product's own
    name or facts use its words too (a CD's facts speak of a "checking or savings account")."""
    folded, own = text.casefold(), own_words.casefold()
    for other, names in KIND_NAMES.items():
        if other == kind:
            continue
        for name in names:
            pattern = re.escape(name) if re.search(r"[\u4e00-\u9fff]", name) else r"\b" + re.escape(name) + r"s?\b"
            if re.search(pattern, folded) and not all(word in own for word in name.split()):
                return name
    return ""


# What only another family of product does: a loan does not keep money safe or grow savings, a
# deposit is not borrowed or repaid, a fund or a wealth product is not a deposit (the blurring the
# selling rules forbid), an insurance policy neither lends nor pays a deposit rate. The model
# wrote "$3,000 to $50,000 for your savings" for a personal loan and 能帮您存 for a wealth product.
_BORROWING = ("credit_card", "personal_loan", "mortgage", "auto_loan")
_FOREIGN_TO_LENDING = ("savings", "money safe", "grow your money", "earn interest", "apy",
                       "fdic", "invest", "portfolio", "存款", "存钱", "攒钱", "理财", "定投", "收益", "增值", "保本")
_FOREIGN_TO_DEPOSITS = ("borrow", "loan", "refinanc", "repay", "credit", "apr",
                        "贷款", "借款", "借钱", "还款", "分期", "定投", "月供", "每月还")
FAMILY_WORDS = {
    **{kind: _FOREIGN_TO_LENDING for kind in _BORROWING},
    **{kind: _FOREIGN_TO_DEPOSITS for kind in ("savings", "term_deposit", "checking")},
    **{kind: ("borrow", "loan", "refinanc", "repay", "credit score", "savings account", "fdic insured", "insured by",
              "存款", "存钱", "帮您存", "储蓄", "保本", "贷款", "借款", "还款") for kind in ("investment_fund", "wealth_management")},
    "insurance": ("borrow", "loan", "refinanc", "repay", "apy", "interest rate", "invest",
                  "贷款", "借款", "还款", "利率", "收益", "存款", "理财"),
}


def speaks_of_another_family(text: str, kind: str, own_words: str) -> str:
    """A word of what only another family of product does ('' when none), unless the product's
    own name or facts use it too (a secured card's facts speak of a security deposit)."""
    folded, own = text.casefold(), own_words.casefold()
    for word in FAMILY_WORDS.get(kind, ()):
        if re.search(r"[\u4e00-\u9fff]", word):
            found = word in folded
        else:
            found = re.search(r"\b" + re.escape(word), folded) is not None
        if found and word not in own:
            return word
    return ""


def other_kind_words(kind: str, own_words: str, lang: str) -> tuple[str, ...]:
    """The names of other kinds of product and the words of what only another family does, in
    this language, that the product's own name and facts do not use: banned while the model
    writes (its drafts for a CD said "card" and "credit history"; such a draft was dropped whole
    after decoding, now the model picks another word). The checks above stay as the net."""
    han = re.compile(r"[\u4e00-\u9fff]")
    words = [name for other, names in KIND_NAMES.items() if other != kind for name in names]
    words += FAMILY_WORDS.get(kind, ())
    own = own_words.casefold()
    kept = [w for w in words if (bool(han.search(w)) == (lang == "zh")) and w not in own
            and not all(part in own for part in w.split())]
    if lang == "en":  # a plural is its own token ("cards", "loans")
        kept += [w + "s" for w in kept if len(w) > 3 and w.isalpha() and w[-1] not in "scy"]
    return tuple(dict.fromkeys(kept))


def figure_outside_slots(text: str) -> str:
    """The first figure character written outside a slot, or '' when there is none."""
    match = FIGURE.search(SLOT.sub(" ", text))
    return match.group(0) if match else ""
