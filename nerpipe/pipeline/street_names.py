"""Street names of drugs, from the phrases that introduce them.

Drug alerts, lab reports and affidavits name slang right where they define it: "crystal methamphetamine,
also known as “Ice”, “Batu”, and “Speed”", "Slang or Street Names: Molly, XTC, Adam", "the pills, also
called “blues,”". The slang is often an everyday word or a first name, so it cannot be a pattern (it would
match everywhere); here it is labelled only inside such a definition, and pipeline/one_label_per_name.py
carries a capitalised one to the rest of the document ("the “Ice” epidemic"). Quoted names listed
together with a drug are drugs too ("“K2” and “Spice” products", "“Molly,” “Ecstasy,” or").
"""

from __future__ import annotations

import re

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
#: Cues that only open a list as a heading of their own line ("Common Names", then the list):
#: in running text "common names" is ordinary English.
HEADING_CUES: tuple[tuple[str, ...], ...] = (("common", "names"), ("other", "names"))
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
_HEADING_INDEX = PhraseIndex(HEADING_CUES)
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
#: How far a list may run from its cue (tokens), and how far before a heading cue a drug must be named.
LIST_REACH = 200
HEADING_REACH = 400
#: The longest unquoted street name, in tokens ("Georgia Home Boy", "Lover's Speed").
MAX_BARE_TOKENS = 4
_OPEN_QUOTES = frozenset({"“", '"', "‘", "'", "«"})
_CLOSE_QUOTES = frozenset({"”", '"', "’", "'", "»"})
_SEPARATORS = frozenset({",", ";", "and", "or", "/", "&"})
#: Stop words that are street names or parts of one ("X", "G", "Lover's Speed").
_NOT_ENDING_STOP_WORDS = frozenset({"x", "e", "g", "'s", "’s"})


def find_street_names(doc: Doc, lowers: list[str] | None = None) -> int:
    """Label the street names of every definition, street-name table and quoted drug list (`lowers`:
    the doc's lower-cased words, when the caller has them); returns how many were placed."""
    placed = 0
    lowers = lowers or lower_words(doc)
    for sentence in doc.sents:
        i = sentence.start
        while i < sentence.end:
            length, needs_drug = _cue_at(doc, lowers, i)
            if length and (not needs_drug or _drug_before(doc, i, sentence)):
                named = _named_drug_before(doc, i, sentence) if needs_drug else ""
                placed += _label_list(doc, i + length, _list_end(doc, i + length), named)
                i += length
            else:
                i += 1
        placed += _quoted_drug_lists(doc, sentence)
    return placed + label_table_columns(doc)


def _list_end(doc: Doc, i: int) -> int:
    """Where a list that starts near token i must end: at the first blank line after its first word
    (a list wraps over lines and the sentence splitter cuts it there), at most LIST_REACH tokens on."""
    limit = min(len(doc), i + LIST_REACH)
    started = False
    while i < limit:
        token = doc[i]
        if token.is_space and token.text.count("\n") > 1 and started:
            return i
        started = started or not token.is_space
        i += 1
    return limit


def _cue_at(doc: Doc, lowers: list[str], i: int) -> tuple[int, bool]:
    """(length of the cue starting at token i, whether it needs a drug before it); (0, False) if none."""
    for index, needs_drug in ((_SLANG_INDEX, False), (_ALIAS_INDEX, True)):
        found = index.matches_at(lowers, i)
        if found:
            return len(found[0]), needs_drug
    for cue in _HEADING_INDEX.matches_at(lowers, i):
        if _is_heading(doc, i, i + len(cue)) and any(t.ent_type_ == LABEL for t in doc[max(0, i - HEADING_REACH) : i]):
            return len(cue), False
    return 0, False


def _is_heading(doc: Doc, start: int, end: int) -> bool:
    """Tokens start..end stand alone on their line (a colon may close them)."""
    before = doc[start - 1] if start > 0 else None
    if before is not None and "\n" not in before.text and "\n" not in before.whitespace_:
        return False
    if not all(t.is_title for t in doc[start:end]):
        return False
    after = end + 1 if end < len(doc) and doc[end].text == ":" else end
    return after >= len(doc) or "\n" in doc[after].text or "\n" in doc[after - 1].whitespace_


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


def _label_list(doc: Doc, i: int, end: int, named: str = "") -> int:
    """Label the items of the list starting at token i (before `end`): quoted items if the first is
    quoted (then only quoted ones), else short bare items up to the first long one or the first small
    verb. `named`: the canonical name of the drug they are aliases of, if any; "street names for
    heroin include" names it between the cue and the list."""
    i, named = _skip_openers(doc, i, end, named)
    items: list[tuple[int, int]] = []
    quoted = i < end and doc[i].text in _OPEN_QUOTES
    while i < end:
        item = _quoted_item(doc, i, end) if quoted else _bare_item(doc, i, end)
        if item is None:
            break
        start, item_end, i, separated = item
        items.append((start, item_end))
        i, more = _skip_separators(doc, i, end)
        if not (more or separated):
            break
    return sum(
        place(doc, start, item_end, LABEL, "street_names", named) or name_as(doc, start, item_end, LABEL, named)
        for start, item_end in items
    )


def _skip_openers(doc: Doc, i: int, end: int, named: str) -> tuple[int, str]:
    """The first token of the list after the words that open it ("for heroin include:"), and the drug
    they name, if any."""
    while i < end:
        token = doc[i]
        if token.lower_ in ("for", "of") and i + 1 < end and doc[i + 1].ent_type_ == LABEL:
            drug = entity_at(doc, i + 1)
            if drug is None:
                break
            named = drug.ent_id_ or drug.text
            i = drug.end
        elif token.lower_ in _LIST_OPENERS or token.is_space:
            i += 1
        else:
            break
    return i, named


def _skip_separators(doc: Doc, i: int, end: int) -> tuple[int, bool]:
    """The token after the separators at i (and the line breaks among them), and whether there were
    any separators."""
    more = False
    while i < end and (doc[i].lower_ in _SEPARATORS or doc[i].is_space):
        more = more or not doc[i].is_space
        i += 1
    return i, more


def _quoted_item(doc: Doc, i: int, limit: int) -> tuple[int, int, int, bool] | None:
    """A quoted name at token i: (start, end, token after the closing quote, whether a separator
    sits inside the quotes: “Tranq,”)."""
    if doc[i].text not in _OPEN_QUOTES:
        return None
    end = i + 1
    while end < limit and doc[end].text not in _CLOSE_QUOTES and end - i <= MAX_BARE_TOKENS + 1:
        end += 1
    if end >= limit or doc[end].text not in _CLOSE_QUOTES:
        return None
    name_end = end
    while name_end > i + 1 and doc[name_end - 1].is_punct:
        name_end -= 1
    if name_end == i + 1:
        return None
    separated = any(t.lower_ in _SEPARATORS for t in doc[name_end:end])
    return i + 1, name_end, end + 1, separated


def _bare_item(doc: Doc, i: int, limit: int) -> tuple[int, int, int, bool] | None:
    """An unquoted name at token i, up to the next separator; None when it is not name-like. A name may
    wrap onto the next line ("Easing\nPowder"); a blank line ends it."""
    end = i
    while end < limit and not _ends_bare_item(doc[end]):
        end += 1
    words = sum(not (t.is_space or t.is_punct) for t in doc[i:end])
    if words == 0 or words > MAX_BARE_TOKENS:
        return None
    # A list that runs into the sentence ("Lover's Speed What is it?") keeps its last item only if what
    # follows starts a new clause, capitalised.
    if end < limit and not _is_list_boundary(doc[end]) and not doc[end].is_title:
        return None
    return i, end, end, False


def _ends_bare_item(token: Token) -> bool:
    """A separator, a blank line, or a small word that starts the rest of the sentence: lower case
    ("is"), capitalised and followed by another ("What is it?"; but "Go-fast" is a name), or one that
    leads to a drug ("White Rock With heroin")."""
    if _is_list_boundary(token) or (token.is_space and token.text.count("\n") > 1):
        return True
    before = token.doc[token.i - 1] if token.i > 0 else None
    glued = before is not None and not before.whitespace_ and not before.is_space
    if not token.is_stop or token.lower_ in _NOT_ENDING_STOP_WORDS or glued:
        return False
    if token.is_lower:
        return True
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return following is not None and (following.is_stop or following.ent_type_ == LABEL)


def _is_list_boundary(token: Token) -> bool:
    """A separator, or punctuation other than a hyphen or apostrophe inside a word ("vita-G"); a
    separator word inside a hyphenated name ("Trip-and-Fall") is part of it."""
    doc = token.doc
    glued_before = token.i > 0 and not doc[token.i - 1].whitespace_
    if token.lower_ in _SEPARATORS:
        hyphenated = glued_before and doc[token.i - 1].text == "-" and not token.whitespace_
        return not (hyphenated and token.is_alpha)
    inside_word = token.text in ("-", "'", "’") and glued_before
    return token.is_punct and not (inside_word and not token.whitespace_)


def _quoted_drug_lists(doc: Doc, sentence: Span) -> int:
    """Quoted names listed with a quoted drug ("“K2” and “Spice”"): all of them are drugs."""
    placed = 0
    i = sentence.start
    while i < sentence.end:
        items: list[tuple[int, int]] = []
        while i < sentence.end and (item := _quoted_item(doc, i, sentence.end)) is not None:
            start, end, i, separated = item
            items.append((start, end))
            i, more = _skip_separators(doc, i, sentence.end)
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


_TABLE_CUE = re.compile(r"^\s*(?:common\s+)?(?:street|slang)\s+(?:names|terms)\s*$", re.IGNORECASE)
#: How many lines below a table's "Street Names" header its list may be.
TABLE_REACH = 6
#: A list item ends before a clause that leads to another drug ("White Rock With heroin: Speedball").
_ITEM_TAIL = re.compile(r"\s+(?:with|in|for)\s.*$|\s*:.*$", re.IGNORECASE | re.DOTALL)
_TABLE_SEPARATORS = re.compile(r",|;|(?<![\w-])(?:and|or)(?![\w-])")


def label_table_columns(doc: Doc) -> int:
    """Drug fact tables (DEA, NIDA, the Surgeon General's report) put street names in a column whose
    header cell reads "Street Names": the same column of the next rows holds the list."""
    text = doc.text
    if "|" not in text:
        return 0
    placed = 0
    lines = _lines(text)
    for number, (_, line) in enumerate(lines):
        cells = line.split("|")
        for column, cell in enumerate(cells):
            if _TABLE_CUE.match(cell) and len(cells) > 1:
                placed += _label_column(doc, lines[number + 1 : number + 1 + TABLE_REACH], column)
    return placed


def _lines(text: str) -> list[tuple[int, str]]:
    """(start offset, text) of each line."""
    found, start = [], 0
    for line in text.split("\n"):
        found.append((start, line))
        start += len(line) + 1
    return found


def _label_column(doc: Doc, rows: list[tuple[int, str]], column: int) -> int:
    """Label the items of the first cell in `column` of `rows` that lists three names or more."""
    for offset, line in rows:
        cells = line.split("|")
        if column >= len(cells):
            continue
        cell_start = offset + sum(len(c) + 1 for c in cells[:column])
        items = _cell_items(cells[column], cell_start)
        if len(items) >= 3:
            return sum(_place_chars(doc, start, end) for start, end in items)
    return 0


def _cell_items(cell: str, cell_start: int) -> list[tuple[int, int]]:
    """Character spans of the short names a table cell lists, separated by commas and "and"; none when
    an item is too long to be a name."""
    items: list[tuple[int, int]] = []
    position = 0
    for piece in [*_TABLE_SEPARATORS.split(cell)]:
        begin = cell.index(piece, position)
        position = begin + len(piece)
        name = _ITEM_TAIL.sub("", piece).strip()
        if not name:
            continue
        if len(name.split()) > MAX_BARE_TOKENS:
            return []
        start = cell_start + begin + piece.index(name)
        items.append((start, start + len(name)))
    return items


def _place_chars(doc: Doc, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="contract")
    return span is not None and len(span) > 0 and place(doc, span.start, span.end, LABEL, "street_names")
