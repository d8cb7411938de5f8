"""The comparison form of a person's name: what varies between mentions of one person is dropped.

Titles ("Special Agent", "Judge", "Det."), generational suffixes ("Jr.", "III") and middle initials
("Richard L. Durbin") are kept in the mention as written but left out of the key and of the node's name,
so "Richard L. Durbin, Jr." and "Richard Durbin" are one node; hyphens in compound surnames count as
spaces ("Arellano-Felix" = "Arellano Felix").
"""

from __future__ import annotations

import re
from functools import lru_cache

#: Titles and roles written before a name in U.S. case documents (lower case, longest first).
TITLES: tuple[str, ...] = tuple(
    sorted(
        """
        acting special agent in charge|special agent in charge|assistant special agent in charge|special agent|
        resident agent in charge|assistant director in charge|agent|u.s. district judge|united states district judge|
        senior u.s. district judge|u.s. magistrate judge|united states magistrate judge|magistrate judge|
        district judge|chief judge|senior judge|circuit judge|judge|justice|acting u.s. attorney|u.s. attorney|
        united states attorney|assistant u.s. attorney|assistant united states attorney|ausa|attorney general|
        assistant attorney general|deputy attorney general|district attorney|police commissioner|commissioner|
        police chief|chief of police|chief|deputy chief|sheriff|undersheriff|detective|det.|sergeant|sgt.|
        lieutenant|lt.|captain|capt.|officer|trooper|inspector|investigator|director|deputy director|administrator|
        acting administrator|secretary|senator|sen.|representative|rep.|governor|gov.|mayor|president|
        mr.|mrs.|ms.|dr.|defendant|co-defendant|witness|victim|inmate
        """.replace("\n", "")
        .replace(" ", " ")
        .split("|"),
        key=len,
        reverse=True,
    )
)
_TITLES = [t.strip() for t in TITLES if t.strip()]
_SUFFIX = re.compile(r"(?:,?\s+(?:jr|sr)\.?|,?\s+(?:ii|iii|iv))$")
_INITIAL = re.compile(r"^[a-z]\.?$")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=100_000)
def person_key(name: str) -> str:
    """The comparison form of a (normalised, lower-case) person name.

    >>> person_key("special agent richard l. durbin, jr.")
    'richard durbin'
    """
    text = _SPACES.sub(" ", name).strip()
    changed = True
    while changed:
        changed = False
        for title in _TITLES:
            if text.startswith(title + " ") and len(text) > len(title) + 1:
                text, changed = text[len(title) + 1 :], True
                break
    text = _SUFFIX.sub("", text).strip(" ,")
    words = text.replace("-", " ").split()
    if len(words) > 2:
        words = [words[0]] + [w for w in words[1:-1] if not _INITIAL.match(w)] + [words[-1]]
    return " ".join(words) or name


def person_display(text: str) -> str:
    """A node's name for a person: the surface as written, without title, suffix or middle initial."""
    form = _SPACES.sub(" ", text).strip()
    lower = form.lower()
    for title in _TITLES:
        if lower.startswith(title + " ") and len(form) > len(title) + 1:
            return person_display(form[len(title) + 1 :])
    suffix = _SUFFIX.search(lower)
    if suffix:
        form = form[: suffix.start()].rstrip(" ,")
    words = form.split()
    if len(words) > 2:
        words = [words[0]] + [w for w in words[1:-1] if not _INITIAL.match(w.lower())] + [words[-1]]
    return " ".join(words) or text
