"""Entity resolution: which mentions of a document, then of a case, are one real-world entity (issue 34).

The link chart, entity table, exports and API all group mentions through
`nerpipe.graph.entities.build_entities`, which asks `resolve_keys` here for each mention's entity key
within its document, then `resolve_case` for the case's decisions.
"""

from nerpipe.resolve.case import resolve_case
from nerpipe.resolve.documents import resolve_keys

__all__ = ["resolve_case", "resolve_keys"]
