"""Resources as JSON from their triples: one query per resource (its own triples plus its blank nodes)."""

from __future__ import annotations

import pyoxigraph as ox

from kennisbank.leesmodel import (  # noqa: F401  (one read model, in the domain package)
    _by, bepaling_plekken, beschrijvingen, code, knelpunt_json, knelpunten_json, praktijk_json, voorbeeldsoort)

from .common import laatste, nn

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DCT = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
TOOI = "https://identifier.overheid.nl/tooi/id/"


def beschrijving(store, q, iri: str) -> list[ox.Triple]:
    """The resource's triples and those of the blank nodes it points to (a concise bounded description)."""
    rows = store.select(q.knelpunt_details, {"k": nn(iri)})
    subject = nn(iri)
    out, seen = [], set()
    for r in rows:
        t = ox.Triple(subject, r["p"], r["o"])
        if t not in seen:
            seen.add(t)
            out.append(t)
        if "cp" in r:
            t2 = ox.Triple(r["o"], r["cp"], r["co"])
            if t2 not in seen:
                seen.add(t2)
                out.append(t2)
    return out


