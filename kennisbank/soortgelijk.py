"""Soortgelijke knelpunten: which knelpunten a case (a submission, a praktijkvoorbeeld, a draft) is most like.

One engine for every place that suggests knelpunten: the answer to a submission (`vergelijkbareKnelpunten`),
the werkruimte's review queue and the knelpunt forms. A knelpunt scores on three things, each between 0 and 1:

- **bepalingen** (weight `W_BEPALING`): for every provision the case names (recognised in its text by the
  reference recogniser, named norms such as "kostendelersnorm" included, or passed in), the best match among the
  knelpunt's citations: the same provision or one inside it (1.0), the same article (0.6), the same law (0.1);
  averaged over the case's provisions;
- **begrippen** (weight `W_BEGRIP`): the concepts of the case — found in its text through the SKOS labels
  (prefLabel, altLabel, hiddenLabel) of the mechanismen, doelgroepen, domeinen and normbegrippen — that the
  knelpunt shares: its own mechanisme/doelgroep/domein, a normbegrip in its text, or a normbegrip whose
  provisions it cites. Each weighted by kind and by rarity among the knelpunten (idf); the sum saturates
  (1 - exp(-sum / BEGRIP_SCHAAL)), so one common domain ("wonen") never outweighs the text;
- **tekst** (weight `W_TEKST`): the cosine of TF-IDF vectors over the terms of the search module's Dutch
  analysis (kennisbank/zoek/analyse.py: lemmas, stems, compound parts), so "kosten delen" meets
  "kostendelersnorm" and "uitkeringen" meets "uitkering".

The weights were set before the judged cases (tests/soortgelijke_knelpunten.yaml) were run and are not fitted
to them. The knelpunten's profiles are read from the public store once per generation (`ctx.per_generatie`).

`ctx` needs `.store`, `.q.prefixes`, `.iris` and optionally `.herkenner()` and `.per_generatie()` (the server's
context, api/context.py); this module never imports `api`.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

import pyoxigraph as ox

from .zoek.analyse import Woordenschat, index_termen, woorden

W_BEPALING = 0.45
W_BEGRIP = 0.20
W_TEKST = 0.35

MATCH_BEPALING = 1.0  # the same provision, or one inside the other
MATCH_ARTIKEL = 0.6  # another part of the same article
MATCH_REGELING = 0.1  # the same law

#: How much a shared concept of each kind says about two situations being the same.
GEWICHT_BEGRIP = {"normbegrip": 2.0, "mechanisme": 1.0, "doelgroep": 0.7, "domein": 0.3}
SOORTEN = tuple(GEWICHT_BEGRIP)
#: The shared concepts' weight that gives a concept score of 1 - 1/e: one rare named norm nearly saturates it,
#: one common domain adds little.
BEGRIP_SCHAAL = 2.0
#: A title counts this many times in a knelpunt's text vector (it says what the knelpunt is about).
TITEL_GEWICHT = 2


@dataclass
class Profiel:
    iri: str
    titel: str | None = None
    tekst: str = ""
    bepalingen: set[str] = field(default_factory=set)
    begrippen: set[str] = field(default_factory=set)
    vector: dict[str, float] = field(default_factory=dict)
    norm: float = 0.0


@dataclass
class Begrip:
    iri: str
    soort: str
    label: str  # the prefLabel, for the explanation
    varianten: list[tuple[str, ...]]  # the analysed terms of every label
    doelen: set[str] = field(default_factory=set)  # a normbegrip's provisions


@dataclass
class Catalogus:
    profielen: list[Profiel]
    begrippen: dict[str, Begrip]
    idf: dict[str, float]
    begrip_idf: dict[str, float]
    woordenschat: Woordenschat


# --- provisions ---------------------------------------------------------------------------------------------------
def artikel_van(iri: str) -> str | None:
    """`…/regeling/X/artikel/22a/lid/1` -> `…/regeling/X/artikel/22a` (None when not inside an article)."""
    if "/artikel/" not in iri:
        return None
    head, rest = iri.split("/artikel/", 1)
    return f"{head}/artikel/{rest.split('/', 1)[0]}"


def regeling_van(iri: str) -> str | None:
    if "/regeling/" not in iri:
        return None
    head, rest = iri.split("/regeling/", 1)
    return f"{head}/regeling/{rest.split('/', 1)[0]}"


def _binnen(a: str, b: str) -> bool:
    """a is b or a part of it (or the other way round)."""
    return a == b or a.startswith(b + "/") or b.startswith(a + "/")


def bepaling_match(bepaling: str, citaties: set[str]) -> float:
    best = 0.0
    art, reg = artikel_van(bepaling), regeling_van(bepaling)
    for c in citaties:
        if _binnen(bepaling, c):
            return MATCH_BEPALING
        if art is not None and artikel_van(c) == art:
            best = max(best, MATCH_ARTIKEL)
        elif reg is not None and regeling_van(c) == reg:
            best = max(best, MATCH_REGELING)
    return best


# --- text --------------------------------------------------------------------------------------------------------
def _termen(tekst: str, woordenschat: Woordenschat) -> Counter:
    terms, parts = index_termen(tekst, woordenschat)
    return Counter(terms + parts)


def _vector(tf: Counter, idf: dict[str, float]) -> tuple[dict[str, float], float]:
    v = {t: (1 + math.log(n)) * idf[t] for t, n in tf.items() if t in idf}
    return v, math.sqrt(sum(x * x for x in v.values()))


def _label_termen(label: str, woordenschat: Woordenschat) -> tuple[str, ...]:
    terms, _ = index_termen(label, woordenschat)
    return tuple(terms)


def begrippen_in(tekst_termen: set[str], catalogus: Catalogus) -> set[str]:
    """The concepts one of whose labels occurs in a text (every term of the label among the text's terms)."""
    return {b.iri for b in catalogus.begrippen.values()
            if any(v and all(t in tekst_termen for t in v) for v in b.varianten)}


# --- loading -----------------------------------------------------------------------------------------------------
def _queries(ctx) -> dict[str, str]:
    p = ctx.q.prefixes
    schemas = " ".join(f"<{ctx.iris.scheme(s)}>" for s in SOORTEN)
    return {
        "knelpunten": p + """SELECT ?k ?titel ?beschrijving ?toelichting WHERE { ?k a kb:Knelpunt .
  OPTIONAL { ?k dct:title ?titel } OPTIONAL { ?k dct:description ?beschrijving }
  OPTIONAL { ?k kb:mechanismeToelichting ?toelichting } }""",
        "citaties": p + "SELECT ?k ?b WHERE { ?k a kb:Knelpunt ; kb:citeert ?c . ?c kb:bepaling ?b }",
        "begrippen": p + """SELECT ?k ?c WHERE { ?k a kb:Knelpunt .
  VALUES ?p { kb:mechanisme kb:doelgroep kb:domein } ?k ?p ?c }""",
        "labels": p + f"""SELECT ?c ?schema ?lp ?label WHERE {{ VALUES ?schema {{ {schemas} }}
  ?c skos:inScheme ?schema . VALUES ?lp {{ skos:prefLabel skos:altLabel skos:hiddenLabel }} ?c ?lp ?label }}""",
        "doelen": p + "SELECT ?c ?doel WHERE { ?c a kb:Normbegrip ; kb:verwijstNaar ?doel }",
    }


def laad(ctx) -> Catalogus:
    """The knelpunten's profiles and the concepts' labels from the public store."""
    q = _queries(ctx)
    store = ctx.store
    skos = "http://www.w3.org/2004/02/skos/core#prefLabel"
    soort_van = {ctx.iris.scheme(s): s for s in SOORTEN}

    profielen: dict[str, Profiel] = {}
    teksten: dict[str, list[str]] = {}
    for r in store.select(q["knelpunten"]):
        k = r["k"].value
        p = profielen.setdefault(k, Profiel(iri=k))
        delen = teksten.setdefault(k, [])
        if r.get("titel") is not None and p.titel is None:
            p.titel = r["titel"].value
            delen += [p.titel] * TITEL_GEWICHT
        for key in ("beschrijving", "toelichting"):
            if r.get(key) is not None and r[key].value not in delen:
                delen.append(r[key].value)
    for r in store.select(q["citaties"]):
        if r["k"].value in profielen:
            profielen[r["k"].value].bepalingen.add(r["b"].value)
    for r in store.select(q["begrippen"]):
        if r["k"].value in profielen:
            profielen[r["k"].value].begrippen.add(r["c"].value)
    for k, delen in teksten.items():
        profielen[k].tekst = "\n".join(delen)

    woordenschat = Woordenschat(w for p in profielen.values() for w, _, _ in woorden(p.tekst))
    begrippen: dict[str, Begrip] = {}
    labels: dict[str, list[str]] = {}
    for r in store.select(q["labels"]):
        c, soort = r["c"].value, soort_van.get(r["schema"].value)
        if soort is None:
            continue
        b = begrippen.setdefault(c, Begrip(iri=c, soort=soort, label=r["label"].value, varianten=[]))
        if r["lp"].value == skos:
            b.label = r["label"].value
        labels.setdefault(c, []).append(r["label"].value)
    for c, ls in labels.items():
        begrippen[c].varianten = list(dict.fromkeys(_label_termen(x, woordenschat) for x in ls))
    for r in store.select(q["doelen"]):
        if r["c"].value in begrippen:
            begrippen[r["c"].value].doelen.add(r["doel"].value)

    tfs = {k: _termen(p.tekst, woordenschat) for k, p in profielen.items()}
    n = max(1, len(profielen))
    df = Counter(t for tf in tfs.values() for t in tf)
    idf = {t: math.log(1 + n / d) for t, d in df.items()}
    catalogus = Catalogus(list(profielen.values()), begrippen, idf, {}, woordenschat)
    for k, p in profielen.items():
        p.vector, p.norm = _vector(tfs[k], idf)
        # named norms in the knelpunt's own text, and those whose provisions it cites, are its concepts too
        p.begrippen |= {c for c in begrippen_in(set(tfs[k]), catalogus) if begrippen[c].soort == "normbegrip"}
        for b in begrippen.values():
            if b.doelen and any(bepaling_match(d, p.bepalingen) >= MATCH_ARTIKEL for d in b.doelen):
                p.begrippen.add(b.iri)
    bdf = Counter(c for p in profielen.values() for c in p.begrippen)
    catalogus.begrip_idf = {c: math.log(1 + n / bdf[c]) if bdf[c] else math.log(1 + n) for c in begrippen}
    return catalogus


def catalogus(ctx) -> Catalogus:
    per_generatie = getattr(ctx, "per_generatie", None)
    if per_generatie is None:
        return laad(ctx)
    return per_generatie("soortgelijk", lambda: laad(ctx))


# --- ranking -----------------------------------------------------------------------------------------------------
def herkende_bepalingen(ctx, tekst: str) -> list[str]:
    """The provisions a text names (articles, leden, named norms), through the reference recogniser."""
    herkenner = getattr(ctx, "herkenner", None)
    if herkenner is None or not tekst:
        return []
    return [v["iri"] for v in herkenner().herken(tekst) if v.get("iri") and v.get("status") == "gevonden"]


def rangschik(catalogus: Catalogus, tekst: str, bepalingen: list[str] | set[str] = (),
              uitsluiten: set[str] | frozenset = frozenset()) -> list[dict]:
    """Every knelpunt with a score above 0, best first: {iri, titel, score, onderdelen, gedeeldeBepalingen,
    gedeeldeBegrippen}."""
    case_bepalingen = sorted(set(bepalingen))
    tf = _termen(tekst, catalogus.woordenschat)
    vector, norm = _vector(tf, catalogus.idf)
    case_begrippen = begrippen_in(set(tf), catalogus)
    for b in catalogus.begrippen.values():  # a named norm whose provisions the case names
        if b.doelen and any(bepaling_match(x, b.doelen) >= MATCH_ARTIKEL for x in case_bepalingen):
            case_begrippen.add(b.iri)

    def gewicht(c: str) -> float:
        return GEWICHT_BEGRIP[catalogus.begrippen[c].soort] * catalogus.begrip_idf.get(c, 1.0)

    out = []
    for p in catalogus.profielen:
        if p.iri in uitsluiten:
            continue
        matches = {b: bepaling_match(b, p.bepalingen) for b in case_bepalingen}
        s_bep = sum(matches.values()) / len(case_bepalingen) if case_bepalingen else 0.0
        gedeeld = case_begrippen & p.begrippen
        s_begrip = 1 - math.exp(-sum(gewicht(c) for c in gedeeld) / BEGRIP_SCHAAL)
        s_tekst = (sum(w * p.vector.get(t, 0.0) for t, w in vector.items()) / (norm * p.norm)
                   if norm and p.norm else 0.0)
        score = W_BEPALING * s_bep + W_BEGRIP * s_begrip + W_TEKST * s_tekst
        if score <= 0:
            continue
        out.append({
            "iri": p.iri, "titel": p.titel, "score": round(score, 4),
            "onderdelen": {"bepalingen": round(s_bep, 3), "begrippen": round(s_begrip, 3), "tekst": round(s_tekst, 3)},
            "gedeeldeBepalingen": sorted(b for b, m in matches.items() if m >= MATCH_ARTIKEL),
            "gedeeldeBegrippen": sorted(catalogus.begrippen[c].label for c in gedeeld),
        })
    out.sort(key=lambda x: (-x["score"], x["iri"]))
    return out


def soortgelijke_knelpunten(ctx, tekst: str, bepalingen: list[str] | None = None, maximum: int = 5,
                            uitsluiten: set[str] | frozenset = frozenset()) -> list[dict]:
    """The `maximum` knelpunten most like a case: its text (title and description) and the provisions it names
    (`bepalingen`; the ones recognised in the text are added). Each: {id, iri, titel, score, onderdelen,
    gedeeldeBepalingen, gedeeldeBegrippen}."""
    alle = list(dict.fromkeys((bepalingen or []) + herkende_bepalingen(ctx, tekst)))
    out = rangschik(catalogus(ctx), tekst or "", alle, uitsluiten)[:maximum]
    for x in out:
        x["id"] = x["iri"].rsplit("/", 1)[-1]
    return [{"id": x.pop("id"), **x} for x in out]
