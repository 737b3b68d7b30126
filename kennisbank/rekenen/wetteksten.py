"""The law texts the rekenhulp reads its amounts from: every Versie of the provisions it needs, from the store
(the API, the site build) or straight from the `regels/` files (CLI, tests, benchmarks).

An amount is never typed into the code: `Wetteksten.bedrag(bepaling, peildatum)` finds the Versie valid on the
peildatum and reads the euro amount from its `kb:tekst`. The result carries the provision and the Versie, so
every euro the rekenhulp shows can be traced to the text it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from ..config import SOURCE_BASE
from ..fouten import KennisbankFout
from ..iri import Iris

PW, ZVW, WZT = "BWBR0015703", "BWBR0018450", "BWBR0018451"
#: The laws (and their articles) the rekenhulp reads.
ARTIKELEN = {
    PW: ("19", "19a", "20", "21", "22", "22a", "31", "32", "34", "34a"),
    ZVW: ("19",),
    WZT: ("1", "2", "4"),
}
AFKORTING = {PW: "Pw", ZVW: "Zvw", WZT: "Wzt"}

_BEDRAG = re.compile(r"€\s*([0-9]{1,3}(?:\.[0-9]{3})*|[0-9]+)(?:,([0-9]{2}))?")
_PERCENTAGE = re.compile(r"([0-9]+(?:,[0-9]+)?)\s*(?:procent|%)")


def euro(tekst: str) -> list[Decimal]:
    """Every euro amount in a Dutch text, in order: `€ 1.401,50` -> Decimal('1401.50')."""
    uit = []
    for heel, cent in _BEDRAG.findall(tekst):
        uit.append(Decimal(heel.replace(".", "") + "." + (cent or "00")))
    return uit


def procenten(tekst: str) -> list[Decimal]:
    """Every percentage in a Dutch text, as a fraction: `13,700%` -> Decimal('0.137')."""
    return [Decimal(p.replace(",", ".")) / 100 for p in _PERCENTAGE.findall(tekst)]


class GeenWettekst(KennisbankFout):
    """A provision the rekenhulp needs has no text on the peildatum."""

    def __init__(self, bericht: str, dag: date):
        super().__init__(bericht)
        self.dag = dag


@dataclass(frozen=True)
class Versie:
    bepaling: str  # IRI of the Artikel, Lid or Onderdeel
    iri: str  # IRI of the Versie
    vanaf: date | None
    tot: date | None
    tekst: str
    link: str | None = None  # wetten.overheid.nl

    def geldt_op(self, dag: date) -> bool:
        return (self.vanaf is None or self.vanaf <= dag) and (self.tot is None or dag <= self.tot)


@dataclass(frozen=True)
class Herkomst:
    """Where a figure comes from: a provision and the Versie of its text, or a source outside the kennisbank
    (a yearly regulation in the parameter file)."""

    bepaling: str | None
    label: str
    versie: str | None = None
    geldig_vanaf: str | None = None
    bron: str | None = None  # URL of an outside source (parameter file)

    def json(self) -> dict:
        uit = {"bepaling": self.bepaling, "label": self.label, "versie": self.versie, "geldigVanaf": self.geldig_vanaf}
        if self.bron:
            uit["bron"] = self.bron
        return uit


def label(bepaling: str) -> str:
    """`…/BWBR0015703/artikel/22a/lid/1/onderdeel/a` -> `Pw art. 22a lid 1 onderdeel a`."""
    marker = "/id/regeling/"
    rest = bepaling.split(marker, 1)[1].split("/")
    wet = AFKORTING.get(rest[0], rest[0])
    delen = []
    for soort, nr in zip(rest[1::2], rest[2::2]):
        delen.append({"artikel": "art."}.get(soort, soort) + " " + nr)
    return " ".join([wet, *delen])


class Wetteksten:
    """All versions of the provisions the rekenhulp needs, read once."""

    def __init__(self, versies: dict[str, list[Versie]], iris: Iris):
        self.versies = versies
        self.iris = iris

    # --- construction ---------------------------------------------------------------------------------
    @classmethod
    def uit_store(cls, store, iris: Iris) -> "Wetteksten":
        regelingen = " ".join(f"<{iris.regeling(w)}>" for w in ARTIKELEN)
        prefixen = tuple(iris.artikel(w, a) for w, arts in ARTIKELEN.items() for a in arts)
        q = f"""PREFIX kb: <{iris.kb}>
        SELECT ?b ?v ?van ?tot ?tekst ?link WHERE {{
          VALUES ?r {{ {regelingen} }}
          ?b kb:regeling ?r ; kb:versie ?v . ?v kb:tekst ?tekst .
          OPTIONAL {{ ?v kb:geldigVanaf ?van }} OPTIONAL {{ ?v kb:geldigTot ?tot }} OPTIONAL {{ ?v kb:wettenLink ?link }}
        }}"""
        versies: dict[str, list[Versie]] = {}
        for r in store.select(q):
            b = r["b"].value
            if not any(b == a or b.startswith(a + "/") for a in prefixen):
                continue
            versies.setdefault(b, []).append(Versie(
                bepaling=b, iri=r["v"].value,
                vanaf=date.fromisoformat(r["van"].value) if "van" in r else None,
                tot=date.fromisoformat(r["tot"].value) if "tot" in r else None,
                tekst=r["tekst"].value, link=r["link"].value if "link" in r else None,
            ))
        for lijst in versies.values():
            lijst.sort(key=lambda v: v.vanaf or date.min)
        return cls(versies, iris)

    @classmethod
    def uit_bestanden(cls, regels: Path, iris: Iris | None = None) -> "Wetteksten":
        """From the `regels/{BWBID}.ttl` files (written against SOURCE_BASE; rebased to `iris.base`)."""
        from ..store.embedded import EmbeddedStore

        iris = iris or Iris()
        store = EmbeddedStore(None)
        for bwb in ARTIKELEN:
            pad = Path(regels) / f"{bwb}.ttl"
            if not pad.is_file():
                raise KennisbankFout(f"Wettekst ontbreekt: {pad.name} (nodig voor de rekenhulp).")
            data = pad.read_bytes()
            if iris.base != SOURCE_BASE:
                data = data.replace(SOURCE_BASE.encode(), iris.base.encode())
            store.add_graph(iris.graph(f"regels/{bwb}.ttl"), data, "text/turtle")
        return cls.uit_store(store, iris)

    # --- lookup ------------------------------------------------------------------------------------------
    def versie(self, bepaling: str, dag: date) -> Versie | None:
        for v in self.versies.get(bepaling, ()):
            if v.geldt_op(dag):
                return v
        return None

    def moet(self, bepaling: str, dag: date) -> Versie:
        v = self.versie(bepaling, dag)
        if v is None:
            perioden = ", ".join(f"{v.vanaf or '…'} tot {v.tot or 'heden'}" for v in self.versies.get(bepaling, ()))
            raise GeenWettekst(f"De kennisbank heeft geen tekst van {label(bepaling)} op {dag.isoformat()}"
                               + (f" (wel: {perioden})." if perioden else "."), dag)
        return v

    def geldt(self, bepaling: str, dag: date) -> bool:
        return self.versie(bepaling, dag) is not None

    def herkomst(self, v: Versie) -> Herkomst:
        return Herkomst(v.bepaling, label(v.bepaling), v.iri, v.vanaf.isoformat() if v.vanaf else None)

    def bedrag(self, bepaling: str, dag: date, index: int = 0) -> tuple[Decimal, Herkomst]:
        v = self.moet(bepaling, dag)
        bedragen = euro(v.tekst)
        if len(bedragen) <= index:
            raise KennisbankFout(f"Geen bedrag gevonden in {label(bepaling)} (versie {v.vanaf}).")
        return bedragen[index], self.herkomst(v)

    def percentage(self, bepaling: str, dag: date, index: int = 0) -> tuple[Decimal, Herkomst]:
        v = self.moet(bepaling, dag)
        p = procenten(v.tekst)
        if len(p) <= index:
            raise KennisbankFout(f"Geen percentage gevonden in {label(bepaling)} (versie {v.vanaf}).")
        return p[index], self.herkomst(v)

    def leeftijd(self, bepaling: str, dag: date) -> tuple[int, Herkomst]:
        """The first `N jaar of ouder` in the text (Pw 19a lid 1: who counts as kostendeler)."""
        v = self.moet(bepaling, dag)
        m = re.search(r"(\d+) jaar of ouder", v.tekst)
        if not m:
            raise KennisbankFout(f"Geen leeftijdsgrens gevonden in {label(bepaling)}.")
        return int(m.group(1)), self.herkomst(v)


@lru_cache(maxsize=4)
def uit_repo(regels: str, base: str = SOURCE_BASE) -> Wetteksten:
    """Cached: the law texts of a `regels/` folder (CLI, tests, benchmarks)."""
    return Wetteksten.uit_bestanden(Path(regels), Iris(base))
