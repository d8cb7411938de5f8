"""Gang names no list holds, found from how gangs are named and written about.

Two shapes, both common in case files and press releases:
- a proper name before a generic head: "the Fulton clique", "Armenian Power street gang", "Outlaws
  Motorcycle Club", "the Bandidos OMO". The head is not part of the name (annotation guidelines), and a
  place in front of a street gang's name is dropped ("Bronx Trinitarios Gang" -> "Trinitarios").
- a proper name ending in a word that gangs end their names with: "Bugout Boyz", "Pirn Bloods",
  "Calabrian Mafia", "the Cárdenas cartel".
Agencies, task forces and programmes ("FBI gang squad", "National Gang Strategy", "Gang Task Force"),
and names that are only a place or a people ("Chicago gangs", "Mexican cartels"), are left alone.
"""

from __future__ import annotations

from spacy.tokens import Doc

from nerpipe.pipeline.entity_edits import (
    NUMBER_LABELS,
    PLACE_LABELS,
    PhraseIndex,
    entity_at,
    is_fixed,
    is_name_word,
    labels_over,
    lower_words,
    name_run_before,
    place,
)

LABEL = "GANG_ORG"
#: Generic heads after a gang's name, lower-cased; "MC", "OMG", "OMO" only in capitals.
HEADS: tuple[tuple[str, ...], ...] = (
    ("outlaw", "motorcycle", "gang"),
    ("outlaw", "motorcycle", "club"),
    ("outlaw", "motorcycle", "organization"),
    ("motorcycle", "club"),
    ("motorcycle", "gang"),
    ("street", "gang"),
    ("street", "gangs"),
    ("prison", "gang"),
    ("criminal", "enterprise"),
    ("gang",),
    ("gangs",),
    ("clique",),
    ("cliques",),
    ("set",),
    ("mc",),
    ("omg",),
    ("omo",),
)
_HEAD_INDEX = PhraseIndex(HEADS)
_CAPITALS_ONLY = frozenset({"mc", "omg", "omo"})
_LOWER_ONLY = frozenset({"set"})
#: After a capitalised head, only these keep it a head ("Outlaws Motorcycle Club Members" in a headline);
#: any other capitalised word makes it part of a longer name ("Gang Task Force", "Gang Threat Assessment").
_HEADLINE_ROLES = frozenset({"members", "member", "associates", "associate", "leaders", "leader", "indicted"})
#: Last words of gang names ("Grape Street Crips", "Bugout Boyz"); the word is part of the name.
NAME_ENDINGS = frozenset(
    {"crips", "bloods", "boyz", "gangsters", "locos", "homeboys", "homeboyz", "posse", "mafia", "cartel"}
)
#: Endings after which a leading place is part of the name ("Gulf Cartel", "Sicilian Mafia").
_PLACE_NAMED = frozenset({"mafia", "cartel"})
#: Words of law enforcement, courts, programmes and classifications: a run holding one is not a gang's name.
NOT_NAME_WORDS = frozenset(
    {
        "fbi", "dea", "atf", "hsi", "ice", "nypd", "lapd", "cbp", "doj", "usao", "ocdetf", "gangtecc", "police",
        "sheriff", "sheriff's", "department", "division", "bureau", "office", "task", "force", "unit", "squad",
        "court", "attorney", "attorneys", "administration", "agency", "service", "services", "committee",
        "center", "centre", "initiative", "program", "programme", "strategy", "operation", "coordination",
        "coordinator", "national", "federal", "government", "justice", "homeland", "security", "enforcement",
        "intelligence", "assessment", "threat", "prevention", "violence", "reduction", "safe", "streets",
        "anti", "u.s.", "district", "county", "state", "states", "city", "department's", "honorable", "tier",
        "level", "type", "category", "class", "group", "groups",
    }
)  # fmt: skip
#: Words that may follow "set" as a gang's head ("a set of the Bloods", "the Hoover set members").
_AFTER_SET = frozenset({"of", "members", "member", "and", "or", "in", "which", "that", "who", "from", "based"})
#: Small words that only a title-case headline capitalises inside a sentence.
_TITLE_CASE_SMALL_WORDS = frozenset({"Of", "And", "In", "On", "At", "For", "To", "With", "By", "From", "Or"})
#: Heads of a gang's faction, often named after its street or town ("the Fulton clique").
_FACTION_HEADS = frozenset({"clique", "cliques"})
#: Capitalised words that open a sentence or a phrase without being part of a name.
_OPENERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "rival", "violent", "local", "other"})


def find_gang_names(doc: Doc, lowers: list[str] | None = None) -> int:
    """Label the gang names of the two shapes above (`lowers`: the doc's lower-cased words, when the
    caller has them); returns how many were placed."""
    placed = 0
    lowers = lowers or lower_words(doc)
    i = 0
    while i < len(doc):
        head = _head_at(doc, lowers, i)
        if head:
            placed += _name_before_head(doc, i, places_allowed=lowers[i] in _FACTION_HEADS)
            i += head
            continue
        if lowers[i] in NAME_ENDINGS and _ending_shape(doc[i].text):
            placed += _name_with_ending(doc, i)
        i += 1
    return placed


def _head_at(doc: Doc, lowers: list[str], i: int) -> int:
    """The length of the generic head starting at token i (0 when none)."""
    for head in _HEAD_INDEX.matches_at(lowers, i):
        end = i + len(head)
        first = doc[i].text
        if head[0] in _CAPITALS_ONLY and not first.isupper():
            continue
        if head[0] in _LOWER_ONLY and (not first.islower() or not _ends_phrase(doc, end)):
            continue
        longer_name = end < len(doc) and is_name_word(doc[end]) and doc[end].lower_ not in _HEADLINE_ROLES
        if first[:1].isupper() and longer_name:
            continue
        return len(head)
    return 0


def _ends_phrase(doc: Doc, i: int) -> bool:
    """Token i does not continue a compound ("set ups", "set point"): "set" is a head only then."""
    return i >= len(doc) or not doc[i].is_alpha or doc[i].lower_ in _AFTER_SET


def _ending_shape(text: str) -> bool:
    """Capitalised as a name ending is ("Bloods", "BLOODS"); "cartel" also in lower case."""
    return text[:1].isupper() or text == "cartel"


def _name_before_head(doc: Doc, head_start: int, *, places_allowed: bool) -> int:
    before = entity_at(doc, head_start - 1) if head_start > 0 else None
    if before is not None and is_fixed(before):
        return 0  # a listed name before its head ("Bronx Trinitarios Gang"): the list already named it
    start = _trim_openers(doc, name_run_before(doc, head_start), head_start)
    start = _after_place_prefix(doc, start, head_start)
    if not _acceptable(doc, start, head_start, places_allowed=places_allowed):
        return 0
    return int(place(doc, start, head_start, LABEL, "gang_head"))


def _name_with_ending(doc: Doc, i: int) -> int:
    """The name ending at token i; when i ends a listed name ("Bloods"), only name words in front of
    it widen it ("Pirn Bloods"), never a place ("Howard County Bloods")."""
    ending = doc[i].lower_
    listed = entity_at(doc, i)
    if listed is not None and not is_fixed(listed):
        listed = None
    if listed is not None and listed.end != i + 1:
        return 0
    name_end = listed.start if listed is not None else i
    start = _trim_openers(doc, name_run_before(doc, name_end), name_end)
    if start == name_end:
        return 0
    if ending not in _PLACE_NAMED or listed is not None:
        start = _after_place_prefix(doc, start, name_end, whole=True)
    elif ending == "cartel" and labels_over(doc, start, i) == {"NORP"}:
        return 0  # "Mexican cartel": a kind of group, not a name
    if start == name_end or not _acceptable(doc, start, name_end, places_allowed=ending in _PLACE_NAMED):
        return 0
    return int(place(doc, start, i + 1, LABEL, "gang_name_ending"))


def _trim_openers(doc: Doc, start: int, end: int) -> int:
    """Skip leading articles and the like, and a leading number ("Two Black Widows ... members")."""
    while start < end and (doc[start].lower_ in _OPENERS or doc[start].ent_type_ in NUMBER_LABELS):
        start += 1
    return start


def _after_place_prefix(doc: Doc, start: int, end: int, *, whole: bool = False) -> int:
    """Skip a leading place ("Howard County", "Bronx") when a name remains after it (or, `whole`,
    also when the place is all there is: a listed name follows)."""
    entity = entity_at(doc, start) if start < end else None
    is_place = entity is not None and entity.label_ in ("GPE", "LOC") and entity.start == start
    if is_place and (entity.end < end or (whole and entity.end == end)):
        return entity.end
    return start


def _title_case_line(doc: Doc, i: int) -> bool:
    """A headline in title case ("Of Violent US-Mexico Border Gang Indicted"): every word is capitalised,
    so capitals say nothing about names there. Seen as a capitalised small word inside the sentence."""
    sentence = doc[i].sent
    return any(t.text in _TITLE_CASE_SMALL_WORDS and t.i > sentence.start for t in sentence)


def _only_places(doc: Doc, start: int, end: int) -> bool:
    """Every word of the run is in a place or people entity that ends inside the run ("Chicago" in
    "Chicago gangs"); one running on over the head or ending ("Kingsway Posse" as LOC) names it whole."""
    for i in range(start, end):
        entity = entity_at(doc, i)
        if entity is None or entity.label_ not in PLACE_LABELS or entity.end > end:
            return False
    return True


def _acceptable(doc: Doc, start: int, end: int, *, places_allowed: bool) -> bool:
    """A name run worth labelling: not empty, no agency word, not only a place, people or number,
    and not a lone capitalised word opening a sentence ("Violent gang members")."""
    if start >= end:
        return False
    words = doc[start:end]
    if any(t.lower_ in NOT_NAME_WORDS for t in words) or _title_case_line(doc, start):
        return False
    if labels_over(doc, start, end) & NUMBER_LABELS:
        return False
    if not places_allowed and _only_places(doc, start, end):
        return False
    lone_opener = end - start == 1 and doc[start].is_sent_start and doc[start].is_title
    return not lone_opener
