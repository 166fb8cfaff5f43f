"""Text as the word index sees it: every Han character its own token, other words as they are.

Searching a two-character Chinese word then becomes a phrase query ("理 财") on an ordinary
FTS5 index, which is exact and fast; three or more characters go to the trigram index.
"""

from __future__ import annotations

import re

_HAN = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])")


def index_text(text: str) -> str:
    """'首年免年费' -> ' 首  年  免  年  费 ' (unicode61 then makes each character a token)."""
    return _HAN.sub(r" \1 ", text)


def phrase_query(term: str) -> str:
    """An FTS5 phrase for a short term: its characters/words in order, quoted."""
    tokens = index_text(term).split()
    return '"' + " ".join(t.replace('"', '""') for t in tokens) + '"'
