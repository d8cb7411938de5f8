"""Entity resolution: which mentions of a document are one real-world entity (issue 34).

The link chart, entity table, exports and API all group mentions through
`nerpipe.graph.entities.build_entities`, which asks `resolve_keys` here for each mention's entity key.
"""

from nerpipe.resolve.documents import resolve_keys

__all__ = ["resolve_keys"]
