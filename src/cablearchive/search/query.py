"""The query language of the archive, parsed into a small AST (pure: no index here).

    guantanamo detainees          both words (AND is implied)
    "diplomatic note"             a phrase
    detain*                       a prefix
    a OR b, a AND b, NOT a, -a    boolean operators; parentheses group
    tag:PTER origin:"Embassy Almaty" class:secret caption:noforn signer:ordway
    tag:"RICE, CONDOLEEZZA" tag:rice   a person tag, whole or by one of its words
    classifier:"Marc Wall" classifier:ambassador   who classified it: name, title or office
    person:"John Ordway" person:ordway   a person in any role (signer, classifier, tagged,
                                  named in the text), through the archive's person records;
                                  signer: and classifier: find the person's other spellings too
    classification:SECRET         the exact label (class:secret also matches SECRET//NOFORN)
    from:almaty to:"secstate washdc" id:06ALMATY2549 ref:06ALMATY1946 subject:detainees
    created:2006-05..2006-07  released:2011  year:2006  year:2005..2007
    cited:>10  cited:3..5  cited:0    how many cables of the archive cite it
    rank:top1000  rank:..100         its place by PageRank over citations (1 the highest)

A query that cannot be read raises `QueryError`, which says where and why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

FIELDS = (
    "id", "subject", "tag", "origin", "from", "to", "class", "classification", "caption",
    "signer", "classifier", "person", "ref", "created", "released", "year", "cited", "rank",
)  # fmt: skip
MEASURE_FIELDS = ("cited", "rank")
_MEASURE = re.compile(r"^(?:(>=|<=|>|<)?(\d{1,9})|(\d{1,9})?\.\.(\d{1,9})?|top(\d{1,9}))$")
DATE_FIELDS = ("created", "released")
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
# Words end at spaces, parentheses and quotes; a colon ends a field name.
_WORD = re.compile(r"[^\s()\"]+")


class QueryError(ValueError):
    """A query that cannot be read: `position` is the offset (0-based) of the problem."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"{message} (at character {position + 1})")
        self.message = message
        self.position = position


@dataclass(frozen=True, slots=True)
class Term:
    text: str
    field: str | None = None
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Phrase:
    text: str
    field: str | None = None


@dataclass(frozen=True, slots=True)
class DateRange:
    """Dates from `start` to `end`, both included (a `year:` range too, as whole years)."""

    field: str
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class Measure:
    """Cables by the reference graph: `cited` (how many cables of the archive cite it) or
    `rank` (its place by PageRank, 1 the highest), from `low` to `high` (None: open)."""

    field: str
    low: int | None
    high: int | None


@dataclass(frozen=True, slots=True)
class Not:
    node: Node


@dataclass(frozen=True, slots=True)
class And:
    nodes: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    nodes: tuple[Node, ...]


Node = Term | Phrase | DateRange | Measure | Not | And | Or


MAX_DEPTH = 64  # parentheses and NOTs nested deeper than this are not a query a person wrote
# Longer queries are not a person's either, and each term costs the index a lookup: without a
# bound, one request of 15,000 words held a server for seconds. 64 common words ORed together
# take about 170 ms over the 251,287 cables of Cablegate.
MAX_LENGTH = 2000
MAX_TERMS = 64


@dataclass(frozen=True, slots=True)
class Token:
    """One lexical unit of a query; public for tools that edit queries (the viewer's facets)."""

    kind: str  # word, phrase, lparen, rparen, and, or, not, minus
    text: str
    position: int


def parse_query(text: str) -> Node:
    """The AST of a query; raises QueryError for an empty or unreadable query."""
    if len(text) > MAX_LENGTH:
        raise QueryError(f"the query is longer than {MAX_LENGTH:,} characters", MAX_LENGTH)
    tokens = tokenize(text)
    if not tokens:
        raise QueryError("the query is empty", 0)
    words = [t for t in tokens if t.kind in ("word", "phrase", "fieldphrase")]
    if len(words) > MAX_TERMS:
        raise QueryError(f"the query has more than {MAX_TERMS} terms", words[MAX_TERMS].position)
    parser = _Parser(tokens, len(text))
    node = parser.or_expr()
    if parser.i < len(tokens):
        tok = tokens[parser.i]
        raise QueryError(f"unexpected {tok.text!r}: a ')' without its '('", tok.position)
    return node


def tokenize(text: str) -> list[Token]:
    """The tokens of a query; raises QueryError for an unclosed quote."""
    tokens: list[Token] = []
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c == "(":
            tokens.append(Token("lparen", c, i))
            i += 1
        elif c == ")":
            tokens.append(Token("rparen", c, i))
            i += 1
        elif c == '"':
            end = text.find('"', i + 1)
            if end < 0:
                raise QueryError("a quote is not closed", i)
            tokens.append(Token("phrase", text[i + 1 : end], i))
            i = end + 1
        elif c == "-" and i + 1 < n and not text[i + 1].isspace():
            tokens.append(Token("minus", c, i))
            i += 1
        else:
            m = _WORD.match(text, i)
            assert m is not None  # the character is none of the above
            word = m.group(0)
            # `field:"a phrase"`: the phrase belongs to the field.
            if word.endswith(":") and m.end() < n and text[m.end()] == '"':
                end = text.find('"', m.end() + 1)
                if end < 0:
                    raise QueryError("a quote is not closed", m.end())
                tokens.append(Token("fieldphrase", word + text[m.end() + 1 : end], i))
                i = end + 1
                continue
            kind = {"AND": "and", "OR": "or", "NOT": "not"}.get(word, "word")
            tokens.append(Token(kind, word, i))
            i = m.end()
    return tokens


class _Parser:
    def __init__(self, tokens: list[Token], length: int) -> None:
        self.tokens = tokens
        self.i = 0
        self.length = length
        self.depth = 0

    def nested(self, tok: Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QueryError(f"the query nests deeper than {MAX_DEPTH} levels", tok.position)

    def peek(self) -> Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def or_expr(self) -> Node:
        nodes = [self.and_expr()]
        while (tok := self.peek()) is not None and tok.kind == "or":
            self.i += 1
            nodes.append(self.and_expr())
        return nodes[0] if len(nodes) == 1 else Or(tuple(nodes))

    def and_expr(self) -> Node:
        nodes = [self.unary()]
        while (tok := self.peek()) is not None and tok.kind not in ("or", "rparen"):
            if tok.kind == "and":
                self.i += 1
            nodes.append(self.unary())
        return nodes[0] if len(nodes) == 1 else And(tuple(nodes))

    def unary(self) -> Node:
        tok = self.peek()
        if tok is None:
            raise QueryError("the query ends where a word was expected", self.length)
        if tok.kind in ("not", "minus"):
            self.i += 1
            self.nested(tok)
            node = Not(self.unary())
            self.depth -= 1
            return node
        return self.primary()

    def primary(self) -> Node:
        tok = self.peek()
        assert tok is not None
        self.i += 1
        if tok.kind == "lparen":
            if (nxt := self.peek()) is not None and nxt.kind == "rparen":
                raise QueryError("empty parentheses", tok.position)
            self.nested(tok)
            node = self.or_expr()
            close = self.peek()
            if close is None or close.kind != "rparen":
                raise QueryError("a '(' is not closed", tok.position)
            self.i += 1
            self.depth -= 1
            return node
        if tok.kind == "rparen":
            raise QueryError("a ')' without its '('", tok.position)
        if tok.kind in ("and", "or"):
            raise QueryError(f"{tok.text} needs a word on each side", tok.position)
        if tok.kind == "phrase":
            return _phrase(tok.text, None, tok.position)
        if tok.kind == "fieldphrase":
            name, _, value = tok.text.partition(":")
            return _fielded(name, value, tok.position, quoted=True)
        return _word(tok.text, tok.position)


def _word(text: str, position: int) -> Node:
    name, colon, value = text.partition(":")
    if colon and name.lower() in FIELDS:
        return _fielded(name, value, position, quoted=False)
    if colon and name and value and name.isalpha():
        raise QueryError(f"unknown field {name!r}; the fields are {', '.join(FIELDS)}", position)
    return _term(text, None, position)


def _term(text: str, field: str | None, position: int) -> Term:
    prefix = text.endswith("*")
    core = text.rstrip("*")
    if not core:
        raise QueryError("a '*' needs letters before it", position)
    if "*" in core:
        raise QueryError("'*' is allowed only at the end of a word", position)
    return Term(core, field, prefix)


def _phrase(text: str, field: str | None, position: int) -> Node:
    words = text.split()
    if not words:
        raise QueryError("an empty phrase", position)
    return Phrase(" ".join(words), field)


def _fielded(name: str, value: str, position: int, *, quoted: bool) -> Node:
    field = name.lower()
    if not value:
        raise QueryError(f"{field}: needs a value", position)
    if field in DATE_FIELDS or field == "year":
        if quoted:
            raise QueryError(f"{field}: takes a date or a range, not a phrase", position)
        return _dates(field, value, position)
    if field in MEASURE_FIELDS:
        if quoted:
            raise QueryError(f"{field}: takes a number or a range, not a phrase", position)
        return _measure(field, value, position)
    if quoted:
        return _phrase(value, field, position)
    return _term(value, field, position)


def _dates(field: str, value: str, position: int) -> DateRange:
    first, dots, last = value.partition("..")
    if field == "year":
        if not (first.isdigit() and len(first) == 4) or (
            dots and not (last.isdigit() and len(last) == 4)
        ):
            raise QueryError(f"year: takes a year like 2006 or 2005..2007, not {value!r}", position)
        first, last = first, last if dots else first
    start = _date_bound(field, first, position, end=False)
    end = _date_bound(field, last if dots else first, position, end=True)
    if end < start:
        raise QueryError(f"{field}: the range {value!r} ends before it starts", position)
    return DateRange("created" if field == "year" else field, start, end)


def _measure(field: str, value: str, position: int) -> Measure:
    """`cited:5`, `cited:>10`, `cited:<=3`, `cited:2..10`, `cited:10..`, `rank:top1000`."""
    m = _MEASURE.match(value)
    example = "rank:top1000, rank:..100" if field == "rank" else "cited:>10, cited:3..5"
    if m is None:
        raise QueryError(
            f"{field}: takes a number or a range like {example}, not {value!r}", position
        )
    op, number, first, last, top = m.groups()
    low: int | None
    high: int | None
    if top is not None:
        if field != "rank":
            raise QueryError("top… is for rank: (rank:top1000)", position)
        low, high = 1, int(top)
    elif number is not None:
        n = int(number)
        low, high = {
            None: (n, n),
            ">": (n + 1, None),
            ">=": (n, None),
            "<": (None, n - 1),
            "<=": (None, n),
        }[op]
    elif first is None and last is None:
        raise QueryError(f"{field}: a range needs a bound: {example}", position)
    else:
        low = None if first is None else int(first)
        high = None if last is None else int(last)
    if field == "rank":
        low = max(low or 1, 1)  # ranks start at 1: `rank:..100` is the first hundred
    if (high is not None and high < 0) or (low is not None and high is not None and high < low):
        raise QueryError(f"{field}: the range {value!r} holds no number", position)
    return Measure(field, low, high)


def _date_bound(field: str, text: str, position: int, *, end: bool) -> date:
    m = _DATE.match(text)
    if not m:
        raise QueryError(
            f"{field}: takes dates like 2006, 2006-05 or 2006-05-13, not {text!r}", position
        )
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        if month is None:
            return date(year, 12, 31) if end else date(year, 1, 1)
        mo = int(month)
        if day is None:
            if not end:
                return date(year, mo, 1)
            nxt = date(year + (mo == 12), mo % 12 + 1, 1)
            return date.fromordinal(nxt.toordinal() - 1)
        return date(year, mo, int(day))
    except ValueError:
        raise QueryError(f"{field}: {text!r} is not a date", position) from None


def to_query_string(node: Node) -> str:
    """The query text of an AST: parse_query(to_query_string(ast)) == ast."""
    if isinstance(node, Term):
        text = node.text + ("*" if node.prefix else "")
        return f"{node.field}:{text}" if node.field else text
    if isinstance(node, Phrase):
        return f'{node.field}:"{node.text}"' if node.field else f'"{node.text}"'
    if isinstance(node, DateRange):
        return f"{node.field}:{node.start.isoformat()}..{node.end.isoformat()}"
    if isinstance(node, Measure):
        if node.low is not None and node.low == node.high:
            return f"{node.field}:{node.low}"
        low = "" if node.low is None else str(node.low)
        high = "" if node.high is None else str(node.high)
        return f"{node.field}:{low}..{high}"
    if isinstance(node, Not):
        return f"NOT {_grouped(node.node)}"
    if isinstance(node, And):
        return " AND ".join(_grouped(n) for n in node.nodes)
    return " OR ".join(_grouped(n) for n in node.nodes)


def _grouped(node: Node) -> str:
    text = to_query_string(node)
    return f"({text})" if isinstance(node, And | Or) else text
