"""The site's search page rendered by the server: ranked results with the real total, paging, facets
(soort, regeling, mechanisme, doelgroep, gemeente, status), highlighted snippets and "Bedoelde u …?".

The same template (`site/templates/zoeken.html`) makes the static page (`kennisbank site bouw`, no results); the
server renders it with results for `/zoeken/index.html?q=…`. Opened from disk, the page falls back to the small
static index (`site/static/zoeken.js`).
"""

from __future__ import annotations

import threading
from urllib.parse import unquote, urlencode, urlparse

from ..fouten import KennisbankFout
from ..iri import Iris
from .paden import href

PAGINA = "zoeken/index.html"
PER_PAGINA = 10
FACET_TITELS = {"soort": "Soort", "regeling": "Regeling", "mechanisme": "Mechanisme", "doelgroep": "Doelgroep",
                "gemeente": "Gemeente", "status": "Status"}
SOORT_NAMEN = {"knelpunt": "Knelpunt", "praktijkvoorbeeld": "Praktijkvoorbeeld", "regeling": "Regeling",
               "artikel": "Artikel"}
FACET_MAX = 12  # values shown per facet

QUERY_NAMEN = """
PREFIX kb: <%(kb)s>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?s ?naam WHERE {
  { GRAPH ?g { ?s a skos:Concept ; skos:prefLabel ?naam } }
  UNION { GRAPH ?g { ?s kb:bwbId ?id ; dct:title ?naam } }
  UNION { GRAPH ?g { ?s a kb:Gemeente ; rdfs:label ?naam } }
}"""

_namen: dict[int, tuple[int, dict[str, str]]] = {}
_lock = threading.Lock()


def namen(store, kb_ns: str) -> dict[str, str]:
    """Display names by the last segment of an IRI (slug, BWB id, TOOI code), read once per store."""
    key = id(store)
    try:
        stamp = store.triple_count()
    except Exception:  # noqa: BLE001 - a store that cannot count: read the names every time
        stamp = -1
    cached = _namen.get(key)
    if cached and cached[0] == stamp and stamp >= 0:
        return cached[1]
    out: dict[str, str] = {}
    try:
        for row in store.select(QUERY_NAMEN % {"kb": kb_ns}):
            slug = unquote(row["s"].value.rstrip("/").rsplit("/", 1)[-1])
            lang = getattr(row["naam"], "language", None)
            if slug not in out or lang == "nl":
                out[slug] = row["naam"].value
    except Exception:  # noqa: BLE001 - names are a nicety; codes are shown instead
        return out
    with _lock:
        _namen[key] = (stamp, out)
    return out


def _int(value, default: int = 1) -> int:
    try:
        return max(1, min(int(value), 1000))
    except (TypeError, ValueError):
        return default


def _link(q: str, filters: dict[str, str], pagina: int = 1) -> str:
    params = {"q": q, **{k: v for k, v in filters.items() if v}}
    if pagina > 1:
        params["pagina"] = str(pagina)
    return "index.html?" + urlencode(params)


def _doc_href(url: str) -> str:
    path = unquote(urlparse(url).path).lstrip("/")
    return href(PAGINA, path + ".html") if path else "#"


def zoekweergave(config, store, params: dict) -> dict:
    """What the template shows for one request (`params`: q, pagina and the facet filters)."""
    from ..zoek import FACETTEN, zoek

    q = str(params.get("q") or "").strip()[:500]
    filters = {f: str(params.get(f)).strip() for f in FACETTEN if params.get(f)}
    pagina = _int(params.get("pagina"))
    view = {"q": q, "filters": filters, "pagina": pagina, "fout": None, "treffers": [], "totaal": 0,
            "paginas": 0, "facetten": [], "actief": [], "suggestie": None, "vorige": None, "volgende": None,
            "paginalinks": [], "start": (pagina - 1) * PER_PAGINA + 1}
    if not q:
        return view
    try:
        r = zoek(config, q, pagina=pagina, per_pagina=PER_PAGINA, **filters)
    except KennisbankFout as exc:
        view["fout"] = exc.bericht
        return view
    names = namen(store, Iris(config.base_iri).kb) if store is not None else {}

    def naam(facet: str, value: str) -> str:
        if facet == "soort":
            return SOORT_NAMEN.get(value, value)
        return names.get(value) or value

    view.update(totaal=r.totaal, paginas=r.paginas)
    view["treffers"] = [{"titel": t.titel, "href": _doc_href(t.url), "soort": SOORT_NAMEN.get(t.soort, t.soort),
                         "fragment": t.fragment} for t in r.treffers]
    for facet in FACETTEN:
        values = r.facetten.get(facet) or {}
        if not values:
            continue
        items = []
        for value, n in list(values.items())[:FACET_MAX]:
            actief = filters.get(facet) == value
            rest = {k: v for k, v in filters.items() if k != facet}
            items.append({"naam": naam(facet, value), "aantal": n, "actief": actief,
                          "href": _link(q, rest if actief else {**rest, facet: value})})
        view["facetten"].append({"titel": FACET_TITELS[facet], "waarden": items})
    view["actief"] = [{"titel": FACET_TITELS[f], "naam": naam(f, v),
                       "href": _link(q, {k: x for k, x in filters.items() if k != f})} for f, v in filters.items()]
    if r.suggestie:
        view["suggestie"] = {"tekst": r.suggestie, "href": _link(r.suggestie, filters)}
    if pagina > 1:
        view["vorige"] = _link(q, filters, pagina - 1)
    if pagina < r.paginas:
        view["volgende"] = _link(q, filters, pagina + 1)
    lo, hi = max(1, pagina - 4), min(r.paginas, pagina + 4)
    view["paginalinks"] = [{"nummer": p, "href": _link(q, filters, p), "huidig": p == pagina} for p in range(lo, hi + 1)]
    return view


def render(config, store, params: dict) -> str:
    """The search page with the results for `params`, as HTML."""
    from .bouw import _env, euro

    def u(naar: str, fragment: str = "") -> str:
        return href(PAGINA, naar, fragment)

    view = zoekweergave(config, store, params)
    titel = f"Zoeken: {view['q']}" if view["q"] else "Zoeken"
    return _env().get_template("zoeken.html").render(
        u=u, link=lambda iri: None, m=None, anker=lambda iri: "", euro=euro, titel=titel, rdf=None, jsonld=None,
        kruimels=[("Home", "index.html"), ("Zoeken", None)], knelpunten=[], zoek=view)
