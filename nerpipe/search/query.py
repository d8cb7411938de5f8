"""Search queries: words, "phrases", AND / OR / NOT (in capitals, as the user writes them), prefix*
and brackets, parsed once into a small tree that each store backend compiles to its own syntax
(SQLite FTS5 MATCH, PostgreSQL tsquery). A query the parser refuses gets a message that says what to
change; the database never sees it.

Text and queries are cut into terms the same way for both backends: runs of letters and digits,
case and accents folded ("Peña-Nieto" is the terms pena, nieto). A word that holds several terms
("ana.ruiz@example.com", "26-04417") is a phrase of them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from nerpipe.errors import QueryError

_TERM = re.compile(r"[^\W_]+")
_TOKEN = re.compile(r'"[^"]*"?|\(|\)|[^\s()"]+')
OPERATORS = ("AND", "OR", "NOT")
MAX_QUERY_CHARS = 1000
MIN_PREFIX = 2


@dataclass(frozen=True, slots=True)
class Term:
    """One word or phrase: its terms in order; `prefix` matches any word starting with the last."""

    words: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class All:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Any:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    item: Node


Node = Term | All | Any | Not


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Case and accents folded: what a term is compared as."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def terms(text: str) -> list[str]:
    """The searchable terms of a text, folded."""
    return [fold(word) for word in _TERM.findall(text)]


def parse_query(query: str) -> Node:
    """The query as a tree; QueryError with advice when it cannot be one.

    >>> parse_query('"Luis Ortega" AND (cocaine OR heroin) NOT fent*')
    All(items=(Term(words=('luis', 'ortega'), prefix=False), Any(items=(Term(words=('cocaine',), prefix=False), \
Term(words=('heroin',), prefix=False))), Not(item=Term(words=('fent',), prefix=True))))
    """
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"The search is too long ({len(query)} characters): use at most {MAX_QUERY_CHARS}.")
    tokens = _TOKEN.findall(query)
    if not any(_TERM.search(token) for token in tokens):
        raise QueryError("Type at least one word to search for.")
    parser = _Parser(tokens)
    node = parser.expression()
    if parser.position < len(tokens):
        raise QueryError(f"“{tokens[parser.position]}” has no opening bracket: remove it or add a “(” before.")
    _check_positive(node)
    return node


class _Parser:
    def __init__(self, tokens: list[str]) -> None:
        self.tokens, self.position = tokens, 0

    def peek(self) -> str | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self) -> str:
        token = self.tokens[self.position]
        self.position += 1
        return token

    def expression(self) -> Node:
        items = [self.conjunction()]
        while self.peek() == "OR":
            self.take()
            items.append(self.conjunction("OR"))
        return items[0] if len(items) == 1 else Any(tuple(items))

    def conjunction(self, after: str | None = None) -> Node:
        items = [self.unary(after)]
        while (token := self.peek()) is not None and token not in ("OR", ")"):
            if token == "AND":
                self.take()
                items.append(self.unary("AND"))
            else:
                items.append(self.unary())
        return items[0] if len(items) == 1 else All(tuple(items))

    def unary(self, after: str | None = None) -> Node:
        token = self.peek()
        if token is None or token in ("AND", "OR", ")"):
            if after is not None:
                raise QueryError(f"“{after}” needs a word after it, e.g. “cocaine {after} heroin”.")
            if token is None:
                raise QueryError("The search ends where a word is expected: add one.")
            raise QueryError(f"“{token}” needs a word before it, e.g. “cocaine {token} heroin”.")
        if token == "NOT":
            self.take()
            return Not(self.unary("NOT"))
        if token.startswith("-") and len(token) > 1 and _TERM.match(token[1:]):
            self.tokens[self.position] = token[1:]
            return Not(self.unary("NOT"))
        if token == "(":
            self.take()
            if self.peek() == ")":
                raise QueryError("“()” holds nothing: put words inside the brackets or remove them.")
            node = self.expression()
            if self.peek() != ")":
                raise QueryError("A “(” is not closed: add a “)”.")
            self.take()
            return node
        return self.word(self.take())

    def word(self, token: str) -> Node:
        if token.startswith('"'):
            if len(token) == 1 or not token.endswith('"'):
                raise QueryError('A phrase is not closed: add the second ", as in "Luis Ortega".')
            words = terms(token[1:-1])
            if not words:
                raise QueryError(f"The phrase {token} has no words in it.")
            prefix = token[1:-1].rstrip().endswith("*")
        else:
            prefix = token.endswith("*")
            words = terms(token)
            if not words:
                return All(())  # punctuation alone: nothing to find, nothing to require
        if prefix and len(words[-1]) < MIN_PREFIX:
            raise QueryError(f"“{token}”: a word ending in * needs at least {MIN_PREFIX} letters before the *.")
        return Term(tuple(words), prefix)


def _check_positive(node: Node) -> None:
    """Every alternative must require some word: NOT alone would list every document; and NOT
    excludes from what the words beside it find, so it cannot be one side of an OR."""
    _check_not(node)
    if not _required(node):
        raise QueryError(
            "A search needs a word that must appear: “NOT heroin” alone finds nothing; try “cocaine NOT heroin”."
        )


def _check_not(node: Node) -> None:
    if isinstance(node, Any) and any(isinstance(item, Not) for item in node.items):
        raise QueryError("NOT cannot be one side of an OR: write “(cocaine OR heroin) NOT fentanyl”.")
    if isinstance(node, Not):
        if not _required(node.item) or isinstance(node.item, Not):
            raise QueryError("NOT needs the words to leave out after it, once: “cocaine NOT heroin”.")
        _check_not(node.item)
    elif isinstance(node, All | Any):
        for item in node.items:
            _check_not(item)


def _required(node: Node) -> bool:
    if isinstance(node, Term):
        return True
    if isinstance(node, Not):
        return False
    if isinstance(node, All):
        return any(_required(item) for item in node.items)
    return all(_required(item) for item in node.items)


def simplify(node: Node) -> Node:
    """Empty groups (punctuation-only words) dropped; one-item groups unwrapped."""
    if isinstance(node, Term):
        return node
    if isinstance(node, Not):
        return Not(simplify(node.item))
    items = tuple(simplify(item) for item in node.items)
    items = tuple(item for item in items if not (isinstance(item, All | Any) and not item.items))
    if len(items) == 1:
        return items[0]
    return type(node)(items)


def positive_terms(node: Node) -> list[Term]:
    """The words and phrases a hit holds (those under NOT excluded): what a snippet marks."""
    if isinstance(node, Term):
        return [node]
    if isinstance(node, Not):
        return []
    return [term for item in node.items for term in positive_terms(item)]


def to_fts5(node: Node) -> str:
    """SQLite FTS5 MATCH syntax. Terms are letters and digits only, so quoting them is safe."""
    if isinstance(node, Term):
        return '"' + " ".join(node.words) + '"' + ("*" if node.prefix else "")
    if isinstance(node, Not):
        raise AssertionError("NOT is compiled by its group")
    if isinstance(node, Any):
        return "(" + " OR ".join(to_fts5(item) for item in node.items) + ")"
    required = [item for item in node.items if not isinstance(item, Not)]
    excluded = [item.item for item in node.items if isinstance(item, Not)]
    text = "(" + " AND ".join(to_fts5(item) for item in required) + ")"
    for item in excluded:
        text += " NOT " + to_fts5(item)
    return "(" + text + ")"


def to_tsquery(node: Node) -> str:
    """PostgreSQL to_tsquery('simple', ...) syntax."""
    if isinstance(node, Term):
        words = list(node.words)
        if node.prefix:
            words[-1] += ":*"
        return "(" + " <-> ".join(words) + ")"
    if isinstance(node, Not):
        return "!" + to_tsquery(node.item)
    joiner = " | " if isinstance(node, Any) else " & "
    return "(" + joiner.join(to_tsquery(item) for item in node.items) + ")"


def compile_query(query: str) -> Node:
    """parse_query, then simplify: the tree the store compiles."""
    node = simplify(parse_query(query))
    _check_positive(node)
    return node
