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
#: Tokens that join the items of a list (quotes, articles and bullets around an item too).
_JOINERS = frozenset({",", ";", "and", "or", "/", "&", "the", '"', "“", "”", "•", "-", "--", "–", "—"})
#: Joiners across which one "Cartels" is shared ("Sinaloa and Jalisco Cartels").
_SHARING_JOINERS = frozenset({",", ";", "and", "or", "/", "&"})
#: Gang names that are everyday words, a people or a word of politics: never a pattern (they would match
#: everywhere), a gang only where listed next to another gang ("the Hells Angels, Outlaws, Pagans, and
#: Banditos"; "the Federation, the Gulf Cartel"). Sources: NGIC National Gang Threat Assessments (outlaw
#: motorcycle clubs; People and Folk Nation sets), DEA and NDIC reports on the cartels (the Federation,
#: La Línea); "Banditos" is a common misspelling of the Bandidos.
CONTEXT_NAMES: dict[str, str] = {
    "outlaws": "Outlaws MC",
    "pagans": "Pagans MC",
    "pagan's": "Pagans MC",
    "pagan’s": "Pagans MC",
    "banditos": "Bandidos",
    "warlocks": "Warlocks MC",
    "rebels": "Rebels MC",
    "highwaymen": "Highwaymen MC",
    "breed": "Breed MC",
    "federation": "Sinaloa Federation",
    "la línea": "La Línea",
    "la linea": "La Línea",
    "bishops": "Bishops",
    "kents": "Kents",
    "gaylords": "Gaylords",
    "folks": "Folk Nation",
    "brims": "Brims",
}
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

        forms = {**CONTEXT_NAMES, **short_forms(patterns)}
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
        """A gang right across joiners on either side ("Sinaloa, Los Zetas", "Tijuana/AFO", a bulleted
        list), or one "Cartels" shared with the next item ("Sinaloa and Jalisco Cartels"). A name that
        is an everyday word must be written as a name."""
        if not doc[start].text[:1].isupper():
            return False
        left = start - 1
        while left >= 0 and _joins(doc[left]):
            left -= 1
        if left >= 0 and left < start - 1 and _gang_ends_at(doc, left + 1):
            return True
        right = end
        while right < len(doc) and _joins(doc[right]):
            right += 1
        if right > end and right < len(doc):
            neighbour = entity_at(doc, right)
            if neighbour is not None and neighbour.label_ == LABEL and neighbour.start == right:
                return True
            return self._shares_cartels(doc, right)
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
        while right < len(doc) and doc[right].lower_ in _SHARING_JOINERS:
            right += 1
        neighbour = entity_at(doc, right) if right < len(doc) else None
        if neighbour is not None and neighbour.label_ == LABEL and doc[neighbour.end - 1].lower_ in _CARTEL_WORDS:
            short = doc[neighbour.start : neighbour.end - 1]
            if short.text.lower() in self.forms and neighbour.end - neighbour.start > 1:
                _shrink(doc, neighbour, short)
        return True


def _joins(token) -> bool:
    return token.lower_ in _JOINERS or token.is_space


def _gang_ends_at(doc: Doc, joiner: int) -> bool:
    entity = entity_at(doc, joiner - 1)
    return entity is not None and entity.label_ == LABEL and entity.end == joiner


def _shrink(doc: Doc, entity: Span, to: Span) -> None:
    """Replace `entity` by its part `to` (same label and id): the head "Cartel" leaves the span."""
    kept = [e for e in doc.ents if e != entity]
    span = Span(doc, to.start, to.end, label=entity.label_, kb_id=entity.kb_id_, span_id=entity.ent_id_)
    doc.set_ents(sorted([*kept, span], key=lambda s: s.start))
