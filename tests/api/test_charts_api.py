"""The chart picture and the case report over the API: the same files as the CLI, analysts only,
each recorded in the audit log before it is sent."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pypdfium2 as pdfium
from PIL import Image

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
