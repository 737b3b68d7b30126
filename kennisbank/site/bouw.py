"""The static site: every page of the public knowledge graph, written from one load of the store.

`bouw_site(config, store, uit)` writes everything; `werk_site_bij(config, store, iris)` rewrites only the pages a
newly published case touches. All links are relative, so the site works from any web server and from disk.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import time
from collections import defaultdict
from pathlib import Path

import jinja2
import pyoxigraph as ox

from ..iri import TOOI
from . import dcat, feed, jsonld, zoekindex
from .data import DCT, RDFS, alle_quads, beschrijving, laad, select_quads_van, triples_per_onderwerp
from .model import Model
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


def _env() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
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
        self.m = Model(self.data)
        self.paden = self.m.paden
        self.quads = alle_quads(store) if quads is None else quads
        self.per_s = triples_per_onderwerp(self.quads)
        self.env = _env()
        self.w = Schrijver(uit)
        self.base = self.iris.base
        from .signalen import Signalen

        self.signalen = Signalen(config.data_dir)

    # --- helpers ---------------------------------------------------------------------------------------------
    def render(self, pad: str, template: str, **ctx) -> None:
        def u(naar: str, fragment: str = "") -> str:
            return href(pad, naar, fragment)

        def link(iri: str) -> str | None:
            p = self.paden.pagina(iri)
            return href(pad, p[0], p[1]) if p else None

        ctx.setdefault("kruimels", None)
        ctx.setdefault("rdf", None)
        ctx.setdefault("jsonld", None)
        html = self.env.get_template(template).render(u=u, link=link, m=self.m, anker=self._anker, euro=euro, **ctx)
        self.w.schrijf(pad, html)

    def geschiedenis(self, iri: str) -> dict | None:
        """The public history of a resource (revisions, status history) from the revision journal, if any."""
        from ..geschiedenis import geschiedenis
        from ..revisies import journaal

        try:
            return geschiedenis(journaal(self.config.data_dir), self.iris, iri)
        except OSError:
            return None

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
        for bron in STATIC.rglob("*"):
            if bron.is_file():
                self.w.schrijf("static/" + bron.relative_to(STATIC).as_posix(), bron.read_bytes())

    def home(self) -> None:
        a = self.aantallen()
        ld = jsonld.basis("WebSite", f"{self.base}/", "Kennisbank Botsende Regels",
                          description="Waar regels in het sociaal domein elkaar tegenwerken.",
                          url=f"{self.base}/", publisher={"@type": "GovernmentOrganization", "@id": dcat.UITGEVER})
        self.render("index.html", "home.html", titel="Home", aantal=a, nieuwste=self.m.nieuwste_knelpunten(10),
                    jsonld=jsonld.script(ld))

    def lijsten(self) -> None:
        m, d = self.m, self.data
        kp = [(d.label(k), self.pad(k), (d.knelpunten[k].get(DCT + "identifier") or [""])[0])
              for k in m.sorteer_knelpunten(d.knelpunten)]
        self.render("knelpunten/index.html", "lijst.html", titel="Knelpunten", intro="Alle knelpunten, op titel.",
                    groepen=[(None, kp)], kruimels=[("Home", "index.html"), ("Knelpunten", None)])
        regs = sorted(d.regelingen, key=lambda r: d.label(r).lower())
        items = [(d.label(r), self.pad(r), f"{len({k for k, rs in m.kp_regelingen.items() if r in rs})} knelpunten")
                 for r in regs if self.paden.pagina(r)]
        self.render("regelingen/index.html", "lijst.html", titel="Regelingen",
                    intro="Wetten, besluiten, regelingen en codes waarvan artikelen in de kennisbank staan.",
                    groepen=[(None, items)], kruimels=[("Home", "index.html"), ("Regelingen", None)])
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
        for soort, titel, pad, bron in (("gemeente", "Gemeenten", "gemeenten", m.gemeenten()),
                                        ("ministerie", "Ministeries", "ministeries", m.ministeries())):
            self.render(f"{pad}/index.html", "lijst.html", titel=titel, intro=None,
                        groepen=[(None, [(d.label(x), self.pad(x), None) for x in bron])],
                        kruimels=[("Home", "index.html"), (titel, None)])
        for soort, titel, pad in (("mechanisme", "Mechanismen", "mechanismen"), ("domein", "Domeinen", "domeinen")):
            cs = sorted((c for c in d.begrippen if m.concept_soort(c) == soort), key=lambda c: d.label(c).lower())
            self.render(f"{pad}/index.html", "lijst.html", titel=titel,
                        intro="Hoe regels botsen." if soort == "mechanisme" else "De terreinen van het sociaal domein.",
                        groepen=[(None, [(d.label(c), self.pad(c), None) for c in cs])],
                        kruimels=[("Home", "index.html"), (titel, None)])

    def regelingen(self, alleen=None) -> None:
        m, d = self.m, self.data
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
                                                   "nieuwste": cit["nieuwste"]})
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
                        praktijk=praktijk, waarschuwingen=waarschuwingen, botsingen=self.signalen.bij_artikel(a),
                        botst=sorted(botst.items(), key=lambda kv: (-kv[1], d.label(kv[0]))),
                        verwijst=sorted(d.verwijzingen.get(a, ()), key=lambda x: m.volledige_naam(x)),
                        kruimels=[("Home", "index.html"), ("Regelingen", "regelingen/index.html"),
                                  (d.label(deel.regeling), reg_pad[0] if reg_pad else None), (titel, None)],
                        rdf=self.rdf_bestanden(pad, a, extra), jsonld=jsonld.script(ld))

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
                        experimenten=sorted(m.kp_experimenten.get(k, ()), key=d.label),
                        praktijk=sorted(m.kp_praktijk.get(k, ()), key=lambda x: d.label(x).lower()),
                        bronnen=p.get("http://www.w3.org/ns/prov#wasDerivedFrom", []),
                        leerpunten=d.leerpunten.get(k, []), bronsoorten=d.bronsoorten,
                        kruimels=[("Home", "index.html"), ("Knelpunten", "knelpunten/index.html"), (d.label(k), None)],
                        rdf=self.rdf_bestanden(pad, k), jsonld=jsonld.script(ld))

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
        for mi in m.ministeries():
            if alleen is not None and mi not in alleen:
                continue
            pad = self.pad(mi)
            ks = m.sorteer_knelpunten(k for k, p in d.knelpunten.items() if mi in p.get("verantwoordelijkMinisterie", []))
            regs = sorted((r for r, reg in d.regelingen.items() if mi in reg["ministeries"]), key=d.label)
            ld = jsonld.basis("GovernmentOrganization", mi, d.label(mi), url=mi)
            self.render(pad, "verzameling.html", titel=d.label(mi), ondertitel="Ministerie", definitie=None,
                        secties=[("Knelpunten waarvoor dit ministerie verantwoordelijk is", ks),
                                 ("Regelingen van dit ministerie", regs)], extra_link=None,
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
        self.downloads()
        self.ontologie()
        self.feed()
        self.toegankelijkheid()
        self.signalen_pagina()

    def signalen_pagina(self) -> None:
        """Mogelijke botsingen: open and confirmed signals per regeling and article (kennisbank/site/signalen.py)."""
        self.render("signalen/index.html", "signalen.html", titel="Mogelijke botsingen",
                    groepen=self.signalen.per_regeling(), aantal=len(self.signalen.lijst),
                    top=sum(1 for s in self.signalen.lijst if s["status"] == "open") and min(
                        200, sum(1 for s in self.signalen.lijst if s["status"] == "open")),
                    kruimels=[("Home", "index.html"), ("Mogelijke botsingen", None)])


def bouw_site(config, store=None, uit: Path | str | None = None) -> dict:
    """Write the whole site into `uit` (default `{data}/site`), replacing what was there. Returns figures."""
    from ..store import open_store

    begin = time.perf_counter()
    eigen = store is None
    store = store or open_store(config)
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
    site.matrices()
    site.schotten()
    site.zoeken()
    site.downloads(volledig=False)
    site.feed()
    return {"bijgewerkt": site.w.bestanden, "seconden": round(time.perf_counter() - begin, 2)}
