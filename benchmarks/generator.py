"""Synthetic but realistic data shaped like docs/model.md: regelingen, artikelen, leden, knelpunten, cases.

Deterministic for a given seed. Every case is its own named graph, as real submissions are.
`python -m benchmarks.generator --gevallen 1000 --uit data.nq` writes N-Quads.
"""

from __future__ import annotations

import argparse
import random
from typing import Iterator

import pyoxigraph as ox

from kennisbank.config import SOURCE_BASE
from kennisbank.iri import Iris, gemeente, ministerie

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
DCT = "http://purl.org/dc/terms/"
ELI = "http://data.europa.eu/eli/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"

GEMEENTEN = ["gm0772", "gm0153", "gm0080", "gm0344", "gm0479", "gm0193", "gm0034"]
MINISTERIES = ["mnre1034", "mnre1073", "mnre1025", "mnre1058", "mnre1109"]
DOMEINEN = ["inkomen", "werk-en-participatie", "schulden", "zorg-en-ondersteuning", "jeugd", "gezondheidszorg",
            "toeslagen", "onderwijs", "wonen"]
MECHANISMEN = ["prikkelconflict", "huishoudtoets", "tegenstrijdige-verplichtingen", "voorliggendheid",
               "timing-liquiditeit", "stapeling", "geen-discretie", "financieringsschot", "afschuiven",
               "bewijslast", "leeftijdsgrens", "verantwoordelijkheidsgrens", "informatiedeling", "rolconflict"]
UITKOMSTEN = ["maatwerk", "uitzondering", "escalatie", "geen"]
GELDSTROMEN = ["participatiewet", "wmo", "jeugdwet", "zorgverzekeringswet", "schuldhulpverlening"]
WOORDEN = (
    "bijstand uitkering wijkteam gezin moeder jongere schulden boete terugvordering huur toeslag zorg "
    "begeleiding gemeente klantmanager inkomen werk vrijwilligerswerk mantelzorg kostendelersnorm onderdak "
    "auto vermogen schuldsanering bewindvoerder jeugdhulp verjaardag zorgverzekering premie eigen risico "
    "inlichtingenplicht maatregel verlaging ontheffing aanvraag woonplaats opvang dakloos huisuitzetting "
    "energie afsluiting betalingsregeling incasso deurwaarder kinderen school leerlingenvervoer vervoer "
    "sportclub buffer armoede regels botsen uitzondering maatwerk escalatie overleg vertrouwen handhaving "
    "signaleren melden keukentafel huisbezoek participatie plicht sanctie korting norm leeftijd"
).split()


def _text(rng: random.Random, n: int) -> str:
    words = [rng.choice(WOORDEN) for _ in range(n)]
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def generate(cases: int, *, regelingen: int = 20, artikelen: int = 150, knelpunten: int | None = None,
             seed: int = 1, base: str = SOURCE_BASE) -> Iterator[ox.Quad]:
    rng = random.Random(seed)
    iris = Iris(base)
    N, L = ox.NamedNode, ox.Literal
    kb = iris.term
    a = N(RDF + "type")
    date = N(XSD + "date")
    knelpunten = knelpunten if knelpunten is not None else max(30, cases // 50)

    bwb_ids = [f"BWBR{9000000 + i:07d}" for i in range(regelingen)]
    provisions: list[tuple[str, str]] = []  # (bwb, provision IRI)
    for bwb in bwb_ids:
        g = N(iris.graph(f"regels/{bwb}.ttl"))
        reg = N(iris.regeling(bwb))
        yield ox.Quad(reg, a, N(kb("Wet")), g)
        yield ox.Quad(reg, N(kb("bwbId")), L(bwb), g)
        yield ox.Quad(reg, N(DCT + "title"), L(f"Synthetische wet {bwb[-3:]}", language="nl"), g)
        for n in range(1, artikelen + 1):
            nr = f"{n}" if n % 7 else f"{n}a"
            art = N(iris.artikel(bwb, nr))
            provisions.append((bwb, art.value))
            yield ox.Quad(art, a, N(kb("Artikel")), g)
            yield ox.Quad(art, N(ELI + "is_part_of"), reg, g)
            yield ox.Quad(art, N(kb("regeling")), reg, g)
            yield ox.Quad(art, N(ELI + "id_local"), L(nr), g)
            yield ox.Quad(art, N(kb("volgorde")), L(str(n), datatype=N(XSD + "integer")), g)
            v = N(iris.versie(art.value, "2024-01-01"))
            yield ox.Quad(art, N(kb("versie")), v, g)
            yield ox.Quad(v, a, N(kb("Versie")), g)
            yield ox.Quad(v, N(kb("tekst")), L(_text(rng, 40), language="nl"), g)
            yield ox.Quad(v, N(kb("geldigVanaf")), L("2024-01-01", datatype=date), g)
            for lid in range(1, rng.randint(1, 4) + 1):
                lid_iri = N(iris.lid(bwb, nr, str(lid)))
                provisions.append((bwb, lid_iri.value))
                yield ox.Quad(lid_iri, a, N(kb("Lid")), g)
                yield ox.Quad(lid_iri, N(ELI + "is_part_of"), art, g)
                yield ox.Quad(lid_iri, N(kb("regeling")), reg, g)
                yield ox.Quad(lid_iri, N(ELI + "id_local"), L(str(lid)), g)

    knelpunt_iris = []
    for k in range(knelpunten):
        slug = f"synthetisch-{k}"
        g = N(iris.graph(f"knelpunten/{slug}.ttl"))
        kp = N(iris.knelpunt(slug))
        knelpunt_iris.append(kp)
        yield ox.Quad(kp, a, N(kb("Knelpunt")), g)
        yield ox.Quad(kp, N(DCT + "title"), L(_text(rng, 8), language="nl"), g)
        yield ox.Quad(kp, N(DCT + "description"), L(_text(rng, 80), language="nl"), g)
        for _ in range(2):
            c = ox.BlankNode()
            yield ox.Quad(kp, N(kb("citeert")), c, g)
            yield ox.Quad(c, a, N(kb("Citering")), g)
            yield ox.Quad(c, N(kb("bepaling")), N(rng.choice(provisions)[1]), g)
            yield ox.Quad(c, N(kb("peildatum")), L("2024-01-01", datatype=date), g)
        yield ox.Quad(kp, N(kb("mechanisme")), N(iris.concept("mechanisme", rng.choice(MECHANISMEN))), g)
        yield ox.Quad(kp, N(kb("status")), N(iris.concept("status", "geanalyseerd")), g)
        yield ox.Quad(kp, N(kb("domein")), N(iris.concept("domein", rng.choice(DOMEINEN))), g)
        yield ox.Quad(kp, N(kb("verantwoordelijkMinisterie")), N(ministerie(rng.choice(MINISTERIES))), g)

    for c in range(cases):
        ref = f"synthetisch-{c}"
        g = N(iris.submission_graph(ref))
        pv = N(iris.praktijkvoorbeeld(ref))
        yield ox.Quad(pv, a, N(kb("Praktijkvoorbeeld")), g)
        yield ox.Quad(pv, N(DCT + "title"), L(_text(rng, 7), language="nl"), g)
        yield ox.Quad(pv, N(DCT + "description"), L(_text(rng, 90), language="nl"), g)
        yield ox.Quad(pv, N(kb("gemeente")), N(gemeente(rng.choice(GEMEENTEN))), g)
        yield ox.Quad(pv, N(kb("beoordelingsstatus")), N(iris.concept("beoordelingsstatus", "gepubliceerd")), g)
        yield ox.Quad(pv, N(kb("uitkomst")), N(iris.concept("uitkomst", rng.choice(UITKOMSTEN))), g)
        yield ox.Quad(pv, N(DCT + "date"), L(f"20{rng.randint(16, 26)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                                             datatype=date), g)
        for d in rng.sample(DOMEINEN, 2):
            yield ox.Quad(pv, N(kb("domein")), N(iris.concept("domein", d)), g)
        for _ in range(2):
            yield ox.Quad(pv, N(kb("betreftBepaling")), N(rng.choice(provisions)[1]), g)
        yield ox.Quad(pv, N(kb("ondersteunt")), rng.choice(knelpunt_iris), g)
        for _ in range(rng.randint(0, 2)):
            k = ox.BlankNode()
            yield ox.Quad(pv, N(kb("kosten")), k, g)
            yield ox.Quad(k, a, N(kb("Kostenpost")), g)
            yield ox.Quad(k, N(kb("geldstroom")), N(iris.concept("geldstroom", rng.choice(GELDSTROMEN))), g)
            yield ox.Quad(k, N(kb("bedrag")), L(str(rng.randint(100, 40000)), datatype=N(XSD + "decimal")), g)


def main() -> None:
    p = argparse.ArgumentParser(description="Maak synthetische testgegevens (N-Quads).")
    p.add_argument("--gevallen", type=int, default=1000, help="aantal praktijkvoorbeelden")
    p.add_argument("--uit", required=True, help="uitvoerbestand (.nq)")
    args = p.parse_args()
    with open(args.uit, "wb") as fh:
        ox.serialize(generate(args.gevallen), fh, format=ox.RdfFormat.N_QUADS)


if __name__ == "__main__":
    main()
