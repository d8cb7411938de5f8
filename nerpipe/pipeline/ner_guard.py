"""The guard on a retrained NER: its new DRUG and GANG_ORG proposals must pass the checks the rules use.

A NER retrained on 50 real texts found more gangs and drugs on other real text, and more false gangs too
(GANG_ORG precision 0.93 -> 0.75, docs/model.md): it learnt that a capitalised name near "gang" is one.
So a DRUG or GANG_ORG span that the retrained NER adds (one the patterns did not set before it ran) is
kept only where the rules would accept it: no agency, court or programme word (gang_names.NOT_NAME_WORDS),
not a generic word ("drugs", "cartel", ordinary English such as "oil"), and not a place or a people
("Mexican cartels", "Chicago") by the base NER, which a case model keeps, switched off, for this check.
The case rules, which run after the guard, may still find a dropped span by their own reasoning.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from nerpipe.pipeline.entity_edits import PLACE_LABELS, is_name_word
from nerpipe.pipeline.furniture import HEADS, TITLE_ENDS, is_ordinary
from nerpipe.pipeline.gang_names import NOT_NAME_WORDS
from nerpipe.pipeline.street_names import DRUG_NOUNS

MARK = "ner_guard_mark"
GUARD = "ner_guard"
#: The base NER, kept disabled in a case model: the guard asks it about the sentences of new spans only.
BASE_NER = "guard_base_ner"
GUARDED_LABELS = frozenset({"DRUG", "GANG_ORG"})
_BEFORE = "nerpipe_before_ner"
#: Generic words that are never a name on their own.
_GENERIC = frozenset({"gang", "gangs", "cartel", "cartels", "mafia", "clique", "set", "crew", "organization"})


@Language.factory(MARK)
def make_mark(nlp: Language, name: str) -> MarkBeforeNer:
    return MarkBeforeNer()


@Language.factory(GUARD)
def make_guard(nlp: Language, name: str) -> NerGuard:
    return NerGuard(nlp)


class MarkBeforeNer:
    """Notes the guarded spans set before the NER runs (patterns, identifiers): those are not the NER's."""

    def __call__(self, doc: Doc) -> Doc:
        doc.user_data[_BEFORE] = {(e.start, e.end, e.label_) for e in doc.ents if e.label_ in GUARDED_LABELS}
        return doc


class NerGuard:
    """Drops the NER's new DRUG/GANG_ORG spans that fail `refusal`."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp

    def __call__(self, doc: Doc) -> Doc:
        before = doc.user_data.pop(_BEFORE, set())
        new = [e for e in doc.ents if e.label_ in GUARDED_LABELS and (e.start, e.end, e.label_) not in before]
        if not new:
            return doc
        places = self._places(doc, new)
        dropped = {(e.start, e.end) for e in new if refusal(e, places) is not None}
        if dropped:
            doc.set_ents([e for e in doc.ents if (e.start, e.end) not in dropped])
        return doc

    def _places(self, doc: Doc, spans: list[Span]) -> dict[tuple[int, int], str]:
        """(start_char, end_char) -> label of the base NER's entities in the sentences of `spans`."""
        if BASE_NER not in self.nlp.component_names:
            return {}
        base = self.nlp.get_pipe(BASE_NER)
        found: dict[tuple[int, int], str] = {}
        sentences = (
            {(s.sent.start_char, s.sent.end_char) for s in spans}
            if doc.has_annotation("SENT_START")
            else {(0, len(doc.text))}
        )
        for start, end in sorted(sentences):
            sentence = base(self.nlp.make_doc(doc.text[start:end]))
            found.update({(e.start_char + start, e.end_char + start): e.label_ for e in sentence.ents})
        return found


def refusal(span: Span, base_entities: dict[tuple[int, int], str]) -> str | None:
    """Why a new DRUG/GANG_ORG span is not one (None: it passes). `base_entities` are the base NER's
    (start_char, end_char) -> label over its sentence."""
    words = [t for t in span if not t.is_punct and not t.is_space]
    lowers = [t.lower_ for t in words]
    if not words:
        return "no word"
    if span.text[-1] in _CUT_ENDS or span[0].is_punct or any(mark in span.text for mark in "(),;"):
        return "a cut name"
    if any(word in NOT_NAME_WORDS or word in _ORG_HEADS or word in TITLE_ENDS or word in _NOT_NAMES for word in lowers):
        return "an agency, court, title or programme word"
    if all(word in _GENERIC or word in DRUG_NOUNS for word in lowers):
        return "a generic word"
    if span.label_ == "GANG_ORG" and lowers[-1] in _PLURAL_HEADS:
        return "a kind of group, not a name"
    if len(span.text) < 2:
        return "a single character"
    if all(t.is_alpha and is_ordinary(t.text) and not t.is_upper for t in words):
        return "ordinary English words"
    if span.label_ == "GANG_ORG" and any(word in DRUG_NOUNS for word in lowers):
        return "a drug word"
    if span.label_ == "GANG_ORG" and not any(is_name_word(t) for t in words):
        return "not a name"
    if span.label_ == "DRUG":
        named = {label for (s, e), label in base_entities.items() if s < span.end_char and span.start_char < e}
        if named & _NOT_DRUGS:
            return f"the base model reads it as {sorted(named & _NOT_DRUGS)[0]}"
    places = {offsets: label for offsets, label in base_entities.items() if _is_place(offsets, label, span)}
    exact = base_entities.get((span.start_char, span.end_char))
    if (span.start_char, span.end_char) in places or (exact == "PERSON" and span.label_ == "GANG_ORG"):
        return f"the base model reads it as {exact}"
    names = [t for t in words if is_name_word(t) and t.lower_ not in _GENERIC]
    place_named = lowers[-1] in ("cartel", "mafia")  # "Gulf Cartel", "Sicilian Mafia" (gang_names._PLACE_NAMED)
    if names and not place_named and all(_inside(t.idx, t.idx + len(t.text), places) for t in names):
        return "only a place or a people"
    if (
        span.label_ == "GANG_ORG"
        and names
        and not place_named
        and _inside(names[0].idx, names[0].idx + 1, _gpe(places))
    ):
        return "a place before a name, which the name leaves out (annotation guidelines)"
    if (
        span.label_ == "GANG_ORG"
        and names
        and all(_inside(t.idx, t.idx + len(t.text), _persons(base_entities)) for t in names)
    ):
        return "a person's name"
    return None


#: Base NER labels that a drug's name never has: people, organisations, places, products and titles.
_NOT_DRUGS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"})
#: Heads of organisations' names (furniture.HEADS) but not the street words gangs are named after ("Grape Street").
_ORG_HEADS = HEADS - {"street", "avenue", "park", "heights", "road", "island", "islands", "river", "valley", "plaza"}
#: Words of schedules and legal text that the NER took for names ("Schedule II", "Amici Curiae").
_NOT_NAMES = frozenset({"schedule", "amici", "curiae", "amicus", "circuit", "v.", "vs."})
#: A plural generic head ends no one name ("Mexican Cartels"; "the Sinaloa and Jalisco Cartels" names two).
_PLURAL_HEADS = frozenset(
    {"cartels", "gangs", "cliques", "mafias", "clubs", "organizations", "organisations", "triads", "tongs"}
)
#: A name does not end in these: the NER cut it ("Guzmán-" of "Guzmán-Loera").
_CUT_ENDS = frozenset("-–—,/('’")
#: The last words of nationalities and peoples ("Mexican", "Puerto Rican", "Salvadoran", "Chinese").
_PEOPLE_ENDINGS = ("an", "ese", "ish", "ic", "i")


def _is_place(offsets: tuple[int, int], label: str, span: Span) -> bool:
    """A place, or a people ("Mexican", "Puerto Rican"): the base model also calls gangs such as
    "Latin Kings" or "Aryan Brotherhood" NORP, so a people's name must end as nationalities do."""
    if label not in PLACE_LABELS:
        return False
    text = span.doc.text[offsets[0] : offsets[1]]
    return label != "NORP" or len(text.split()) == 1 or text.lower().endswith(_PEOPLE_ENDINGS)


def _gpe(entities: dict[tuple[int, int], str]) -> dict[tuple[int, int], str]:
    return {offsets: label for offsets, label in entities.items() if label in ("GPE", "LOC")}


def _persons(entities: dict[tuple[int, int], str]) -> dict[tuple[int, int], str]:
    return {offsets: label for offsets, label in entities.items() if label == "PERSON"}


def _inside(start: int, end: int, entities: dict[tuple[int, int], str]) -> bool:
    return any(s <= start and end <= e for s, e in entities)


def add_ner_guard(nlp: Language, base_ner_source: Language | None) -> None:
    """Put the guard around a retrained NER: the mark before it, the guard after it, and the base NER
    (from `base_ner_source`), disabled, for the place and people check."""
    for name in (MARK, GUARD, BASE_NER):
        if name in nlp.component_names:
            nlp.remove_pipe(name)
    nlp.add_pipe(MARK, before="ner")
    nlp.add_pipe(GUARD, after="ner")
    if base_ner_source is not None and "ner" in base_ner_source.pipe_names:
        nlp.add_pipe("ner", name=BASE_NER, source=base_ner_source, last=True)
        nlp.disable_pipe(BASE_NER)
