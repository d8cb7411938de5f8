"""The case report: what was found, with its sources, as PDF (to file or print) and HTML (to
edit). content.py gathers it from the store; html.py and pdf.py only lay it out."""

from nerpipe.report.content import PARTS, CaseReport, build_report
from nerpipe.report.html import report_html
from nerpipe.report.pdf import report_pdf

#: Report formats and their media types.
REPORT_FORMATS = {"pdf": "application/pdf", "html": "text/html; charset=utf-8"}

__all__ = ["PARTS", "REPORT_FORMATS", "CaseReport", "build_report", "report_bytes", "report_html", "report_pdf"]


def report_bytes(report: CaseReport, fmt: str) -> bytes:
    """The report as `fmt` ("pdf" or "html")."""
    if fmt == "pdf":
        return report_pdf(report)
    if fmt == "html":
        return report_html(report).encode("utf-8")
    raise ValueError(f"report format must be one of {', '.join(REPORT_FORMATS)}, not {fmt!r}")
