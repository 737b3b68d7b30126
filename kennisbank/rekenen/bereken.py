"""The rekenhulp: what the rules do together to one household at a peildatum, every euro traced to a lid.

`bereken(huishouden, wetteksten)` returns a `Berekening`: a post per rule (loon, bijstand, eigen risico,
zorgtoeslag …), the make-up of the bijstand (norm, verrekend inkomen, vrijlating) and what the household has
to spend per month. Each amount names the provision (lid or onderdeel IRI) and the Versie of the text it came
from, and the parameters it used. Amounts are Decimal euros in whole cents (ROUND_HALF_UP at every step).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import yaml

from ..fouten import KennisbankFout
from ..iri import segment
from .model import Berekening, HerkomstUit, Huishouden, ParameterUit, Persoon, PostUit
from .wetteksten import PW, WZT, ZVW, Herkomst, Wetteksten, label, procenten

CENT = Decimal("0.01")
NUL = Decimal("0.00")
#: Weeks per month: 52 weeks spread over 12 months (hours per week -> income per month).
WEKEN_PER_MAAND = Decimal(52) / Decimal(12)
_PARAMETERS = Path(__file__).with_name("parameters")
_TELWOORDEN = {"achttien": 18, "eenentwintig": 21, "zevenentwintig": 27}


def cent(x: Decimal) -> Decimal:
    return Decimal(x).quantize(CENT, rounding=ROUND_HALF_UP)


# --- parameter files ---------------------------------------------------------------------------------------
def _laad(naam: str) -> dict:
    pad = _PARAMETERS / naam
    return yaml.safe_load(pad.read_text(encoding="utf-8")) if pad.is_file() else {}


_FORMULES = _laad("formules.yaml").get("formules", {})
_JAREN: dict[int, dict] = {}


def jaarparameters(jaar: int) -> dict:
    if jaar not in _JAREN:
        _JAREN[jaar] = (_laad(f"{jaar}.yaml") or {}).get("parameters", {}) or {}
    return _JAREN[jaar]


# --- building blocks -----------------------------------------------------------------------------------------
def _h(h: Herkomst) -> HerkomstUit:
    return HerkomstUit(**h.json())


@dataclass
class Post:
    code: str
    omschrijving: str
    maand: Decimal
    herkomst: list[Herkomst]
    parameters: list[tuple[str, Decimal, Herkomst]] = field(default_factory=list)
    toelichting: str | None = None

    def uit(self) -> PostUit:
        if not self.herkomst:
            raise KennisbankFout(f"Bedrag zonder bepaling: {self.code}")  # never shown without its source
        m = cent(self.maand)
        return PostUit(code=self.code, omschrijving=self.omschrijving, perMaand=str(m), perJaar=str(cent(m * 12)),
                       herkomst=[_h(h) for h in _uniek(self.herkomst)],
                       parameters=[ParameterUit(naam=n, waarde=str(w), herkomst=_h(h)) for n, w, h in self.parameters],
                       toelichting=self.toelichting)


def _uniek(herkomsten: list[Herkomst]) -> list[Herkomst]:
    gezien, uit = set(), []
    for h in herkomsten:
        k = (h.bepaling, h.versie, h.bron)
        if k not in gezien:
            gezien.add(k)
            uit.append(h)
    return uit


class Rekenaar:
    """One computation: the law texts, the peildatum and the IRIs."""

    def __init__(self, wt: Wetteksten, dag: date, parameters: dict | None = None):
        self.wt, self.dag, self.iris = wt, dag, wt.iris
        self.parameters = parameters
        self.meldingen: list[str] = []

    # IRIs of Participatiewet parts
    def pw(self, artikel: str, lid: str | None = None, onderdeel: str | None = None) -> str:
        i = self.iris
        if onderdeel:
            return i.onderdeel(PW, artikel, lid, onderdeel)
        return i.lid(PW, artikel, lid) if lid else i.artikel(PW, artikel)

    def bedrag(self, bepaling: str, naam: str, index: int = 0) -> tuple[Decimal, Herkomst, tuple]:
        b, h = self.wt.bedrag(bepaling, self.dag, index)
        return b, h, (naam, b, h)

    # --- the bijstandsnorm (Pw 20, 21, 22, 22a) -------------------------------------------------------------
    def kostendelers(self, hh: Huishouden) -> tuple[int, list[Herkomst], list[tuple]]:
        grens, h = self.wt.leeftijd(self.pw("19a", "1"), self.dag)
        n = sum(1 for m in hh.medebewoners if m.leeftijd >= grens and not m.commercieleHuurOfStudent)
        return n, [h], [("leeftijdsgrens kostendelende medebewoner (jaar)", Decimal(grens), h)]

    def kostendelersdeel(self, a: int, b: Decimal, hb: Herkomst, onderdeel: str) -> tuple[Decimal, list, list]:
        """(40% + A × 30%) / A × B for one person (Pw 22a lid 1); the formula is an image in the XML."""
        f = _FORMULES["kostendelersnorm"]
        lid1 = self.wt.moet(self.pw("22a", "1"), self.dag)
        if lid1.vanaf is None or lid1.vanaf.isoformat() not in f["versies"]:
            raise KennisbankFout(f"De formule van {label(lid1.bepaling)} is alleen bekend voor de versies "
                                 f"{', '.join(f['versies'])}; de versie op {self.dag} is van {lid1.vanaf}.")
        basis, per = Decimal(f["basis"]), Decimal(f["per_persoon"])
        hf = Herkomst(lid1.bepaling, label(lid1.bepaling), lid1.iri,
                      lid1.vanaf.isoformat(), f["bron"])
        # "B voor de norm, bedoeld in artikel: a. … b. … c. …" is the second (bullet) item of lid 1
        ho = self.wt.herkomst(self.wt.moet(self.pw("22a", "1", "2") + "/onderdeel/" + segment(onderdeel), self.dag))
        norm = cent((basis + a * per) / a * b)
        return norm, [hf, ho, hb], [("A (kostendelers + belanghebbende + echtgenoot van 21+)", Decimal(a), hf),
                                    ("basis (40%)", basis, hf), ("per persoon (30%)", per, hf),
                                    ("B", b, hb)]

    def norm(self, hh: Huishouden) -> Post | None:
        a, p = hh.aanvrager, hh.partner
        kinderen = bool(hh.kinderen)
        n, hk, pk = self.kostendelers(hh)
        herk: list[Herkomst] = list(hk) if n else []
        params: list[tuple] = list(pk) if n else []

        def vast(bep: str, naam: str) -> Post:
            b, h, par = self.bedrag(bep, naam)
            return Post("bijstandsnorm", f"Bijstandsnorm ({naam})", b, [h, *herk], [par, *params])

        if a.leeftijd < 18 or (p is not None and p.leeftijd < 18):
            self.meldingen.append("Geen bijstandsnorm berekend: de Participatiewet kent geen algemene bijstand "
                                  "voor wie jonger is dan 18 jaar; de rekenhulp rekent daar niet mee.")
            return None
        if p is None:
            if a.pensioengerechtigd:
                if n:
                    b, hb, _ = self.bedrag(self.pw("22", onderdeel="b"), "B")
                    m, h, par = self.kostendelersdeel(n + 1, b, hb, "c")
                    return Post("bijstandsnorm", f"Bijstandsnorm met {n} kostendeler(s)", m, [*h, *herk], [*par, *params])
                return vast(self.pw("22", onderdeel="a"), "alleenstaande, pensioengerechtigd")
            if a.leeftijd >= 21:
                if n:
                    b, hb, _ = self.bedrag(self.pw("21", onderdeel="b"), "B")
                    m, h, par = self.kostendelersdeel(n + 1, b, hb, "a")
                    return Post("bijstandsnorm", f"Bijstandsnorm met {n} kostendeler(s)", m, [*h, *herk], [*par, *params])
                return vast(self.pw("21", onderdeel="a"), "alleenstaande (ouder), 21 jaar tot AOW-leeftijd")
            # 18, 19 or 20: the jongerennorm; 22a does not apply below 21
            return vast(self.pw("20", "2" if kinderen else "1", "a"),
                        "jongerennorm, alleenstaande ouder 18-20" if kinderen else "jongerennorm, alleenstaande 18-20")
        # gehuwden
        oud = [x for x in (a, p) if x.pensioengerechtigd]
        jong = [x for x in (a, p) if x.leeftijd < 21 and not x.pensioengerechtigd]
        if len(jong) == 2:
            return vast(self.pw("20", "2" if kinderen else "1", "b"), "jongerennorm, gehuwden beiden 18-20")
        if len(jong) == 1:
            if oud:
                self.meldingen.append("Geen bijstandsnorm berekend: een echtgenoot van 18-20 met een "
                                      "pensioengerechtigde echtgenoot valt buiten de rekenhulp.")
                return None
            if n:
                b, hb, _ = self.bedrag(self.pw("21", onderdeel="b"), "B")
                m, h, par = self.kostendelersdeel(n + 1, b, hb, "a")
                extra, hx, px = self.bedrag(self.pw("22a", "3", "a" if kinderen else "b"), "bedrag jongere echtgenoot")
                return Post("bijstandsnorm", f"Bijstandsnorm gehuwden (één 18-20) met {n} kostendeler(s)", m + extra,
                            [hx, *h, *herk], [px, *par, *params])
            return vast(self.pw("20", "2" if kinderen else "1", "c"), "gehuwden, één echtgenoot 18-20")
        # both 21 or older
        if not n:
            if len(oud) == 2:
                return vast(self.pw("22", onderdeel="b"), "gehuwden, beiden pensioengerechtigd")
            if len(oud) == 1:
                return vast(self.pw("22", onderdeel="c"), "gehuwden, één pensioengerechtigd")
            return vast(self.pw("21", onderdeel="b"), "gehuwden, 21 jaar tot AOW-leeftijd")
        # 22a lid 2: the sum of the norms for each spouse
        totaal, alle_h, alle_p = NUL, [], []
        for x, ander in ((a, p), (p, a)):
            if x.pensioengerechtigd:
                bep, ond = self.pw("22", onderdeel="b"), "c"
            elif ander.pensioengerechtigd:
                bep, ond = self.pw("22", onderdeel="c"), "b"
            else:
                bep, ond = self.pw("21", onderdeel="b"), "a"
            b, hb, _ = self.bedrag(bep, "B")
            m, h, par = self.kostendelersdeel(n + 2, b, hb, ond)
            totaal += m
            alle_h += h
            alle_p += par
        h2 = self.wt.herkomst(self.wt.moet(self.pw("22a", "2"), self.dag))
        return Post("bijstandsnorm", f"Bijstandsnorm gehuwden met {n} kostendeler(s)", totaal,
                    [h2, *alle_h, *herk], [*alle_p, *params])

    # --- middelen (Pw 31, 32) and vrijlating (Pw 31 lid 2 n, 34a) -----------------------------------------
    def middelen(self, hh: Huishouden, bijstand_mogelijk: bool) -> tuple[list[Post], list[Post]]:
        """(income posts of the household, the bijstand make-up posts: verrekend inkomen and vrijlating)."""
        inkomen: list[Post] = []
        opbouw: list[Post] = []
        h31 = self.wt.herkomst(self.wt.moet(self.pw("31", "1"), self.dag))
        h32 = self.wt.herkomst(self.wt.moet(self.pw("32", "1", "a"), self.dag))
        lid5 = self.wt.moet(self.pw("31", "5"), self.dag)
        m5 = re.search(r"jonger (?:is )?dan (\d+) jaar", lid5.tekst)
        jong_grens = int(m5.group(1)) if m5 else None
        h5 = self.wt.herkomst(lid5)
        personen = [("aanvrager", hh.aanvrager)] + ([("partner", hh.partner)] if hh.partner else [])
        art34a = self.wt.versie(self.pw("34a", "1", "a"), self.dag)
        for wie, x in personen:
            loon = cent(x.urenPerWeek * x.nettoUurloon * WEKEN_PER_MAAND)
            if loon:
                inkomen.append(Post(f"loon-{wie}", f"Netto loon {wie} ({x.urenPerWeek} uur per week)", loon,
                                    [h32], [("weken per maand (52/12)", cent(WEKEN_PER_MAAND), h32)],
                                    "Uren × netto uurloon × 52/12; geteld als inkomen uit arbeid."))
                opbouw.append(Post(f"verrekend-loon-{wie}", f"Loon {wie} verrekend met de bijstand", -loon, [h31, h32]))
                if bijstand_mogelijk and hh.vrijlatingArbeidsinkomsten:
                    v = self.vrijlating(x, loon, art34a, jong_grens, h5)
                    if v:
                        opbouw.append(v)
            if x.overigNettoInkomenPerMaand:
                b = cent(x.overigNettoInkomenPerMaand)
                inkomen.append(Post(f"overig-{wie}", f"Ander netto inkomen {wie}", b, [h32]))
                opbouw.append(Post(f"verrekend-overig-{wie}", f"Ander inkomen {wie} verrekend", -b, [h31, h32]))
            if x.vrijwilligersvergoedingPerMaand:
                b = cent(x.vrijwilligersvergoedingPerMaand)
                hk = self.wt.herkomst(self.wt.moet(self.pw("31", "2", "k"), self.dag))
                inkomen.append(Post(f"vrijwilligersvergoeding-{wie}", f"Vrijwilligersvergoeding {wie}", b, [hk]))
                if jong_grens is not None and x.leeftijd < jong_grens:
                    opbouw.append(Post(f"verrekend-vrijwilligersvergoeding-{wie}",
                                       f"Vrijwilligersvergoeding {wie} verrekend (jonger dan {jong_grens})", -b,
                                       [h5, hk, h32],
                                       toelichting=f"Art. 31 lid 5: onderdeel k geldt niet voor wie jonger is dan "
                                                   f"{jong_grens} jaar; de vergoeding telt dus als inkomen."))
                else:
                    self.meldingen.append(
                        f"Vrijwilligersvergoeding {wie} niet verrekend ({label(hk.bepaling)}), mits zij binnen het "
                        "maximum van de ministeriële regeling blijft; dat bedrag staat niet in de kennisbank en is "
                        "niet gecontroleerd.")
        return inkomen, opbouw

    def vrijlating(self, x: Persoon, loon: Decimal, art34a, jong_grens: int | None, h5: Herkomst) -> Post | None:
        if art34a is not None:  # from 2027-01-01: art. 34a replaces the earnings disregard
            ond = "c" if x.pensioengerechtigd else "a"
            bep = self.pw("34a", "1", ond)
            pct, h = self.wt.percentage(bep, self.dag)
            bedragen = self.wt.bedrag(bep, self.dag)[0:1] if "€" in self.wt.moet(bep, self.dag).tekst else ()
            v = cent(loon * pct)
            params = [("percentage", pct, h)]
            if bedragen:
                v = min(v, bedragen[0])
                params.append(("maximum per maand", bedragen[0], h))
            self.meldingen.append(f"Op {self.dag} geldt {label(self.pw('34a'))}; art. 31 lid 2 onderdeel n wordt "
                                  "dan niet ook toegepast. De kennisbank heeft nog geen versie van art. 31 per "
                                  "die datum.")
            return Post("vrijlating", "Vrijlating inkomsten uit arbeid", v, [h], params,
                        "Niet verrekend deel van het loon (voor wie nog niet pensioengerechtigd is: ten hoogste "
                        "twaalf maanden).")
        if jong_grens is not None and x.leeftijd < jong_grens:
            self.meldingen.append(f"Geen vrijlating van loon: art. 31 lid 5 sluit onderdeel n uit voor wie jonger is "
                                  f"dan {jong_grens} jaar.")
            return None
        bep = self.pw("31", "2", "n")
        pct, h = self.wt.percentage(bep, self.dag)
        maxi, _ = self.wt.bedrag(bep, self.dag)
        v = min(cent(loon * pct), maxi)
        return Post("vrijlating", "Vrijlating inkomsten uit arbeid", v, [h, h5],
                    [("percentage", pct, h), ("maximum per maand", maxi, h)],
                    "Niet verrekend deel van het loon; voor wie de AOW-leeftijd niet heeft bereikt ten hoogste zes "
                    "maanden.")

    # --- vermogen (Pw 34) -------------------------------------------------------------------------------
    def vermogenstoets(self, hh: Huishouden) -> tuple[bool, Post | None]:
        netto = cent(hh.vermogen - hh.schulden)
        ond = "c" if hh.partner else ("b" if hh.kinderen else "a")
        grens, h = self.wt.bedrag(self.pw("34", "3", ond), self.dag)
        if netto > grens:
            h19 = self.wt.herkomst(self.wt.moet(self.pw("19", "1", "b"), self.dag))
            self.meldingen.append(f"Geen algemene bijstand: vermogen min schulden (€ {netto}) is hoger dan de "
                                  f"vermogensgrens van € {grens} ({h.label}).")
            return False, Post("vermogensgrens", "Vermogen boven de grens: geen bijstand", NUL, [h19, h],
                               [("vermogensgrens", grens, h), ("vermogen min schulden", netto, h)])
        return True, None

    # --- Zvw: eigen risico ---------------------------------------------------------------------------------
    def eigen_risico(self, hh: Huishouden) -> Post | None:
        bep = self.iris.lid(ZVW, "19", "1")
        v = self.wt.versie(bep, self.dag)
        if v is None:
            self.meldingen.append(f"Eigen risico niet berekend: geen tekst van Zvw art. 19 op {self.dag}.")
            return None
        bedrag, h = self.wt.bedrag(bep, self.dag)
        m = re.search(r"van (\w+) jaar of ouder", v.tekst)
        grens = _TELWOORDEN.get(m.group(1)) if m else None
        if grens is None:
            raise KennisbankFout("Leeftijd van het verplicht eigen risico niet gevonden in Zvw art. 19 lid 1.")
        if not hh.zorgrekening or hh.aanvrager.leeftijd < grens:
            return None
        rest = max(NUL, bedrag - hh.eigenRisicoAlVerbruikt)
        betaald = min(cent(hh.zorgrekening), rest)
        return Post("eigen-risico", "Eigen risico op de zorgrekening van deze maand", -betaald, [h],
                    [("verplicht eigen risico per jaar", bedrag, h), ("al verbruikt", cent(hh.eigenRisicoAlVerbruikt), h)],
                    "Het deel van de rekening dat onder het verplicht eigen risico valt, in één keer te betalen.")

    # --- zorgtoeslag (Wzt 2) ---------------------------------------------------------------------------------
    def zorgtoeslag(self, hh: Huishouden) -> Post | None:
        """Wzt art. 2: standaardpremie (twice with a partner) minus the normpremie, per month; the percentages are
        read from art. 2 lid 3, the standaardpremie and drempelinkomen come from the parameter file of the year."""
        lid3 = self.wt.versie(self.iris.lid(WZT, "2", "3"), self.dag)
        params = self.parameters if self.parameters is not None else jaarparameters(self.dag.year)
        ontbreekt = [n for n in ("standaardpremie", "drempelinkomen") if n not in params]
        if lid3 is None or ontbreekt:
            reden = (f"geen tekst van Wzt art. 2 lid 3 op {self.dag}" if lid3 is None else
                     f"voor {self.dag.year} ontbreekt een geverifieerde bron voor: {', '.join(ontbreekt)}")
            self.meldingen.append(f"Zorgtoeslag niet berekend: {reden}.")
            return None
        if hh.toetsingsinkomenJaar is None:
            self.meldingen.append("Zorgtoeslag niet berekend: geen toetsingsinkomen opgegeven.")
            return None
        if hh.aanvrager.leeftijd < 18:
            return None
        pct = procenten(lid3.tekst)  # met partner: drempel, boven; zonder partner: drempel, boven
        if len(pct) < 4:
            raise KennisbankFout("De percentages van Wzt art. 2 lid 3 zijn niet te lezen.")
        h3 = self.wt.herkomst(lid3)
        h1 = self.wt.herkomst(self.wt.moet(self.iris.lid(WZT, "2", "1"), self.dag))
        h2 = self.wt.herkomst(self.wt.moet(self.iris.lid(WZT, "2", "2"), self.dag))
        partner = hh.partner is not None
        pd, pb = (pct[0], pct[1]) if partner else (pct[2], pct[3])

        def par(naam: str) -> tuple[Decimal, Herkomst]:
            x = params[naam]
            g = x.get("grondslag", {})
            bep = self.iris.lid(g["bwb"], g["artikel"], g["lid"]) if g.get("lid") else (
                self.iris.artikel(g["bwb"], g["artikel"]) if g else None)
            return Decimal(str(x["waarde"])), Herkomst(bep, x.get("bronnaam") or naam, None, None, x["bron"])

        sp, hs = par("standaardpremie")
        d, hd = par("drempelinkomen")
        t = cent(hh.toetsingsinkomenJaar)
        norm = pd * d + pb * max(NUL, t - d)
        jaar = max(NUL, (2 if partner else 1) * sp - norm)
        h31 = self.wt.herkomst(self.wt.moet(self.pw("31", "2", "d"), self.dag))
        return Post("zorgtoeslag", "Zorgtoeslag", cent(jaar / 12), [h1, h2, h3, hs, hd, h31],
                    [("standaardpremie", sp, hs), ("drempelinkomen", d, hd), ("percentage drempelinkomen", pd, h3),
                     ("percentage boven drempelinkomen", pb, h3), ("toetsingsinkomen", t, h2),
                     ("normpremie per jaar", cent(norm), h2)],
                    "Standaardpremie min normpremie, per maand; telt niet als middelen voor de bijstand "
                    "(Pw art. 31 lid 2 onderdeel d). De vermogenstoets (Wzt art. 3) rekent de rekenhulp niet.")


def bereken(hh: Huishouden, wt: Wetteksten, parameters: dict | None = None) -> Berekening:
    """`parameters` replaces the parameter file of the year (kennisbank/rekenen/parameters/{jaar}.yaml)."""
    r = Rekenaar(wt, hh.peildatum, parameters)
    posten: list[Post] = []
    opbouw: list[Post] = []
    norm = r.norm(hh)
    mogelijk, vermogenpost = r.vermogenstoets(hh)
    inkomen, verrekening = r.middelen(hh, mogelijk and norm is not None)
    posten += inkomen
    if norm is not None:
        opbouw.append(norm)
        opbouw += verrekening
        h19 = wt.herkomst(wt.moet(r.pw("19", "2"), hh.peildatum))
        som = sum((p.maand for p in opbouw), NUL)
        bijstand = max(NUL, cent(som)) if mogelijk else NUL
        if not bijstand and any(p.code == "vrijlating" for p in opbouw):
            # the earnings disregard applies only "voor zover hij algemene bijstand ontvangt"
            opbouw = [p for p in opbouw if p.code != "vrijlating"]
            r.meldingen.append("Geen vrijlating: die geldt alleen zolang er algemene bijstand is, en het inkomen is "
                               "hoger dan de norm.")
        herk = [h19, *[h for p in opbouw for h in p.herkomst]]
        if vermogenpost:
            opbouw.append(vermogenpost)
            herk += vermogenpost.herkomst
        h193 = wt.herkomst(wt.moet(r.pw("19", "3"), hh.peildatum))
        posten.append(Post("bijstand", "Algemene bijstand", bijstand, [*herk, h193],
                           toelichting="Norm min verrekend inkomen (Pw art. 19 lid 2), niet minder dan nul; de "
                                       "vakantietoeslag (art. 19 lid 3) zit in de norm."))
    er = r.eigen_risico(hh)
    if er:
        posten.append(er)
    zt = r.zorgtoeslag(hh)
    if zt:
        posten.append(zt)
    totaal = Post("besteedbaar", "Te besteden per maand (som van de posten)",
                  sum((p.maand for p in posten), NUL), [h for p in posten for h in p.herkomst] or
                  [wt.herkomst(wt.moet(r.pw("31", "1"), hh.peildatum))])
    return Berekening(peildatum=hh.peildatum, posten=[p.uit() for p in posten],
                      bijstandOpbouw=[p.uit() for p in opbouw], besteedbaarPerMaand=totaal.uit(),
                      meldingen=list(dict.fromkeys(r.meldingen)))
