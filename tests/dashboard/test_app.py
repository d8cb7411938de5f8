"""The dashboard through Streamlit's AppTest (no browser): every view, corrections persisting."""

from __future__ import annotations

from tests.dashboard.helpers import (
    REPORT,
    app,
    choose,
    entity_names,
    go,
    isolated,  # noqa: F401 (autouse fixture)
    labelled,
    seeded_case,
    table_with,
)


def test_create_a_case_and_add_pasted_text():
    at = app()
    assert not at.exception
    at.sidebar.text_input(key="sidebar_new_name").input("Operation Tide")
    at.sidebar.button(key="sidebar_create").click().run()
    assert at.sidebar.selectbox(key="case").value == "Operation Tide"
    at.text_area(key="upload_text").input(REPORT)
    at.button(key="upload_run").click().run()
    assert not at.exception
    assert at.success and "1 file(s) added" in at.success[0].value
    outcomes = table_with(at, "file", "mentions")
    assert outcomes["mentions"][0] > 5
    at.button(key="upload_run").click().run()  # the same text again: reported, not added twice
    assert any("already in this case" in i.value for i in at.info)


def test_entities_filters_and_mentions_in_context():
    seeded_case()
    at = go(app(), "Entities")
    assert not at.exception
    names = entity_names(at)
    assert {"Latin Kings", "Sinaloa Cartel", "fentanyl", "heroin"} <= set(names)
    labelled(at.multiselect, "Labels").set_value(["DRUG"]).run()
    assert set(entity_names(at)) == {"fentanyl", "heroin"}
    labelled(at.multiselect, "Labels").set_value(["DRUG", "GANG_ORG"]).run()
    at.text_input(key="entities_search").input("latin").run()
    assert entity_names(at) == ["Latin Kings"]
    at.number_input(key="entities_min_mentions").set_value(3).run()
    assert at.main.caption[0].value.startswith("0 of ")
    at.number_input(key="entities_min_mentions").set_value(1).run()
    mentions = table_with(at, "document", "sentence")
    assert all("«Latin Kings»" in sentence for sentence in mentions["sentence"])
    assert set(mentions["document"]) == {"report.pdf"}
    assert set(mentions["page"]) == {"1"}


def test_merge_and_reject_persist_across_reruns():
    seeded_case()
    at = go(app(), "Entities")
    labelled(at.selectbox, "Keep").set_value("GANG_ORG:latin kings").run()
    labelled(at.multiselect, "Merge into it").set_value(["GANG_ORG:sinaloa cartel"]).run()
    at.button(key="entities_merge").click().run()
    assert "Sinaloa Cartel" not in entity_names(at)
    assert not at.exception
    # Reject the mention "fentanyl": pick the entity; its first mention is chosen.
    labelled(at.selectbox, "Entity").set_value("DRUG:fentanyl").run()
    at.button(key="entities_reject").click().run()
    fresh = go(app(), "Entities")  # a new session: everything comes from the store
    names = entity_names(fresh)
    assert "fentanyl" not in names and "Sinaloa Cartel" not in names
    latin = table_with(fresh, "name", "aliases", "documents").set_index("name").loc["Latin Kings"]
    assert "Sinaloa Cartel" in latin["aliases"]
    fresh.button(key="entities_unmerge_GANG_ORG:sinaloa cartel").click().run()
    assert "Sinaloa Cartel" in entity_names(fresh)


def test_documents_view_highlights_entities_and_escapes_text():
    seeded_case()
    at = go(app(), "Documents")
    assert not at.exception
    table = table_with(at, "file", "added")
    assert set(table["file"]) == {"report.pdf", "affidavit.docx"}
    page = "".join(element.proto.body for element in at.get("html"))
    assert "<mark" in page and "page 1" in page


def test_link_chart_renders_and_shows_evidence():
    seeded_case()
    at = go(app(), "Link chart")
    assert not at.exception
    frames = at.get("iframe")
    assert frames and "vis.Network" in frames[0].proto.srcdoc
    choose(labelled(at.selectbox, "Link"), ("DRUG:fentanyl", "GANG_ORG:latin kings")).run()
    assert any("«fentanyl»" in t.value and "«Latin Kings»" in t.value for t in at.text)
    labelled(at.selectbox, "Path from").set_value("PERSON:maria lopez")
    labelled(at.selectbox, "to").set_value("DRUG:fentanyl").run()
    assert not at.exception
    assert any(h.value == "Path" for h in at.subheader)


def test_a_store_problem_is_a_message_not_a_traceback(monkeypatch):
    monkeypatch.setenv("NERPIPE_DATABASE_URL", "postgresql+psycopg://nobody:x@127.0.0.1:1/none")
    at = app()
    assert not at.exception
    assert any("Cannot open the database" in e.value for e in at.sidebar.error)


def test_a_dashboard_served_to_the_network_asks_for_a_login_and_shows_no_case():
    from streamlit import config

    seeded_case()
    assert not [c for c in app().sidebar.caption if "Served to the network" in c.value]
    previous = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")
    try:
        at = app()
    finally:
        config.set_option("server.address", previous)
    assert not at.exception
    assert any("No one can log in yet" in w.value for w in at.warning)  # no admin: nobody gets in
    assert not at.sidebar.selectbox and "Op Tide" not in str([m.value for m in at.markdown])
