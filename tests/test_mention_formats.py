"""nerpipe extract's CSV and table show a mention on one line; JSON lines keep the exact text its offsets slice."""

from __future__ import annotations

import csv
import io
import json

from nerpipe.mention_formats import MentionFormat, write_mentions
from nerpipe.types import Mention

TEXT = "WITNESS STATEMENT\n\n=Carlos\nMendez"
MENTIONS = [
    Mention(
        doc="d",
        text=TEXT[:19],
        label="ORG",
        start=0,
        end=19,
        sentence=0,
        source="model",
        pattern_id=None,
        confidence=None,
    ),
    Mention(
        doc="d",
        text=TEXT[19:],
        label="PERSON",
        start=19,
        end=33,
        sentence=1,
        source="model",
        pattern_id=None,
        confidence=None,
    ),
]


def written(fmt: MentionFormat) -> str:
    out = io.StringIO()
    assert write_mentions(MENTIONS, fmt, out) == 2
    return out.getvalue()


def test_csv_text_is_the_mention_as_shown_and_still_neutralised():
    rows = list(csv.DictReader(io.StringIO(written(MentionFormat.csv))))
    assert [r["text"] for r in rows] == ["WITNESS STATEMENT", "'=Carlos Mendez"]
    assert [(r["start"], r["end"]) for r in rows] == [("0", "19"), ("19", "33")]


def test_json_lines_keep_the_exact_text_of_the_offsets():
    rows = [json.loads(line) for line in written(MentionFormat.jsonl).splitlines()]
    assert [TEXT[r["start"] : r["end"]] for r in rows] == [r["text"] for r in rows]
