"""The entity link graph: canonical entities, co-occurrence with evidence, analysis, exports and
offline rendering."""

from nerpipe.graph.chart import LinkChart, build_link_chart
from nerpipe.graph.cooccur import Context, Edge, Evidence
from nerpipe.graph.entities import Entity, EntityIndex, Merge, build_entities, normalise_name
from nerpipe.graph.export import write_all
from nerpipe.graph.render import RenderOptions, render_html

__all__ = [
    "Context",
    "Edge",
    "Entity",
    "EntityIndex",
    "Evidence",
    "LinkChart",
    "Merge",
    "RenderOptions",
    "build_entities",
    "build_link_chart",
    "normalise_name",
    "render_html",
    "write_all",
]
