"""Within a document, one name gets one label at every occurrence.

A rule or a pattern finds a name where the text says what it is ("the Outlaws Motorcycle Club",
"also known as “Ice”"); the same name elsewhere in that document means the same thing ("Outlaws members
were charged"). Each gang or drug name found by a pattern or a rule is therefore given to its other
occurrences, as written (same case), unless the base NER called that occurrence a place ("Sinaloa,
Mexico" stays GPE) or it sits inside a longer name ("Hector Beltrán Leyva" stays a person). Not carried:
a bare cartel name (a place outside its list: "flew to Juárez"), and a drug name in lower case ("soap" in
a list of street names is not every bar of soap in the file).
"""

from __future__ import annotations

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from nerpipe.pipeline.entity_edits import entity_at, is_fixed, place, rule_id

#: Labels carried to other occurrences.
CARRIED = frozenset({"DRUG", "GANG_ORG"})
#: Rules whose names are not carried: a bare cartel name is a place outside its list ("flew to Juárez").
NOT_CARRIED_RULES = frozenset({"cartel_list"})
#: Base NER labels an occurrence keeps: a place stays a place.
KEPT_LABELS = frozenset({"GPE", "LOC", "FAC"})


def carry_labels(doc: Doc) -> int:
    """Give each pattern- or rule-found gang and drug name to its other occurrences in `doc`."""
    names: dict[str, tuple[str, str]] = {}
    matcher = PhraseMatcher(doc.vocab, attr="ORTH")
    for entity in doc.ents:
        if entity.label_ in CARRIED and is_fixed(entity) and _carried(entity) and entity.text not in names:
            names[entity.text] = (entity.label_, entity.ent_id_)
            matcher.add(entity.text, [entity.as_doc()])
    if not names:
        return 0
    placed = 0
    for match_id, start, end in sorted(matcher(doc), key=lambda m: (m[1], -m[2])):
        label, canonical = names[doc.vocab.strings[match_id]]
        if _may_take(doc, start, end, label):
            placed += place(doc, start, end, label, "same_name", canonical)
    return placed


def _carried(entity: Span) -> bool:
    if rule_id(entity) in NOT_CARRIED_RULES:
        return False
    return entity.label_ != "DRUG" or any(c.isupper() for c in entity.text)


def _may_take(doc: Doc, start: int, end: int, label: str) -> bool:
    if start > 0 and doc[start - 1].is_title and not doc[start - 1].is_sent_start:
        return False  # part of a longer name: "Hector Beltrán Leyva" is a person
    for i in range(start, end):
        entity = entity_at(doc, i)
        if entity is None:
            continue
        if entity.label_ == label and entity.start <= start and end <= entity.end:
            return False  # already so
        if entity.label_ in KEPT_LABELS or entity.start < start or entity.end > end:
            return False
    return True
