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
    ("outlaw", "motorcycle", "gangs"),
    ("outlaw", "motorcycle", "clubs"),
    ("motorcycle", "club"),
    ("motorcycle", "clubs"),
    ("motorcycle", "gang"),
    ("motorcycle", "gangs"),
    ("street", "gang"),
    ("street", "gangs"),
    ("prison", "gang"),
    ("prison", "gangs"),
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
    {"crips", "crip", "bloods", "boyz", "gangsters", "locos", "homeboys", "homeboyz", "posse", "mafia", "cartel"}
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
_OPENERS = frozenset(
    {"the", "a", "an", "this", "that", "these", "those", "rival", "violent", "local", "other", "some", "many",
     "several", "all", "most", "both", "each", "every", "such", "any", "major", "notorious", "known", "former"}
)  # fmt: skip
#: Plural heads one name shares with another before it ("the V-Boys and Tiny Oriental Crip gangs").
_PLURAL_HEADS = frozenset({"gangs", "cliques", "clubs"})
_POSSESSIVES = frozenset({"'s", "’s"})
_ARTICLES = frozenset({"a", "an"})
#: Words after a head that keep it the noun the apposition ends with ("a street gang that ...").
_AFTER_APPOSITION = frozenset(
    {"that", "which", "who", "whose", "based", "known", "formed", "founded", "in", "from", "with", "of", "and",
     "operating", "active", "originating", "associated", "affiliated", "responsible"}
)  # fmt: skip


def find_gang_names(doc: Doc, lowers: list[str] | None = None) -> int:
    """Label the gang names of the two shapes above (`lowers`: the doc's lower-cased words, when the
    caller has them); returns how many were placed."""
    placed = 0
    lowers = lowers or lower_words(doc)
    i = 0
    while i < len(doc):
        head = _head_at(doc, lowers, i)
        if head and _apposition_after(doc, i + head):
            placed += 1  # "Violent Chicago Street Gang, the Hobos,": the name follows, the words before describe
            i += head
            continue
        if head:
            placed += _apposition_before(doc, i, i + head)
            plural = lowers[i + head - 1] in _PLURAL_HEADS
            placed += _name_before_head(doc, i, places_allowed=lowers[i] in _FACTION_HEADS, plural=plural)
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


def _name_before_head(doc: Doc, head_start: int, *, places_allowed: bool, plural: bool = False) -> int:
    before = entity_at(doc, head_start - 1) if head_start > 0 else None
    if before is not None and is_fixed(before):
        # a listed name before its head ("Bronx Trinitarios Gang"): the list already named it
        return _shared_head(doc, before.start) if plural else 0
    end = head_start
    if _possessive_at(doc, end - 1):
        end -= 1  # "the Pagan's Motorcycle Club": the name keeps its apostrophe
    start = _trim_openers(doc, name_run_before(doc, end), end)
    start = _after_place_prefix(doc, start, end)
    if not _acceptable(doc, start, end, places_allowed=places_allowed):
        return 0
    placed = int(place(doc, start, head_start, LABEL, "gang_head"))
    return placed + (_shared_head(doc, start) if placed and plural else 0)


def _apposition_after(doc: Doc, head_end: int) -> bool:
    """Label the name a head is followed by in apposition ("a Chicago street gang, the Hobos, ..."):
    a comma, "the", a short name run, and a comma or the sentence's end."""
    if head_end + 2 >= len(doc) or doc[head_end].text != "," or doc[head_end + 1].lower_ != "the":
        return False
    start = head_end + 2
    end = start
    while end < len(doc) and end - start < 4 and (is_name_word(doc[end]) or doc[end].text == "-"):
        end += 1
    if end == start or end >= len(doc) or doc[end].text not in (",", ".", ";", ")"):
        return False
    if not _acceptable(doc, start, end, places_allowed=True) or labels_over(doc, start, end) & {"PERSON"}:
        return False
    return place(doc, start, end, LABEL, "gang_head")


def _apposition_before(doc: Doc, head_start: int, head_end: int) -> int:
    """The name a head describes in apposition before it ("Big Hazard, a multi-generational street
    gang"): the name run, a comma, "a" or "an", and up to four lower-case words."""
    i = head_start - 1
    while i > 0 and head_start - i <= 5 and doc[i].lower_ not in _ARTICLES and (doc[i].is_lower or doc[i].text == "-"):
        i -= 1
    if i < 2 or doc[i].lower_ not in _ARTICLES or doc[i - 1].text != ",":
        return 0
    if head_end < len(doc) and doc[head_end].is_alpha and doc[head_end].lower_ not in _AFTER_APPOSITION:
        return 0  # the head describes another noun ("Compton, a street gang stronghold")
    end = i - 1
    entity = entity_at(doc, end - 1)
    if entity is not None and entity.label_ == LABEL:
        return 0
    start = _trim_openers(doc, name_run_before(doc, end), end)
    if not _acceptable(doc, start, end, places_allowed=False) or labels_over(doc, start, end) & {"PERSON"}:
        return 0
    return int(place(doc, start, end, LABEL, "gang_head"))


def _possessive_at(doc: Doc, i: int) -> bool:
    """Token i is a possessive ending glued to a name word ("Pagan" + "'s")."""
    return i > 0 and doc[i].text in _POSSESSIVES and not doc[i - 1].whitespace_ and is_name_word(doc[i - 1])


def _shared_head(doc: Doc, name_start: int) -> int:
    """The name before "and" that shares a plural head ("the V-Boys and Tiny Oriental Crip gangs")."""
    joiner = name_start - 1
    if joiner <= 0 or doc[joiner].lower_ not in ("and", "or"):
        return 0
    before = entity_at(doc, joiner - 1)
    if before is not None and before.label_ == LABEL:
        return 0
    start = _trim_openers(doc, name_run_before(doc, joiner), joiner)
    if not _acceptable(doc, start, joiner, places_allowed=False):
        return 0
    return int(place(doc, start, joiner, LABEL, "gang_head"))


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
    if name_end > 0 and doc[name_end - 1].text.isdigit():
        return 0  # a count ("Charges 38 Gangsters"), not a name
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
