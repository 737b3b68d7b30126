"""The choices of a knelpunt form, by label: the SKOS schemes (mechanismen, doelgroepen, domeinen,
oplossingsrichtingen, statussen, bronsoorten), the ministries and the experiments, read from the public store.

A form shows labels and sends codes (`prikkelconflict`, `mnre1073`): the codes are what the domain layer
(kennisbank/domein.py) takes, the labels are what people read. Read once per generation of the store
(`ctx.per_generatie`), so a concept added by a build appears without a restart.
"""

from __future__ import annotations

from .leesmodel import code

#: scheme kind -> the form's field (the domain layer's field name)
SCHEMAS = {"mechanisme": "mechanismen", "doelgroep": "doelgroepen", "domein": "domeinen",
           "oplossingsrichting": "oplossingsrichtingen", "status": "status", "bronsoort": "bronsoort"}


def _laad(ctx) -> dict[str, list[dict]]:
    p = ctx.q.prefixes
    schemas = " ".join(f"<{ctx.iris.scheme(s)}>" for s in SCHEMAS)
    soort_van = {ctx.iris.scheme(s): s for s in SCHEMAS}
    out: dict[str, dict[str, dict]] = {s: {} for s in (*SCHEMAS, "ministerie", "experiment")}
    q = p + f"""SELECT ?c ?schema ?label ?definitie ?volgorde WHERE {{ VALUES ?schema {{ {schemas} }}
  ?c skos:inScheme ?schema ; skos:prefLabel ?label .
  OPTIONAL {{ ?c skos:definition ?definitie }} OPTIONAL {{ ?c skos:notation ?volgorde }} }}"""
    for r in ctx.store.select(q):
        soort = soort_van.get(r["schema"].value)
        c = r["c"].value
        if soort is None or c in out[soort]:
            continue
        out[soort][c] = {"code": code(c), "iri": c, "label": r["label"].value,
                         "definitie": r["definitie"].value if r.get("definitie") is not None else None,
                         "volgorde": r["volgorde"].value if r.get("volgorde") is not None else None}
    for r in ctx.store.select(p + """SELECT ?m ?label WHERE { ?m a kb:Ministerie ; skos:prefLabel ?label }"""):
        out["ministerie"].setdefault(r["m"].value, {"code": code(r["m"].value), "iri": r["m"].value,
                                                    "label": r["label"].value, "definitie": None, "volgorde": None})
    for r in ctx.store.select(p + """SELECT ?e ?label WHERE { ?e a kb:Experiment ; dct:title ?label }"""):
        out["experiment"].setdefault(r["e"].value, {"code": code(r["e"].value), "iri": r["e"].value,
                                                    "label": r["label"].value, "definitie": None, "volgorde": None})
    return {k: sorted(v.values(), key=_volgorde(k)) for k, v in out.items()}


def _volgorde(soort: str):
    if soort == "status":  # the statuses in their life-cycle order when the scheme gives one
        return lambda x: (x["volgorde"] is None, _int(x["volgorde"]), x["label"].lower())
    return lambda x: x["label"].lower()


def _int(v):
    try:
        return int(v)
    except (TypeError, ValueError):
        return 0


def keuzelijsten(ctx) -> dict[str, list[dict]]:
    """{kind: [{code, iri, label, definitie}]} for every scheme in SCHEMAS plus 'ministerie' and 'experiment'."""
    per_generatie = getattr(ctx, "per_generatie", None)
    if per_generatie is None:
        return _laad(ctx)
    return per_generatie("keuzelijsten", lambda: _laad(ctx))


def labels(lijsten: dict[str, list[dict]]) -> dict[str, dict[str, str]]:
    """{kind: {code: label}} for showing a code as its label."""
    return {k: {x["code"]: x["label"] for x in v} for k, v in lijsten.items()}
