"""Within one document, which mentions name the same entity: the resolution stage between the
mentions and the graph.

Each mention starts from its normalised name (a pattern's canonical id where it has one). Then, per
document:
1. a weapon named by its kind ("handgun", "shotguns") is a WEAPON_TYPE, which the chart leaves out
   by default, as it does dates: only a make or model ("Glock 19") is a WEAPON node;
   people's names lose titles, suffixes and middle initials (`person_names`); places get their
   canonical name from the gazetteers (`places`): "Va." = "Virginia", "U.S." = "United States"; a
   listed state, country or city the NER called an organisation ("TX", "Boise") is the place, and a
   "place" ending in an organisation's head ("San Antonio Police") is the organisation;
2. one label per name: the mentions of one name take the label a pattern or rule gave it, else the
   NER's majority vote over all its mentions ("Austin" twice GPE, once PERSON, is a place);
3. a surname or first name alone, or a name missing its first or last words ("Úsuga David",
   "Francisco Colorado"), joins the one full name of the document it fits (a one-word ORG or NORP
   too, which the small models often make of a surname);
4. an organisation's short form (all capitals) joins the one organisation of the document whose
   initials it spells ("MPD" = "Metropolitan Police Department");
5. words the NER gave a name's label that a pattern or rule gave a gang or drug elsewhere in the
   document join that gang or drug ("Sinaloa" as ORG, and "Sinaloa" in "the Sinaloa cartel").
Analyst merges are applied afterwards by the caller, on top of these keys.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from nerpipe.resolve.person_names import person_key
from nerpipe.resolve.places import city_names, place_key
from nerpipe.types import SOURCE_ANALYST, SOURCE_MODEL, Mention

PERSON = "PERSON"
WEAPON = "WEAPON"
#: The entity label of a kind of weapon ("handgun"), as against a make or model ("Glock 19").
WEAPON_KIND = "WEAPON_TYPE"
#: Labels a name can move between when the NER's votes disagree.
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})
PLACE_LABELS = frozenset({"GPE", "LOC"})
#: Labels whose names come from lists and rules: where one names a thing, the NER's other label for the
#: same words in the document is a slip.
LISTED_LABELS = frozenset({"GANG_ORG", "DRUG"})
#: One-word mentions the small English models often give a surname ("Salazar" as ORG).
SURNAME_LABELS = frozenset({"PERSON", "ORG", "NORP"})
#: Last words of an organisation's name, which a place name cannot end with.
ORG_HEADS = frozenset({"police", "office", "division", "department", "bureau", "agency", "court", "sheriff"})
#: Last words of a street's or road's name: a name ending so is a facility (a place on a map).
STREET_HEADS = frozenset({"road", "street", "avenue", "boulevard", "lane", "drive", "highway", "pier", "wharf"})
#: Words an organisation's initials skip ("Bureau of Alcohol, Tobacco, Firearms and Explosives").
_SKIPPED = frozenset({"of", "and", "the", "for", "on", "in", "&", "de"})


def resolve_keys(mentions: Sequence[Mention], names: Sequence[str]) -> list[tuple[str, str]]:
    """For each mention, (its own key, its resolved key): `names` are the mentions' normalised
    names; the own key is what the mention says by itself (it names the node), the resolved key
    the entity it joins. Keys are `LABEL:name`."""
    by_doc: dict[str, list[int]] = defaultdict(list)
    for index, mention in enumerate(mentions):
        by_doc[mention.doc].append(index)
    result: list[tuple[str, str]] = [("", "")] * len(mentions)
    for indices in by_doc.values():
        for index, pair in zip(
            indices, _resolve_document([mentions[i] for i in indices], [names[i] for i in indices]), strict=False
        ):
            result[index] = pair
    return result


def _resolve_document(mentions: list[Mention], names: list[str]) -> list[tuple[str, str]]:
    labels, keys = [], []
    for mention, name in zip(mentions, names, strict=True):
        label, key = _own_form(mention, name)
        labels.append(label)
        keys.append(key)
    labels = _one_label_per_name(mentions, labels, keys)
    own = [f"{label}:{key}" for label, key in zip(labels, keys, strict=True)]
    joined = _join_people(mentions, labels, keys)
    joined = _join_short_forms(mentions, labels, joined)
    joined = _join_listed_names(mentions, own, joined)
    return list(zip(own, joined, strict=True))


def _own_form(mention: Mention, name: str) -> tuple[str, str]:
    """The mention's label and comparison name, from its own words."""
    label = mention.label
    if label in NAME_LABELS and len(name.split()) > 1 and name.split()[-1] in STREET_HEADS:
        return "FAC", name  # "Pier Road" as a person, "Dock Street" as a place
    if label == PERSON:
        return label, person_key(name)
    if label == WEAPON and is_weapon_kind(mention):
        return WEAPON_KIND, name
    if mention.pattern_id and mention.source != SOURCE_MODEL:
        return label, name
    if label in PLACE_LABELS and name.split()[-1] in ORG_HEADS:
        return "ORG", name  # "Los Angeles Field Division", "San Antonio Police"
    if label in PLACE_LABELS or label == "ORG":
        bare = name.removeprefix("state of ").removeprefix("commonwealth of ")
        place = place_key(bare)
        if place is not None:
            return "GPE", place
        if label == "ORG" and mention.source == SOURCE_MODEL and bare in city_names():
            return "GPE", bare  # the NER's commonest slip with a city: "Boise", "Corpus Christi"
    return label, name


def is_weapon_kind(mention: Mention) -> bool:
    """A kind of weapon, not a make or model: its canonical name (or, without a pattern, its words)
    is a common noun, with no capital letter and no digit ("handgun" for ".38 revolver", "ghost
    guns"; not "AK-47", "Glock", "Mossberg 500")."""
    if mention.source == SOURCE_ANALYST:
        return False  # an analyst's "WEAPON" stands
    name = mention.pattern_id or mention.text
    return not any(c.isupper() or c.isdigit() for c in name)


def _one_label_per_name(mentions: list[Mention], labels: list[str], keys: list[str]) -> list[str]:
    """Every mention of a name takes one label: a pattern's or rule's if any, else the majority."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    fixed: dict[str, str] = {}
    for mention, label, key in zip(mentions, labels, keys, strict=True):
        if label not in NAME_LABELS:
            continue
        if mention.source != SOURCE_MODEL:
            fixed.setdefault(key, label)
        votes[key][label] += 1
    chosen = {key: fixed.get(key) or majority_label(counter) for key, counter in votes.items() if len(counter) > 1}
    return [chosen.get(key, label) if label in NAME_LABELS else label for label, key in zip(labels, keys, strict=True)]


def majority_label(votes: Counter[str]) -> str:
    """The label most mentions of a name have; a tie goes to the label that names a person, then
    a place (the NER's commonest slip is a person or a city called an organisation)."""
    order = {PERSON: 0, "GPE": 1, "LOC": 2, "FAC": 3, "ORG": 4, "NORP": 5}
    return min(votes, key=lambda label: (-votes[label], order.get(label, 9)))


def _join_people(mentions: list[Mention], labels: list[str], keys: list[str]) -> list[str]:
    """A part of a person's name joins the one full name of the document it begins or ends."""
    named = {key for label, key in zip(labels, keys, strict=True) if label == PERSON and len(key.split()) > 1}
    by_part: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for full in named:
        words = tuple(full.split())
        for n in range(1, len(words)):
            by_part[words[:n]].add(full)
            by_part[words[-n:]].add(full)
    # Full names are those that are no part of a longer one ("Dana Whitfield" of "Dana Whitfield Ortiz").
    full_names = {key for key in named if not by_part.get(tuple(key.split()))}
    by_part = {part: fulls & full_names for part, fulls in by_part.items()}
    joined = []
    for mention, label, key in zip(mentions, labels, keys, strict=True):
        target = key
        words = tuple(key.split())
        may_join = label == PERSON or (
            label in SURNAME_LABELS and len(words) == 1 and mention.text[:1].isupper() and not mention.pattern_id
        )
        if may_join and words and key not in full_names | {""}:
            candidates = by_part.get(words, set())
            if len(candidates) == 1:
                target, label = next(iter(candidates)), PERSON
        joined.append(f"{label}:{target}")
    return joined


def _join_listed_names(mentions: list[Mention], own: list[str], keys: list[str]) -> list[str]:
    """A name the NER labelled that a pattern or rule labelled as a gang or a drug elsewhere in the
    document is that gang or drug ("Sinaloa" as ORG beside "Sinaloa" in "the Sinaloa cartel")."""
    listed: dict[str, set[str]] = defaultdict(set)
    for mention, key in zip(mentions, keys, strict=True):
        if mention.source != SOURCE_MODEL and mention.label in LISTED_LABELS:
            listed[_words(mention.text)].add(key)
    if not listed:
        return keys
    joined = list(keys)
    for index, (mention, key) in enumerate(zip(mentions, own, strict=True)):
        if mention.source == SOURCE_MODEL and key.split(":", 1)[0] in NAME_LABELS:
            targets = listed.get(_words(mention.text), set())
            if len(targets) == 1:
                joined[index] = next(iter(targets))
    return joined


def _words(text: str) -> str:
    return " ".join(text.split()).casefold()


def _join_short_forms(mentions: list[Mention], labels: list[str], keys: list[str]) -> list[str]:
    """An all-capitals ORG short form joins the one ORG of the document whose initials it spells."""
    full: dict[str, set[str]] = defaultdict(set)
    for label, key in zip(labels, keys, strict=True):
        name = key.split(":", 1)[1]
        if label == "ORG" and len(name.split()) > 1:
            for initials in _initials(name):
                full[initials].add(key)
    if not full:
        return keys
    joined = list(keys)
    for index, (mention, label) in enumerate(zip(mentions, labels, strict=True)):
        text = mention.text.strip()
        short = text[:-1] if text.endswith("s") and text[:-1].isupper() else text
        if label != "ORG" or not (2 <= len(short) <= 6 and short.isalpha() and short.isupper()):
            continue
        candidates = full.get(short.lower(), set())
        if len(candidates) == 1:
            joined[index] = next(iter(candidates))
    return joined


def _initials(name: str) -> set[str]:
    """The initials an organisation's short form may spell: of its words, without the small words,
    with and without a leading "U.S." ("U.S. Food and Drug Administration": usfda, fda)."""
    name = name.replace("united states ", "u.s. ", 1) if name.startswith("united states ") else name
    words = [w for w in name.replace(",", " ").replace("-", " ").split() if w not in _SKIPPED]
    if words and words[0] == "u.s.":
        rest = "".join(w[0] for w in words[1:])
        return {f for f in ("us" + rest, rest) if len(f) >= 2}
    letters = "".join(w[0] for w in words)
    return {letters} if len(letters) >= 2 else set()
