"""People's names as one span each, and the aliases a text gives them bound to them (issue 34).

- A generational suffix belongs to the name: "Richard L. Durbin, Jr." is one PERSON (the NER stops at
  the comma and calls "Jr." a place or a person of its own).
- An alias the text gives a person right after the name is that person: "John Smith, also known as
  “Big John”", "Smith, a/k/a “Big John”", "John (aka “Big John”) Smith", "John “Big John” Smith" as a
  nickname in quotes inside the name is left to the NER. The alias becomes a PERSON mention whose
  canonical id is the person's name, so the chart puts both in one node. A gang's quoted alias is bound
  to the gang the same way.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from nerpipe.pipeline.entity_edits import NAME_CONNECTORS, entity_at, is_fixed, name_as

SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
_QUOTES = frozenset({"“", "”", '"', "‘", "’", "'", "``", "''"})
#: Cues that introduce an alias, as token sequences (lower case).
ALIAS_CUES: tuple[tuple[str, ...], ...] = (
    ("also", "known", "as"),
    ("a", "/", "k", "/", "a"),
    ("a/k/a",),
    ("aka",),
    ("a.k.a.",),
    ("known", "as"),
    ("alias",),
    ("nicknamed",),
)
ALIAS_RULE = "person_alias"
#: The longest unquoted alias, in words.
MAX_ALIAS_WORDS = 4
#: Whose aliases are bound: people's ("Marcus Delgado, a.k.a. “Tiger”") and gangs' ("the “Nine-Trey
#: Gangsters,” also known as the “Bugout Boyz”"). A drug's are bound by pipeline/street_names.py.
ALIASED_LABELS = frozenset({"PERSON", "GANG_ORG"})


def attach_suffixes(doc: Doc) -> int:
    """Widen each PERSON over a following ", Jr." / "III"; drop the suffix's own entity."""
    widened: list[Span] = []
    for entity in doc.ents:
        if entity.label_ == "PERSON" and not is_fixed(entity):
            end = _suffix_end(doc, entity.end)
            if end is not None:
                widened.append(Span(doc, entity.start, end, label="PERSON", kb_id=entity.kb_id_, span_id=entity.id_))
    if not widened:
        return 0
    kept = [e for e in doc.ents if not any(w.start <= e.start and e.end <= w.end for w in widened)]
    kept = [e for e in kept if not any(e.start < w.end and w.start < e.end for w in widened)]
    doc.set_ents(sorted([*kept, *widened], key=lambda s: s.start))
    return len(widened)


def _suffix_end(doc: Doc, i: int) -> int | None:
    if i < len(doc) and doc[i].text == ",":
        i += 1
    if i >= len(doc) or doc[i].lower_ not in SUFFIXES:
        return None
    if doc[i].lower_ in ("jr", "sr") and i + 1 < len(doc) and doc[i + 1].text == ".":
        return i + 2
    return i + 1


def bind_aliases(doc: Doc) -> int:
    """Each quoted alias after "also known as"/"aka" right after a person or a gang becomes that
    person or gang (its canonical id is theirs)."""
    bound = 0
    for entity in [e for e in doc.ents if e.label_ in ALIASED_LABELS]:
        label = entity.label_
        alias = _alias_after(doc, entity.end, label)
        if alias is None:
            continue
        start, end = alias
        canonical = entity.id_ or entity.text
        if name_as(doc, start, end, label, canonical):
            bound += 1
            continue
        existing = [e for e in doc.ents if e.start < end and start < e.end]
        if any(is_fixed(e) for e in existing):
            continue
        span = Span(doc, start, end, label=label, kb_id="rule:" + ALIAS_RULE, span_id=canonical)
        doc.set_ents([*(e for e in doc.ents if e not in existing), span])
        bound += 1
    return bound


def _quoted_at(doc: Doc, i: int) -> tuple[int, int] | None:
    """The words inside the quotes that open at token i."""
    start = i + 1
    end = start
    while end < len(doc) and doc[end].text not in _QUOTES and end - start < 5 and doc[end].text not in (",", ")"):
        end += 1
    closing = end + 1 if end + 1 < len(doc) and doc[end].text == "," else end  # “Big John,” in U.S. style
    if end == start or closing >= len(doc) or doc[closing].text not in _QUOTES:
        return None
    return start, end


def _capitalised_at(doc: Doc, i: int) -> tuple[int, int] | None:
    """An unquoted alias at token i: up to four capitalised words (with "El", "de", "la" inside, as
    in Spanish nicknames), ending the clause ("also known as El Flaco", "aka Big Tony, 41")."""
    end = i
    while end < len(doc) and end - i < MAX_ALIAS_WORDS and (
        doc[end].is_title or (end > i and doc[end].lower_ in NAME_CONNECTORS)
    ):
        end += 1
    while end > i and doc[end - 1].lower_ in NAME_CONNECTORS:
        end -= 1
    if end == i or not doc[i].is_title:
        return None
    after = doc[end] if end < len(doc) else None
    if after is not None and not (after.is_punct or after.is_space or after.is_lower or after.like_num):
        return None  # a longer run of capitals: a headline or a name that goes on
    return i, end


def _alias_after(doc: Doc, i: int, label: str) -> tuple[int, int] | None:
    """The alias that a cue right after token i introduces: (start, end) inside the quotes, or the
    capitalised words of an unquoted one."""
    for _ in range(2):  # ", also known as", "(aka", and a name's closing quote first: “Nine-Trey Gangsters,” aka
        if i < len(doc) and doc[i].text in (",", "(", "”", '"', "’", "'"):
            i += 1
    lowers = [t.lower_ for t in doc[i : i + 6]]
    cue = next((c for c in ALIAS_CUES if tuple(lowers[: len(c)]) == c), None)
    if cue is None:
        return None
    i += len(cue)
    if i < len(doc) and doc[i].lower_ == "the":
        i += 1
    if i >= len(doc):
        return None
    found = _quoted_at(doc, i) if doc[i].text in _QUOTES else _capitalised_at(doc, i)
    if found is None:
        return None
    start, end = found
    inside = entity_at(doc, start)
    if inside is not None and inside.label_ != label and is_fixed(inside):
        return None
    return start, end
