"""The incremental update after one publication: only "samen geciteerd" depends on published cases, so only
that kind is recomputed, from the summary a build left in `{data}/signalen/signalen.json`, and the store's
signalering graph follows in the same step (one SPARQL update: the kind's old signals out, the new ones in).
The static site's signal page follows with the site's own update (`kennisbank.site.bouw.werk_site_bij`).
Well under a second together; see benchmarks/signalering.py."""

from __future__ import annotations

import logging
import re

import pyoxigraph as ox

from .opslag import lees_signalen, werk_samen_bij
from .rdf import graaf, signaal_iri, signaal_triples

log = logging.getLogger(__name__)
_ARTIKEL = re.compile(r"^(.*?/id/regeling/[^/]+)(/artikel/[^/]+)")
_LID = re.compile(r"/artikel/([^/]+)(?:/lid/([^/]+))?(?:/onderdeel/([^/]+))?")


def _info(ctx, iri: str, bekend: dict) -> dict | None:
    if iri in bekend:
        return bekend[iri]
    m = _ARTIKEL.match(iri)
    if not m:
        return None
    regeling = m.group(1)
    titel = regeling.rsplit("/", 1)[-1]
    try:
        rows = ctx.store.select("SELECT ?t WHERE { ?r <http://purl.org/dc/terms/title> ?t } LIMIT 1",
                                {"r": ox.NamedNode(regeling)})
        if rows:
            titel = rows[0]["t"].value
    except Exception:  # noqa: BLE001 - a name is a nicety
        pass
    d = _LID.search(iri)
    naam = f"art. {d.group(1)}" + (f" lid {d.group(2)}" if d.group(2) else "") + (
        f" onder {d.group(3)}" if d.group(3) else "") + f" {titel}"
    return {"artikel": m.group(1) + m.group(2), "regeling": regeling, "naam": naam, "handeling": ""}


def na_publicatie(ctx, geval_iri: str, triples: list[ox.Triple]) -> None:
    """Add a just-published case's references to "samen geciteerd". Never fails the publication."""
    try:
        p = ctx.iris.term("betreftBepaling")
        refs = sorted({t.object.value for t in triples if t.subject.value == geval_iri and t.predicate.value == p})
        if len(refs) < 2:
            return
        bekend = lees_signalen(ctx.config.data_dir).get("info", {})
        info = {r: i for r in refs if (i := _info(ctx, r, bekend)) is not None}
        wijziging = werk_samen_bij(ctx.config.data_dir, geval_iri, refs, info)
        werk_graaf_bij(ctx.store, ctx.iris.base, ctx.iris.kb, wijziging)
    except Exception:  # noqa: BLE001
        log.exception("signalen bijwerken na publicatie mislukt; de volgende bouw herstelt ze")


def werk_graaf_bij(store, base: str, kb: str, wijziging: dict) -> None:
    """Replace the "samen geciteerd" signals in the store's signalering graph: `wijziging` is what
    `opslag.werk_samen_bij` returned (the ids before, the signals now). One update request, one transaction."""
    if not wijziging["weg"] and not wijziging["nieuw"]:
        return
    g = ox.NamedNode(graaf(base))
    delen = []
    if wijziging["weg"]:
        waarden = " ".join(str(ox.NamedNode(signaal_iri(base, i))) for i in wijziging["weg"])
        delen.append(f"DELETE {{ GRAPH {g} {{ ?s ?p ?o }} }} WHERE {{ VALUES ?s {{ {waarden} }} GRAPH {g} {{ ?s ?p ?o }} }}")
    nieuw = [t for d in wijziging["nieuw"] for t in signaal_triples(d, base, kb)]
    if nieuw:
        body = ox.serialize(nieuw, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
        delen.append(f"INSERT DATA {{ GRAPH {g} {{\n{body}}} }}")
    store.update(" ;\n".join(delen))
