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
