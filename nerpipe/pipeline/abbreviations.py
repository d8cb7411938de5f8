"""Short forms a document defines for a gang or a drug: "Gangster Disciples (GD)", "Clan del Golfo (CDG)".

A Schwartz–Hearst style pass: a short form in parentheses (2–10 characters, with a capital) right after a
name is that name's abbreviation when its characters appear in order in the name, the first one at the
start of a word. When the name before it is a gang or a drug, every occurrence of the short form in the
document gets that label and the name's canonical id, so "CDG" and "Clan del Golfo" are one node. The
binding holds for this document only: "CFO" is a cartel in one report and a finance officer in the next.

A single word right before a listed drug in parentheses is another name of it ("acid (LSD)").
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from nerpipe.pipeline.entity_edits import CASE_LABELS, entity_at, is_fixed, place
from nerpipe.pipeline.street_names import DRUG_NOUNS

_QUOTES = frozenset({"“", "”", '"', "‘", "’", "'"})
#: Words between a name and its parenthesised short form that the short form does not spell:
#: "Bronx Trinitarios Gang (BTG)" spells the head too, "Florencia-13 (F13) street gang" does not.
_HEADS = frozenset({"gang", "street", "prison", "cartel", "organization", "motorcycle", "club", "mc", "enterprise"})
#: Words that are not another name of the drug they precede ("opioids (fentanyl)").
_GENERIC = DRUG_NOUNS | {"mixture", "powder", "residue", "form", "base", "salt", "and", "or", "of", "with"}


def find_abbreviations(doc: Doc) -> int:
    """Bind each defined short form of a gang or drug name and label its occurrences."""
    placed = 0
    for open_at in (t.i for t in doc if t.text == "("):
        found = _short_form_at(doc, open_at)
        if found is None:
            continue
        start, end = found
        name = _named_before(doc, open_at, doc[start:end].text)
        if name is not None:
            placed += _label_everywhere(doc, doc[start:end].text, name)
        elif end - start == 1:
            placed += _alias_before_drug(doc, open_at, start, end)
    return placed


def _short_form_at(doc: Doc, open_at: int) -> tuple[int, int] | None:
    """The tokens inside "( ... )" (quotes allowed around) when they read as one short form."""
    i = open_at + 1
    while i < len(doc) and doc[i].text in _QUOTES:
        i += 1
    start = i
    while i < len(doc) and doc[i].text not in _QUOTES and doc[i].text != ")" and i - start < 3:
        i += 1
    end = i
    while i < len(doc) and doc[i].text in _QUOTES:
        i += 1
    if i >= len(doc) or doc[i].text != ")" or start == end:
        return None
    text = doc[start:end].text
    if not (2 <= len(text) <= 10 and any(c.isupper() for c in text) and text[0].isalnum() and " " not in text):
        return None
    return start, end


def _named_before(doc: Doc, open_at: int, short: str) -> Span | None:
    """The gang or drug entity that the words before the parenthesis spell `short` from."""
    end = open_at
    while end > 0 and (doc[end - 1].text in _QUOTES or doc[end - 1].text == ","):
        end -= 1
    window_start = max(doc[open_at].sent.start, end - min(len(short) + 5, 2 * len(short)))
    candidates = [e for e in doc.ents if e.label_ in CASE_LABELS and window_start <= e.start and e.end <= end]
    for entity in reversed(candidates):
        between = doc[entity.end : end]
        if any(t.lower_ not in _HEADS for t in between):
            continue
        if _spells(short, doc[window_start:end].text, doc[window_start:end].start_char, entity.start_char):
            return entity
    return None


def _spells(short: str, long_text: str, long_offset: int, name_start: int) -> bool:
    """Schwartz–Hearst: the short form's letters and digits appear in order in the long form, read
    right to left, its first character at the start of a word at most three words before the name."""
    chars = [c.lower() for c in short if c.isalnum()]
    long_lower = long_text.lower()
    j = len(long_lower) - 1
    for k in range(len(chars) - 1, -1, -1):
        c = chars[k]
        while j >= 0 and (long_lower[j] != c or (k == 0 and j > 0 and long_lower[j - 1].isalnum())):
            j -= 1
        if j < 0:
            return False
        j -= 1
    first = j + 1
    words_before_name = long_text[: max(0, name_start - long_offset)][first:].split()
    return len(words_before_name) <= 3


def _label_everywhere(doc: Doc, short: str, name: Span) -> int:
    """Every whole-token occurrence of `short` gets the name's label and canonical id."""
    ent_id = name.ent_id_ or name.text
    placed = 0
    i = 0
    while i < len(doc):
        if doc[i].text == short[: len(doc[i].text)]:
            end = _matching_end(doc, i, short)
            if end is not None:
                existing = entity_at(doc, i)
                if existing is None or not is_fixed(existing) or existing.label_ != name.label_:
                    placed += place(doc, i, end, name.label_, "abbreviation", ent_id)
                i = end
                continue
        i += 1
    return placed


def _matching_end(doc: Doc, i: int, short: str) -> int | None:
    """The end of the tokens from i that spell exactly `short`, as a word of its own."""
    text = ""
    for end in range(i, min(len(doc), i + 3)):
        text += doc[end].text
        if text == short and (end + 1 == len(doc) or doc[end].whitespace_ or not doc[end + 1].is_alpha):
            return end + 1
        if not short.startswith(text) or doc[end].whitespace_:
            return None
    return None


def _alias_before_drug(doc: Doc, open_at: int, start: int, end: int) -> int:
    """ "acid (LSD)": the word before a parenthesised listed drug names the same drug."""
    inside = entity_at(doc, start)
    if inside is None or inside.label_ != "DRUG" or not inside.ent_id_ or (inside.start, inside.end) != (start, end):
        return 0
    word = open_at - 1
    if word < 0 or not doc[word].is_alpha or doc[word].is_stop or doc[word].lower_ in _GENERIC:
        return 0
    if entity_at(doc, word) is not None:
        return 0
    return int(place(doc, word, word + 1, "DRUG", "drug_alias", inside.ent_id_))
