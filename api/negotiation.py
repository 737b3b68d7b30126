"""Content negotiation: JSON by default, JSON-LD, Turtle (and N-Triples), CSV for collections."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
from fastapi import Request
from fastapi.responses import Response

from .fouten import ApiFout

JSON = "application/json"
JSONLD = "application/ld+json"
TURTLE = "text/turtle"
NTRIPLES = "application/n-triples"
CSV = "text/csv"
HTML = "text/html"

RESOURCE = [JSON, JSONLD, TURTLE, NTRIPLES]
COLLECTION = [JSON, JSONLD, TURTLE, NTRIPLES, CSV]


def parse_accept(header: str | None) -> list[tuple[str, float, int]]:
    """(media range, q, position) sorted by preference."""
    out = []
    for i, part in enumerate((header or "").split(",")):
        bits = [b.strip() for b in part.split(";")]
        media = bits[0].lower()
        if not media:
            continue
        q = 1.0
        for b in bits[1:]:
            if b.lower().startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        out.append((media, q, i))
    specificity = lambda m: 0 if m == "*/*" else 1 if m.endswith("/*") else 2
    out.sort(key=lambda x: (-x[1], -specificity(x[0]), x[2]))
    return out


def kies(request: Request, aanbod: list[str], *, query_param: str = "formaat") -> str:
    """The offered media type the client prefers; the first offer when it accepts anything; else 406."""
    header = request.headers.get("accept")
    if not header or not header.strip():
        return aanbod[0]
    for media, q, _ in parse_accept(header):
        if q <= 0:
            continue
        if media == "*/*":
            return aanbod[0]
        if media.endswith("/*"):
            for offer in aanbod:
                if offer.startswith(media[:-1]):
                    return offer
            continue
        if media in aanbod:
            return media
        if media == "application/problem+json" and JSON in aanbod:
            continue
    raise ApiFout(406, f"Dit adres kan niet leveren in {header}. Beschikbaar: {', '.join(aanbod)}.",
                  code="formaat_niet_beschikbaar")


# --- RDF -------------------------------------------------------------------------------------------------
PREFIXES = {
    "eli": "http://data.europa.eu/eli/ontology#",
    "dct": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "tooi": "https://identifier.overheid.nl/tooi/id/",
}


def prefixes(kb: str, base: str) -> dict[str, str]:
    return {"kb": kb, **PREFIXES, "regel": f"{base}/id/regeling/"}


def _compact(iri: str, pre: dict[str, str]) -> str:
    for p, ns in pre.items():
        if iri.startswith(ns) and len(iri) > len(ns) and "/" not in iri[len(ns):] and "#" not in iri[len(ns):]:
            return f"{p}:{iri[len(ns):]}"
    return iri


def jsonld(triples: list[ox.Triple], pre: dict[str, str]) -> dict:
    """JSON-LD with an @context: pyoxigraph's expanded form, property and type IRIs compacted by prefix."""
    expanded = json.loads(ox.serialize(triples, format=ox.RdfFormat.JSON_LD)) if triples else []
    graph = []
    for node in expanded:
        out = {}
        for k, v in node.items():
            if k == "@type":
                out[k] = [_compact(t, pre) for t in v]
            elif k.startswith("@"):
                out[k] = v
            else:
                out[_compact(k, pre)] = v
        graph.append(out)
    return {"@context": dict(pre), "@graph": graph}


def rdf_response(triples: list[ox.Triple], media: str, pre: dict[str, str], status: int = 200,
                 headers: dict | None = None) -> Response:
    if media == JSONLD:
        return Response(json.dumps(jsonld(triples, pre), ensure_ascii=False), media_type=JSONLD, status_code=status,
                        headers=headers)
    fmt = ox.RdfFormat.TURTLE if media == TURTLE else ox.RdfFormat.N_TRIPLES
    body = ox.serialize(triples, format=fmt, prefixes=pre if fmt == ox.RdfFormat.TURTLE else None) if triples else b""
    return Response(body, media_type=media + ("; charset=utf-8" if media == TURTLE else ""), status_code=status,
                    headers=headers)


def csv_response(rows: list[dict], columns: list[str], headers: dict | None = None) -> Response:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(columns)
    for row in rows:
        cells = []
        for c in columns:
            v = row.get(c)
            if isinstance(v, list):
                v = "|".join(str(x.get("id") or x.get("iri") if isinstance(x, dict) else x) for x in v)
            elif isinstance(v, dict):
                v = v.get("id") or v.get("iri") or json.dumps(v, ensure_ascii=False)
            text = "" if v is None else str(v)
            if text[:1] in ("=", "+", "-", "@"):  # no formulas in spreadsheets
                text = "'" + text
            cells.append(text)
        w.writerow(cells)
    return Response(buf.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)
