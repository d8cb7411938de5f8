"""Unlisted names in a list of gangs: "14 street gangs, including MS-13, Latin Kings, Tango Blast, ...".

Press releases and threat assessments name the gangs of a case in one long list. When most items of a
list are gangs already found, the other items that are proper names are gangs too. Places and peoples
stay what they are ("Bloods, Crips and Texas"), as do items that are not names.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from nerpipe.pipeline.entity_edits import NAME_CONNECTORS, NUMBER_LABELS, PLACE_LABELS, entity_at, is_name_word, place

LABEL = "GANG_ORG"
#: Tokens between the items of a list.
SEPARATORS = frozenset({",", ";", "and", "or", "&"})
#: Tokens a list does not run across.
LIST_ENDS = frozenset({":", ".", "!", "?", "(", ")"})
#: A list needs this many gangs already found, and this share of its items.
MIN_GANGS = 3
MIN_SHARE = 2 / 3
#: The longest unlisted name taken from a list, in tokens.
MAX_NAME_TOKENS = 4


def find_gangs_in_lists(doc: Doc) -> int:
    """Label the proper-name items of each list whose items are mostly gangs."""
    placed = 0
    for sentence in doc.sents:
        for items in _lists(doc, sentence):
            gangs = [item for item in items if _is_gang(doc, item)]
            if len(gangs) < MIN_GANGS or len(gangs) < MIN_SHARE * len(items):
                continue
            for start, end in items:
                if (start, end) not in gangs and _is_name(doc, start, end):
                    placed += place(doc, start, end, LABEL, "gang_list")
    return placed


def _lists(doc: Doc, sentence: Span) -> list[list[tuple[int, int]]]:
    """The items of each list in the sentence: runs of tokens between separators, without a leading
    "the" or a parenthesis after the item ("Mara Salvatrucha (MS-13)")."""
    lists: list[list[tuple[int, int]]] = []
    items: list[tuple[int, int]] = []
    start = sentence.start
    depth = 0
    item_end: int | None = None
    for i in range(sentence.start, sentence.end + 1):
        token = doc[i] if i < sentence.end else None
        if token is not None and token.text == "(":
            depth += 1
            item_end = i if item_end is None else item_end
            continue
        if token is not None and token.text == ")":
            depth = max(depth - 1, 0)
            continue
        if depth:
            continue
        if token is None or token.lower_ in SEPARATORS or token.text in LIST_ENDS:
            end = item_end if item_end is not None else i
            if start < end and doc[start].lower_ == "the":  # "the Trinitarios": the article is not the name
                start += 1
            if end > start:
                items.append((start, end))
            if token is None or token.text in LIST_ENDS:
                if len(items) > 1:
                    lists.append(items)
                items = []
            start, item_end = i + 1, None
    return lists


def _is_gang(doc: Doc, item: tuple[int, int]) -> bool:
    """The item starts with a gang found already ("Crips to name a few" counts)."""
    entity = entity_at(doc, item[0])
    return entity is not None and entity.label_ == LABEL and entity.start == item[0]


def _is_name(doc: Doc, start: int, end: int) -> bool:
    words = doc[start:end]
    if end - start > MAX_NAME_TOKENS or not is_name_word(words[0]) or not is_name_word(words[-1]):
        return False
    if not all(is_name_word(t) or t.lower_ in NAME_CONNECTORS for t in words):
        return False
    for i in range(start, end):
        entity = entity_at(doc, i)
        if entity is not None and (entity.label_ in PLACE_LABELS | NUMBER_LABELS or entity.label_ == LABEL):
            return False
    return True
