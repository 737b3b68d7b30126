"""`kennisbank build`: files -> parse -> SHACL -> reason -> store, all or nothing.

1. Every Turtle file under the data folders is read and parsed (a syntax error stops the build).
2. Every file is validated with pyshacl in its own small context (see validate.py); results are cached
   by content hash, so a rebuild only validates what changed.
3. owlready2/HermiT checks the ontology plus the IRI-to-IRI assertions for consistency; what it infers
   goes to its own graph.
4. Only then is the store touched. Embedded store: a fresh store is written beside the current one and
   switched to in one atomic rename (store/swap.py). SPARQL server: each file's graph is replaced on its
   own, and graphs of removed files are dropped. Either way a failing build changes nothing.

5. The full-text index is rebuilt from the new public store (and switched atomically as well).

Published submissions are not files: they are kept in the inbox store (the source of truth for
submissions) and copied into every new public store.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pyoxigraph as ox

from .bronnen import Bronbestand, discover, parse, to_ntriples
from .config import Config
from .fouten import KennisbankFout
from .iri import Iris
from .validate import TypeIndex, validate_files

PROV = "http://www.w3.org/ns/prov#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

Progress = Callable[[str, int, int], None]  # (stap, gedaan, totaal)


@dataclass
class BuildResult:
    files: int = 0
    triples: int = 0
    validated: int = 0
    from_cache: int = 0
    inferred: int = 0
    submissions: int = 0
    search_documents: int = 0
    signals: int = 0
    removed_graphs: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    store: str = ""
    citeringen: dict[str, int] = field(default_factory=dict)  # citations per kind of text checked against
    conflicten: list[str] = field(default_factory=list)
    #: current revisions (edits) that break the citation rules: reported, they stay current, the build goes on
    verificatiemeldingen: list[str] = field(default_factory=list)
    revisies: int = 0


def _noop(stap: str, gedaan: int, totaal: int) -> None:
    pass


def build(config: Config | None = None, progress: Progress = _noop, *, reason: bool = True) -> BuildResult:
    config = config or Config.from_env()
    result = BuildResult()
    iris = Iris(config.base_iri)
    started = dt.datetime.now(dt.timezone.utc)
    t0 = time.perf_counter()

    # 1. read and parse -------------------------------------------------------------------------
    files = discover(config)
    shapes = next((f for f in files if f.is_shapes), None)
    if shapes is None:
        raise KennisbankFout("Het bestand ontologie/shapes.ttl ontbreekt: zonder vormregels kan niet worden gecontroleerd.")
    parsed: dict[str, list[ox.Triple]] = {}
    for i, f in enumerate(files, 1):
        parsed[f.rel] = parse(f)
        progress("inlezen", i, len(files))
    result.files = len(files)
    result.triples = sum(len(t) for t in parsed.values())
    # files versus revisions (afstemming.py): what is current for every editorial resource
    from .afstemming import leg_vast, stem_af
    from .revisies import journaal as open_journaal

    journaal = open_journaal(config.data_dir)
    afstemming = stem_af(journaal, files, parsed, iris.kb)
    for rel, triples in afstemming.vervangen.items():
        parsed[rel] = triples
    files = [_als_revisie(f, parsed[f.rel]) if f.rel in afstemming.vervangen else f for f in files]
    result.seconds["inlezen"] = time.perf_counter() - t0

    # 2. validate, file by file, with a cache -----------------------------------------------------
    t1 = time.perf_counter()
    index = TypeIndex()
    for triples in parsed.values():
        index.add_triples(triples)
    cache = _ValidationCache(config.data_dir, shapes.sha256)
    axioms = index.subclass_axioms()
    problems: list[str] = []
    todo = [f for f in files if not f.is_shapes]
    keys: dict[str, str] = {}
    items = []
    for f in todo:
        context = index.context_for(parsed[f.rel]) + axioms
        keys[f.rel] = cache.key(f, context)
        if cache.hit(keys[f.rel]):
            result.from_cache += 1
        else:
            items.append((f.rel, parsed[f.rel], context))
    progress("controleren", result.from_cache, len(todo))
    found = validate_files(shapes.text, items,
                           progress=lambda done, total: progress("controleren", result.from_cache + done, len(todo)))
    for rel, _, _ in items:
        errors = [s for s in found[rel] if s.ernst == "fout"]
        if errors:
            problems.extend(s.regel(rel) for s in errors)
        else:
            cache.store(keys[rel])
    result.validated = len(items)
    result.seconds["controleren"] = time.perf_counter() - t1
    if problems:
        raise KennisbankFout(
            f"De bouw is gestopt: {len(problems)} {'gegeven voldoet' if len(problems) == 1 else 'gegevens voldoen'} "
            "niet aan de vormregels. Er is niets veranderd aan de bestaande kennisbank.",
            details=problems,
        )

    # 2b. verify every citation against the law text valid on its peildatum (kennisbank/verificatie.py) -----
    t_v = time.perf_counter()
    result.citeringen = _verify(iris, parsed, set(afstemming.vervangen), result.verificatiemeldingen,
                                afstemming.alleen_revisie)
    result.seconds["verifieren"] = time.perf_counter() - t_v

    # 3. reason ---------------------------------------------------------------------------------------
    t2 = time.perf_counter()
    inferred: list[ox.Triple] = []
    if reason:
        inferred = _reason(config, files, parsed)
        progress("redeneren", 1, 1)
    result.inferred = len(inferred)
    result.seconds["redeneren"] = time.perf_counter() - t2
    leg_vast(journaal, afstemming)  # valid: the file revisions become part of the history
    result.conflicten = [c.regel() for c in afstemming.conflicten]
    result.revisies = len(afstemming.nieuw)

    # 4. write -----------------------------------------------------------------------------------------
    t3 = time.perf_counter()
    # a file wins over an inbox copy of the same graph (an API-made knelpunt exported and committed)
    file_graphs = {f.graph for f in files} | {g for g, _ in afstemming.alleen_revisie}
    submissions = [(g, data) for g, data in _published_submissions(config) if g not in file_graphs]
    result.submissions = len(submissions)
    provenance = _provenance(iris, files, started, afstemming.positie)
    graphs: list[tuple[str, bytes]] = [(f.graph, to_ntriples(parsed[f.rel])) for f in files]
    graphs.append((f"{iris.base}/graaf/afgeleid/redeneerder", to_ntriples(inferred)))
    graphs.extend(afstemming.alleen_revisie)
    graphs.extend(submissions)
    signalering = _signalering(config, iris, parsed, submissions, result, progress)
    if signalering is not None:
        from .signalering.rdf import graaf, triples as signalering_triples

        graphs.append((graaf(iris.base), to_ntriples(signalering_triples(signalering, iris.base, iris.kb))))
    # provenance last: on a SPARQL server, a server that sees the new journal position replays what came after it
    # only once every other graph of this build is written
    graphs.append((f"{iris.base}/graaf/afgeleid/herkomst", to_ntriples(provenance)))
    nieuw_pad = None
    if config.sparql_url:
        result.removed_graphs = _write_remote(config, iris, graphs, progress)
        result.store = config.sparql_url
    else:
        nieuw_pad = _write_embedded(config, graphs, progress)
        result.store = str(nieuw_pad)
    result.seconds["opslaan"] = time.perf_counter() - t3

    # 5. search index ------------------------------------------------------------------------------------
    # Embedded: the index is built from the new store and switched BEFORE the store, so a server that sees
    # the new store (and replays the edits made during the build into it) already finds the new index.
    t4 = time.perf_counter()
    try:
        result.search_documents = _rebuild_search_index(config, nieuw_pad)
    except BaseException:
        if nieuw_pad is not None:
            from .store.swap import discard

            discard(nieuw_pad)
        raise
    progress("zoekindex", 1, 1)
    result.seconds["zoekindex"] = time.perf_counter() - t4
    if nieuw_pad is not None:
        from .store.swap import activate

        activate(config.data_dir, nieuw_pad)
    if signalering is not None:  # only once the new store is in use: the API reads both together
        from .signalering.opslag import bewaar_resultaat

        bewaar_resultaat(config.data_dir, signalering)
    result.seconds["totaal"] = time.perf_counter() - t0
    return result


def _verify(iris: Iris, parsed: dict[str, list[ox.Triple]], revisies: set[str] = frozenset(),
            meldingen: list[str] | None = None, alleen_revisie: list[tuple[str, bytes]] | None = None
            ) -> dict[str, int]:
    """Check the citations (stops the build on a citation without text on its peildatum) and add the derived
    verification triples to each knelpunt file's own graph. A knelpunt whose current state is a revision (an
    edit; `revisies`: its rels) never stops the build: an acknowledged edit stays current and its problems are
    added to `meldingen` (a citation without text on its date is then simply not marked as checked).

    `alleen_revisie`: (graph, N-Triples) of knelpunten that exist only as a revision (made through the API or
    the werkruimte); they are checked the same way, as revisions, and their entries are replaced by the graph
    with its derived verification triples."""
    from .verificatie import verifieer

    extra_rels: dict[str, int] = {}
    alle = dict(parsed)
    for i, (graaf, data) in enumerate(alleen_revisie or []):
        if "/graaf/knelpunten/" not in graaf:
            continue
        rel = f"knelpunten/{graaf.rsplit('/graaf/knelpunten/', 1)[1]} (revisie)"
        extra_rels[rel] = i
        alle[rel] = [q.triple if hasattr(q, "triple") else q for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]
    uitkomst = verifieer(iris, alle, melden=set(revisies) | set(extra_rels))
    if meldingen is not None:
        meldingen += [f"{m} (Dit is de geldende revisie, een bewerking via de API of werkruimte: die blijft "
                      "geldend tot een nieuwe bewerking of een gewijzigd bestand het herstelt.)"
                      for m in uitkomst.meldingen]
    genegeerd = set(uitkomst.genegeerd)
    for rel, extra in uitkomst.triples.items():
        triples = [t for t in alle[rel] if t not in genegeerd] + extra
        if rel in extra_rels:
            i = extra_rels[rel]
            alleen_revisie[i] = (alleen_revisie[i][0], to_ntriples(triples))
        else:
            parsed[rel] = triples
    return dict(sorted(uitkomst.per_soort.items()))


def _als_revisie(f: Bronbestand, triples: list[ox.Triple]) -> Bronbestand:
    """A file whose current state is a revision: same graph, content (and so cache keys) of the revision."""
    import dataclasses

    data = to_ntriples(triples)
    return dataclasses.replace(f, text=data.decode("utf-8"), sha256=hashlib.sha256(data).hexdigest())


def _signalering(config: Config, iris: Iris, parsed, submissions, result: BuildResult, progress: Progress):
    """Derived norms and signals over everything this build publishes (see kennisbank/signalering/).
    A failure costs the signals of this build, never the build itself."""
    import logging

    from .signalering import bereken

    t = time.perf_counter()
    try:
        triples = [t for ts in parsed.values() for t in ts]
        for _, data in submissions:
            triples += [q.triple if hasattr(q, "triple") else q
                        for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]
        res = bereken(triples, iris.kb, voortgang=lambda stap, i, n: progress("signaleren", i, n))
        result.signals = len(res.signalen)
        return res
    except Exception as exc:  # noqa: BLE001
        logging.getLogger(__name__).exception("signalering mislukt")
        result.warnings.append(f"De signalering is overgeslagen door een fout: {exc}")
        return None
    finally:
        result.seconds["signaleren"] = time.perf_counter() - t


def _rebuild_search_index(config: Config, pad: Path | None = None) -> int:
    """The full-text index follows the public store it was just built from (`pad`: a new embedded store)."""
    from .store import open_store
    from .store.embedded import EmbeddedStore
    from .zoek import herbouw_index

    store = EmbeddedStore(pad, read_only=True) if pad is not None else open_store(config, read_only=True)
    try:
        return int(herbouw_index(config, store).get("documenten", 0))
    finally:
        store.close()


# --- validation cache ----------------------------------------------------------------------------------
class _ValidationCache:
    """Remembers which (shapes, file, context) combinations passed, so rebuilds only check what changed."""

    def __init__(self, data_dir: Path, shapes_sha: str):
        self.dir = Path(data_dir) / "cache" / "validatie"
        self.shapes_sha = shapes_sha

    def key(self, f: Bronbestand, context: list[tuple[str, str, str]]) -> str:
        h = hashlib.sha256()
        h.update(self.shapes_sha.encode())
        h.update(f.sha256.encode())
        for triple in sorted(context):
            h.update("\x1f".join(triple).encode())
        return h.hexdigest()

    def hit(self, key: str) -> bool:
        return (self.dir / key).is_file()

    def store(self, key: str) -> None:
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            (self.dir / key).touch()
        except OSError:
            pass  # a cache we cannot write only costs time


# --- reasoning -------------------------------------------------------------------------------------------
def _reason(config: Config, files: list[Bronbestand], parsed: dict[str, list[ox.Triple]]) -> list[ox.Triple]:
    """Run the reasoner over the ontology plus the IRI-to-IRI assertions of the data; cached by content."""
    from . import reason as reasoner
    from .bronnen import to_rdflib

    iris = Iris(config.base_iri)
    tbox_triples = [t for f in files if f.is_ontology and not f.is_shapes for t in parsed[f.rel]]
    skip = {iris.term(p) for p in REASONER_SKIPS}
    abox_triples = [
        t for f in files if not f.is_ontology for t in parsed[f.rel]
        if isinstance(t.subject, ox.NamedNode) and isinstance(t.object, ox.NamedNode)
        and t.predicate.value not in skip
    ]
    h = hashlib.sha256()
    for f in files:
        if not f.is_shapes:
            h.update(f.sha256.encode())
    cache = Path(config.data_dir) / "cache" / "redeneerder" / f"{h.hexdigest()}.nt"
    if cache.is_file():
        return list(ox.parse(cache.read_bytes(), format=ox.RdfFormat.N_TRIPLES))
    inferred = reasoner.reason(to_rdflib(tbox_triples), to_rdflib(abox_triples))
    triples = [ox.Triple(ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o)) for s, p, o in inferred]
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_bytes(to_ntriples(triples))
    except OSError:
        pass
    return triples


#: Properties of the law texts' bookkeeping that add nothing to classification but many individuals.
REASONER_SKIPS = ("versie", "toestand", "wettenLink", "verwijstNaar")


# --- submissions ------------------------------------------------------------------------------------------
def _published_submissions(config: Config) -> list[tuple[str, bytes]]:
    """Inbox graphs that belong in the public store (published submissions, knelpunten made through the
    API), read from the inbox store (read-only: a server may hold it open)."""
    path = Path(config.data_dir) / "inbox"
    if not path.is_dir():
        return []
    from .inzendingen import openbare_inbox_grafen, openbare_kopie
    from .store.embedded import EmbeddedStore

    inbox = EmbeddedStore(path, read_only=True)
    try:
        iris = Iris(config.base_iri)
        return [(g, openbare_kopie(inbox, g, iris)) for g in openbare_inbox_grafen(inbox, iris)]
    finally:
        inbox.close()


# --- provenance ---------------------------------------------------------------------------------------------
def _provenance(iris: Iris, files: list[Bronbestand], started: dt.datetime, positie: int = 0) -> list[ox.Triple]:
    N, L = ox.NamedNode, ox.Literal
    activity = N(f"{iris.base}/id/bouw/{started.strftime('%Y%m%dT%H%M%S%fZ')}")
    now = dt.datetime.now(dt.timezone.utc)
    t = [
        ox.Triple(activity, N(RDF_TYPE), N(PROV + "Activity")),
        # the revision journal up to this byte went into this build; a server replays what came after it
        ox.Triple(activity, N(iris.term("journaalPositie")), L(str(positie), datatype=N(XSD + "integer"))),
        ox.Triple(activity, N(PROV + "startedAtTime"), L(started.isoformat(), datatype=N(XSD + "dateTime"))),
        ox.Triple(activity, N(PROV + "endedAtTime"), L(now.isoformat(), datatype=N(XSD + "dateTime"))),
    ]
    for f in files:
        g = N(f.graph)
        t += [
            ox.Triple(g, N(RDF_TYPE), N(PROV + "Entity")),
            ox.Triple(g, N(PROV + "wasGeneratedBy"), activity),
            ox.Triple(g, N(PROV + "generatedAtTime"), L(now.isoformat(), datatype=N(XSD + "dateTime"))),
            ox.Triple(g, N(iris.term("bronbestand")), L(f.rel)),
            ox.Triple(g, N(iris.term("sha256")), L(f.sha256)),
        ]
    return t


# --- writing -----------------------------------------------------------------------------------------------
def _write_embedded(config: Config, graphs: list[tuple[str, bytes]], progress: Progress) -> Path:
    from .store.embedded import EmbeddedStore
    from .store.swap import discard, new_store_path

    path = new_store_path(config.data_dir)
    try:
        store = EmbeddedStore(path)
        try:
            for i, (g, data) in enumerate(graphs, 1):
                store.add_graph(g, data)
                progress("opslaan", i, len(graphs))
        finally:
            store.close()
    except KennisbankFout:
        discard(path)
        raise
    except OSError as exc:
        discard(path)
        raise KennisbankFout(
            f"De nieuwe opslag kon niet worden geschreven in '{config.data_dir}': {exc.strerror or exc}. "
            "De bestaande kennisbank is ongewijzigd."
        ) from exc
    return path  # activated by the caller once the search index is ready


def _write_remote(config: Config, iris: Iris, graphs: list[tuple[str, bytes]], progress: Progress) -> list[str]:
    from .store import open_store

    store = open_store(config)
    try:
        existing = set(store.graphs())
        for i, (g, data) in enumerate(graphs, 1):
            store.replace_graph(g, data)
            progress("opslaan", i, len(graphs))
        wanted = {g for g, _ in graphs}
        prefix = f"{iris.base}/graaf/"
        stale = sorted(g for g in existing - wanted if g.startswith(prefix))
        for g in stale:
            store.remove_graph(g)
        return stale
    finally:
        store.close()


def summary(result: BuildResult) -> dict:
    return json.loads(json.dumps(result.__dict__, default=str))
