"""Putting a rule's entity into a doc without undoing what surer sources found.

The case rules (pipeline/case_rules.py) run after the entity ruler and the NER. A rule's span replaces
the NER's guesses it overlaps (the NER calls "Armenian Power" ORG or "Outlaws" NORP), but never a pattern
match or an earlier rule's entity, except to widen one of the same label that it contains ("Pirn Bloods"
around the listed "Bloods"). A rule's entities carry `kb_id_ = "rule:NAME"`, so extraction can say where
they came from and with what confidence.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

RULE_PREFIX = "rule:"
#: Labels the case rules give; an entity with one of them is never replaced by a rule of another label.
CASE_LABELS = frozenset({"DRUG", "GANG_ORG", "WEAPON"})
#: Small words that may sit inside a proper name ("Clan del Golfo", "Nine-Trey"). Not "of": a run
#: through it swallows headlines ("Indictment of Outlaws"); names with "of" are listed as patterns.
NAME_CONNECTORS = frozenset({"de", "del", "la", "las", "los", "el", "y", "da", "do", "-", "&"})
#: Base NER labels that mean a place or a people: a name made only of these is not a gang.
PLACE_LABELS = frozenset({"GPE", "LOC", "NORP", "FAC"})
#: Base NER labels that are never part of a name.
NUMBER_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"})


def rule_id(span: Span) -> str | None:
    """The rule that placed this entity, or None."""
    kb = span.kb_id_
    return kb[len(RULE_PREFIX) :] if kb.startswith(RULE_PREFIX) else None


def is_fixed(span: Span) -> bool:
    """A pattern match, or an entity a rule already placed with a case label."""
    return bool(span.ent_id_) or (rule_id(span) is not None) or span.label_ in CASE_LABELS


def place(doc: Doc, start: int, end: int, label: str, rule: str, ent_id: str = "") -> bool:
    """Set tokens start..end as an entity of `label` found by `rule`; False (and nothing changed)
    when it would cut into, or replace, a fixed entity that it does not simply widen. Whitespace
    tokens at either end ("Speed\n" before a new line) are left out."""
    while start < end and doc[start].is_space:
        start += 1
    while end > start and doc[end - 1].is_space:
        end -= 1
    if start >= end:
        return False
    overlapping = [e for e in doc.ents if e.start < end and start < e.end]
    for entity in overlapping:
        if not is_fixed(entity):
            continue
        widens = entity.label_ == label and start <= entity.start and entity.end <= end
        if not widens or (entity.start, entity.end) == (start, end):
            return False
    span = Span(doc, start, end, label=label, kb_id=RULE_PREFIX + rule, span_id=ent_id)
    kept = [e for e in doc.ents if e not in overlapping]
    doc.set_ents(sorted([*kept, span], key=lambda s: s.start))
    return True


def name_as(doc: Doc, start: int, end: int, label: str, ent_id: str) -> bool:
    """Give the entity that spans exactly start..end with `label` the canonical id `ent_id`: an
    alias the text defines ("also known as") names what it follows. False when no such entity."""
    entity = entity_at(doc, start)
    if entity is None or (entity.start, entity.end) != (start, end) or entity.label_ != label or not ent_id:
        return False
    renamed = Span(doc, start, end, label=label, kb_id=entity.kb_id_, span_id=ent_id)
    doc.set_ents([renamed if (e.start, e.end) == (start, end) else e for e in doc.ents])
    return True


def entity_at(doc: Doc, i: int) -> Span | None:
    """The entity holding token i, if any: the span `doc.ents` would give, read from the tokens
    around i (the rules ask at every token; building `doc.ents` each time cost most of their time)."""
    if doc[i].ent_iob_ not in ("B", "I"):
        return None
    start = i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    first = doc[start]
    if first.ent_iob_ != "B" or not first.ent_type:
        return None
    end = i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=first.ent_type, kb_id=first.ent_kb_id, span_id=first.ent_id)


def is_name_word(token: Token) -> bool:
    """A word that can be part of a proper name: capitalised, all capitals, or a number ("18th")."""
    text = token.text
    return text[:1].isupper() or (text[:1].isdigit() and any(c.isalpha() for c in text)) or text.isdigit()


def name_run_before(doc: Doc, end: int, limit: int = 6) -> int:
    """The start of the proper-name run that ends just before token `end` (== end when none):
    name words with connectors inside, within one sentence, at most `limit` tokens."""
    if end <= 0 or not is_name_word(doc[end - 1]):
        return end
    sentence_start = doc[end - 1].sent.start
    start = i = end - 1
    while i >= sentence_start and end - i <= limit:
        token = doc[i]
        if is_name_word(token):
            start = i
        elif token.lower_ not in NAME_CONNECTORS:
            break
        i -= 1
    return start


class PhraseIndex:
    """Lower-cased word sequences, looked up by their first word: the rules ask at every token
    whether a cue or a head starts there, so the question must cost one dictionary lookup."""

    def __init__(self, phrases: Iterable[tuple[str, ...]]) -> None:
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in sorted(set(phrases), key=len, reverse=True):  # longest first
            self.by_first.setdefault(phrase[0], []).append(phrase)

    def matches_at(self, lowers: list[str], i: int) -> list[tuple[str, ...]]:
        """The phrases that start at word i of `lowers`, longest first."""
        return [p for p in self.by_first.get(lowers[i], ()) if tuple(lowers[i : i + len(p)]) == p]


def lower_words(doc: Doc) -> list[str]:
    """Each token's lower-cased text, once per doc (slicing a Doc at every token is slow)."""
    return [token.lower_ for token in doc]


def labels_over(doc: Doc, start: int, end: int) -> set[str]:
    """The labels of the entities that cover any of the tokens start..end."""
    return {e.label_ for e in doc.ents if e.start < end and start < e.end}


def spans_of(doc: Doc, labels: Iterable[str]) -> list[Span]:
    wanted = set(labels)
    return [e for e in doc.ents if e.label_ in wanted]
