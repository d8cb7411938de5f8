"""A case built and changed at random (documents with dated sentences and paragraphs; deletes,
corrections, added mentions, merges, undo, reprocessing): what the store keeps beside the mentions
(dates, link members) is checked against the same thing computed from scratch after each step."""

from __future__ import annotations

import hashlib
import random

from nerpipe.graph.entities import build_entities, mention_key
from nerpipe.store import Store
from nerpipe.types import Document, Mention, PipelineInfo

INFO = PipelineInfo("en_test", "1", "-", "test", ("ner",), {}, "0" * 64)
#: Names that exercise resolution (a lone surname joined to a full name, one name two labels) and
#: dates: full, relative (to the document's date) and coarse ones.
WORDS = (
    ("Luis Ortega", "PERSON"),
    ("Ortega", "PERSON"),
    ("Ortega", "ORG"),
    ("Luis", "PERSON"),
    ("Marco Salazar", "PERSON"),
    ("Salazar", "PERSON"),
    ("Ana Ortega", "PERSON"),
    ("DEA", "ORG"),
    ("Austin", "GPE"),
    ("Austin", "PERSON"),
    ("Sinaloa", "GANG_ORG"),
    ("heroin", "DRUG"),
    ("Glock 19", "WEAPON"),
    ("March 3, 2024", "DATE"),
    ("two days later", "DATE"),
    ("2023", "DATE"),
    ("May 2024", "DATE"),
    ("yesterday", "DATE"),
)
HEADS = ("Report of April 23, 2024.", "Notes.", "Date: 12 January 2023")


def random_document(rng: random.Random, number: int) -> tuple[Document, list[Mention]]:
    """A document of a few paragraphs of sentences of one to three names each."""
    head = rng.choice(HEADS)
    text, found, sentence = head, [], 0
    for _ in range(rng.randint(1, 4)):
        text += "\n\n"
        for _ in range(rng.randint(1, 4)):
            sentence += 1
            begin = len(text)
            spans = []
            for position in range(rng.randint(1, 3)):
                words, label = rng.choice(WORDS)
                text += ("" if position == 0 else " and ") + words
                spans.append((len(text) - len(words), len(text), words, label))
            text += " met."
            for start, end, words, label in spans:
                source = "pattern" if rng.random() < 0.1 else "model"
                found.append(
                    Mention(
                        "",
                        words,
                        label,
                        start,
                        end,
                        sentence,
                        source,
                        None,
                        None,
                        None,
                        sentence_start=begin,
                        sentence_end=len(text),
                    )
                )
            text += " "
    text += f"({number})"
    sha = hashlib.sha256(text.encode()).hexdigest()
    document = Document(sha, f"doc{number}.txt", "text/plain", text, size=len(text))
    return document, [_in(m, sha) for m in found]


def _in(mention: Mention, sha: str) -> Mention:
    return Mention(
        sha,
        mention.text,
        mention.label,
        mention.start,
        mention.end,
        mention.sentence,
        mention.source,
        mention.pattern_id,
        None,
        None,
        sentence_start=mention.sentence_start,
        sentence_end=mention.sentence_end,
    )


def random_step(rng: random.Random, store: Store, case: str, number: int) -> str:
    """One change to the case; returns its name."""
    docs = store.list_documents(case)
    mentions = store.load_mentions(case, apply_decisions=False)
    entities = list(build_entities(store.load_mentions(case), store.list_merges(case)).entities)
    choice = rng.random()
    if choice < 0.3 or not docs:
        document, found = random_document(rng, number)
        store.add_document(case, document, found, INFO, "h")
        return "add"
    if choice < 0.34:
        store.delete_document(case, rng.choice(docs).id)
        return "delete"
    if choice < 0.44:
        row = rng.choice(docs)
        text = store.load_document(case, row.id).text
        words = rng.choice(WORDS)[0]
        if words in text:
            start = text.index(words)
            label = rng.choice(["PERSON", "ORG", "DATE", "DRUG"])
            store.add_mention(case, row.sha256, start, start + len(words), label, carry=rng.random() < 0.5)
        return "add mention"
    if choice < 0.52 and mentions:
        m = rng.choice(mentions)
        store.reject_mention(case, m.doc, m.start, m.end)
        return "reject"
    if choice < 0.64 and mentions:
        m = rng.choice(mentions)
        store.relabel_mention(case, m.doc, m.start, m.end, rng.choice(["PERSON", "ORG", "GPE", "DATE", "DRUG"]))
        return "relabel"
    if choice < 0.72 and store.list_decisions(case):
        d = rng.choice(store.list_decisions(case))
        store.undo_decision(case, d["sha256"], d["start"], d["end"])
        return "undo"
    if choice < 0.84 and len(entities) > 1:
        into, *members = rng.sample(entities, min(len(entities), rng.randint(2, 3)))
        members = [mention_key(rng.choice(mentions)) if rng.random() < 0.3 else key for key in members]
        store.merge_entities(case, into, members)
        return "merge"
    if choice < 0.9 and store.list_merges(case):
        store.unmerge(case, rng.choice(store.list_merges(case)).members[0])
        return "unmerge"
    row = rng.choice(docs)
    text = store.load_document(case, row.id).text
    _, found = random_document(rng, number)
    kept = [m for m in found if m.end <= len(text)]
    store.replace_mentions(row.id, [_in(m, row.sha256) for m in kept], INFO, "h2")
    return "reprocess"
