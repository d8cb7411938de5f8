"""A saved layout places the chart's entities in the picture and the report; `nerpipe layout`
lists, renames and deletes layouts."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from typer.testing import CliRunner

from nerpipe.cli import app
from nerpipe.store.layouts import LayoutStore
from tests.report.helpers import CASE, fill_case

PLACES = {"PERSON:maria lopez": (-500.0, 0.0), "DRUG:fentanyl": (500.0, 0.0)}


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def name_x(svg: str, name: str) -> float:
    """The x of the <text> element that draws `name`."""
    found = [float(e.get("x")) for e in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text") if e.text == name]
    assert len(found) == 1, name
    return found[0]


def test_a_saved_layout_places_the_entities_of_the_picture(isolated_store, tmp_path):
    fill_case(isolated_store)
    LayoutStore.of(isolated_store).save(CASE, "Exhibit", PLACES)
    assert run("chart", "--case", CASE, "--out", str(tmp_path / "a.svg"), "--layout", "Exhibit").exit_code == 0
    svg = (tmp_path / "a.svg").read_text(encoding="utf-8")
    assert name_x(svg, "Maria Lopez") < name_x(svg, "fentanyl")
    assert "layout: Exhibit" in svg
    LayoutStore.of(isolated_store).save(CASE, "Exhibit", {k: (-x, y) for k, (x, y) in PLACES.items()})
    assert run("chart", "--case", CASE, "--out", str(tmp_path / "b.svg"), "--layout", "Exhibit").exit_code == 0
    svg = (tmp_path / "b.svg").read_text(encoding="utf-8")
    assert name_x(svg, "Maria Lopez") > name_x(svg, "fentanyl")
    report = run("report", "--case", CASE, "--out", str(tmp_path / "r.html"), "--layout", "Exhibit")
    assert report.exit_code == 0, report.stderr
    exports = [e for e in isolated_store.audit.entries(case=CASE) if e.action == "export"]
    assert [e.details["layout"] for e in exports] == ["Exhibit", "Exhibit", "Exhibit"]
    missing = run("chart", "--case", CASE, "--out", str(tmp_path / "c.svg"), "--layout", "Nope")
    assert missing.exit_code == 1 and "No layout named 'Nope'" in missing.stderr


def test_layouts_are_listed_renamed_and_deleted(isolated_store):
    fill_case(isolated_store)
    assert "no saved layouts" in run("layout", "list", "--case", CASE).stderr
    LayoutStore.of(isolated_store).save(CASE, "Exhibit", PLACES)
    assert run("layout", "list", "--case", CASE).stdout.startswith("Exhibit\t2 entities\tsaved ")
    assert run("layout", "rename", "--case", CASE, "Exhibit", "Briefing").exit_code == 0
    assert run("layout", "list", "--case", CASE).stdout.startswith("Briefing\t")
    assert run("layout", "delete", "--case", CASE, "Briefing").exit_code == 0
    gone = run("layout", "delete", "--case", CASE, "Briefing")
    assert gone.exit_code == 1 and "No layout named 'Briefing'" in gone.stderr


def test_a_layout_is_saved_from_a_json_file_and_bad_files_are_one_clear_line(isolated_store, tmp_path):
    fill_case(isolated_store)
    places = tmp_path / "places.json"
    places.write_text('{"PERSON:maria lopez": [-500, 0], "DRUG:fentanyl": [500, 0]}', encoding="utf-8")
    saved = run("layout", "save", "--case", CASE, "Exhibit", "--from", str(places))
    assert saved.exit_code == 0, saved.stderr
    assert LayoutStore.of(isolated_store).load(CASE, "Exhibit") == PLACES
    assert run("chart", "--case", CASE, "--out", str(tmp_path / "a.svg"), "--layout", "Exhibit").exit_code == 0
    svg = (tmp_path / "a.svg").read_text(encoding="utf-8")
    assert name_x(svg, "Maria Lopez") < name_x(svg, "fentanyl")
    bad = (("[1, 2]", "expected"), ("{nope", "not JSON"), ('{"DRUG:fentanyl": ["a", 1]}', "two numbers"))
    for body, problem in bad:
        places.write_text(body, encoding="utf-8")
        refused = run("layout", "save", "--case", CASE, "Bad", "--from", str(places))
        assert refused.exit_code != 0 and problem in refused.stderr and "Traceback" not in refused.stderr
    missing = run("layout", "save", "--case", CASE, "Bad", "--from", str(tmp_path / "none.json"))
    assert missing.exit_code != 0 and "cannot read it" in missing.stderr
    assert [layout.name for layout in LayoutStore.of(isolated_store).list(CASE)] == ["Exhibit"]
