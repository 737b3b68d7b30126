"""The provision index (`Verwijzingsindex`) the reference recogniser resolves against.

Everything the recogniser knows about laws comes from RDF (docs/model.md): per Regeling its id (`kb:bwbId`, or
the last IRI segment for EU law and soft law), its names (`dct:title`, `rdfs:label`, `skos:altLabel`, the
`rdfs:label` of every `kb:citeertitel` node, including former names) and abbreviations (`kb:afkorting`), and
the tree of existing Artikel / Lid / Onderdeel with their versions. Named norms are `kb:Normbegrip` concepts
with `kb:verwijstNaar`. No law name is hard-coded here.

Build it from a `kennisbank.store.Store`, a `pyoxigraph.Store`, an rdflib graph or Turtle files; `laad_index`
picks the built store or, when that is missing or empty, the repository's Turtle files, and caches the result
keyed on what it was built from.
"""

from __future__ import annotations

import hashlib
import pickle
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import pyoxigraph as ox

from ..config import SOURCE_BASE, Config
from ..iri import Iris

#: The ontology namespace under the source base; every builder takes the configured one (`kb=`).
KB = SOURCE_BASE + "/def/kb#"

_PREFIXES = """
PREFIX kb: <{kb}>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""

_REGELING_TYPES = "kb:Regeling kb:Wet kb:AMvB kb:MinisterieleRegeling kb:GemeentelijkeVerordening kb:Beleidsregel kb:Beroepscode kb:EUVerordening"

# Each body is wrapped in `GRAPH ?g { … }` for a kennisbank Store (one named graph per file) and run
# against the union graph for a plain pyoxigraph store. Each only joins triples of one file.
_Q_REGELINGEN = """SELECT ?r ?p ?v WHERE { %s }"""
_B_REGELINGEN = (
    "{ ?r kb:bwbId ?v . BIND(kb:bwbId AS ?p) } UNION "
    "{ ?r a ?v . VALUES ?v { " + _REGELING_TYPES + " } BIND(rdf:type AS ?p) } UNION "
    # the regeling first, then its names: starting from the names would visit every title in the store
    "{ { ?r kb:bwbId ?b } UNION { ?r a ?t . VALUES ?t { " + _REGELING_TYPES + " } } "
    "  ?r ?p ?v . VALUES ?p { dct:title kb:afkorting skos:altLabel rdfs:label skos:prefLabel } } UNION "
    "{ ?r kb:citeertitel ?c . ?c rdfs:label ?v . BIND(kb:citeertitel AS ?p) } UNION "
    "{ ?r kb:citeertitel ?c . ?c kb:afkorting ?v . BIND(kb:afkorting AS ?p) }"
)
_Q_DELEN = """SELECT ?d ?r ?local ?parent ?t ?volgorde WHERE { %s }"""
_B_DELEN = (
    "?d kb:regeling ?r ; eli:id_local ?local . "
    "OPTIONAL { ?d eli:is_part_of ?parent } "
    "OPTIONAL { ?d a ?t . VALUES ?t { kb:Artikel kb:Lid kb:Onderdeel } } "
    "OPTIONAL { ?d kb:volgorde ?volgorde }"
)
_Q_VERSIES = """SELECT ?d ?v ?vanaf ?tot WHERE { %s }"""
_B_VERSIES = (
    "?d kb:regeling ?r ; kb:versie ?v . "
    "OPTIONAL { ?v kb:geldigVanaf ?vanaf } OPTIONAL { ?v kb:geldigTot ?tot }"
)
_Q_BEGRIPPEN = """SELECT ?c ?p ?v WHERE { %s }"""
_B_BEGRIPPEN = "?c a kb:Normbegrip ; ?p ?v . VALUES ?p { skos:prefLabel skos:altLabel kb:verwijstNaar }"

_PART_IRI = re.compile(r"/id/regeling/([^/]+)(?:/artikel/([^/]+))?(?:/lid/([^/]+))?((?:/onderdeel/[^/]+)*)$")
_KIND_FROM_IRI = re.compile(r"/(artikel|lid|onderdeel)/[^/]+$")
_INDEX_VERSION = 4  # bump when the pickled shape changes


def sleutel(nummer: str) -> str:
    """Normalised key of an article, lid or onderdeel number: `22A` -> `22a`, `a.` -> `a`."""
    s = re.sub(r"\s+", "", str(nummer)).lower()
    return s.rstrip(".") or s


@dataclass
class Bepaling:
    """An Artikel, Lid or Onderdeel that exists in the data."""

    iri: str
    nummer: str
    soort: str  # "artikel", "lid", "onderdeel"
    leden: dict[str, "Bepaling"] = field(default_factory=dict)
    onderdelen: dict[str, "Bepaling"] = field(default_factory=dict)
    volgorde: int | None = None
    versies: list[tuple[str | None, str | None, str]] = field(default_factory=list)  # (vanaf, tot, iri)

    def versie_op(self, peildatum: str | None) -> tuple[str | None, bool | None]:
        """(Versie IRI, valid on peildatum?) — the version valid on `peildatum`, else the newest."""
        if not self.versies:
            return None, None
        if peildatum:
            # geldigTot is the last day of a Versie (inclusive); on a boundary the newer Versie wins
            valid = [v for v in self.versies
                     if (v[0] is None or v[0] <= peildatum) and (v[1] is None or peildatum <= v[1])]
            if valid:
                return max(valid, key=lambda v: v[0] or "")[2], True
        newest = max(self.versies, key=lambda v: v[0] or "")
        return newest[2], (False if peildatum else None)


@dataclass
class RegelingInfo:
    id: str
    iri: str
    titel: str | None = None
    namen: set[str] = field(default_factory=set)
    afkortingen: set[str] = field(default_factory=set)
    artikelen: dict[str, Bepaling] = field(default_factory=dict)

    def artikelvolgorde(self) -> list[str]:
        """Article keys in document order (`kb:volgorde`, else natural order of the numbers)."""
        return sorted(self.artikelen, key=lambda k: (self.artikelen[k].volgorde is None,
                                                     self.artikelen[k].volgorde or 0, natuurlijk(k)))


def natuurlijk(nummer: str) -> tuple:
    """Sort key for `2`, `2a`, `10`, `2.3.5`, `8:69`, `78aa`."""
    out = []
    for part in re.split(r"[.:]", nummer):
        m = re.match(r"(\d*)(.*)", part)
        num, rest = m.group(1), m.group(2)
        out.append((int(num) if num else -1, len(rest), rest))
    return tuple(out)


@dataclass
class Normbegrip:
    iri: str
    label: str
    labels: set[str]
    doelen: list[str]  # provision IRIs (kb:verwijstNaar)


@dataclass
class Verwijzingsindex:
    regelingen: dict[str, RegelingInfo] = field(default_factory=dict)  # id -> info
    begrippen: list[Normbegrip] = field(default_factory=list)
    _per_iri: dict[str, tuple] = field(default_factory=dict)  # provision IRI -> (regeling id, artikel, lid, onderdeel)
    _namen: dict[str, str] = field(default_factory=dict)  # normalised name -> regeling id
    _per_iri_regeling: dict[str, str] = field(default_factory=dict)

    # --- lookups ---------------------------------------------------------------------------------
    def regeling(self, rid: str) -> RegelingInfo | None:
        return self.regelingen.get(rid)

    def regeling_bij_naam(self, naam: str) -> RegelingInfo | None:
        rid = self._namen.get(normaliseer_naam(naam))
        return self.regelingen.get(rid) if rid else None

    def regeling_bij_iri(self, iri: str) -> RegelingInfo | None:
        rid = self._per_iri_regeling.get(iri)
        return self.regelingen.get(rid) if rid else None

    def plek(self, iri: str) -> tuple | None:
        """(regeling id, artikel, lid, onderdeel) of an existing provision IRI."""
        return self._per_iri.get(iri)

    def namen(self) -> dict[str, str]:
        """Every recognisable name or abbreviation (as written in the data) -> regeling id."""
        out: dict[str, str] = {}
        for r in self.regelingen.values():
            for n in r.namen | r.afkortingen:
                out.setdefault(n, r.id)
        return out

    def __len__(self) -> int:
        return len(self.regelingen)

    # --- building --------------------------------------------------------------------------------
    def _finish(self) -> "Verwijzingsindex":
        self._per_iri.clear()
        self._namen.clear()
        self._per_iri_regeling.clear()
        for r in self.regelingen.values():
            self._per_iri_regeling[r.iri] = r.id
            for a in r.artikelen.values():
                self._per_iri[a.iri] = (r.id, a.nummer, None, None)
                for o in a.onderdelen.values():
                    self._per_iri[o.iri] = (r.id, a.nummer, None, o.nummer)
                for l in a.leden.values():
                    self._per_iri[l.iri] = (r.id, a.nummer, l.nummer, None)
                    for o in l.onderdelen.values():
                        self._per_iri[o.iri] = (r.id, a.nummer, l.nummer, o.nummer)
        # afkortingen win over names when two regelingen share a string
        for r in sorted(self.regelingen.values(), key=lambda x: x.id):
            for n in r.namen:
                self._namen.setdefault(normaliseer_naam(n), r.id)
        for r in sorted(self.regelingen.values(), key=lambda x: x.id):
            for n in r.afkortingen:
                self._namen[normaliseer_naam(n)] = r.id
        return self


def normaliseer_naam(naam: str) -> str:
    return re.sub(r"\s+", " ", naam.replace("\u00a0", " ")).strip().casefold()


# --- building from RDF ---------------------------------------------------------------------------------

Runner = Callable[[str], list[dict]]  # query -> rows of {var: pyoxigraph term}


def _val(term) -> str | None:
    return None if term is None else term.value


def bouw_index(run: Runner, kb: str = KB) -> Verwijzingsindex:
    """Build the index with a function that runs a SELECT query and returns rows of pyoxigraph terms.
    `kb` is the ontology namespace the data uses (`Iris(base).kb`); the queries are written with `kb:`."""
    KB = kb  # noqa: N806 - the namespace of this build, shadowing the module default
    idx = Verwijzingsindex()
    regs: dict[str, dict] = {}
    for row in run(_Q_REGELINGEN % _B_REGELINGEN):
        r = row.get("r")
        if not isinstance(r, ox.NamedNode):
            continue
        d = regs.setdefault(r.value, {"bwb": None, "typed": False, "title": [], "names": set(), "afk": set()})
        p = _val(row.get("p"))
        v = _val(row.get("v"))
        if v is None or p is None:
            continue
        if p == KB + "bwbId":
            d["bwb"] = v.strip()
        elif p.endswith("#type"):
            d["typed"] = True
        elif p == KB + "afkorting":
            d["afk"].add(v.strip())
        elif p == "http://purl.org/dc/terms/title":
            d["title"].append(v.strip())
            d["names"].add(v.strip())
        else:
            d["names"].add(v.strip())
    for iri, d in regs.items():
        if not (d["bwb"] or d["typed"]):
            continue
        m = re.search(r"/id/regeling/([^/]+)$", iri)
        rid = d["bwb"] or (m.group(1) if m else iri)
        info = RegelingInfo(id=rid, iri=iri, titel=sorted(d["title"])[0] if d["title"] else None)
        info.namen = {n for n in d["names"] if len(n) >= 2}
        info.afkortingen = {a for a in d["afk"] if len(a) >= 2}
        idx.regelingen[rid] = info
    by_iri = {r.iri: r for r in idx.regelingen.values()}

    nodes: dict[str, tuple[Bepaling, str | None, str]] = {}  # iri -> (node, parent iri, regeling iri)
    for row in run(_Q_DELEN % _B_DELEN):
        d, r = row.get("d"), row.get("r")
        if not isinstance(d, ox.NamedNode) or not isinstance(r, ox.NamedNode) or r.value not in by_iri:
            continue
        t = _val(row.get("t"))
        if t:
            kind = t[len(KB):].lower() if t.startswith(KB) else None
        else:
            m = _KIND_FROM_IRI.search(d.value)
            kind = m.group(1) if m else None
        if kind not in ("artikel", "lid", "onderdeel"):
            continue
        volgorde = row.get("volgorde")
        node = nodes.get(d.value)
        if node is None:
            b = Bepaling(iri=d.value, nummer=_val(row.get("local")).strip(), soort=kind)
            nodes[d.value] = (b, _val(row.get("parent")), r.value)
            node = nodes[d.value]
        if volgorde is not None:
            try:
                node[0].volgorde = int(volgorde.value)
            except ValueError:
                pass
        if node[1] is None and row.get("parent") is not None:
            nodes[d.value] = (node[0], _val(row.get("parent")), node[2])
    for iri, (b, parent, reg) in nodes.items():
        if b.soort == "artikel":
            by_iri[reg].artikelen.setdefault(sleutel(b.nummer), b)
    for soort in ("lid", "onderdeel"):
        for iri, (b, parent, reg) in nodes.items():
            if b.soort != soort:
                continue
            if parent is None or parent not in nodes:
                parent = iri.rsplit("/", 2)[0]  # IRI pattern: …/artikel/X/lid/Y
            p = nodes.get(parent)
            if p is None:
                continue
            if soort == "lid":
                p[0].leden.setdefault(sleutel(b.nummer), b)
            else:
                p[0].onderdelen.setdefault(sleutel(b.nummer), b)
    try:
        for row in run(_Q_VERSIES % _B_VERSIES):
            d = _val(row.get("d"))
            if d in nodes and row.get("v") is not None:
                nodes[d][0].versies.append((_val(row.get("vanaf")), _val(row.get("tot")), row["v"].value))
    except Exception:  # versions are optional
        pass
    for b, _, _ in nodes.values():
        b.versies = sorted(set(b.versies), key=lambda v: (v[0] or "", v[2]))

    begrippen: dict[str, dict] = {}
    for row in run(_Q_BEGRIPPEN % _B_BEGRIPPEN):
        c = row.get("c")
        if not isinstance(c, ox.NamedNode):
            continue
        d = begrippen.setdefault(c.value, {"pref": None, "labels": set(), "doelen": []})
        p, v = _val(row.get("p")), row.get("v")
        if p.endswith("verwijstNaar"):
            if isinstance(v, ox.NamedNode) and v.value not in d["doelen"]:
                d["doelen"].append(v.value)
        elif isinstance(v, ox.Literal):
            d["labels"].add(v.value.strip())
            if p.endswith("prefLabel"):
                d["pref"] = v.value.strip()
    for iri, d in sorted(begrippen.items()):
        if d["doelen"] and d["labels"]:
            idx.begrippen.append(Normbegrip(iri=iri, label=d["pref"] or sorted(d["labels"])[0],
                                            labels=d["labels"], doelen=sorted(d["doelen"])))
    return idx._finish()


def _kb_ns(kb: str | None) -> str:
    """The ontology namespace to query with: the one given, else the configured base's."""
    return kb or Iris(Config.from_env().base_iri).kb


def index_uit_store(store, kb: str | None = None) -> Verwijzingsindex:
    """From a `kennisbank.store.Store` (one named graph per file). `kb`: the ontology namespace of its data
    (default: the configured base's)."""
    kb = _kb_ns(kb)
    prefixes = _PREFIXES.format(kb=kb)

    def run(q: str) -> list[dict]:
        head, body = q.split("{", 1)
        return store.select(prefixes + head + "{ GRAPH ?g {" + body + " }")

    return bouw_index(run, kb)


def index_uit_oxigraph(store: ox.Store, kb: str | None = None) -> Verwijzingsindex:
    """From a pyoxigraph Store; the default graph and all named graphs are read together."""
    kb = _kb_ns(kb)
    prefixes = _PREFIXES.format(kb=kb)

    def run(q: str) -> list[dict]:
        res = store.query(prefixes + q, use_default_graph_as_union=True)
        names = [v.value for v in res.variables]
        return [{n: s[n] for n in names if s[n] is not None} for s in res]

    return bouw_index(run, kb)


def index_uit_graaf(graph, kb: str | None = None) -> Verwijzingsindex:
    """From an rdflib Graph (or Dataset)."""
    data = graph.serialize(format="nt")
    if isinstance(data, str):
        data = data.encode("utf-8")
    st = ox.Store()
    st.load(data, format=ox.RdfFormat.N_TRIPLES)
    return index_uit_oxigraph(st, kb)


def index_uit_bestanden(paden: Iterable[Path | str], config: Config | None = None) -> Verwijzingsindex:
    """From Turtle files (rebased with `config`)."""
    config = config or Config.from_env()
    st = ox.Store()
    for p in paden:
        text = Path(p).read_text(encoding="utf-8")
        st.load(config.rebase(text).encode("utf-8"), format=ox.RdfFormat.TURTLE,
                to_graph=ox.NamedNode(config.base_iri + "/graaf/" + Path(p).stem))
    return index_uit_oxigraph(st, Iris(config.base_iri).kb)


# --- loading with a cache ------------------------------------------------------------------------------

_CACHE: dict[str, Verwijzingsindex] = {}


def bronbestanden(config: Config) -> list[Path]:
    """The Turtle files the index reads: regels/**/*.ttl and the normbegrippen scheme."""
    root = Path(config.source_root)
    files = sorted((root / "regels").glob("*.ttl")) if (root / "regels").is_dir() else []
    begrippen = root / "ontologie" / "begrippen" / "normbegrippen.ttl"
    if begrippen.is_file():
        files.append(begrippen)
    return files


def _handtekening(files: list[Path], config: Config) -> str:
    h = hashlib.sha256(f"{_INDEX_VERSION}|{config.base_iri}".encode())
    for f in files:
        st = f.stat()
        h.update(f"{f}|{st.st_mtime_ns}|{st.st_size}\n".encode())
    return h.hexdigest()


def index_uit_bronnen(config: Config | None = None) -> Verwijzingsindex:
    """From the repository's Turtle files, cached in memory and in `{data}/cache/` keyed on their mtimes."""
    config = config or Config.from_env()
    files = bronbestanden(config)
    key = "bestanden:" + _handtekening(files, config)
    return _gecached(key, config, lambda: index_uit_bestanden(files, config))


def _gecached(key: str, config: Config, bouw: Callable[[], Verwijzingsindex]) -> Verwijzingsindex:
    """The index for `key` from memory, else from `{data}/cache/`, else built (and written to both)."""
    if key in _CACHE:
        return _CACHE[key]
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    cache_file = Path(config.data_dir) / "cache" / f"herken-index-{digest}.pickle"
    idx = None
    try:
        if cache_file.is_file():
            with open(cache_file, "rb") as fh:
                idx = pickle.load(fh)
    except Exception:
        idx = None
    if not isinstance(idx, Verwijzingsindex):
        idx = bouw()
        if len(idx) == 0:
            return idx  # nothing worth caching
        try:
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            for old in cache_file.parent.glob("herken-index-*.pickle"):
                old.unlink(missing_ok=True)
            tmp = cache_file.with_suffix(".tmp")
            with open(tmp, "wb") as fh:
                pickle.dump(idx, fh, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(cache_file)
        except OSError:
            pass  # a cache we cannot write is no error
    _CACHE[key] = idx
    return idx


def laad_index(config: Config | None = None, *, store=None) -> Verwijzingsindex:
    """The index from the built store when it has regelingen, else from the Turtle files."""
    config = config or Config.from_env()
    if store is None:
        try:
            from ..store import open_store

            store = open_store(config, read_only=True)
        except Exception:
            store = None
    if store is not None:
        try:
            path = getattr(store, "path", None)
            key = f"store:{_INDEX_VERSION}:{path or config.sparql_url}:{store.triple_count()}:{config.base_iri}"
            if path is None and not config.sparql_url:
                idx = index_uit_store(store, Iris(config.base_iri).kb)  # an in-memory store: no cache
            else:
                idx = _gecached(key, config, lambda: index_uit_store(store, Iris(config.base_iri).kb))
            if len(idx):
                return idx
        except Exception:
            pass
    return index_uit_bronnen(config)


def wis_cache() -> None:
    _CACHE.clear()


def plek_uit_iri(iri: str) -> tuple[str, str | None, str | None, str | None] | None:
    """(regeling id, artikel, lid, onderdeel) read from an IRI that follows the model's pattern."""
    m = _PART_IRI.search(iri)
    if not m:
        return None
    ond = m.group(4)
    ond = ond.rsplit("/", 1)[-1] if ond else None
    return m.group(1), m.group(2), m.group(3), ond
