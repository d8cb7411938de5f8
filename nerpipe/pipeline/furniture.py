"""Document furniture and broken name spans out of the NER's entities (issue 34).

Press releases, court orders and reports carry words that are no one's name: "FOR IMMEDIATE RELEASE",
"Docket No.", "DENIED", "(U) Executive Summary", title-case headlines ("Federal Indictment", "Violence
Against Innocent Civilians"), programme and report names ("Operation Community Shield", "Texas Gang Threat
Assessment"). The small English NER calls many of them organisations or people, and it cuts or glues
real names at their edges ("the New York Office of the", "HOUSTON -", "Trauger MEMORANDUM", "Said Henry",
"Austin Police Chief"). This rule, run on the NER's own entities only (never a pattern's or another
rule's), trims such edges and drops what is left when it is made of ordinary English words, unless its
last word is the head of an organisation's or a place's name ("Criminal Division" stays) or it is a
listed place ("New Jersey", "Mobile": nerpipe.resolve.places).

Ordinary words are told from names by the English word frequencies of spacy-lookups-data: a word is
ordinary when its lower-case form is common and commoner than its capitalised form ("gang", "violence";
not "Johnson", "Austin").
"""

from __future__ import annotations

import gzip
import importlib.resources
import json
from functools import lru_cache

from spacy.tokens import Doc, Span

from nerpipe.pipeline.entity_edits import is_fixed
from nerpipe.resolve.places import is_listed_place

#: Labels of names the rule looks at.
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})
#: Last words that make a name of ordinary words an organisation's or a place's ("Criminal Division").
HEADS = frozenset(
    [
        "administration",
        "agency",
        "association",
        "authority",
        "board",
        "bureau",
        "center",
        "centre",
        "commission",
        "committee",
        "council",
        "court",
        "courthouse",
        "department",
        "detail",
        "district",
        "division",
        "enforcement",
        "force",
        "group",
        "house",
        "investigation",
        "investigations",
        "office",
        "patrol",
        "police",
        "program",
        "section",
        "service",
        "services",
        "squad",
        "system",
        "team",
        "unit",
        "university",
        "county",
        "city",
        "state",
        "parish",
        "island",
        "islands",
        "river",
        "valley",
        "heights",
        "park",
        "plaza",
        "street",
        "avenue",
        "road",
    ]
)
#: Phrases that are document furniture wherever they stand (lower case, whole entity).
FURNITURE = frozenset(
    {
        "immediate release",
        "for immediate release",
        "press release",
        "news release",
        "docket no",
        "docket nos",
        "docket",
        "executive summary",
        "unclassified",
        "classified",
        "law enforcement sensitive",
        "for official use only",
        "memorandum",
        "memorandum opinion",
        "order",
        "denied",
        "granted",
        "contact",
        "media contact",
        "update",
        "summary",
        "a.k.a.",
        "a/k/a",
        "aka",
    }
)
#: First words of programmes and operations, which are no node (annotation guidelines).
PROGRAMME_STARTS = frozenset({"operation", "project"})
#: Last words of programmes, strategies and report titles.
PROGRAMME_ENDS = frozenset({"initiative", "strategy", "assessment", "report", "testimony", "summary", "act"})
#: Words a title or a verb of saying leaves at a name's edge ("Said Henry", "Austin Police Chief").
EDGE_WORDS = frozenset(
    {"said", "says", "chief", "commissioner", "special", "agents", "agent", "officials", "spokesman", "spokeswoman"}
)
#: Last words of an official's title ("United States Magistrate", "U.S. Attorney" before a name): the
#: NER's organisation or place ending so is a title, no node.
TITLE_ENDS = frozenset({"magistrate", "magistrates", "attorney", "attorneys", "judge", "judges", "marshal", "marshals"})
#: First words of a title, which start no name ("Acting United States Attorney").
TITLE_STARTS = frozenset({"acting", "assistant", "deputy", "interim"})
#: Function words and marks that end no name ("the New York Office of the", "HOUSTON -").
TRAILING = frozenset({"of", "the", "for", "and", "in", "at", "on", "to", "-", "–", "—", "•", "(", ",", "/", "'s", "’s"})
LEADING_MARKS = frozenset({"(", "u", ")", "•", "-", "–", "—"})
#: How common a lower-case word must be to count as ordinary (log probability).
COMMON = -14.5


@lru_cache(maxsize=1)
def ordinary_words() -> dict[str, float]:
    """Lower-case word → how much commoner it is in lower case than capitalised (log probability
    difference), for the common words only; empty when spacy-lookups-data is missing."""
    try:
        table = importlib.resources.files("spacy_lookups_data") / "data" / "en_lexeme_prob.json.gz"
        with table.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
            probs: dict[str, float] = json.load(text)
    except (ModuleNotFoundError, FileNotFoundError):
        return {}
    words = {}
    for word, prob in probs.items():
        if prob >= COMMON and word.isalpha() and word.islower():
            title = probs.get(word.capitalize(), -25.0)
            if prob > title:
                words[word] = prob - title
    return words


def is_ordinary(word: str, margin: float = 0.0) -> bool:
    """A common English word, commoner in lower case than capitalised by more than `margin`."""
    lead = ordinary_words().get(word.lower())
    return lead is not None and lead > margin


def clean_entities(doc: Doc) -> int:
    """Trim and drop the NER's furniture entities in `doc`; the number changed."""
    changed = 0
    kept: list[Span] = []
    for entity in doc.ents:
        if entity.label_ not in NAME_LABELS or is_fixed(entity):
            kept.append(entity)
            continue
        trimmed = _trimmed(entity)
        if trimmed is None or _is_furniture(trimmed):
            changed += 1
            continue
        if (trimmed.start, trimmed.end) != (entity.start, entity.end):
            changed += 1
        kept.append(trimmed)
    if changed:
        doc.set_ents(kept)
    return changed


def _trimmed(entity: Span) -> Span | None:
    doc, start, end = entity.doc, entity.start, entity.end
    for i in range(start, end):  # cut at a bullet or a spaced dash: two things glued ("HOUSTON - ICE")
        if doc[i].text in ("•", "|") or (doc[i].text in ("-", "–", "—") and doc[i - 1].whitespace_ and i > start):
            end = i
            break
    while start < end and (
        doc[start].lower_ in LEADING_MARKS
        or doc[start].lower_ in EDGE_WORDS - {"chief"}
        or doc[start].lower_ in TITLE_STARTS
    ):
        start += 1
    while end > start and (
        doc[end - 1].lower_ in TRAILING or doc[end - 1].lower_ in EDGE_WORDS or doc[end - 1].is_space
    ):
        end -= 1
    while end - start > 1 and doc[end - 1].is_upper and doc[end - 2].is_title and is_ordinary(doc[end - 1].text):
        end -= 1  # "Trauger MEMORANDUM": a headline word glued to a name
    if start >= end:
        return None
    return Span(doc, start, end, label=entity.label_, kb_id=entity.kb_id_, span_id=entity.id_)


def _is_furniture(span: Span) -> bool:
    words = [t for t in span if not t.is_punct and not t.is_space]
    if not any(c.isalpha() for c in span.text):
        return True
    lowers = [t.lower_ for t in words]
    if " ".join(lowers) in FURNITURE or all(t.is_stop for t in words):
        return True
    if span.label_ != "PERSON" and lowers[-1] in TITLE_ENDS:
        return True
    if span.label_ == "ORG" and (lowers[0] in PROGRAMME_STARTS or lowers[-1] in PROGRAMME_ENDS) and len(lowers) > 1:
        return True
    if len(lowers) == 1 and lowers[0] in HEADS:
        return True  # "Office", "Police": a head without its name
    if lowers[-1] in HEADS or is_listed_place(" ".join(t.text for t in words).lower()):
        return False
    margin = 1.0 if span.label_ == "PERSON" else 0.0
    return all(
        (t.is_alpha and not t.is_lower and is_ordinary(t.text, margin)) or t.lower_ in ("of", "and", "the")
        for t in words
    ) and not all(t.lower_ in ("of", "and", "the") for t in words)
