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
