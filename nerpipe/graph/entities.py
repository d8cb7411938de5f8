"""Mentions → canonical entities.

An entity is keyed by (label, normalised name); a pattern's canonical id wins, so "Mara
Salvatrucha" and "MS13" are one node. Inside one document the resolution stage (nerpipe.resolve)
then decides which mentions are one entity: people's names without titles, suffixes and middle
initials, a surname or first name alone joined to its full name, places by their canonical name,
one label per name, short forms joined to the organisation they spell; then across the case, one
label per name and a lone first name or surname joined to the case's one full name it fits. Analyst merges are data
applied on top, and can be undone by removing them.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from nerpipe.identifiers import CARD, mask_card
from nerpipe.resolve import resolve_case, resolve_keys
from nerpipe.resolve.person_names import person_display
from nerpipe.types import Mention

_QUOTES = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "`": "'",
        "´": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
        "—": "-",
        "―": "-",
        "−": "-",
    }
)
_LEADING_THE = re.compile(r"^the\s+")
_LEADING_THE_WORD = re.compile(r"^[Tt]he\s+")
_POSSESSIVE = re.compile(r"(?:'s|')$")
_EDGE_PUNCTUATION = re.compile(r"^[\s(\[{<,;:.]+|[\s)\]}>,;:]+$")


@lru_cache(maxsize=200_000)
def normalise_name(text: str) -> str:
    """The comparison form of a name: NFKC, unified quotes and dashes, casefolded, single
    spaces, no leading "the", no trailing possessive.

    >>> normalise_name("The  Latin Kings’s")
    'latin kings'
    """
    name = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    name = " ".join(name.split())
    name = _EDGE_PUNCTUATION.sub("", name)
    if len(name) > 2 and name[0] == name[-1] and name[0] in "\"'":
        name = name[1:-1].strip()
    name = _LEADING_THE.sub("", name)
    name = _POSSESSIVE.sub("", name).strip()
    return name or " ".join(text.split()).casefold()


def shown_text(mention: Mention) -> str:
    """A mention's words as views and exports show them: on one line, a card number masked."""
    form = " ".join(mention.text.split())
    return mask_card(form) if mention.label == CARD else form


def entity_id(label: str, name: str) -> str:
    """A readable, stable id: the same entity gets the same id in every run and export."""
    return f"{label}:{name}"


def mention_name(mention: Mention) -> str:
    """The mention's normalised name: its pattern's canonical id where it has one."""
    return normalise_name(mention.pattern_id) if mention.pattern_id else normalise_name(mention.text)


def mention_key(mention: Mention) -> str:
    """The entity id a mention gives by itself, before the resolution stage and analyst merges."""
    return entity_id(mention.label, mention_name(mention))


@dataclass(frozen=True, slots=True)
class Merge:
    """An analyst's decision that several entities are one: `members` are folded into `into`."""

    into: str
    members: tuple[str, ...]


@dataclass(slots=True)
class Entity:
    id: str
    name: str
    label: str
    aliases: list[str]
    mentions: int
    documents: int


@dataclass(slots=True)
class EntityIndex:
    """Entities, and for each mention (by position in the input) the entity it belongs to."""

    entities: dict[str, Entity]
    mention_entity: list[str]
    mentions: Sequence[Mention] = field(default_factory=list)

    def mentions_of(self, entity: str) -> list[Mention]:
        return [m for m, e in zip(self.mentions, self.mention_entity, strict=True) if e == entity]


def build_entities(mentions: Sequence[Mention], merges: Iterable[Merge] = ()) -> EntityIndex:
    """Group mentions into entities: canonical keys, the resolution stage per document, then merges."""
    resolved = resolve_keys(mentions, [mention_name(m) for m in mentions])
    original, joined = resolve_case(mentions, [own for own, _ in resolved], [key for _, key in resolved])
    redirect = _merge_map(_in_todays_ids(merges, [mention_key(m) for m in mentions], joined))
    keys = [redirect.get(k, k) for k in joined]
    surfaces: dict[str, Counter[str]] = defaultdict(Counter)
    #: Surface forms that are the entity's own name (not a surname joined to it, nor an entity
    #: merged into it): they name it.
    own: dict[str, Counter[str]] = defaultdict(Counter)
    documents: dict[str, set[str]] = defaultdict(set)
    for mention, before, key in zip(mentions, original, keys, strict=True):
        form = shown_text(mention)
        surfaces[key][form] += 1
        if before == key:
            own[key][form] += 1
        documents[key].add(mention.doc)
    entities = {}
    for key, forms in surfaces.items():
        label = key.split(":", 1)[0]  # the id starts with the label (see entity_id)
        entities[key] = Entity(
            id=key,
            name=entity_name(label, own.get(key) or forms),
            label=label,
            aliases=sorted(forms),
            mentions=sum(forms.values()),
            documents=len(documents[key]),
        )
    return EntityIndex(entities, keys, mentions)


def entity_name(label: str, forms: Counter[str]) -> str:
    """An entity's name from the surface forms that name it (form -> mentions): the most frequent
    one, without a leading "the"; ties go to the longest, then alphabetical, for stable output."""
    naming: Counter[str] = Counter()
    for form, count in forms.items():
        naming[_LEADING_THE_WORD.sub("", form) or form] += count  # "the Pier Road" names "Pier Road"
    name = sorted(naming.items(), key=lambda item: (-item[1], -len(item[0]), item[0]))[0][0]
    return person_display(name) if label == "PERSON" else name


def _in_todays_ids(merges: Iterable[Merge], plain: Sequence[str], joined: Sequence[str]) -> list[Merge]:
    """Merges as saved name entities by the ids their mentions gave before the resolution stage
    ("PERSON:richard l. durbin"); such an id that is no entity now, and whose mentions now all form
    one entity, stands for that one, so an analyst's earlier merges keep applying."""
    now: dict[str, set[str]] = defaultdict(set)
    for before, after in zip(plain, joined, strict=True):
        now[before].add(after)
    current = set(joined)
    today = {old: next(iter(new)) for old, new in now.items() if old not in current and len(new) == 1}
    return [
        Merge(today.get(merge.into, merge.into), tuple(today.get(member, member) for member in merge.members))
        for merge in merges
    ]


def _merge_map(merges: Iterable[Merge]) -> dict[str, str]:
    """Member id → final id, following chains (A into B, then B into C)."""
    direct: dict[str, str] = {}
    for merge in merges:
        for member in merge.members:
            if member != merge.into:
                direct[member] = merge.into
    resolved = {}
    for member in direct:
        target, seen = direct[member], {member}
        while target in direct and target not in seen:
            seen.add(target)
            target = direct[target]
        resolved[member] = target
    return resolved
