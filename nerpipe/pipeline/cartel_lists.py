"""Bare cartel names used as organisations: "the Sinaloa and Jalisco Cartels", "Sinaloa, Los Zetas, Gulf".

A cartel is usually named after its place, so "Sinaloa" alone is a state. It is the cartel when it is
listed with gangs or cartels ("Tijuana/AFO, Juárez/CFO, Beltrán Leyva, Gulf, and La Familia
Michoacana") or shares one "Cartels" with another ("the Sinaloa and Jalisco Cartels": the annotation
guidelines give "Sinaloa" and "Jalisco"). The short forms come from the pattern lists: every listed
"X Cartel", "Cartel de X" and "X Organization" gives "X", with the canonical id of its pattern.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from nerpipe.pipeline.entity_edits import entity_at, place

LABEL = "GANG_ORG"
_SHORT_FORM = re.compile(
    r"^(?:(?P<before>.+?)\s+(?:cartel|organization)|c[aá]rtel\s+(?:de|del)\s+(?P<after>.+))$", re.IGNORECASE
)
#: Tokens that join the items of a list.
_JOINERS = frozenset({",", ";", "and", "or", "/", "&"})
_CARTEL_WORDS = frozenset({"cartel", "cartels"})


def short_forms(patterns: Iterable[tuple[str, str, str]]) -> dict[str, str]:
    """Lower-cased short form -> canonical id, from (label, phrase, id) pattern triples."""
    forms: dict[str, str] = {}
    for label, phrase, canonical in patterns:
        if label != LABEL:
            continue
        match = _SHORT_FORM.match(phrase.strip())
        if match:
            short = (match.group("before") or match.group("after")).strip()
            forms.setdefault(short.lower(), canonical)
            forms.setdefault(_unaccented(short).lower(), canonical)
    return forms


def _unaccented(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


class CartelLists:
    """Finds the short forms in a doc and labels those that stand in a list of gangs."""

    def __init__(self, forms: dict[str, str], matcher: PhraseMatcher) -> None:
        self.forms, self.matcher = forms, matcher

    @classmethod
    def from_patterns(cls, vocab, patterns: Iterable[tuple[str, str, str]]) -> CartelLists:
        from spacy.lang.en import English

        forms = short_forms(patterns)
        tokenizer = English(vocab=vocab).tokenizer
        matcher = PhraseMatcher(vocab, attr="LOWER")
        if forms:
            matcher.add("SHORT", [tokenizer(form) for form in forms])
        return cls(forms, matcher)

    def __call__(self, doc: Doc) -> int:
        if not self.forms:
            return 0
        found = sorted({(s, e) for _, s, e in self.matcher(doc)}, key=lambda se: (se[0], -se[1]))
        placed = 0
        changed = True
        while changed:  # a list is read from the gangs it holds outwards: "Tijuana/AFO, Juárez/CFO"
            changed = False
            for start, end in found:
                if self._is_labelled(doc, start, end) or not self._in_gang_list(doc, start, end):
                    continue
                canonical = self.forms.get(doc[start:end].text.lower(), "")
                if self._take(doc, start, end, canonical):
                    placed += 1
                    changed = True
        return placed

    def _is_labelled(self, doc: Doc, start: int, end: int) -> bool:
        entity = entity_at(doc, start)
        return entity is not None and entity.label_ == LABEL and entity.start <= start and end <= entity.end

    def _in_gang_list(self, doc: Doc, start: int, end: int) -> bool:
        """A gang right across a joiner on either side ("Sinaloa, Los Zetas", "Tijuana/AFO"), or one
        "Cartels" shared with the next item ("Sinaloa and Jalisco Cartels")."""
        left = start - 1
        if left > 0 and doc[left].lower_ in _JOINERS and _gang_ends_at(doc, left):
            return True
        right = end
        if right < len(doc) - 1 and doc[right].lower_ in _JOINERS:
            nxt = right + 1
            while nxt < len(doc) and doc[nxt].lower_ in _JOINERS:
                nxt += 1
            neighbour = entity_at(doc, nxt) if nxt < len(doc) else None
            if neighbour is not None and neighbour.label_ == LABEL and neighbour.start == nxt:
                return True
            return self._shares_cartels(doc, nxt)
        return False

    def _shares_cartels(self, doc: Doc, start: int) -> bool:
        """A short form at `start` followed by "Cartels": the plural covers the items before it."""
        for end in range(start + 1, min(len(doc), start + 4)):
            if doc[start:end].text.lower() in self.forms:
                return end < len(doc) and doc[end].lower_ == "cartels"
        return False

    def _take(self, doc: Doc, start: int, end: int, canonical: str) -> bool:
        """Label the short form; a following shared "Cartels" item loses its head ("Jalisco Cartel")."""
        if not place(doc, start, end, LABEL, "cartel_list", canonical):
            return False
        right = end
        while right < len(doc) and doc[right].lower_ in _JOINERS:
            right += 1
        neighbour = entity_at(doc, right) if right < len(doc) else None
        if neighbour is not None and neighbour.label_ == LABEL and doc[neighbour.end - 1].lower_ in _CARTEL_WORDS:
            short = doc[neighbour.start : neighbour.end - 1]
            if short.text.lower() in self.forms and neighbour.end - neighbour.start > 1:
                _shrink(doc, neighbour, short)
        return True


def _gang_ends_at(doc: Doc, joiner: int) -> bool:
    entity = entity_at(doc, joiner - 1)
    return entity is not None and entity.label_ == LABEL and entity.end == joiner


def _shrink(doc: Doc, entity: Span, to: Span) -> None:
    """Replace `entity` by its part `to` (same label and id): the head "Cartel" leaves the span."""
    kept = [e for e in doc.ents if e != entity]
    span = Span(doc, to.start, to.end, label=entity.label_, kb_id=entity.kb_id_, span_id=entity.ent_id_)
    doc.set_ents(sorted([*kept, span], key=lambda s: s.start))
