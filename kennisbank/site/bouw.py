"""The static site: every page of the public knowledge graph, written from one load of the store.

`bouw_site(config, store, uit)` writes everything; `werk_site_bij(config, store, iris)` rewrites only the pages a
newly published case touches. All links are relative, so the site works from any web server and from disk.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import time
from collections import defaultdict
from pathlib import Path

import jinja2
import pyoxigraph as ox

from ..iri import TOOI
from . import dcat, feed, jsonld, overzichten, zoekindex
from .data import DCT, RDFS, alle_quads, beschrijving, laad, select_quads_van, triples_per_onderwerp
from .model import Model
from .formules import formule_voor, mathml, regels
from .links import WETTEN, bestaande_paginas, jci, jci_url
from .verschil import verschil
from .paden import anker, href
from .svg import gestapeld, heatmap

REPO = Path(__file__).resolve().parent.parent.parent
TEMPLATES = REPO / "site" / "templates"
STATIC = REPO / "site" / "static"

SOORTNAMEN = {"Wet": "wet", "AMvB": "algemene maatregel van bestuur", "MinisterieleRegeling": "ministeriële regeling",
              "GemeentelijkeVerordening": "gemeentelijke verordening", "Beleidsregel": "beleidsregel",
              "Beroepscode": "beroepscode", "EUVerordening": "EU-verordening"}


def standaard_uit(config) -> Path:
    return Path(config.data_dir) / "site"


def euro(bedrag: float) -> str:
    s = f"{bedrag:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return "€ " + (s[:-3] if s.endswith(",00") else s)


aantal = overzichten.aantal

# tokens (words and the spaces between them) kept on each side of a change in a version diff on a page
VERSCHIL_CONTEXT = 40


MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december")


def datum_nl(iso: str | None) -> str:
    """'2026-11-22' -> '22 november 2026' (anything else is returned as it is)."""
    try:
        j, m, d = (int(x) for x in str(iso)[:10].split("-"))
        return f"{d} {MAANDEN[m - 1]} {j}"
    except (ValueError, IndexError):
        return str(iso or "")


def getal(n: int) -> str:
    """12345 -> '12.345' (Dutch thousands separator)."""
    return f"{int(n):,}".replace(",", ".")


def grootte(n: int) -> str:
    """A file size in Dutch: '14 kB', '24,1 MB'."""
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB".replace(".", ",")
    return f"{max(1, round(n / 1000))} kB"


def _env() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.globals["tel"] = aantal
    env.filters["datum"] = datum_nl
    env.filters["getal"] = getal
    env.filters["grootte"] = grootte
    return env


def voorbeeldsoort(p: dict) -> str:
    """'praktijkgeval', 'inzending' or 'illustratie' for a case's properties (a case without a kind is shown as
    an illustration: never present something as fact that is not marked as such)."""
    soort = (p.get("voorbeeldsoort") or [""])[0].rsplit("/", 1)[-1]
    return soort if soort in ("praktijkgeval", "inzending") else "illustratie"


class Schrijver:
    """Writes pages atomically (kennisbank/duurzaam.py). `duurzaam`: fsynced too, for updates of the live site
    (a full build writes into a fresh folder that replaces the old one at the end)."""

    def __init__(self, uit: Path, duurzaam: bool = False):
        self.uit = uit
        self.duurzaam = duurzaam
        self.bestanden = 0
        self.bytes = 0

    def schrijf(self, pad: str, inhoud: str | bytes) -> None:
        from ..duurzaam import schrijf_atomisch

        doel = self.uit / pad
        doel.parent.mkdir(parents=True, exist_ok=True)
        data = inhoud.encode("utf-8") if isinstance(inhoud, str) else inhoud
        schrijf_atomisch(doel, data, duurzaam=self.duurzaam)
        self.bestanden += 1
        self.bytes += len(data)


class Site:
    def __init__(self, config, store, uit: Path, quads=None):
        self.config = config
        from ..iri import Iris

        self.iris = Iris(config.base_iri)
        self.data = laad(store, self.iris)
        self.store = store
        self.m = Model(self.data)
        self.paden = self.m.paden
        self.paden.bestaand = bestaande_paginas(self.data, self.m)
        self.grondslag = overzichten.grondslagen(store, self.iris)
        self.quads = alle_quads(store) if quads is None else quads
        self.per_s = triples_per_onderwerp(self.quads)
        self.env = _env()
        self.w = Schrijver(uit)
        self.base = self.iris.base
        from .signalen import Signalen

        self.signalen = Signalen(config.data_dir)
        self._geschiedenis: dict[str, dict | None] = {}

    # --- helpers ---------------------------------------------------------------------------------------------
    def render(self, pad: str, template: str, **ctx) -> None:
        def u(naar: str, fragment: str = "") -> str:
            return href(pad, naar, fragment)

        def link(iri: str) -> str | None:
            """A page here, else wetten.overheid.nl for a provision we do not hold, else None (no link)."""
            p = self.paden.pagina(iri)
            return href(pad, p[0], p[1]) if p else self.paden.extern(iri)

        ctx.setdefault("kruimels", None)
        ctx.setdefault("rdf", None)
        ctx.setdefault("jsonld", None)
        ctx.setdefault("formulier", False)
        ctx["pad"] = pad
        html = self.env.get_template(template).render(u=u, link=link, m=self.m, anker=self._anker, euro=euro, mathml=mathml, **ctx)
        self.w.schrijf(pad, html)

    def geschiedenis(self, iri: str) -> dict | None:
        """The public history of a resource (revisions, status history) from the revision journal, if any."""
        from ..geschiedenis import geschiedenis
        from ..revisies import journaal

        if iri not in self._geschiedenis:
            try:
                self._geschiedenis[iri] = geschiedenis(journaal(self.config.data_dir), self.iris, iri)
            except OSError:
                self._geschiedenis[iri] = None
        return self._geschiedenis[iri]

    def datums(self, k: str) -> dict:
        """A knelpunt's real dates: {'status': since when its status holds, 'bijgewerkt': its last change}.

        From the revision history; the first revision is when the file was first read, so for that one the
        knelpunt's own dct:created (and dct:modified) count, not the moment of reading."""
        p = self.data.knelpunten[k]
        eigen = [x for x in (p.get(DCT + "modified") or []) + (p.get(DCT + "created") or []) if x]
        basis = max(eigen) if eigen else None
        g = self.geschiedenis(k) or {}
        revs = g.get("revisies") or []
        eerste = min((r["nummer"] for r in revs), default=None)
        later = [r["datum"] for r in revs if r["nummer"] != eerste and r.get("geldend") and r.get("wijzigingen")]
        bijgewerkt = max([d for d in later + [basis] if d], default=None)
        status = None
        for s in g.get("statusgeschiedenis") or []:
            status = basis if s.get("revisie") == eerste else s["datum"]
        return {"status": status or basis, "bijgewerkt": bijgewerkt}

    def _anker(self, iri: str) -> str:
        p = self.paden.pagina(iri)
        return p[1] if p and p[1] else anker(iri.rsplit("/", 2)[-2] + "/" + iri.rsplit("/", 1)[-1])

    def pad(self, iri: str) -> str:
        return self.paden.pagina(iri)[0]

    def doc_url(self, iri: str) -> str:
        return self.iris.doc(iri)

    def rdf_bestanden(self, pad: str, iri: str, extra: list[str] = ()) -> str:
        """Write `{page}.ttl` and `{page}.jsonld` next to the page; returns the stem for the <link rel=alternate>."""
        stam = pad[: -len(".html")]
        triples = beschrijving(self.per_s, iri, extra)
        pre = {"kb": self.iris.kb, "dct": DCT, "rdfs": RDFS, "eli": "http://data.europa.eu/eli/ontology#",
               "skos": "http://www.w3.org/2004/02/skos/core#", "prov": "http://www.w3.org/ns/prov#",
               "xsd": "http://www.w3.org/2001/XMLSchema#", "tooi": TOOI}
        self.w.schrijf(stam + ".ttl", ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=pre))
        self.w.schrijf(stam + ".jsonld", ox.serialize(triples, format=ox.RdfFormat.JSON_LD))
        return stam

    def aantallen(self) -> dict:
        d = self.data
        return {"knelpunten": len(d.knelpunten), "praktijk": len(d.praktijk), "regelingen": len(d.regelingen),
                "artikelen": sum(1 for x in d.delen.values() if x.soort == "Artikel"),
                "gemeenten": len({g for p in d.praktijk.values() for g in p.get("gemeente", [])})}

    # --- pages ---------------------------------------------------------------------------------------------------
    def statisch(self) -> None:
        from .thema import klein

        for bron in STATIC.rglob("*"):
            if bron.is_file():
                inhoud = bron.read_bytes()
                if bron.suffix == ".css":  # the readable source without comments and spare white space
                    inhoud = klein(inhoud.decode("utf-8")).encode("utf-8")
                self.w.schrijf("static/" + bron.relative_to(STATIC).as_posix(), inhoud)

    def home(self) -> None:
        a = self.aantallen()
        ld = jsonld.basis("WebSite", f"{self.base}/", "Kennisbank Botsende Regels",
                          description="Waar regels in het sociaal domein elkaar tegenwerken.",
                          url=f"{self.base}/", publisher={"@type": "GovernmentOrganization", "@id": dcat.UITGEVER})
        datums = {k: self.datums(k) for k in self.data.knelpunten}
        nieuwste = self.m.nieuwste_knelpunten(6, {k: d["bijgewerkt"] for k, d in datums.items()})
        self.render("index.html", "home.html", titel="Home", aantallen=a, nieuwste=nieuwste, datums=datums,
                    jsonld=jsonld.script(ld))

    def lijsten(self) -> None:
        m, d = self.m, self.data
        self.knelpunten_overzicht()
        self.render("regelingen/index.html", "regelingen.html", titel="Regelingen",
                    overzicht=overzichten.regelingen_overzicht(d, m, self.grondslag),
                    kruimels=[("Home", "index.html"), ("Regelingen", None)])
        per_gemeente = defaultdict(list)
        for p, props in d.praktijk.items():
            for g in props.get("gemeente", []) or [None]:
                per_gemeente[g].append(p)
        groepen = [(d.label(g) if g else "Onbekende gemeente",
                    [(d.label(p), self.pad(p), None) for p in sorted(ps, key=lambda x: d.label(x).lower())])
                   for g, ps in sorted(per_gemeente.items(), key=lambda kv: d.label(kv[0] or ""))]
        self.render("praktijkvoorbeelden/index.html", "lijst.html", titel="Praktijkvoorbeelden",
                    intro="Gepubliceerde, geanonimiseerde praktijkvoorbeelden uit wijkteams, per gemeente.",
                    groepen=groepen, kruimels=[("Home", "index.html"), ("Praktijkvoorbeelden", None)])
        per_min = defaultdict(int)
        for p in d.knelpunten.values():
            for x in p.get("verantwoordelijkMinisterie", []):
                per_min[x] += 1
        for soort, titel, pad, bron in (("gemeente", "Gemeenten", "gemeenten", m.gemeenten()),
                                        ("ministerie", "Ministeries", "ministeries", m.ministeries())):
            self.render(f"{pad}/index.html", "lijst.html", titel=titel,
                        intro="Per ministerie de knelpunten waarvoor het verantwoordelijk is." if soort == "ministerie" else None,
                        groepen=[(None, [(d.label(x), self.pad(x),
                                          aantal(per_min[x], "knelpunt", "knelpunten") if per_min.get(x) else None)
                                         for x in bron])],
                        kruimels=[("Home", "index.html"), (titel, None)])
        for soort, titel, pad in (("mechanisme", "Mechanismen", "mechanismen"), ("domein", "Domeinen", "domeinen")):
            cs = sorted((c for c in d.begrippen if m.concept_soort(c) == soort), key=lambda c: d.label(c).lower())
            self.render(f"{pad}/index.html", "lijst.html", titel=titel,
                        intro="Hoe regels botsen." if soort == "mechanisme" else "De terreinen van het sociaal domein.",
                        groepen=[(None, [(d.label(c), self.pad(c), None) for c in cs])],
                        kruimels=[("Home", "index.html"), (titel, None)])

    def knelpunten_overzicht(self) -> None:
        """knelpunten/index.html: every knelpunt with status and date, filterable (static JSON in the page and
        beside it, a little JavaScript; the full list without it)."""
        m, d = self.m, self.data
        rijen = overzichten.knelpunten_rijen(d, m, self.geschiedenis)
        gegevens = {r["id"]: r["facet"] for r in rijen}
        self.w.schrijf("knelpunten/index.json", json.dumps(
            [{"id": r["iri"], "titel": r["titel"], "kenmerk": r["kenmerk"], "status": r["status"], "datum": r["datum"],
              **r["facet"]} for r in rijen], ensure_ascii=False, indent=1))
        self.render("knelpunten/index.html", "knelpunten.html", titel="Knelpunten", rijen=rijen,
                    facetten=overzichten.facet_opties(d, m, rijen),
                    gegevens=json.dumps(gegevens, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/"),
                    kruimels=[("Home", "index.html"), ("Knelpunten", None)])

    def doelgroepen(self) -> None:
        """A page per doelgroep ("which rules collide for jongeren 18–27") and their index."""
        m, d = self.m, self.data
        per = overzichten.doelgroep_paginas(d)
        rijen = {r["iri"]: r for r in overzichten.knelpunten_rijen(d, m, self.geschiedenis)}
        items = []
        for c, ks in sorted(per.items(), key=lambda kv: d.label(kv[0]).lower()):
            pad = self.pad(c)
            info = d.begrippen.get(c, {})
            smaller = sorted((x for x, i in d.begrippen.items() if i.get("breder") == c and x in per), key=d.label)
            self.render(pad, "groep.html", titel=f"Welke regels botsen voor {d.label(c).lower()}",
                        ondertitel=f"Doelgroep: {d.label(c)}", filter=("doelgroep", overzichten.code(c)),
                        definitie=info.get("definitie"), breder=info.get("breder"), regelingen=[],
                        smaller=smaller, rijen=[rijen[k] for k in m.sorteer_knelpunten(ks)],
                        paren=overzichten.botsende_paren(m, ks),
                        kruimels=[("Home", "index.html"), ("Knelpunten", "knelpunten/index.html"),
                                  ("Doelgroepen", "doelgroepen/index.html"), (d.label(c), None)])
            items.append((d.label(c), pad, aantal(len(ks), "knelpunt", "knelpunten")))
        self.render("doelgroepen/index.html", "lijst.html", titel="Knelpunten per doelgroep",
                    intro="Voor wie botsen de regels? Per doelgroep de knelpunten en de regelingen die daarin botsen.",
                    groepen=[(None, items)],
                    kruimels=[("Home", "index.html"), ("Knelpunten", "knelpunten/index.html"), ("Doelgroepen", None)])

    def regelingen(self, alleen=None) -> None:
        m, d = self.m, self.data
        ouders = overzichten.ouder_van(self.grondslag)
        for r, reg in d.regelingen.items():
            if alleen is not None and r not in alleen:
                continue
            p = self.paden.pagina(r)
            if not p:
                continue
            pad = p[0]
            knelpunten = m.sorteer_knelpunten(k for k, rs in m.kp_regelingen.items() if r in rs)
            ld = jsonld.basis("Legislation", r, d.label(r), legislationIdentifier=reg["bwb"],
                              alternateName=reg["afkortingen"] or None, legislationJurisdiction="NL",
                              url=self.doc_url(r), sameAs=f"https://wetten.overheid.nl/{reg['bwb']}" if reg["bwb"] else None)
            self.render(pad, "regeling.html", titel=d.label(r), reg=reg, soortnaam=SOORTNAMEN.get(reg["soort"], reg["soort"]),
                        ouders=sorted((x for x in ouders.get(r, []) if x in d.regelingen), key=d.label),
                        onder=sorted((x for x in self.grondslag.get(r, []) if x in d.regelingen), key=lambda x: d.label(x).lower()),
                        knelpunten=knelpunten, botst=m.botst_met(r).most_common(),
                        kruimels=[("Home", "index.html"), ("Regelingen", "regelingen/index.html"), (d.label(r), None)],
                        rdf=self.rdf_bestanden(pad, r), jsonld=jsonld.script(ld))

    def artikelen(self, alleen=None) -> None:
        m, d = self.m, self.data
        for a, deel in d.delen.items():
            if deel.soort != "Artikel" or (alleen is not None and a not in alleen):
                continue
            p = self.paden.pagina(a)
            if not p:
                continue
            pad = p[0]
            leden, stack = [], [(c, 0) for c in reversed(deel.kinderen)]
            while stack:
                x, diepte = stack.pop()
                leden.append((x, diepte))
                stack.extend((c, diepte + 1) for c in reversed(d.delen[x].kinderen))
            knelpunten = m.sorteer_knelpunten(m.art_knelpunten.get(a, ()))
            praktijk = sorted(m.art_praktijk.get(a, ()), key=lambda x: d.label(x).lower())
            waarschuwingen = []
            for k in knelpunten:
                for c in d.citeringen.get(k, []):
                    if m.artikel(c["bepaling"]) == a:
                        cit = m.citaat(c["bepaling"], c["peildatum"])
                        if cit["gewijzigd"]:
                            waarschuwingen.append({"knelpunt": k, "bepaling": c["bepaling"], "peildatum": c["peildatum"],
                                                   "nieuwste": cit["nieuwste"], "versie": cit["versie"],
                                                   "verschil": verschil(cit["versie"].inhoud, cit["nieuwste"].inhoud, context=VERSCHIL_CONTEXT)})
            botst = {}
            for k in knelpunten:
                for r in m.kp_regelingen.get(k, []):
                    if r != deel.regeling:
                        botst[r] = botst.get(r, 0) + 1
            titel = f"{d.labels.get(a) or 'Artikel ' + deel.nr} {m.kort(deel.regeling)}"
            versies = d.versies.get(a, [])
            ld = jsonld.basis("Legislation", a, titel, legislationIdentifier=(versies[-1].link if versies else None),
                              isPartOf={"@type": "Legislation", "@id": deel.regeling, "name": d.label(deel.regeling)},
                              url=self.doc_url(a), legislationJurisdiction="NL",
                              text=(versies[-1].inhoud[:2000] if versies and versies[-1].inhoud else None))
            reg_pad = self.paden.pagina(deel.regeling)
            extra = [v.iri for v in versies] + [x for x, _ in leden]
            self.render(pad, "artikel.html", titel=titel, deel=deel, versies=versies, leden=leden, knelpunten=knelpunten,
                        at=self.artikeltekst(a, deel, versies),
                        praktijk=praktijk, waarschuwingen=waarschuwingen, botsingen=self.signalen.bij_artikel(a),
                        botst=sorted(botst.items(), key=lambda kv: (-kv[1], d.label(kv[0]))),
                        verwijst=sorted(d.verwijzingen.get(a, ()), key=lambda x: m.volledige_naam(x)),
                        kruimels=[("Home", "index.html"), ("Regelingen", "regelingen/index.html"),
                                  (d.label(deel.regeling), reg_pad[0] if reg_pad else None), (titel, None)],
                        rdf=self.rdf_bestanden(pad, a, extra), jsonld=jsonld.script(ld))

    def _juriconnect(self, versie_iri: str) -> str | None:
        for t in self.per_s.get(ox.NamedNode(versie_iri), ()):
            if t.predicate.value == self.iris.kb + "juriconnect":
                return re.sub(r"&g=[^&]*$", "", t.object.value)
        return None

    def artikeltekst(self, a: str, deel, versies) -> dict:
        """The article page's text: the newest version per lid (each lid an anchor, the anchors of its onderdelen
        inside it), older versions each with a word-level diff to the newest, a formula the official XML holds as
        an image, and the JCI / wetten.overheid.nl addresses."""
        m, d = self.m, self.data
        reg = d.regelingen.get(deel.regeling, {})
        bwb = reg.get("bwb")
        nieuwste = next((v for v in reversed(versies) if v.inhoud), versies[-1] if versies else None)
        peil = nieuwste.vanaf if nieuwste and nieuwste.vanaf else None

        def onder(x):  # every part below x, depth first
            out, stack = [], list(reversed(d.delen[x].kinderen))
            while stack:
                y = stack.pop()
                out.append(y)
                stack.extend(reversed(d.delen[y].kinderen))
            return out

        leden = []
        for x in deel.kinderen:
            kind = d.delen[x]
            vs = [v for v in d.versies.get(x, []) if v.inhoud]
            v = next((v for v in reversed(vs) if peil is None or v.geldig_op(peil)), vs[-1] if vs else None)
            f = formule_voor(bwb, deel.nr, kind.nr if kind.soort == "Lid" else None) if bwb else None
            onderdelen = [(y, len(m.knelpunten_van.get(y, ())), len(m.praktijk_van.get(y, ()))) for y in onder(x)]
            leden.append({"iri": x, "soort": kind.soort, "nr": kind.nr, "regels": regels(v.inhoud if v else None, f),
                          "nk": len(m.knelpunten_van.get(x, ())), "np": len(m.praktijk_van.get(x, ())),
                          "onderdelen": onderdelen})
        per_lid = bool(leden) and all(lid["regels"] for lid in leden)
        f_art = formule_voor(bwb, deel.nr, None) if bwb else None
        oudere = []
        for v in reversed(versies):
            if v is nieuwste:
                continue
            oudere.append({"versie": v, "id": "versie-" + (v.vanaf or "onbekend"),
                           "verschil": verschil(v.inhoud, nieuwste.inhoud, context=VERSCHIL_CONTEXT) if nieuwste else None})
        jci_ref = (self._juriconnect(nieuwste.iri) if nieuwste else None) or (jci(bwb, deel.nr) if bwb else None)
        return {"nieuwste": nieuwste, "per_lid": per_lid, "leden": leden,
                "regels": regels(nieuwste.inhoud if nieuwste else None, f_art), "oudere": oudere,
                "formule": f_art, "jci": jci_ref, "jci_url": jci_url(jci_ref) if jci_ref else None,
                "wetten": nieuwste.link if nieuwste and nieuwste.link else (WETTEN + bwb if bwb else None)}

    def knelpunten(self, alleen=None) -> None:
        m, d = self.m, self.data
        for k, p in d.knelpunten.items():
            if alleen is not None and k not in alleen:
                continue
            pad = self.pad(k)
            citaten = []
            for c in d.citeringen.get(k, []):
                citaten.append(dict(c, citaat=m.citaat(c["bepaling"], c["peildatum"])))
            ld = jsonld.basis("Article", k, d.label(k), description=(p.get(DCT + "description") or [None])[0],
                              identifier=(p.get(DCT + "identifier") or [None])[0],
                              dateCreated=(p.get(DCT + "created") or [None])[0],
                              dateModified=(p.get(DCT + "modified") or [None])[0], url=self.doc_url(k),
                              about=[{"@type": "Legislation", "@id": c["bepaling"], "name": m.volledige_naam(c["bepaling"])}
                                     for c in citaten],
                              citation=[{"@type": "CreativeWork", "@id": b, "name": d.bronnen.get(b, b)}
                                        for b in p.get("http://www.w3.org/ns/prov#wasDerivedFrom", [])])
            self.render(pad, "knelpunt.html", titel=d.label(k), p=p, citaten=citaten, geschiedenis=self.geschiedenis(k),
                        rekenvoorbeelden=self.rekenvoorbeelden(k),
                        iri=k, datums=self.datums(k),
                        experimenten=sorted(m.kp_experimenten.get(k, ()), key=d.label),
                        praktijk=sorted(m.kp_praktijk.get(k, ()), key=lambda x: d.label(x).lower()),
                        bronnen=p.get("http://www.w3.org/ns/prov#wasDerivedFrom", []),
                        leerpunten=d.leerpunten.get(k, []), bronsoorten=d.bronsoorten,
                        kruimels=[("Home", "index.html"), ("Knelpunten", "knelpunten/index.html"), (d.label(k), None)],
                        rdf=self.rdf_bestanden(pad, k), jsonld=jsonld.script(ld))

    # --- rekenhulp (kennisbank/rekenen/) ----------------------------------------------------------------------------
    def _wetteksten(self):
        if not hasattr(self, "_wt"):
            from ..rekenen.voorbeelden import lees
            from ..rekenen.wetteksten import Wetteksten

            self._wt = Wetteksten.uit_store(self.store, self.iris)
            self._rekenvoorbeelden = lees(self.store, self.iris)
        return self._wt

    def rekenvoorbeelden(self, k: str) -> list[dict]:
        """The stored rekenvoorbeelden of knelpunt `k`, computed now from the law texts in the store."""
        from ..rekenen.voorbeelden import reken
        from ..rekenen.wetteksten import GeenWettekst

        wt = self._wetteksten()
        uit = []
        for v in self._rekenvoorbeelden.get(k, []):
            try:
                uit.append(reken(v, wt))
            except GeenWettekst as exc:
                uit.append(dict(v, fout=exc.bericht))
        return uit

    def rekenhulp(self) -> None:
        from ..rekenen.model import BerekeningVraag
        from ..rekenen.scenarios import meer_werken
        from ..rekenen.wetteksten import GeenWettekst

        voorbeeld = {"peildatum": "2026-07-01", "aanvrager": {"leeftijd": 35, "nettoUurloon": "12.50"}}
        try:
            scenario = meer_werken(BerekeningVraag.model_validate(voorbeeld), self._wetteksten())
        except GeenWettekst:
            scenario = None  # a store without the Participatiewet: the page still explains and works through the API
        self.render("rekenhulp/index.html", "rekenhulp.html", titel="Rekenhulp: wat de regels samen doen",
                    scenario=scenario, kruimels=[("Home", "index.html"), ("Rekenhulp", None)])

    def praktijkvoorbeelden(self, alleen=None) -> None:
        m, d = self.m, self.data
        for x, p in d.praktijk.items():
            if alleen is not None and x not in alleen:
                continue
            if not self.paden.pagina(x):
                continue
            pad = self.pad(x)
            g = (p.get("gemeente") or [None])[0]
            ld = jsonld.basis("CreativeWork", x, d.label(x), description=(p.get(DCT + "description") or [None])[0],
                              dateCreated=(p.get(DCT + "date") or [None])[0], url=self.doc_url(x),
                              spatialCoverage={"@type": "AdministrativeArea", "@id": g, "name": d.label(g)} if g else None,
                              about=[{"@type": "Legislation", "@id": b, "name": m.volledige_naam(b)}
                                     for b in p.get("betreftBepaling", [])])
            self.render(pad, "praktijkvoorbeeld.html", titel=d.label(x), p=p, geschiedenis=self.geschiedenis(x),
                        knelpunten=m.sorteer_knelpunten(m.praktijk_kp.get(x, ())),
                        bepalingen=sorted(p.get("betreftBepaling", []), key=m.volledige_naam),
                        kosten=d.kosten.get(x, []), bronnen=p.get("http://www.w3.org/ns/prov#wasDerivedFrom", []),
                        soort=voorbeeldsoort(p), bronsoorten=d.bronsoorten,
                        kruimels=[("Home", "index.html"), ("Praktijkvoorbeelden", "praktijkvoorbeelden/index.html"),
                                  (d.label(x), None)],
                        rdf=self.rdf_bestanden(pad, x), jsonld=jsonld.script(ld))

    def organisaties(self, alleen=None) -> None:
        m, d = self.m, self.data
        per_gemeente = defaultdict(list)
        for p, props in d.praktijk.items():
            for g in props.get("gemeente", []):
                per_gemeente[g].append(p)
        for g in m.gemeenten():
            if alleen is not None and g not in alleen:
                continue
            pad = self.pad(g)
            exp = [e for e, props in d.experimenten.items() if g in props.get("trekker", [])]
            ld = jsonld.basis("GovernmentOrganization", g, d.label(g), url=g)
            self.render(pad, "verzameling.html", titel=d.label(g), ondertitel="Gemeente", definitie=None,
                        secties=[("Praktijkvoorbeelden", sorted(per_gemeente.get(g, []), key=lambda x: d.label(x).lower())),
                                 ("Experimenten die deze gemeente trekt", sorted(exp, key=d.label))], extra_link=None,
                        kruimels=[("Home", "index.html"), ("Gemeenten", "gemeenten/index.html"), (d.label(g), None)],
                        rdf=self.rdf_bestanden(pad, g), jsonld=jsonld.script(ld))
        rijen = None
        for mi in m.ministeries():
            if alleen is not None and mi not in alleen:
                continue
            pad = self.pad(mi)
            ks = m.sorteer_knelpunten(k for k, p in d.knelpunten.items() if mi in p.get("verantwoordelijkMinisterie", []))
            regs = sorted((r for r, reg in d.regelingen.items() if mi in reg["ministeries"]), key=d.label)
            ld = jsonld.basis("GovernmentOrganization", mi, d.label(mi), url=mi)
            if rijen is None:
                rijen = {r["iri"]: r for r in overzichten.knelpunten_rijen(d, m, self.geschiedenis)}
            self.render(pad, "groep.html", titel=d.label(mi), ondertitel="Ministerie: de knelpunten waarvoor het "
                        "verantwoordelijk is, met hun status", definitie=None, smaller=[], breder=None,
                        rijen=[rijen[k] for k in ks], paren=overzichten.botsende_paren(m, ks), regelingen=regs,
                        filter=("ministerie", overzichten.code(mi)),
                        kruimels=[("Home", "index.html"), ("Ministeries", "ministeries/index.html"), (d.label(mi), None)],
                        rdf=self.rdf_bestanden(pad, mi), jsonld=jsonld.script(ld))

    def begrippen(self, alleen=None) -> None:
        m, d = self.m, self.data
        kp_mech = m.per_concept("mechanisme", d.knelpunten, "mechanisme")
        kp_dom = m.per_concept("domein", d.knelpunten, "domein")
        pv_dom = m.per_concept("domein", d.praktijk, "domein")
        for c, info in d.begrippen.items():
            soort = m.concept_soort(c)
            if soort not in ("mechanisme", "domein") or (alleen is not None and c not in alleen):
                continue
            pad = self.pad(c)
            if soort == "mechanisme":
                secties = [("Knelpunten met dit mechanisme", m.sorteer_knelpunten(kp_mech.get(c, [])))]
                extra = ("Botsingsmatrix voor dit mechanisme", f"matrix/{c.rsplit('/', 1)[-1]}.html") if kp_mech.get(c) else None
                lijst = ("Mechanismen", "mechanismen/index.html")
            else:
                secties = [("Knelpunten in dit domein", m.sorteer_knelpunten(kp_dom.get(c, []))),
                           ("Praktijkvoorbeelden in dit domein", sorted(pv_dom.get(c, []), key=lambda x: d.label(x).lower()))]
                extra, lijst = None, ("Domeinen", "domeinen/index.html")
            ld = jsonld.basis("DefinedTerm", c, d.label(c), description=info["definitie"], inDefinedTermSet=info["schema"])
            self.render(pad, "verzameling.html", titel=d.label(c), ondertitel=lijst[0][:-2] if soort == "mechanisme" else "Domein",
                        definitie=info["definitie"], secties=secties, extra_link=extra,
                        kruimels=[("Home", "index.html"), lijst, (d.label(c), None)],
                        rdf=self.rdf_bestanden(pad, c), jsonld=jsonld.script(ld))
        for e, p in d.experimenten.items():
            if alleen is not None and e not in alleen or not self.paden.pagina(e):
                continue
            pad = self.pad(e)
            ks = m.sorteer_knelpunten(k for k, es in m.kp_experimenten.items() if e in es)
            klasse = next((k for k in ("Uitspraak", "Wetswijziging") if any(t.endswith("#" + k) for t in
                                                                          p.get("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", []))),
                          "Experiment")
            self.render(pad, "verzameling.html", titel=d.label(e), ondertitel={"Uitspraak": "Uitspraak",
                                                                                "Wetswijziging": "Wetswijziging"}.get(klasse, "Experiment"),
                        definitie=(p.get(DCT + "description") or [None])[0],
                        secties=[("Knelpunten die dit aanpakt", ks), ("Trekkers", p.get("trekker", []))], extra_link=None,
                        kruimels=[("Home", "index.html"), (d.label(e), None)],
                        rdf=self.rdf_bestanden(pad, e),
                        jsonld=jsonld.script(jsonld.basis("Project", e, d.label(e),
                                                          description=(p.get(DCT + "description") or [None])[0])))

    def matrices(self) -> None:
        from .matrix import schrijf_matrices

        schrijf_matrices(self)

    def schotten(self) -> None:
        m, d = self.m, self.data
        rijen, volgorde = [], []
        for x in sorted(d.kosten, key=lambda x: -sum(k["bedrag"] for k in d.kosten[x])):
            if x not in d.praktijk:
                continue
            per = defaultdict(float)
            for k in d.kosten[x]:
                per[d.label(k["geldstroom"])] += k["bedrag"]
                if d.label(k["geldstroom"]) not in volgorde:
                    volgorde.append(d.label(k["geldstroom"]))
            rijen.append((x, sorted(per.items(), key=lambda kv: -kv[1])))
        svg = gestapeld("schotten-svg", [(d.label(x), segs) for x, segs in rijen[:60]], volgorde,
                        "Kosten per geldstroom per huishouden",
                        "Per praktijkvoorbeeld een balk; elk deel is een geldstroom, met de naam in het deel en het "
                        "totaal achter de balk. De tabel hieronder bevat dezelfde bedragen.", euro)
        self.render("schotten/index.html", "schotten.html", titel="Schotten tussen geldstromen", rijen=rijen, svg=svg,
                    volgorde=volgorde, kruimels=[("Home", "index.html"), ("Schotten", None)])

    def zoeken(self) -> None:
        m, d = self.m, self.data
        docs = []
        for k, p in d.knelpunten.items():
            docs.append((d.label(k), self.pad(k), "knelpunt",
                         " ".join((p.get(DCT + "description") or [""]) + [d.label(x) for x in p.get("mechanisme", [])])))
        for x, p in d.praktijk.items():
            if self.paden.pagina(x):
                docs.append((d.label(x), self.pad(x), "praktijkvoorbeeld", " ".join(p.get(DCT + "description") or [""])))
        for r in d.regelingen:
            if self.paden.pagina(r):
                docs.append((d.label(r), self.pad(r), "regeling", " ".join(d.regelingen[r]["afkortingen"])))
        for a, deel in d.delen.items():
            if deel.soort == "Artikel" and self.paden.pagina(a):
                docs.append((f"{d.labels.get(a) or 'Artikel ' + deel.nr} {m.kort(deel.regeling)}", self.pad(a), "artikel",
                             f"{deel.opschrift or ''} {d.label(deel.regeling)}"))
        index = zoekindex.bouw(docs)
        tekst = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
        self.w.schrijf("zoeken/index.json", tekst)
        self.w.schrijf("zoeken/index.js", "window.ZOEKINDEX = " + tekst.replace("</", "<\\/") + ";\n")
        self.render("zoeken/index.html", "zoeken.html", titel="Zoeken", zoek=None,
                    knelpunten=m.sorteer_knelpunten(d.knelpunten), kruimels=[("Home", "index.html"), ("Zoeken", None)])

    def indienen(self) -> None:
        d = self.data
        domeinen = sorted((c for c in d.begrippen if self.m.concept_soort(c) == "domein"), key=lambda c: d.label(c).lower())
        self.render("indienen/index.html", "indienen.html", titel="Praktijkvoorbeeld indienen",
                    domeinen=[(c.rsplit("/", 1)[-1], d.label(c), d.begrippen[c]["definitie"]) for c in domeinen],
                    kruimels=[("Home", "index.html"), ("Indienen", None)])

    def downloads(self, volledig: bool = True) -> None:
        """All downloads; with volledig=False (after one publication) the CSVs, DCAT and page only: the full
        Turtle/JSON-LD dumps are left as the last full build wrote them."""
        m, d = self.m, self.data
        triples = list(dict.fromkeys(q.triple for q in self.quads)) if volledig else []
        pre = {"kb": self.iris.kb, "dct": DCT, "rdfs": RDFS, "eli": "http://data.europa.eu/eli/ontology#",
               "skos": "http://www.w3.org/2004/02/skos/core#", "prov": "http://www.w3.org/ns/prov#",
               "xsd": "http://www.w3.org/2001/XMLSchema#", "tooi": TOOI, "owl": "http://www.w3.org/2002/07/owl#",
               "sh": "http://www.w3.org/ns/shacl#"}
        if volledig:
            self.w.schrijf("downloads/kennisbank.ttl", ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=pre))
            self.w.schrijf("downloads/kennisbank.jsonld", ox.serialize(triples, format=ox.RdfFormat.JSON_LD))
            (self.w.uit / "downloads" / "aantal-triples.txt").write_text(str(len(triples)))
        teller = self.w.uit / "downloads" / "aantal-triples.txt"
        aantal = int(teller.read_text()) if teller.is_file() else len(triples)
        buf = io.StringIO()
        wr = csv.writer(buf)
        wr.writerow(["iri", "kenmerk", "titel", "status", "mechanismen", "regelingen", "ministerie", "praktijkvoorbeelden",
                     "aangemaakt", "gewijzigd"])
        for k in m.sorteer_knelpunten(d.knelpunten):
            p = d.knelpunten[k]
            wr.writerow([k, (p.get(DCT + "identifier") or [""])[0], d.label(k),
                         "; ".join(d.label(x) for x in p.get("status", [])),
                         "; ".join(d.label(x) for x in p.get("mechanisme", [])),
                         "; ".join(m.kort(r) for r in m.kp_regelingen.get(k, [])),
                         "; ".join(d.label(x) for x in p.get("verantwoordelijkMinisterie", [])),
                         len(m.kp_praktijk.get(k, ())), (p.get(DCT + "created") or [""])[0],
                         (p.get(DCT + "modified") or [""])[0]])
        self.w.schrijf("downloads/knelpunten.csv", buf.getvalue())
        buf = io.StringIO()
        wr = csv.writer(buf)
        wr.writerow(["iri", "titel", "gemeente", "domeinen", "knelpunten", "bepalingen", "uitkomst", "kosten_totaal_euro", "datum"])
        for x in sorted(d.praktijk, key=lambda x: d.label(x).lower()):
            p = d.praktijk[x]
            wr.writerow([x, d.label(x), "; ".join(d.label(g) for g in p.get("gemeente", [])),
                         "; ".join(d.label(c) for c in p.get("domein", [])),
                         "; ".join(d.label(k) for k in sorted(m.praktijk_kp.get(x, ()))),
                         "; ".join(m.volledige_naam(b) for b in p.get("betreftBepaling", [])),
                         "; ".join(d.label(u) for u in p.get("uitkomst", [])),
                         f"{sum(k['bedrag'] for k in d.kosten.get(x, [])):.2f}" if d.kosten.get(x) else "",
                         (p.get(DCT + "date") or [""])[0]])
        self.w.schrijf("downloads/praktijkvoorbeelden.csv", buf.getvalue())
        self.w.schrijf("downloads/dcat.ttl", dcat.beschrijving(self.base, self.aantallen()))
        groottes = {naam: (self.w.uit / "downloads" / naam).stat().st_size
                    for naam in ("kennisbank.ttl", "kennisbank.jsonld", "knelpunten.csv", "praktijkvoorbeelden.csv", "dcat.ttl")}
        self.render("downloads/index.html", "downloads.html", titel="Downloads", groottes=groottes,
                    uitgever=dcat.UITGEVER, aantal=aantal, kruimels=[("Home", "index.html"), ("Downloads", None)])

    def ontologie(self) -> None:
        d = self.data
        schemas = []
        for s in sorted(d.schemas, key=d.label):
            cs = sorted((c for c, info in d.begrippen.items() if info["schema"] == s), key=lambda c: d.label(c).lower())
            schemas.append((s, cs))
        self.render("ontologie/index.html", "ontologie.html", titel="Ontologie en begrippen",
                    klassen=sorted(d.klassen.values(), key=lambda k: k["iri"]),
                    eigenschappen=sorted(d.eigenschappen.values(), key=lambda k: k["iri"]), schemas=schemas,
                    vormen=sorted(d.vormen.values(), key=lambda v: v["iri"]), kb=self.iris.kb,
                    kruimels=[("Home", "index.html"), ("Ontologie", None)])

    def feed(self) -> None:
        self.w.schrijf("feed.xml", feed.atom(self.m, self.base, self.doc_url))

    def toegankelijkheid(self) -> None:
        self.render("toegankelijkheid/index.html", "toegankelijkheid.html", titel="Toegankelijkheidsverklaring",
                    kruimels=[("Home", "index.html"), ("Toegankelijkheid", None)])

    # --- whole site ------------------------------------------------------------------------------------------------
    def alles(self) -> None:
        self.statisch()
        self.home()
        self.lijsten()
        self.doelgroepen()
        self.regelingen()
        self.artikelen()
        self.knelpunten()
        self.praktijkvoorbeelden()
        self.organisaties()
        self.begrippen()
        self.matrices()
        self.schotten()
        self.zoeken()
        self.indienen()
        self.rekenhulp()
        self.downloads()
        self.ontologie()
        self.feed()
        self.toegankelijkheid()
        self.signalen_pagina()

    def signalen_pagina(self) -> None:
        """Mogelijke botsingen: open and confirmed signals per regeling and article (kennisbank/site/signalen.py)."""
        from .signalen import OVERZICHT

        self.render("signalen/index.html", "signalen.html", titel="Mogelijke botsingen",
                    groepen=self.signalen.per_regeling(), aantal=len(self.signalen.lijst),
                    top=min(OVERZICHT, sum(1 for s in self.signalen.lijst if s["status"] == "open")),
                    kruimels=[("Home", "index.html"), ("Mogelijke botsingen", None)])


def bouw_site(config, store=None, uit: Path | str | None = None) -> dict:
    """Write the whole site into `uit` (default `{data}/site`), replacing what was there. Returns figures.
    Works while a server holds the store: it then reads a checkpoint the server makes (see `_open_om_te_lezen`)."""
    begin = time.perf_counter()
    eigen = store is None
    kopie = None
    if store is None:
        store, kopie = _open_om_te_lezen(config)
    try:
        uit = Path(uit) if uit else standaard_uit(config)
        tmp = uit.with_name(uit.name + ".nieuw")
        if tmp.exists():
            shutil.rmtree(tmp)
        tmp.mkdir(parents=True)
        site = Site(config, store, tmp)
        site.alles()
        oud = uit.with_name(uit.name + ".oud")
        if oud.exists():
            shutil.rmtree(oud)
        if uit.exists():
            os.replace(uit, oud)
        os.replace(tmp, uit)
        if oud.exists():
            shutil.rmtree(oud, ignore_errors=True)
        return {"uit": str(uit), "bestanden": site.w.bestanden, "bytes": site.w.bytes,
                "seconden": round(time.perf_counter() - begin, 2), **site.aantallen()}
    finally:
        if eigen:
            store.close()
        if kopie is not None:
            from ..store.kopievraag import ruim_op

            ruim_op(kopie)


def _open_om_te_lezen(config):
    """The public store, or, while a server holds it, a checkpoint the server makes for us (never a read-only
    open beside the server's writer: kennisbank/store/kopievraag.py). Returns (store, checkpoint folder or None)."""
    from ..store import open_store
    from ..store.embedded import EmbeddedStore, OpslagInGebruik
    from ..store.kopievraag import ruim_op, vraag_kopie

    try:
        return open_store(config), None
    except OpslagInGebruik:
        kopie = vraag_kopie(config.data_dir)
        try:
            return EmbeddedStore(kopie, read_only=True), kopie
        except BaseException:
            ruim_op(kopie)
            raise


def werk_site_bij(config, store, iris: list[str], uit: Path | str | None = None) -> dict:
    """Rewrite only what newly published cases touch: their pages, the knelpunten they support, the articles
    and regelingen they cite, their gemeente and domeinen, and the overview pages whose counts change."""
    begin = time.perf_counter()
    uit = Path(uit) if uit else standaard_uit(config)
    if not uit.is_dir():
        return {"bijgewerkt": 0}
    site = Site(config, store, uit, quads=[])  # no full dump: only the touched resources' triples, below
    site.w.duurzaam = True  # the live site: its queue record is deleted after this, so the pages must be on disk
    m, d = site.m, site.data
    cases = [x for x in iris if x in d.praktijk]
    knelpunten, artikelen, regelingen, gemeenten, begrippen = set(), set(), set(), set(), set()
    ministeries = set()
    # knelpunten (created or edited) and what they touch now; other IRIs in the record are what they touched
    # before the edit (provisions, concepts, organisations), so pages that no longer apply are rewritten too
    for x in iris:
        if x in d.knelpunten:
            knelpunten.add(x)
            p = d.knelpunten[x]
            bepalingen = [c["bepaling"] for c in d.citeringen.get(x, [])]
            begrippen.update(p.get("mechanisme", []) + p.get("domein", []))
            ministeries.update(p.get("verantwoordelijkMinisterie", []))
        elif x in d.delen or x in d.regelingen:
            bepalingen = [x]
        else:
            if x in d.begrippen:
                begrippen.add(x)
            ministeries.add(x)
            gemeenten.add(x)
            continue
        for b in bepalingen:
            a = m.artikel(b)
            if a:
                artikelen.add(a)
            r = m.regeling_van(b) or (b if b in d.regelingen else None)
            if r:
                regelingen.add(r)
    for x in cases:
        p = d.praktijk[x]
        knelpunten |= m.praktijk_kp.get(x, set())
        for b in p.get("betreftBepaling", []):
            a = m.artikel(b)
            if a:
                artikelen.add(a)
            r = m.regeling_van(b)
            if r:
                regelingen.add(r)
        gemeenten.update(p.get("gemeente", []))
        begrippen.update(p.get("domein", []))
    onderwerpen = set(cases) | knelpunten | regelingen | gemeenten | begrippen | ministeries
    for a in artikelen:
        onderwerpen.add(a)
        onderwerpen.update(v.iri for v in d.versies.get(a, []))
        stack = list(d.delen[a].kinderen) if a in d.delen else []
        while stack:
            x = stack.pop()
            onderwerpen.add(x)
            stack.extend(d.delen[x].kinderen)
    site.per_s = triples_per_onderwerp(select_quads_van(store, sorted(onderwerpen)))
    site.praktijkvoorbeelden(set(cases))
    site.knelpunten(knelpunten)
    site.artikelen(artikelen)
    site.regelingen(regelingen)
    site.organisaties(gemeenten | ministeries)
    site.begrippen(begrippen)
    site.home()
    site.lijsten()
    site.doelgroepen()
    site.matrices()
    site.schotten()
    site.zoeken()
    site.downloads(volledig=False)
    site.feed()
    # "samen geciteerd" was just recomputed (kennisbank/signalering/bijwerken.py): the page of signals follows;
    # the new signals name only articles this case cites, whose pages are rewritten above
    site.signalen_pagina()
    return {"bijgewerkt": site.w.bestanden, "seconden": round(time.perf_counter() - begin, 2)}
