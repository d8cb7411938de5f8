from nerpipe.graph.chart import build_link_chart
from nerpipe.graph.entities import Merge
from nerpipe.graph.tables import correction_rows, merge_rows
from tests.graph.helpers import mentions_in

TEXT = "Detective Ray Moreno met Ray Moreno's source. The Latin Kings sold pills."
NAMES = [("Detective Ray Moreno", "PERSON"), ("Latin Kings", "GANG_ORG"), ("pills", "DRUG")]


def test_corrections_read_as_words_not_offsets():
    start = TEXT.index("pills")
    decisions = [
        {"id": 1, "sha256": "d", "start": start, "end": start + 5, "action": "reject", "label": None},
        {"id": 2, "sha256": "d", "start": 50, "end": 61, "action": "relabel", "label": "ORG"},
        {"id": 3, "sha256": "d", "start": 900, "end": 905, "action": "reject", "label": None},
    ]
    rows = correction_rows(decisions, {"d": TEXT}, {"d": "report.pdf"})
    assert [(r["words"], r["document"], r["what"]) for r in rows] == [
        ("pills", "report.pdf", "rejected: not an entity"),
        ("Latin Kings", "report.pdf", "relabelled ORG"),
        ("characters 900–905 (no longer in the text)", "report.pdf", "rejected: not an entity"),
    ]


def test_merges_read_as_names_and_labels():
    merges = [Merge("PERSON:ray moreno", ("PERSON:detective ray moreno",))]
    text = TEXT.replace("Ray Moreno's", "Ray Moreno")
    merged = build_link_chart(mentions_in("d", text, [*NAMES, ("Ray Moreno", "PERSON")]), {"d": text}, merges=merges)
    assert merge_rows(merged, merges) == [
        {
            "member": "PERSON:detective ray moreno",
            "member_name": "Detective Ray Moreno (PERSON)",
            "into": "PERSON:ray moreno",
            "into_name": "Ray Moreno (PERSON)",
        }
    ]
