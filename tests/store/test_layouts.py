"""Saved chart layouts: saved, listed, restored exactly after the store is reopened, renamed and
deleted, each change in the audit log; bad names and places refused clearly; a schema-4 store
gets the table on open."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from nerpipe.errors import CaseError, CaseNotFoundError
from nerpipe.store import Store
from nerpipe.store.layouts import LayoutStore
from nerpipe.store.schema import SCHEMA_VERSION, chart_layouts, schema_info

PLACES = {"PERSON:maria lopez": (12.5, -40.0), "DRUG:heroin": (-300.25, 210.0), "GANG_ORG:<b>kings</b>": (0.0, 0.0)}


def test_a_saved_layout_restores_the_same_places_after_a_reopen(store_url):
    store = Store.open(store_url)
    store.create_case("Tide")
    LayoutStore.of(store.acting_as("ana")).save("Tide", "  Court   exhibit ", PLACES)
    store.close()
    again = Store.open(store_url)
    layouts = LayoutStore.of(again)
    assert [(s.name, s.entities) for s in layouts.list("Tide")] == [("Court exhibit", 3)]
    assert layouts.load("Tide", "Court exhibit") == PLACES
    layouts.save("Tide", "Court exhibit", {"DRUG:heroin": (1, 2)})  # replaced
    assert layouts.load("Tide", "Court exhibit") == {"DRUG:heroin": (1.0, 2.0)}
    layouts.rename("Tide", "Court exhibit", "Briefing")
    assert [s.name for s in layouts.list("Tide")] == ["Briefing"]
    layouts.delete("Tide", "Briefing")
    assert layouts.list("Tide") == []
    logged = [(e.actor, e.action, e.target) for e in again.audit.entries(case="Tide") if e.action.startswith("layout")]
    assert logged == [
        ("ana", "layout.save", "Court exhibit"),
        (again.actor, "layout.save", "Court exhibit"),
        (again.actor, "layout.rename", "Court exhibit"),
        (again.actor, "layout.delete", "Briefing"),
    ]
    again.close()


def test_layouts_belong_to_their_case_and_go_with_it(store):
    store.create_case("Tide")
    store.create_case("Ebb")
    layouts = LayoutStore.of(store)
    layouts.save("Tide", "A", PLACES)
    assert layouts.list("Ebb") == []
    with pytest.raises(CaseError, match="No layout named 'A' in case 'Ebb'"):
        layouts.load("Ebb", "A")
    store.delete_case("Tide")
    store.create_case("Tide")
    assert layouts.list("Tide") == []
    with pytest.raises(CaseNotFoundError):
        layouts.list("Nope")


def test_bad_names_and_places_are_refused_with_the_reason(store):
    store.create_case("Tide")
    layouts = LayoutStore.of(store)
    with pytest.raises(CaseError, match="needs a name"):
        layouts.save("Tide", "   ", PLACES)
    with pytest.raises(CaseError, match="at least one entity"):
        layouts.save("Tide", "A", {})
    with pytest.raises(CaseError, match="'DRUG:heroin' in the layout is not two finite numbers"):
        layouts.save("Tide", "A", {"DRUG:heroin": (float("nan"), 1.0)})
    with pytest.raises(CaseError, match="not two numbers"):
        layouts.save("Tide", "A", {"DRUG:heroin": ("left", "up", "more")})
    layouts.save("Tide", "A", PLACES)
    layouts.save("Tide", "B", PLACES)
    with pytest.raises(CaseError, match="already has a layout named 'B'"):
        layouts.rename("Tide", "A", "B")
    with pytest.raises(CaseError, match="No layout named 'C'"):
        layouts.delete("Tide", "C")
    assert [s.name for s in layouts.list("Tide")] == ["A", "B"]


def test_a_schema_4_store_gets_the_layout_table(store_url):
    opened = Store.open(store_url)
    with opened.engine.begin() as connection:
        chart_layouts.drop(connection)
        connection.execute(schema_info.update().values(version=4))
    opened.close()
    again = Store.open(store_url)
    with again.engine.connect() as connection:
        assert connection.execute(text("SELECT version FROM schema_info")).scalar_one() == SCHEMA_VERSION
        assert "chart_layouts" in inspect(connection).get_table_names()
    again.create_case("Tide")
    LayoutStore.of(again).save("Tide", "A", PLACES)
    again.close()
