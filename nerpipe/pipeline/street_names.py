"""Street names of drugs, from the phrases that introduce them.

Drug alerts, lab reports and affidavits name slang right where they define it: "crystal methamphetamine,
also known as “Ice”, “Batu”, and “Speed”", "Slang or Street Names: Molly, XTC, Adam", "the pills, also
called “blues,”". The slang is often an everyday word or a first name, so it cannot be a pattern (it would
match everywhere); here it is labelled only inside such a definition, and pipeline/one_label_per_name.py
carries a capitalised one to the rest of the document ("the “Ice” epidemic"). Quoted names listed
together with a drug are drugs too ("“K2” and “Spice” products", "“Molly,” “Ecstasy,” or").
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from nerpipe.pipeline.entity_edits import PhraseIndex, entity_at, lower_words, name_as, place

LABEL = "DRUG"
#: Phrases that introduce street names whatever precedes them.
SLANG_CUES: tuple[tuple[str, ...], ...] = (
    ("street", "names"),
    ("street", "name"),
    ("slang", "names"),
    ("slang", "name"),
    ("slang", "terms"),
    ("street", "terms"),
    ("slang", "or", "street", "names"),
)
#: Phrases that introduce another name of what precedes them: a drug here only after a drug.
ALIAS_CUES: tuple[tuple[str, ...], ...] = (
    ("also", "known", "as"),
    ("known", "on", "the", "street", "as"),
    ("commonly", "known", "as"),
    ("known", "as"),
    ("also", "called"),
    ("also", "referred", "to", "as"),
    ("referred", "to", "as"),
    ("nicknamed",),
    ("a.k.a.",),
    ("aka",),
)
_SLANG_INDEX, _ALIAS_INDEX = PhraseIndex(SLANG_CUES), PhraseIndex(ALIAS_CUES)
#: Words between a cue and its list ("street names include", "such as").
_LIST_OPENERS = frozenset({"include", "includes", "including", "such", "as", "like", "are", "is", ":", "for", "of"})
#: Nouns that stand for a drug before an alias cue ("The pills, also called “blues”").
#: Not "powder" or "product": snow and shops have those too.
DRUG_NOUNS = frozenset(
    {"pill", "pills", "tablet", "tablets", "capsules", "drug", "drugs", "substance", "substances", "narcotic",
     "narcotics", "stimulant", "sedative", "opioid", "opioids", "hallucinogen", "depressant"}
)  # fmt: skip
#: How far before an alias cue the drug may be (tokens).
ALIAS_REACH = 8
#: The longest unquoted street name, in tokens ("Georgia Home Boy", "Lover's Speed").
MAX_BARE_TOKENS = 4
_OPEN_QUOTES = frozenset({"“", '"', "‘", "'", "«"})
_CLOSE_QUOTES = frozenset({"”", '"', "’", "'", "»"})
_SEPARATORS = frozenset({",", ";", "and", "or", "/", "&"})
#: Stop words that are street names or parts of one ("X", "G", "Lover's Speed").
_NOT_ENDING_STOP_WORDS = frozenset({"x", "e", "g", "'s", "’s"})


def find_street_names(doc: Doc, lowers: list[str] | None = None) -> int:
    """Label the street names of every definition and quoted drug list (`lowers`: the doc's lower-cased
    words, when the caller has them); returns how many were placed."""
    placed = 0
    lowers = lowers or lower_words(doc)
    for sentence in doc.sents:
        i = sentence.start
        while i < sentence.end:
            length, needs_drug = _cue_at(lowers, i)
            if length and (not needs_drug or _drug_before(doc, i, sentence)):
                named = _named_drug_before(doc, i, sentence) if needs_drug else ""
                placed += _label_list(doc, i + length, sentence, named)
                i += length
            else:
                i += 1
        placed += _quoted_drug_lists(doc, sentence)
    return placed


def _cue_at(lowers: list[str], i: int) -> tuple[int, bool]:
    """(length of the cue starting at token i, whether it needs a drug before it); (0, False) if none."""
    for index, needs_drug in ((_SLANG_INDEX, False), (_ALIAS_INDEX, True)):
        found = index.matches_at(lowers, i)
        if found:
            return len(found[0]), needs_drug
    return 0, False


def _drug_before(doc: Doc, cue: int, sentence: Span) -> bool:
    start = max(sentence.start, cue - ALIAS_REACH)
    return any(token.ent_type_ == LABEL or token.lower_ in DRUG_NOUNS for token in doc[start:cue])


def _named_drug_before(doc: Doc, cue: int, sentence: Span) -> str:
    """The canonical name of the drug an alias cue follows ("crystal methamphetamine, also known
    as"): the aliases are that substance, one node with it. "" when a noun ("the pills") stands
    before the cue instead."""
    start = max(sentence.start, cue - ALIAS_REACH)
    for j in range(cue - 1, start - 1, -1):
        if doc[j].ent_type_ == LABEL:
            entity = entity_at(doc, j)
            return "" if entity is None else entity.ent_id_ or entity.text
    return ""


def _label_list(doc: Doc, i: int, sentence: Span, named: str = "") -> int:
    """Label the items of the list starting at token i: quoted items if the first is quoted (then only
    quoted ones), else short bare items up to the first long one or the first small verb. `named`:
    the canonical name of the drug they are aliases of, if any."""
    while i < sentence.end and doc[i].lower_ in _LIST_OPENERS:
        i += 1
    items: list[tuple[int, int]] = []
    quoted = i < sentence.end and doc[i].text in _OPEN_QUOTES
    while i < sentence.end:
        item = _quoted_item(doc, i, sentence) if quoted else _bare_item(doc, i, sentence)
        if item is None:
            break
        start, end, i, separated = item
        items.append((start, end))
        i, more = _skip_separators(doc, i, sentence)
        if not (more or separated):
            break
    return sum(
        place(doc, start, end, LABEL, "street_names", named) or name_as(doc, start, end, LABEL, named)
        for start, end in items
    )


def _skip_separators(doc: Doc, i: int, sentence: Span) -> tuple[int, bool]:
    """The token after the separators at i, and whether there were any."""
    begin = i
    while i < sentence.end and doc[i].lower_ in _SEPARATORS:
        i += 1
    return i, i > begin


def _quoted_item(doc: Doc, i: int, sentence: Span) -> tuple[int, int, int, bool] | None:
    """A quoted name at token i: (start, end, token after the closing quote, whether a separator
    sits inside the quotes: “Tranq,”)."""
    if doc[i].text not in _OPEN_QUOTES:
        return None
    end = i + 1
    while end < sentence.end and doc[end].text not in _CLOSE_QUOTES and end - i <= MAX_BARE_TOKENS + 1:
        end += 1
    if end >= sentence.end or doc[end].text not in _CLOSE_QUOTES:
        return None
    name_end = end
    while name_end > i + 1 and doc[name_end - 1].is_punct:
        name_end -= 1
    if name_end == i + 1:
        return None
    separated = any(t.lower_ in _SEPARATORS for t in doc[name_end:end])
    return i + 1, name_end, end + 1, separated


def _bare_item(doc: Doc, i: int, sentence: Span) -> tuple[int, int, int, bool] | None:
    """An unquoted name at token i, up to the next separator; None when it is not name-like."""
    end = i
    while end < sentence.end and not _ends_bare_item(doc[end]):
        end += 1
    if end == i or end - i > MAX_BARE_TOKENS:
        return None
    # A list that runs into the sentence ("Lover's Speed What is it?") keeps its last item only if what
    # follows starts a new clause, capitalised.
    if end < sentence.end and not _is_list_boundary(doc[end]) and not doc[end].is_title:
        return None
    return i, end, end, False


def _ends_bare_item(token: Token) -> bool:
    """A separator, or a small word that starts the rest of the sentence: lower case ("is"), or
    capitalised and followed by another ("What is it?"; but "Go-fast" is a name)."""
    if _is_list_boundary(token):
        return True
    if not token.is_stop or token.lower_ in _NOT_ENDING_STOP_WORDS:
        return False
    if token.is_lower:
        return True
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return following is not None and following.is_stop


def _is_list_boundary(token: Token) -> bool:
    """A separator, or punctuation other than a hyphen or apostrophe inside a word ("vita-G")."""
    if token.lower_ in _SEPARATORS:
        return True
    inside_word = token.text in ("-", "'", "’") and token.i > 0 and not token.doc[token.i - 1].whitespace_
    return token.is_punct and not (inside_word and not token.whitespace_)


def _quoted_drug_lists(doc: Doc, sentence: Span) -> int:
    """Quoted names listed with a quoted drug ("“K2” and “Spice”"): all of them are drugs."""
    placed = 0
    i = sentence.start
    while i < sentence.end:
        items: list[tuple[int, int]] = []
        while i < sentence.end and (item := _quoted_item(doc, i, sentence)) is not None:
            start, end, i, separated = item
            items.append((start, end))
            i, more = _skip_separators(doc, i, sentence)
            if not (more or separated):
                break
        placed += _label_if_drug_among(doc, items)
        if not items:
            i += 1
    return placed


def _label_if_drug_among(doc: Doc, items: list[tuple[int, int]]) -> int:
    if len(items) < 2:
        return 0
    if not any(all(t.ent_type_ == LABEL for t in doc[s:e]) for s, e in items):
        return 0
    return sum(place(doc, s, e, LABEL, "quoted_drug_list") for s, e in items)
