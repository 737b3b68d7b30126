"""The store interface."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Callable, Iterable, Iterator, Mapping

import pyoxigraph as ox

Row = dict  # variable name -> pyoxigraph term (NamedNode, Literal, BlankNode); unbound variables are absent

#: Serialisation formats of SPARQL results and RDF we hand out, by media type.
RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
RDF_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


class Store(ABC):
    """A dataset of named graphs."""

    #: Called after every successful write (update, add/replace/remove a graph). `open_store` and `open_inbox`
    #: set it to bump the readers' generation (kennisbank/generatie.py), so remembered answers never go stale.
    na_schrijven: Callable[[], None] | None = None

    def _geschreven(self) -> None:
        hook = self.na_schrijven
        if hook is not None:
            hook()

    # --- reading ------------------------------------------------------------------------------
    @abstractmethod
    def select(self, query: str, bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None) -> list[Row]:
        """Run a SELECT query; `bindings` fixes variables to terms (safe for user input)."""

    @abstractmethod
    def ask(self, query: str, bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None) -> bool: ...

    @abstractmethod
    def construct(self, query: str, bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None) -> list[ox.Triple]: ...

    @abstractmethod
    def query_raw(
        self, query: str, media_type: str, *, timeout: float | None = None, max_bytes: int | None = None
    ) -> bytes:
        """Run any read-only query and serialise the result in `media_type` (for the SPARQL endpoint).

        SELECT/ASK take a SPARQL results format (RESULT_FORMATS); CONSTRUCT/DESCRIBE a triple format
        (text/turtle, application/n-triples, application/rdf+xml). After `timeout` seconds, or when the
        result grows past `max_bytes`, a KennisbankFout is raised.
        """

    # --- writing ------------------------------------------------------------------------------
    @abstractmethod
    def update(self, update: str, bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None) -> None: ...

    @abstractmethod
    def add_graph(self, graph: str, data: bytes, media_type: str = "application/n-triples") -> None:
        """Add the triples in `data` to named graph `graph` (creating it when needed)."""

    @abstractmethod
    def replace_graph(self, graph: str, data: bytes, media_type: str = "application/n-triples") -> None:
        """Atomically replace the content of named graph `graph`."""

    @abstractmethod
    def remove_graph(self, graph: str) -> None: ...

    @abstractmethod
    def graphs(self) -> list[str]:
        """The names of all named graphs."""

    @abstractmethod
    def export(self, media_type: str = "application/n-quads", graphs: Iterable[str] | None = None) -> bytes:
        """Serialise the named graphs (all, or `graphs`) as N-Quads/TriG, or one graph as Turtle/N-Triples."""

    @abstractmethod
    def triple_count(self) -> int: ...

    def close(self) -> None:  # pragma: no cover - default
        pass

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def graph_of(quads: Iterable[ox.Quad]) -> Iterator[ox.Triple]:
    for q in quads:
        yield q.triple


# --- helpers shared by the backends ----------------------------------------------------------------
#
# Bindings are never pasted into SPARQL as text. They become terms serialised by pyoxigraph
# (`str(term)` is the escaped N-Triples form), placed by a small tokenizer that knows where strings,
# IRIs and comments are, so a `?name` or `{` inside a literal of the query is never touched.

import re as _re

_TOKEN = _re.compile(
    r"""
      (?P<ws>\s+)
    | (?P<comment>\#[^\n\r]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*+(?:'''|\\?\Z)
               |\"\"\"(?:[^"\\]|\\.|"(?!""))*+(?:\"\"\"|\\?\Z)
               |'(?:[^'\\\n\r]|\\.)*+(?:'|(?=[\n\r])|\\?\Z)
               |"(?:[^"\\\n\r]|\\.)*+(?:"|(?=[\n\r])|\\?\Z))
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)
    | (?P<name>(?:[A-Za-z_\u00C0-\uFFFF][\w.\-]*)?:(?:[\w:.\-]|%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?\#@%])*
              |[A-Za-z_\u00C0-\uFFFF][\w.\-]*)
    | (?P<other>.)
    """,
    _re.VERBOSE | _re.DOTALL,
)

_VARNAME = _re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_QUERY_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")


def sparql_tokens(text: str) -> list[tuple[str, int, int]]:
    """Significant tokens of a SPARQL text as (kind, start, end); whitespace and comments dropped.

    kinds: string, iri, var, name (keyword, prefixed name or blank node label), other (one character).
    """
    out = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind not in ("ws", "comment"):
            out.append((kind, m.start(), m.end()))
    return out


_OPEN, _CLOSE = set("([{"), set(")]}")
_PREFIX_OPS = set("!-+^")
_OPERATORS = set("+-*/|&=!<>^")
_CHAIN_WORDS = {"UNION", "OPTIONAL", "MINUS"}


def nesting(query: str, tokens: list[tuple[str, int, int]] | None = None) -> tuple[int, int]:
    """(deepest nesting, operator count) of a SPARQL text, counted on its tokens (strings, IRIs and comments
    never count). Brackets nest, and so does every operator in a run of prefix operators (`!!!x`, `- - 1`),
    because the parser descends once for each. Operators (`+ - * / | & = ! < > ^`, UNION, OPTIONAL, MINUS)
    are counted because very long chains of them nest as deeply inside the engine. Linear in the length."""
    depth = deepest = run = operators = 0
    for kind, start, end in tokens if tokens is not None else sparql_tokens(query):
        if kind == "other":
            ch = query[start]
            if ch in _OPEN:
                depth += 1
                run = 0
            elif ch in _CLOSE:
                depth -= 1
                run = 0
            elif ch in _PREFIX_OPS:
                run += 1
            else:
                run = 0
            if ch in _OPERATORS:
                operators += 1
        else:
            run = 0
            if kind == "name" and query[start:end].upper() in _CHAIN_WORDS:
                operators += 1
        deepest = max(deepest, depth + run)
    return deepest, operators


def query_form(query: str) -> str | None:
    """SELECT, CONSTRUCT, ASK or DESCRIBE (the first query-form keyword), or None."""
    for kind, start, end in sparql_tokens(query):
        if kind == "name" and query[start:end].upper() in _QUERY_FORMS:
            return query[start:end].upper()
    return None


def check_bindings(bindings: Mapping[str, object] | None) -> dict[str, ox.NamedNode | ox.Literal]:
    """Normalise binding names (`x`, `?x` or `$x` -> `x`) and check the terms."""
    out: dict[str, ox.NamedNode | ox.Literal] = {}
    for name, term in (bindings or {}).items():
        key = name[1:] if name[:1] in "?$" else name
        if not _VARNAME.match(key):
            raise ValueError(f"invalid SPARQL variable name for a binding: {name!r}")
        if not isinstance(term, (ox.NamedNode, ox.Literal)):
            raise TypeError(f"binding {name!r} must be a pyoxigraph NamedNode or Literal, not {type(term).__name__}")
        out[key] = term
    return out


def values_lijst(var: str, terms: Iterable[ox.NamedNode | ox.Literal]) -> str:
    """`VALUES ?var { … }` from pyoxigraph terms (their escaped N-Triples form; never raw text)."""
    body = " ".join(str(t) for t in terms if isinstance(t, (ox.NamedNode, ox.Literal)))
    return f"VALUES ?{var} {{ {body} }}"


def values_block(bindings: Mapping[str, ox.NamedNode | ox.Literal]) -> str:
    names = list(bindings)
    head = " ".join("?" + n for n in names)
    row = " ".join(str(bindings[n]) for n in names)
    return f"VALUES ({head}) {{ ({row}) }}"


def _matching_brace(tokens, text, i) -> int | None:
    """Index of the token closing the `{` at tokens[i]."""
    depth = 0
    for j in range(i, len(tokens)):
        ch = text[tokens[j][1]:tokens[j][2]]
        if tokens[j][0] == "other" and ch == "{":
            depth += 1
        elif tokens[j][0] == "other" and ch == "}":
            depth -= 1
            if depth == 0:
                return j
    return None


def inject_values(query: str, bindings: Mapping[str, object] | None) -> str:
    """Bind variables of a query by a VALUES block at the start of the outermost WHERE group.

    Putting it first (not after the query) lets engines use the bound terms while evaluating the
    pattern. Falls back to a trailing VALUES clause (also valid SPARQL) for `CONSTRUCT WHERE {…}`
    and for text we cannot place it in (the engine then reports any syntax error itself).
    """
    b = check_bindings(bindings)
    if not b:
        return query
    block = values_block(b)
    toks = sparql_tokens(query)

    def tok(i):
        return query[toks[i][1]:toks[i][2]]

    def is_kw(i, *words):
        return i < len(toks) and toks[i][0] == "name" and tok(i).upper() in words

    def is_ch(i, ch):
        return i < len(toks) and toks[i][0] == "other" and tok(i) == ch

    i = next((k for k in range(len(toks)) if is_kw(k, *_QUERY_FORMS)), None)
    if i is None:
        return f"{query}\n{block}"
    if is_kw(i, "CONSTRUCT"):
        if is_ch(i + 1, "{"):
            end = _matching_brace(toks, query, i + 1)
            if end is None:
                return f"{query}\n{block}"
            i = end
        else:  # CONSTRUCT WHERE { triples }: the group is also the template, keep it plain
            return f"{query}\n{block}"
    parens = 0
    for k in range(i + 1, len(toks)):
        if toks[k][0] != "other":
            continue
        ch = tok(k)
        if ch == "(":
            parens += 1
        elif ch == ")":
            parens -= 1
        elif ch == "{" and parens == 0:
            at = toks[k][2]
            if is_kw(k + 1, "SELECT"):  # the group is a sub-select: wrap it
                end = _matching_brace(toks, query, k)
                if end is None:
                    break
                close = toks[end][1]
                return f"{query[:at]} {block} {{{query[at:close]}}} {query[close:]}"
            return f"{query[:at]} {block} {query[at:]}"
    return f"{query}\n{block}"


def inline_bindings(text: str, bindings: Mapping[str, object] | None) -> str:
    """Replace the bound variables of a SPARQL text by their escaped N-Triples terms (for updates).

    Only real variable tokens are replaced, never text inside string literals, IRIs or comments.
    A bound variable must therefore not be a target (`BIND(… AS ?x)`, a sub-select projection).
    """
    b = check_bindings(bindings)
    if not b:
        return text
    parts, last = [], 0
    for kind, start, end in sparql_tokens(text):
        if kind == "var" and text[start + 1:end] in b:
            parts.append(text[last:start])
            parts.append(str(b[text[start + 1:end]]))
            last = end
    parts.append(text[last:])
    return "".join(parts)


class LimitedBuffer:
    """A write-only byte buffer that refuses to grow past `max_bytes` or after `cancel()`."""

    def __init__(self, max_bytes: int | None = None):
        self.max_bytes = max_bytes
        self._parts: list[bytes] = []
        self.size = 0
        self.cancelled = False

    def write(self, data) -> int:
        if self.cancelled:
            raise _Cancelled()
        self.size += len(data)
        if self.max_bytes is not None and self.size > self.max_bytes:
            raise ResultTooLarge(self.max_bytes)
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def cancel(self) -> None:
        self.cancelled = True

    def getvalue(self) -> bytes:
        return b"".join(self._parts)


class _Cancelled(Exception):
    pass


class ResultTooLarge(Exception):
    def __init__(self, max_bytes: int):
        super().__init__(max_bytes)
        self.max_bytes = max_bytes


def too_large_error(max_bytes: int):
    from ..fouten import KennisbankFout

    return KennisbankFout(
        f"Het antwoord is groter dan {max_bytes} bytes; maak de vraag specifieker, bijvoorbeeld met LIMIT."
    )


def timeout_error(seconds: float):
    from ..fouten import KennisbankFout

    return KennisbankFout(f"De vraag duurde langer dan {seconds:g} seconden.")


def solution_rows(result) -> list[Row]:
    """pyoxigraph solutions -> rows (variable name -> term); unbound variables are left out."""
    if not isinstance(result, ox.QuerySolutions):
        from ..fouten import KennisbankFout

        raise KennisbankFout("De vraag is geen SELECT-vraag.")
    names = [v.value for v in result.variables]
    rows = []
    for sol in result:
        row = {}
        for n in names:
            t = sol[n]
            if t is not None:
                row[n] = t
        rows.append(row)
    return rows
