"""A small stored case for chart-image and report tests: three documents (one of them named like
a script, one whose text holds markup), hand-made mentions on known pages."""

from __future__ import annotations

import hashlib

from nerpipe.store import Store
from nerpipe.types import Document, PipelineInfo
from tests.graph.helpers import mentions_in

CASE = "Op Tide"
HOSTILE = "<script>alert(1)</script>.txt"
INFO = PipelineInfo("test", "0", "-", "test", ())
#: (file name, page, text, names): every pair of names in a sentence is a link.
DOCUMENTS = (
    (
        "memo.txt",
        2,
        "Maria Lopez sold heroin to the Latin Kings. Carlos Mendez met Maria Lopez in Denver.",
        [
            ("Maria Lopez", "PERSON"),
            ("heroin", "DRUG"),
            ("Latin Kings", "GANG_ORG"),
            ("Carlos Mendez", "PERSON"),
            ("Denver", "GPE"),
        ],
    ),
    (
        HOSTILE,
        1,
        "Carlos Mendez paid <b>Tom & Berg</b> for fentanyl.",
        [("Carlos Mendez", "PERSON"), ("Tom & Berg", "PERSON"), ("fentanyl", "DRUG")],
    ),
    (
        "ledger.txt",
        5,
        "The $5 to $10 Crew bought fentanyl from Tom & Berg.",
        [("$5 to $10 Crew", "GANG_ORG"), ("fentanyl", "DRUG"), ("Tom & Berg", "PERSON")],
    ),
)
#: Every entity name the chart draws.
NAMES = sorted({name for *_, names in DOCUMENTS for name, _ in names})


def fill_case(store: Store, case: str = CASE) -> dict[str, str]:
    """The case with its three documents; file name → sha256."""
    store.create_case(case)
    shas = {}
    for filename, page, text, names in DOCUMENTS:
        sha = hashlib.sha256((case + filename).encode()).hexdigest()
        document = Document(sha, filename, "text/plain", text, size=len(text))
        store.add_document(case, document, mentions_in(sha, text, names, page=page), INFO, "h")
        shas[filename] = sha
    return shas
