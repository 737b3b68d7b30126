"""Scenarios that make conflicts visible: the same household with one thing changed, computed twice or more,
and what each rule does with the difference. Each scenario is a table plus a chart (server-side SVG, the
stacked bars of kennisbank/site/svg.py) showing which rule takes what.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ..site.svg import gestapeld
from .bereken import NUL, bereken, cent
from .model import Berekening, Huishouden, Medebewoner
from .wetteksten import Wetteksten

from .model import SCENARIO_CODES as SCENARIOS
EXTRA_UREN = (4, 8, 16, 24)


def euro_nl(x) -> str:
    d = cent(Decimal(str(x)))
    teken = "−" if d < 0 else ""
    heel, _, c = f"{abs(d):.2f}".partition(".")
    groepen = f"{int(heel):,}".replace(",", ".")
    return f"{teken}€ {groepen},{c}"


def _posten(b: Berekening) -> dict[str, Decimal]:
    uit: dict[str, Decimal] = {}
    for p in b.posten:
        code = p.code.rsplit("-aanvrager", 1)[0].rsplit("-partner", 1)[0]
        uit[code] = uit.get(code, NUL) + Decimal(p.perMaand)
    return uit


@dataclass
class Scenario:
    code: str
    titel: str
    uitleg: str
    kolommen: list[str]
    rijen: list[list[str]]
    svg: str
    varianten: list[tuple[str, Berekening]] = field(default_factory=list)

    def json(self) -> dict:
        return {"code": self.code, "titel": self.titel, "uitleg": self.uitleg, "kolommen": self.kolommen,
                "rijen": self.rijen, "svg": self.svg,
                "varianten": [{"naam": n, "berekening": b.model_dump(mode="json")} for n, b in self.varianten]}


NAMEN = {"loon": "loon", "bijstand": "bijstand", "overig": "ander inkomen", "vrijwilligersvergoeding":
         "vrijwilligersvergoeding", "eigen-risico": "eigen risico", "zorgtoeslag": "zorgtoeslag"}


def _vergelijk(code: str, titel: str, uitleg: str, varianten: list[tuple[str, Berekening]]) -> Scenario:
    codes: list[str] = []
    for _, b in varianten:
        for c in _posten(b):
            if c not in codes:
                codes.append(c)
    kolommen = ["situatie", *[NAMEN.get(c, c) for c in codes], "bijstandsnorm", "te besteden per maand"]
    rijen, staven = [], []
    for naam, b in varianten:
        p = _posten(b)
        norm = next((x.perMaand for x in b.bijstandOpbouw if x.code == "bijstandsnorm"), None)
        rijen.append([naam, *[euro_nl(p.get(c, NUL)) for c in codes], euro_nl(norm) if norm else "–",
                      euro_nl(b.besteedbaarPerMaand.perMaand)])
        staven.append((naam, [(NAMEN.get(c, c), float(v)) for c, v in p.items() if v > 0]))
    negatief = [c for c in codes if any(_posten(b).get(c, NUL) < 0 for _, b in varianten)]
    desc = "Per situatie de bedragen per maand die iedere regel oplevert" + (
        f"; afgetrokken posten ({', '.join(NAMEN.get(c, c) for c in negatief)}) staan in de tabel" if negatief else "")
    svg = gestapeld(f"grafiek-{code}", staven, [NAMEN.get(c, c) for c in codes], titel, desc, euro_nl)
    return Scenario(code, titel, uitleg, kolommen, rijen, svg, varianten)


def meer_werken(hh: Huishouden, wt: Wetteksten, extra=EXTRA_UREN) -> Scenario:
    """4, 8, 16, 24 more hours a week: of each extra euro earned, what the household keeps, split by rule."""
    basis = bereken(hh, wt)
    b0 = _posten(basis)
    rijen, staven, varianten = [], [], [("nu", basis)]
    for u in extra:
        a = hh.aanvrager.model_copy(update={"urenPerWeek": hh.aanvrager.urenPerWeek + u})
        nieuw = bereken(hh.model_copy(update={"aanvrager": a}), wt)
        varianten.append((f"{u} uur per week meer", nieuw))
        p = _posten(nieuw)
        dloon = p.get("loon", NUL) - b0.get("loon", NUL)
        dtot = Decimal(nieuw.besteedbaarPerMaand.perMaand) - Decimal(basis.besteedbaarPerMaand.perMaand)
        per_regel = {c: -(p.get(c, NUL) - b0.get(c, NUL)) for c in set(p) | set(b0) if c != "loon"}
        vrij0 = sum((Decimal(x.perMaand) for x in basis.bijstandOpbouw if x.code == "vrijlating"), NUL)
        vrij1 = sum((Decimal(x.perMaand) for x in nieuw.bijstandOpbouw if x.code == "vrijlating"), NUL)
        gehouden = (dtot / dloon * 100) if dloon else NUL
        rijen.append([f"+{u} uur", euro_nl(dloon), euro_nl(dtot), f"{gehouden:.0f}%",
                      euro_nl(per_regel.get("bijstand", NUL)), euro_nl(vrij1 - vrij0)])
        segs = [("gehouden", float(max(dtot, NUL)))]
        for c, v in sorted(per_regel.items()):
            if v > 0:
                segs.append((f"weg via {NAMEN.get(c, c)}", float(v)))
        staven.append((f"+{u} uur: {euro_nl(dloon)} meer loon", segs))
    kolommen = ["extra uren per week", "extra loon per maand", "extra te besteden", "gehouden van elke extra euro",
                "minder bijstand (Pw art. 19 lid 2, 31, 32)", "extra vrijlating (Pw art. 31 lid 2 n / 34a)"]
    volgorde = ["gehouden", *sorted({g for _, s in staven for g, _ in s if g != "gehouden"})]
    svg = gestapeld("grafiek-meer-werken", staven, volgorde, "Wat er overblijft van extra loon",
                    "Per extra aantal uren: het extra loon per maand, verdeeld in wat het huishouden houdt en wat "
                    "iedere regel er weer afneemt.", euro_nl)
    return Scenario("meer-werken", "Meer uren werken: de armoedeval",
                    "Hoeveel van iedere extra verdiende euro het huishouden houdt. Het verschil gaat af van de "
                    "bijstand; alleen de vrijlating blijft over, zolang die geldt.", kolommen, rijen, svg, varianten)


def curve(hh: Huishouden, wt: Wetteksten, tot: int = 40) -> list[tuple[int, Decimal, Decimal]]:
    """(hours, loon, te besteden) for 0..tot hours a week in 1-hour steps: the marginal-rate curve."""
    uit = []
    for u in range(tot + 1):
        a = hh.aanvrager.model_copy(update={"urenPerWeek": Decimal(u)})
        b = bereken(hh.model_copy(update={"aanvrager": a}), wt)
        p = _posten(b)
        uit.append((u, p.get("loon", NUL), Decimal(b.besteedbaarPerMaand.perMaand)))
    return uit


def medebewoner(hh: Huishouden, wt: Wetteksten) -> Scenario:
    kind = hh.model_copy(update={"medebewoners": [*hh.medebewoners, Medebewoner(leeftijd=27)]})
    kennis = hh.model_copy(update={"medebewoners": [*hh.medebewoners,
                                                    Medebewoner(leeftijd=35)]})
    twee = hh.model_copy(update={"medebewoners": [*kind.medebewoners, Medebewoner(leeftijd=35)]})
    return _vergelijk("medebewoner", "Iemand komt inwonen: de kostendelersnorm",
                      "Een volwassen kind (27) of een dakloze kennis trekt in. De norm daalt volgens Pw art. 22a; "
                      "wie onderdak biedt, levert in.",
                      [("zoals nu", bereken(hh, wt)), ("volwassen kind (27) trekt in", bereken(kind, wt)),
                       ("dakloze kennis trekt in", bereken(kennis, wt)), ("beiden trekken in", bereken(twee, wt))])


def leeftijd(hh: Huishouden, wt: Wetteksten) -> Scenario:
    varianten = []
    for jaar in (17, 18, 20, 21, 26, 27):
        a = hh.aanvrager.model_copy(update={"leeftijd": jaar, "pensioengerechtigd": False})
        varianten.append((f"aanvrager {jaar} jaar", bereken(hh.model_copy(update={"aanvrager": a}), wt)))
    return _vergelijk("leeftijd", "18, 21 of 27 worden",
                      "Dezelfde situatie bij verschillende leeftijden: de jongerennorm (Pw art. 20) tot 21, de "
                      "uitsluiting van vrijlatingen (Pw art. 31 lid 5) tot 27.", varianten)


def vrijwilligersvergoeding(hh: Huishouden, wt: Wetteksten, bedrag: Decimal = Decimal("150")) -> Scenario:
    varianten = [("zonder vergoeding", bereken(hh, wt))]
    for jaar in (25, hh.aanvrager.leeftijd if hh.aanvrager.leeftijd >= 27 else 35):
        a = hh.aanvrager.model_copy(update={"leeftijd": jaar, "vrijwilligersvergoedingPerMaand": bedrag})
        varianten.append((f"{euro_nl(bedrag)} vergoeding, {jaar} jaar", bereken(hh.model_copy(update={"aanvrager": a}), wt)))
    return _vergelijk("vrijwilligersvergoeding", "Een vrijwilligersvergoeding",
                      "Onder de 27 telt de vergoeding als inkomen (Pw art. 31 lid 5); daarboven niet, binnen het "
                      "maximum van de ministeriële regeling.", varianten)


def eigen_risico(hh: Huishouden, wt: Wetteksten, rekening: Decimal = Decimal("385")) -> Scenario:
    zonder = hh.model_copy(update={"vermogen": Decimal(0), "zorgrekening": Decimal(0)})
    met = zonder.model_copy(update={"zorgrekening": rekening})
    return _vergelijk("eigen-risico", "Een eigen-risicorekening in een maand zonder spaargeld",
                      "Een rekening die onder het verplicht eigen risico valt (Zvw art. 19) moet uit het inkomen van "
                      "die maand; de bijstand vult dat niet aan.",
                      [("maand zonder rekening", bereken(zonder, wt)),
                       (f"maand met rekening van {euro_nl(rekening)}", bereken(met, wt))])


def alle(hh: Huishouden, wt: Wetteksten, welke=SCENARIOS) -> list[Scenario]:
    doe = {"meer-werken": meer_werken, "medebewoner": medebewoner, "leeftijd": leeftijd,
           "vrijwilligersvergoeding": vrijwilligersvergoeding, "eigen-risico": eigen_risico}
    return [doe[c](hh, wt) for c in welke]


def vergelijk_peildata(hh: Huishouden, wt: Wetteksten, andere: date) -> dict:
    """The same household at another peildatum: what changed per post, and which texts changed (Versie)."""
    a = bereken(hh, wt)
    b = bereken(hh.model_copy(update={"peildatum": andere}), wt)
    rijen = []
    pa = {p.code: p for p in [*a.posten, *a.bijstandOpbouw]}
    pb = {p.code: p for p in [*b.posten, *b.bijstandOpbouw]}
    for code in dict.fromkeys([*pa, *pb]):
        x, y = pa.get(code), pb.get(code)
        va = {h.label: h.versie for h in x.herkomst} if x else {}
        vb = {h.label: h.versie for h in y.herkomst} if y else {}
        gewijzigd = [{"label": l, "van": va.get(l), "naar": vb.get(l)}
                     for l in dict.fromkeys([*va, *vb]) if va.get(l) != vb.get(l)]
        verschil = (Decimal(y.perMaand) if y else NUL) - (Decimal(x.perMaand) if x else NUL)
        rijen.append({"code": code, "omschrijving": (y or x).omschrijving,
                      "van": x.perMaand if x else None, "naar": y.perMaand if y else None, "verschil": str(cent(verschil)),
                      "waarom": gewijzigd})
    return {"van": a.peildatum.isoformat(), "naar": b.peildatum.isoformat(), "posten": rijen,
            "besteedbaar": {"van": a.besteedbaarPerMaand.perMaand, "naar": b.besteedbaarPerMaand.perMaand},
            "meldingen": {"van": a.meldingen, "naar": b.meldingen}, "berekeningNaar": b.model_dump(mode="json")}


def doorreken(vraag, wt: Wetteksten) -> dict:
    """One request of the API or the CLI: the computation, an optional second peildatum, the scenarios."""
    from .model import BerekeningVraag, Huishouden as H

    assert isinstance(vraag, BerekeningVraag)
    hh = H.model_validate(vraag.model_dump(exclude={"vergelijkPeildatum", "scenarios"}))
    uit = {"berekening": bereken(hh, wt).model_dump(mode="json"), "vergelijking": None, "scenarios": []}
    if vraag.vergelijkPeildatum:
        uit["vergelijking"] = vergelijk_peildata(hh, wt, vraag.vergelijkPeildatum)
    uit["scenarios"] = [s.json() for s in alle(hh, wt, list(dict.fromkeys(vraag.scenarios)))]
    return uit
