"""The slot constraint: whatever the model prefers, figures only come through known slots and
the parts come in the channel's order."""

import random
import string

import torch

from copydesk.generation.constraint import SlotConstraint
from copydesk.generation.formats import FIGURE, SLOT, channel_format, figure_outside_slots

# A toy vocabulary: every printable character, a few words, and tokens that try to sneak in figures.
PIECES = list(string.ascii_letters + string.digits + " .,:;!?'{}_-$%\n") + [
    " the", " card", " fee", " Earn", " annual", "{", " {", "}", "0%", "$0", " 24.9", "fee}", "{annual",
    "subject", ":", "body", "cta", " points", "\n\n", ".\n", "\nbody:", "<eos>", "年费", "免", "１",
]
EOS = PIECES.index("<eos>")
VOCAB = [p if p != "<eos>" else "" for p in PIECES]


def decode(constraint, parts, slots, rows=3, seed=0, steps=600, favour=None, boost=8.0):
    rng = random.Random(seed)
    generated = [[] for _ in range(rows)]
    done = [False] * rows
    for _ in range(steps):
        logits = torch.tensor([[rng.gauss(0, 1) for _ in PIECES] for _ in range(rows)])
        if favour:  # make the forbidden tokens the model's favourites
            for text in favour:
                logits[:, PIECES.index(text)] += boost
        constraint(logits, generated)
        for row in range(rows):
            if done[row]:
                continue
            token = int(logits[row].argmax())
            if token == EOS:
                done[row] = True
            else:
                generated[row].append(token)
        if all(done):
            break
    return ["".join(VOCAB[t] for t in row) for row in generated], done


def make(channel="email", slots=("annual_fee", "points"), rows=3, caps=None):
    fmt = channel_format(channel, "en")
    return SlotConstraint(VOCAB, EOS, fmt.written_parts, fmt.paragraphs, list(slots), rows, caps), fmt


def test_figures_never_appear_outside_a_slot_even_when_the_model_wants_them():
    constraint, fmt = make()
    texts, done = decode(constraint, fmt.written_parts, None, favour=["$0", "0%", " 24.9", "$", "%", "１"])
    assert all(done)
    for text in texts:
        assert figure_outside_slots(text) == "", text
        assert not FIGURE.search(SLOT.sub("", text))


def test_slots_only_name_the_products_facts():
    constraint, fmt = make(slots=("annual_fee",), caps=dict.fromkeys(channel_format("email", "en").written_parts, 80))
    texts, done = decode(constraint, fmt.written_parts, None, favour=["{", " {", "{annual", "fee}"], seed=3, boost=2.5)
    assert all(done)
    slots = [s for text in texts for s in SLOT.findall(text)]
    assert slots and set(slots) == {"annual_fee"}
    assert all(SLOT.sub("", text).count("{") == 0 and "}" not in SLOT.sub("", text) for text in texts)


def test_parts_come_as_labelled_lines_in_the_channels_order():
    constraint, fmt = make()
    texts, done = decode(constraint, fmt.written_parts, None, seed=5)
    assert all(done)
    for row, text in enumerate(texts):
        labels = [line.split(":", 1)[0] for line in text.strip("\n").split("\n")]
        assert labels[:3] == ["subject", "preheader", "greeting"]
        assert labels[-1] == "cta"
        assert 2 <= labels.count("body") <= 3
        assert all(line.split(":", 1)[1].strip() for line in text.strip("\n").split("\n"))  # no empty part
        assert constraint.complete(row)
        assert constraint.fluency(row) < 0


def test_no_slot_at_all_when_the_product_has_no_facts_to_name():
    constraint, fmt = make(channel="banner", slots=())
    texts, done = decode(constraint, fmt.written_parts, None, favour=["{", " {"])
    assert all(done) and all("{" not in t for t in texts)


def test_a_part_over_its_cap_is_ended():
    constraint, fmt = make(channel="push", caps={"title": 20, "body": 40})
    texts, done = decode(constraint, fmt.written_parts, None, seed=2, favour=[" the"], boost=1.0)
    assert all(done)
    for text in texts:
        title, body = text.strip("\n").split("\n")
        assert len(title) - len("title:") <= 20 + 8 and len(body) - len("body:") <= 40 + 8  # a token may end past the cap


def test_a_fact_is_slotted_at_most_once_per_line():
    constraint, fmt = make(channel="banner", slots=("annual_fee", "points"), caps={"headline": 200})
    texts, done = decode(constraint, fmt.written_parts, None, favour=["{", " {", "{annual", "fee}"], seed=4, boost=3.0)
    assert all(done)
    for text in texts:
        slots = SLOT.findall(text)
        assert len(slots) == len(set(slots)), text
        assert "{}" not in text  # with every fact used, no brace opens at all


def test_an_offer_line_has_words_of_its_own_before_it_may_end():
    def own_words(line):
        return len(SLOT.sub(" ", line.split(":", 1)[1]).split())

    fmt = channel_format("banner", "en")
    constraint = SlotConstraint(VOCAB, EOS, fmt.written_parts, fmt.paragraphs, ["annual_fee"], 3, {"headline": 200},
                                min_own={"headline": 3})
    texts, done = decode(constraint, fmt.written_parts, None, favour=["\n", "{annual", "fee}"], seed=6, boost=6.0)
    assert all(done)
    assert all(own_words(text.strip("\n")) >= 3 for text in texts), texts


def test_a_slot_counts_towards_the_cap_as_the_shorter_of_its_name_and_its_fact():
    fmt = channel_format("banner", "zh")
    short = SlotConstraint(VOCAB, EOS, fmt.written_parts, fmt.paragraphs, ["annual_fee"], 1, {"headline": 12},
                           slot_lengths={"annual_fee": 2})
    raw = SlotConstraint(VOCAB, EOS, fmt.written_parts, fmt.paragraphs, ["annual_fee"], 1, {"headline": 12})
    tokens = [PIECES.index(t) for t in ("h", "e", "a", "d", "l", "i", "n", "e", ":", "{annual", "_", "fee}", "年费", "免")]
    for constraint in (short, raw):
        constraint(torch.zeros(1, len(PIECES)), [tokens])
    assert short.rows[0].content_chars == 2 + 3 and raw.rows[0].content_chars == len("{annual_fee}") + 3


# --- right after a slot: no word that would misread once the fact is filled in ---------------

AFTER_PIECES = PIECES + [" cash", " Cash", " cas", " on", " APR", " apr", " with", "年费", "免年", "，", "。", "返现"]
AFTER_VOCAB = [p if p != "<eos>" else "" for p in AFTER_PIECES]


def after_slot_logits(facts: dict, written: str, lang: str = "en"):
    """The logits the constraint leaves for the next token once `written` is on the SMS body line."""
    from copydesk.generation.formats import after_slot

    fmt = channel_format("sms", lang)
    constraint = SlotConstraint(AFTER_VOCAB, EOS, fmt.written_parts, fmt.paragraphs, list(facts), 1, lang=lang,
                                after_slots={key: after_slot(key, facts) for key in facts})
    ids = [AFTER_PIECES.index(char) for char in written]  # one character a token: every piece is in the vocabulary
    logits = torch.zeros(1, len(AFTER_PIECES))
    constraint(logits, [ids])
    return {piece: bool(logits[0, i] > float("-inf")) for i, piece in enumerate(AFTER_PIECES)}


def test_after_a_slot_the_facts_own_words_and_other_facts_names_are_not_decodable():
    facts = {"cash_back": "1.5% cash back on every purchase", "loan_amounts": "$3,000 to $50,000",
             "apr_range": "7.49% to 23.99% APR"}
    allowed = after_slot_logits(facts, "body: Get {cash_back}")
    assert not allowed[" cash"] and not allowed[" Cash"] and not allowed[" cas"]  # "… purchase cash back"
    assert allowed[" with"] and allowed[" on"] and allowed["."] and allowed[" "]
    allowed = after_slot_logits(facts, "body: Borrow {loan_amounts}")
    assert not allowed[" APR"] and not allowed[" apr"]  # "$3,000 to $50,000 APR": the amounts are no APR
    assert not allowed[" cash"] and allowed[" with"]  # "cash" names the cash back
    # Once a word follows the slot, the words are free again.
    assert after_slot_logits(facts, "body: Get {cash_back} with")[" cash"]
    # The same words are fine where no slot comes just before them.
    assert after_slot_logits(facts, "body: Get")[" cash"]


def test_a_fact_with_conditions_can_only_end_its_sentence():
    facts = {"origination_fee": "$0; state title and lien fees may apply", "term": "60 months"}
    allowed = after_slot_logits(facts, "body: Refinance with {origination_fee}")
    assert allowed["."] and allowed["\n"] and allowed[" "]
    assert not allowed[" with"] and not allowed[" on"] and not allowed[","]
    assert after_slot_logits(facts, "body: Refinance over {term}")[" with"]


def test_a_chinese_slot_is_not_followed_by_its_own_wording():
    facts = {"annual_fee": "首年免年费，刷卡满6次免次年年费", "cashback": "境外消费1%返现"}
    allowed = after_slot_logits(facts, "body: {annual_fee}", lang="zh")
    assert not allowed["年费"] and not allowed["免年"]  # "…免次年年费年费"
    assert allowed["返现"] and allowed["，"]
    assert not after_slot_logits(facts, "body: {cashback}", lang="zh")["返现"]


def test_decoded_rows_never_misread_a_slot_even_when_the_model_wants_to():
    from copydesk.generation.formats import after_slot, slot_misread

    facts = {"annual_fee": "no annual fee", "points": "3x points on dining"}
    fmt = channel_format("email", "en")
    constraint = SlotConstraint(VOCAB, EOS, fmt.written_parts, fmt.paragraphs, list(facts), 3,
                                dict.fromkeys(fmt.written_parts, 120),
                                after_slots={key: after_slot(key, facts) for key in facts})
    texts, done = decode(constraint, fmt.written_parts, None, favour=["{", " {", "{annual", "fee}", " fee", " annual",
                                                                      " points"], seed=7, boost=2.5)
    assert all(done)
    slotted = [text for text in texts if SLOT.search(text)]
    assert slotted
    for text in slotted:
        for line in text.splitlines():
            assert slot_misread(line.split(":", 1)[-1], facts) == "", line
