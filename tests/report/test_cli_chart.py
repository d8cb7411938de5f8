"""`nerpipe chart`: the case's chart as PNG or SVG, recorded in the audit log; bad options are
one clear line, never a traceback."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

from PIL import Image
from typer.testing import CliRunner

from nerpipe.cli import app
from tests.report.helpers import CASE, NAMES, fill_case


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def test_chart_writes_png_and_svg_with_every_name_and_records_each(isolated_store, tmp_path):
    fill_case(isolated_store)
    png = run("chart", "--case", CASE, "--out", str(tmp_path / "chart.png"))
    assert png.exit_code == 0, png.stderr
    picture = Image.open(io.BytesIO((tmp_path / "chart.png").read_bytes()))
    assert abs(picture.size[0] - 3508) <= 2 and abs(picture.size[1] - 2481) <= 2
    svg = run("chart", "--case", CASE, "--out", str(tmp_path / "chart.svg"), "--min-weight", "1")
    assert svg.exit_code == 0, svg.stderr
    texts = "\n".join("".join(e.itertext()) for e in ET.parse(tmp_path / "chart.svg").getroot().iter())
    for name in NAMES:
        assert name in texts, name
    assert f"{CASE} — link chart" in texts and "min. link weight 1" in texts
    exports = [e for e in isolated_store.audit.entries(case=CASE) if e.action == "export"]
    assert [e.target for e in exports] == ["chart.png", "chart.svg"]
    assert exports[1].details["window"] == "sentence" and exports[1].details["node_cap"] == 150


def test_chart_focus_and_path_draw_what_the_dashboard_would(isolated_store, tmp_path):
    fill_case(isolated_store)
    out = tmp_path / "focus.svg"
    result = run("chart", "--case", CASE, "--out", str(out), "--focus", "Denver")
    assert result.exit_code == 0, result.stderr
    texts = "\n".join("".join(e.itertext()) for e in ET.parse(out).getroot().iter())
    assert "Denver" in texts and "Maria Lopez" in texts and "Latin Kings" not in texts
    assert "focus: Denver (radius 1)" in texts
    path = run("chart", "--case", CASE, "--out", str(out), "--path-from", "Denver", "--path-to", "fentanyl")
    assert path.exit_code == 0, path.stderr
    texts = "\n".join("".join(e.itertext()) for e in ET.parse(out).getroot().iter())
    assert "path: Denver → fentanyl" in texts


def test_chart_errors_are_one_line(isolated_store, tmp_path):
    fill_case(isolated_store)
    bad_suffix = run("chart", "--case", CASE, "--out", str(tmp_path / "chart.gif"))
    assert bad_suffix.exit_code == 2 and "write a .png or .svg file" in bad_suffix.stderr
    missing = run("chart", "--case", "Nope", "--out", str(tmp_path / "chart.png"))
    assert missing.exit_code == 1 and "No case named 'Nope'" in missing.stderr
    unknown = run("chart", "--case", CASE, "--out", str(tmp_path / "chart.png"), "--focus", "Nobody")
    assert unknown.exit_code == 1 and "No entity 'Nobody'" in unknown.stderr
    nowhere = run("chart", "--case", CASE, "--out", str(tmp_path / "no" / "such" / "chart.png"))
    assert nowhere.exit_code == 1 and "cannot write the picture" in nowhere.stderr
    assert "Traceback" not in bad_suffix.stderr + missing.stderr + unknown.stderr + nowhere.stderr
    assert not [e for e in isolated_store.audit.entries(case=CASE) if e.action == "export" and "Nobody" in str(e)]
