"""The chart picture and the case report over the API: the same files as the CLI, analysts only,
each recorded in the audit log before it is sent."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import pypdfium2 as pdfium
from PIL import Image

from nerpipe.store.layouts import LayoutStore
from tests.api.test_auth_api import assert_problem


def test_chart_pictures_and_reports_come_with_their_audit_entries(api):
    base = f"/v1/cases/{api.case_id}"
    png = api.get(f"{base}/chart.png")
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    assert abs(Image.open(io.BytesIO(png.content)).size[0] - 3508) <= 2
    svg = api.get(f"{base}/chart.svg", params={"labels": "PERSON,DRUG", "max_entities": 5})
    texts = "\n".join("".join(e.itertext()) for e in ET.fromstring(svg.content).iter())
    assert "Tide — link chart" in texts and "labels: PERSON, DRUG" in texts and "Carlos Mendez" in texts
    pdf = api.get(f"{base}/report.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    text = " ".join(" ".join(p.get_textpage().get_text_range().split()) for p in pdfium.PdfDocument(pdf.content))
    assert "Tide — case report" in text and "report.txt" in text and "by ana" in text
    html = api.get(f"{base}/report.html")
    assert html.headers["content-type"].startswith("text/html") and "Tide — case report</h1>" in html.text
    exports = [e for e in api.store.audit.entries(case="Tide") if e.action == "export"]
    assert [(e.actor, e.target) for e in exports] == [
        ("ana", "chart.png"),
        ("ana", "chart.svg"),
        ("ana", "report.pdf"),
        ("ana", "report.html"),
    ]
    assert exports[1].details["labels"] == ["PERSON", "DRUG"] and exports[1].details["node_cap"] == 5


def test_a_viewer_and_a_non_member_get_no_picture_nor_report(api):
    base = f"/v1/cases/{api.case_id}"
    for tail in ("chart.png", "report.pdf"):
        assert "As a viewer you cannot" in assert_problem(api.get(f"{base}/{tail}", who="val"), 403)["detail"]
        assert_problem(api.get(f"{base}/{tail}", who="out"), 404)
    assert_problem(api.get(f"{base}/chart.gif"), 422)
    assert_problem(api.get(f"{base}/chart.png", params={"rank_by": "nonsense"}), 422)
    assert not [e for e in api.store.audit.entries(case="Tide") if e.action == "export"]


def drawn_x(svg: bytes, name: str) -> float:
    """Where the SVG draws `name` across the page: its text element's first x or translate()."""
    for element in ET.fromstring(svg).iter():
        if element.tag.endswith("text") and "".join(element.itertext()).strip() == name:
            found = re.search(r"translate\(([-\d.]+)", element.get("transform", "")) or re.search(
                r"([-\d.]+)", element.get("x", "")
            )
            return float(found[1])
    raise AssertionError(f"{name} is not drawn")


def test_a_saved_layout_places_the_picture_and_the_report_chart(api):
    base = f"/v1/cases/{api.case_id}"
    layouts = LayoutStore.of(api.store)
    layouts.save("Tide", "west", {"PERSON:carlos mendez": (-900.0, 0.0), "DRUG:fentanyl": (900.0, 0.0)})
    layouts.save("Tide", "east", {"PERSON:carlos mendez": (900.0, 0.0), "DRUG:fentanyl": (-900.0, 0.0)})
    west = api.get(f"{base}/chart.svg", params={"layout": "west"})
    east = api.get(f"{base}/chart.svg", params={"layout": "east"})
    assert west.status_code == east.status_code == 200
    assert drawn_x(west.content, "Carlos Mendez") < drawn_x(west.content, "fentanyl")
    assert drawn_x(east.content, "Carlos Mendez") > drawn_x(east.content, "fentanyl")
    assert "layout: east" in "".join(ET.fromstring(east.content).itertext())
    html = api.get(f"{base}/report.html", params={"layout": "west"})
    assert html.status_code == 200 and "layout: west" in html.text
    exports = [e for e in api.store.audit.entries(case="Tide") if e.action == "export"]
    assert [(e.target, e.details["layout"]) for e in exports] == [
        ("chart.svg", "west"),
        ("chart.svg", "east"),
        ("report.html", "west"),
    ]


def test_an_unknown_layout_is_refused_with_its_name_and_nothing_is_recorded(api):
    base = f"/v1/cases/{api.case_id}"
    for tail in ("chart.png", "report.pdf"):
        assert (
            "No layout named 'nowhere'"
            in assert_problem(api.get(f"{base}/{tail}", params={"layout": "nowhere"}), 400)["detail"]
        )
    assert_problem(api.get(f"{base}/chart.svg", params={"layout": "x" * 101}), 422)
    # A viewer may not have the picture, with a layout or without.
    assert_problem(api.get(f"{base}/chart.svg", who="val", params={"layout": "nowhere"}), 403)
    assert not [e for e in api.store.audit.entries(case="Tide") if e.action == "export"]
