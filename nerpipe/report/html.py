"""The case report as one HTML page, for those who edit it (a word processor opens it). Every
piece of case text (names, file names, quotes) is escaped: it shows as text, never as markup.
The chart is an <img> of the PNG, inlined, so the page needs no other file."""

from __future__ import annotations

import base64
from html import escape

from nerpipe.report.content import PARTS, CaseReport

STYLE = """body{font-family:'DejaVu Sans',Arial,sans-serif;font-size:11pt;max-width:60em;margin:2em auto;color:#222}
h1{font-size:20pt}h2{font-size:15pt;border-bottom:1px solid #999;page-break-before:always}
table{border-collapse:collapse;font-size:9.5pt}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}
code{font-size:8.5pt}blockquote{margin:.3em 0 .3em 1.5em;font-style:italic}.cite{color:#555;font-size:9pt}
img{width:100%}"""


def report_html(report: CaseReport) -> str:
    """The whole report as a self-contained page."""
    e = escape
    parts = [
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{e(report.case)} — case report</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>{e(report.case)} — case report</h1>",
    ]
    summary, documents, chart, entities, links, decisions = PARTS
    parts += [
        f"<h2 style='page-break-before:avoid'>{summary}</h2><ul>",
        f"<li>Case: {e(report.case)}</li>",
        f"<li>Made: {e(report.made_at.strftime('%Y-%m-%d %H:%M %Z'))} by {e(report.made_by)}</li>",
        f"<li>Chart: {e(report.filters)}</li>",
        f"<li>{len(report.documents)} documents; {report.entities_shown} entities drawn"
        + (f" ({report.entities_hidden} more hidden)" if report.entities_hidden else "")
        + f"; {report.links_total} links</li></ul>",
        f"<h2>{documents}</h2><table><tr><th>Document</th><th>Pages</th><th>Mentions</th><th>SHA-256</th></tr>",
    ]
    parts += [
        f"<tr><td>{e(d.filename)}</td><td>{d.pages or ''}</td><td>{d.mentions}</td>"
        f"<td><code>{e(d.sha256)}</code></td></tr>"
        for d in report.documents
    ]
    image = base64.b64encode(report.chart_png).decode("ascii")
    parts += ["</table>", f"<h2>{chart}</h2>", f"<img alt='The link chart' src='data:image/png;base64,{image}'>"]
    parts.append(f"<h2>{entities}</h2>")
    for label, rows in report.top_entities.items():
        parts.append(
            f"<h3>{e(label)}</h3><table><tr><th>Name</th><th>Mentions</th><th>Documents</th><th>Links</th></tr>"
        )
        parts += [
            f"<tr><td>{e(r.name)}</td><td>{r.mentions}</td><td>{r.documents}</td><td>{r.links}</td></tr>" for r in rows
        ]
        parts.append("</table>")
    parts.append(f"<h2>{links}</h2>")
    if len(report.links) < report.links_total:
        parts.append(f"<p>The {len(report.links)} strongest of {report.links_total} links drawn.</p>")
    for link in report.links:
        relations = f"; relation words: {e(link.relations)}" if link.relations else ""
        parts.append(f"<h3>{e(link.first)} — {e(link.second)}</h3><p>{link.weight} contexts{relations}</p>")
        for quote in link.quotes:
            parts.append(f"<blockquote>“{e(quote.text)}”</blockquote><div class='cite'>{e(quote.cited)}</div>")
    parts.append(f"<h2>{decisions}</h2>")
    parts += _list("Corrections", report.corrections) + _list("Merges", report.merges)
    parts.append("</body></html>")
    return "\n".join(parts)


def _list(title: str, items: tuple[str, ...]) -> list[str]:
    if not items:
        return [f"<h3>{title}</h3><p>None.</p>"]
    return [f"<h3>{title}</h3><ul>", *(f"<li>{escape(item)}</li>" for item in items), "</ul>"]
