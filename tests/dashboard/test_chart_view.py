"""Link chart view: the link picker never outlives the options it was built from; the default
chart draws what an analyst links, not dates and numbers."""

from __future__ import annotations

from tests.dashboard.helpers import (
    app,
    choose,
    go,
    isolated,  # noqa: F401 (autouse fixture)
    labelled,
    page_text,
    seeded_case,
    stored_document,
)

OTHER = "Ana Ruiz met Tom Berg in Austin.\nTom Berg sold cocaine to the Bloods.\nThe Bloods met Ana Ruiz."
OTHER_NAMES = [
    ("Ana Ruiz", "PERSON"),
    ("Tom Berg", "PERSON"),
    ("Austin", "GPE"),
    ("cocaine", "DRUG"),
    ("Bloods", "GANG_ORG"),
]


def evidence_title(at) -> str:
    """The bold "A — B" line above the evidence sentences."""
    return next(m.value for m in reversed(at.markdown) if m.value.startswith("**") and " — " in m.value)


def test_the_link_picker_starts_afresh_when_a_focus_changes_its_options():
    seeded_case()
    at = go(app(), "Link chart")
    choose(labelled(at.selectbox, "Link"), ("DRUG:fentanyl", "GANG_ORG:latin kings")).run()
    assert evidence_title(at).replace("\\", "") == "**fentanyl — Latin Kings**"
    labelled(at.selectbox, "Focus on an entity").set_value("PERSON:maria lopez").run()
    link = labelled(at.selectbox, "Link")
    shown = link.format_func(link.value)
    assert shown == link.options[0], "a link chosen among other options stood in for another one"
    names = shown.rsplit(" (", 1)[0]
    assert evidence_title(at).replace("\\", "") == f"**{names}**"


def test_a_deleted_cases_link_choice_does_not_show_in_another_case():
    stored_document("Another case", "notes.txt", OTHER, OTHER_NAMES)
    seeded_case()  # "Op Tide", opened first (cases are listed by name)
    at = go(app(), "Link chart")
    assert at.sidebar.selectbox(key="case").value == "Another case"
    at.sidebar.selectbox(key="case").set_value("Op Tide").run()
    choose(labelled(at.selectbox, "Link"), ("DRUG:fentanyl", "GANG_ORG:latin kings")).run()
    at.sidebar.text_input(key="sidebar_confirm_delete").input("Op Tide").run()
    at.sidebar.button(key="sidebar_delete").click().run()
    assert at.sidebar.selectbox(key="case").value == "Another case"
    link = labelled(at.selectbox, "Link")
    assert link.format_func(link.value) == link.options[0]


def test_the_default_chart_leaves_dates_out_of_links_and_paths():
    text = "On March 14, 2026 Maria Lopez sold heroin to the Crips.\nOn March 14, 2026 Ana Ruiz met Tom Berg."
    names = [("March 14, 2026", "DATE"), ("Maria Lopez", "PERSON"), ("heroin", "DRUG"), ("Crips", "GANG_ORG")]
    stored_document("Op Tide", "memo.txt", text, [*names, ("Ana Ruiz", "PERSON"), ("Tom Berg", "PERSON")])
    at = go(app(), "Link chart")
    labels = labelled(at.multiselect, "Labels")
    assert "DATE" in labels.options and "DATE" not in labels.value
    assert "DATE:march 14, 2026" not in at.get("iframe")[0].proto.srcdoc  # no node, no link
    labelled(at.selectbox, "Path from").set_value("PERSON:maria lopez")
    labelled(at.selectbox, "to").set_value("PERSON:ana ruiz").run()
    assert "No chain of links connects Maria Lopez (PERSON) and Ana Ruiz (PERSON)" in page_text(at)


def test_a_minimum_link_weight_leaves_out_the_entities_it_unlinks_unless_asked():
    """Issue 33: the unlinked entities stayed as isolated dots, each in its own community colour."""
    stored_document("Op Tide", "notes.txt", OTHER + "\nTom Berg sold cocaine to the Bloods again.", OTHER_NAMES)
    at = go(app(), "Link chart")
    at.number_input(key="chart_min_weight").set_value(2).run()
    page = at.get("iframe")[0].proto.srcdoc
    assert "PERSON:tom berg" in page and "PERSON:ana ruiz" not in page and "GPE:austin" not in page
    assert "2 without links left out" in page_text(at)
    at.checkbox(key="chart_unlinked").check().run()
    page = at.get("iframe")[0].proto.srcdoc
    assert "PERSON:ana ruiz" in page and "GPE:austin" in page
    assert "without links left out" not in page_text(at)
