"""Reading an official BWB "toestand" XML file (schema BWB-toestand/2016-1) into a `Toestand`.

The file is streamed with lxml's iterparse: each <artikel> is turned into parts as soon as it is complete
and then dropped, so memory stays flat for large laws. Structure elements (titeldeel, hoofdstuk, afdeling,
paragraaf and sub-paragraphs) are registered when their <kop> has been read.

Numbers come from <kop><nr>, <lidnr> and <li.nr> (falling back to the `label` attribute), never from the
`bwb-ng-variabel-deel` path; that path only gives the wetten.overheid.nl fragment.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import IO

from lxml import etree

from ..fouten import KennisbankFout
from .iris import IRIS, referentie, sub_onderdeel
from .model import Deel, Toestand, klasse_voor_soort

#: XML element -> structure kind (IRI segment). Sub-paragraphs are paragraphs with a longer number.
STRUCTUUR_TAGS = {
    "titeldeel": "titeldeel",
    "hoofdstuk": "hoofdstuk",
    "afdeling": "afdeling",
    "paragraaf": "paragraaf",
    "sub-paragraaf": "paragraaf",
    "sub-sub-paragraaf": "paragraaf",
}
#: Elements whose content is not law text.
_OVERSLAAN = {"meta-data", "kop", "noot", "plaatje", "illustratie", "redactionele-correcties", "opmerkingen-inhoud"}
#: Elements that start a new line in the text.
_BLOK = {
    "al", "al-groep", "lid", "lijst", "li", "tussenkop", "table", "tgroup", "thead", "tbody", "row",
    "definitie", "citaat", "considerans.al", "wij", "artikel", "divisie", "formule", "bijlage",
}
_NUMMERS = {"lidnr", "li.nr"}
_BULLET = re.compile(r"^[\W_]*$")  # •, -, –, * … : no usable number
_JCI = re.compile(r"^(?:jci)?1\.\d+:c:(BWB[A-Z]\d+)(.*)$")
_DATUM = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def norm(text: str | None) -> str:
    """Collapse all whitespace (including non-breaking spaces) to single spaces."""
    return " ".join((text or "").split())


def tekst_van(el: etree._Element) -> str:
    """The readable text of a provision: one line per paragraph or list item, numbers kept in front,
    the visible text of references kept inline, metadata and headings left out."""
    lines: list[str] = []
    cur: list[str] = []
    prefix: list[str] = []

    def flush() -> None:
        s = norm("".join(cur))
        cur.clear()
        if s:
            if prefix:
                s = f"{prefix.pop()} {s}"
            lines.append(s)

    def walk(e: etree._Element, top: bool = False) -> None:
        tag = e.tag if isinstance(e.tag, str) else None
        if tag is None or tag in _OVERSLAAN:
            if e.tail and not top:
                cur.append(e.tail)
            return
        if tag in _NUMMERS:
            flush()
            nr = norm(e.text and "".join(e.itertext()))
            if nr:
                prefix[:] = [nr]
            if e.tail and not top:
                cur.append(e.tail)
            return
        block = tag in _BLOK
        if block:
            flush()
        if tag == "entry" and e.getprevious() is not None:
            cur.append(" | ")
        if e.text:
            cur.append(e.text)
        for c in e:
            walk(c)
        if block:
            flush()
        if e.tail and not top:
            cur.append(e.tail)

    walk(el, top=True)
    flush()
    if prefix:  # a number with no text after it
        lines.append(prefix.pop())
    return "\n".join(lines)


def _kop(el: etree._Element) -> tuple[str | None, str | None]:
    kop = el.find("kop")
    if kop is None:
        return None, None
    nr = kop.find("nr")
    titel = kop.find("titel")
    return (norm("".join(nr.itertext())) if nr is not None else None,
            norm("".join(titel.itertext())) if titel is not None else None) 


def _nummer_uit_label(label: str | None) -> str | None:
    if not label:
        return None
    parts = norm(label).split(" ", 1)
    return parts[1] if len(parts) == 2 else None


def _fragment(el: etree._Element) -> str | None:
    pad = el.get("bwb-ng-variabel-deel")
    if not pad:
        return None
    return pad.lstrip("/").replace("/", "_")


def _eigen_jci(el: etree._Element) -> str | None:
    """The element's own JuriConnect 1.3 reference from its meta-data, without z= and g=."""
    for jci in el.findall("meta-data/jcis/jci"):
        v = jci.get("verwijzing") or ""
        if v.startswith("jci1.3:"):
            return jci_zonder_datum(v)
    return None


def jci_zonder_datum(verwijzing: str) -> str:
    parts = verwijzing.split("&")
    return "&".join([parts[0]] + [p for p in parts[1:] if not (p.startswith("z=") or p.startswith("g="))])


def parse_jci(doc: str | None) -> tuple[str, dict[str, list[str]]] | None:
    """`jci1.3:c:BWBR0015703&artikel=7&lid=2` -> ("BWBR0015703", {"artikel": ["7"], "lid": ["2"]})."""
    if not doc:
        return None
    m = _JCI.match(doc.strip())
    if not m:
        return None
    params: dict[str, list[str]] = {}
    for p in m.group(2).split("&"):
        if "=" in p:
            k, v = p.split("=", 1)
            params.setdefault(k.strip(), []).append(v.strip())
    return m.group(1), params


def verwijzing_doel(doc: str | None, bwb_id: str | None = None) -> str | None:
    """Our IRI for the target of an intref/extref: the Lid or Artikel it names, else the Regeling."""
    parsed = parse_jci(doc)
    if parsed is None:
        return referentie(bwb_id) if bwb_id and re.match(r"^BWB[A-Z]\d+$", bwb_id) else None
    target, params = parsed
    artikel = (params.get("artikel") or [None])[0]
    lid = (params.get("lid") or [None])[0]
    return referentie(target, artikel or None, lid or None)


class _Lezer:
    def __init__(self, naam: str):
        self.naam = naam
        self.bwb_id: str | None = None
        self.toestand: Toestand | None = None
        self.volgorde = 0
        self.stapel: list[tuple[etree._Element, Deel | None]] = []  # open structure elements
        self.iris_gezien: set[str] = set()

    # --- helpers ------------------------------------------------------------------------------
    def _volgende(self) -> int:
        self.volgorde += 1
        return self.volgorde

    def _ouder_structuur(self) -> Deel | None:
        for _, deel in reversed(self.stapel):
            if deel is not None:
                return deel
        return None

    def _voeg_toe(self, deel: Deel) -> bool:
        assert self.toestand is not None
        if deel.iri in self.iris_gezien:
            self.toestand.waarschuwingen.append(f"{deel.label} komt twee keer voor; de tweede is overgeslagen.")
            return False
        self.iris_gezien.add(deel.iri)
        self.toestand.delen.append(deel)
        return True

    # --- events -------------------------------------------------------------------------------
    def root(self, el: etree._Element) -> None:
        if el.tag != "toestand" or not el.get("bwb-id"):
            raise KennisbankFout(
                f"Het bestand '{self.naam}' is geen BWB-toestand (verwacht een <toestand> met een bwb-id)."
            )
        self.bwb_id = el.get("bwb-id").strip()
        if not re.match(r"^BWB[A-Z]\d+$", self.bwb_id):
            raise KennisbankFout(f"Het bestand '{self.naam}' heeft een ongeldig BWB-id: '{self.bwb_id}'.")
        vast = el.get("bwb-ng-vast-deel") or ""
        datum = (el.get("inwerkingtreding") or "").strip()
        m = re.match(r"^https?://wetten\.overheid\.nl/id/(BWB[A-Z]\d+)/(\d{4}-\d{2}-\d{2})/(\d+)$", vast.strip())
        if m:
            if m.group(1) != self.bwb_id:
                raise KennisbankFout(
                    f"Het bestand '{self.naam}' is tegenstrijdig: bwb-id {self.bwb_id} maar toestand van {m.group(1)}."
                )
            datum = datum or m.group(2)
            index = int(m.group(3))
        else:
            index = 0
        if not _DATUM.match(datum):
            raise KennisbankFout(f"Het bestand '{self.naam}' noemt geen geldige datum van inwerkingtreding.")
        self.toestand = Toestand(
            bwb_id=self.bwb_id,
            datum=datum,
            titel="",
            toestand_iri=f"http://wetten.overheid.nl/id/{self.bwb_id}/{datum}/{index}",
            index=index,
            bron=self.naam,
        )

    def wetgeving(self, el: etree._Element) -> None:
        t = self.toestand
        t.klasse = klasse_voor_soort(el.get("soort"))
        t.label_id, t.stam_id, t.versie_id = el.get("label-id"), el.get("stam-id"), el.get("versie-id")

    def citeertitel(self, el: etree._Element) -> None:
        titel = norm("".join(x for x in _tekst_zonder_meta(el)))
        if titel and not self.toestand.titel:
            self.toestand.titel = titel
            from .model import Citeertitel

            self.toestand.meta.voeg_citeertitel_toe(Citeertitel(titel, el.get("inwerking")))

    def structuur_kop(self, el: etree._Element, kop: etree._Element) -> None:
        soort = STRUCTUUR_TAGS[el.tag]
        nr, titel = _kop(el)
        nr = nr or _nummer_uit_label(el.get("label"))
        if not nr:
            return  # unnumbered container: transparent
        nr = nr.rstrip(".")
        ouder = self._ouder_structuur()
        deel = Deel(
            iri=IRIS.structuur(self.bwb_id, soort, nr),
            soort=soort,
            nummer=nr,
            label=f"{soort.capitalize()} {nr}",
            ouder=ouder.iri if ouder else None,
            volgorde=self._volgende(),
            opschrift=titel or None,
        )
        if self._voeg_toe(deel):
            for i in range(len(self.stapel) - 1, -1, -1):
                if self.stapel[i][0] is el:
                    self.stapel[i] = (el, deel)
                    break

    def artikel(self, el: etree._Element) -> None:
        nr, titel = _kop(el)
        nr = nr or _nummer_uit_label(el.get("label"))
        if not nr:
            pad = el.get("bwb-ng-variabel-deel") or ""
            nr = pad.rsplit("/", 1)[-1].removeprefix("Artikel") or None
        if not nr:
            self.toestand.waarschuwingen.append("Een artikel zonder nummer is overgeslagen.")
            return
        nr = nr.rstrip(".")
        ouder = self._ouder_structuur()
        status = (el.get("status") or "goed").strip()
        vervallen = status == "vervallen"
        art_iri = IRIS.artikel(self.bwb_id, nr)
        jci = _eigen_jci(el)
        if not jci:
            jci = _jci_artikel(self.bwb_id, [d for _, d in self.stapel if d is not None], nr)
        artikel = Deel(
            iri=art_iri,
            soort="artikel",
            nummer=nr,
            label=f"Artikel {nr}",
            ouder=ouder.iri if ouder else None,
            volgorde=self._volgende(),
            opschrift=titel or None,
            tekst=None if vervallen else (tekst_van(el) or None),
            status=status,
            inwerking=el.get("inwerking") or self.toestand.datum,
            label_id=el.get("label-id"),
            stam_id=el.get("stam-id"),
            versie_id=el.get("versie-id"),
            jci=jci,
            fragment=_fragment(el),
        )
        if not self._voeg_toe(artikel):
            return
        per_element: dict[etree._Element, Deel] = {el: artikel}
        if not vervallen:
            self._onderdelen(el, artikel, artikel, nr, None, per_element)
        # cross-references: to the innermost provision and to the article
        for ref in el.iter("intref", "extref"):
            if any(a.tag == "meta-data" for a in ref.iterancestors()):
                continue
            doel = verwijzing_doel(ref.get("doc"), ref.get("bwb-id"))
            if not doel:
                continue
            node = ref.getparent()
            while node is not None and node not in per_element:
                node = node.getparent()
            binnenste = per_element.get(node, artikel) if node is not None else artikel
            if doel != binnenste.iri:
                binnenste.verwijzingen.add(doel)
            if doel != art_iri:
                artikel.verwijzingen.add(doel)

    def _onderdelen(self, el, ouder: Deel, artikel: Deel, art_nr: str, lid_nr: str | None, per_element) -> None:
        """Leden and list items below `el`, in document order, nested lists below their item."""
        leden = 0
        for kind in el:
            if not isinstance(kind.tag, str) or kind.tag in _OVERSLAAN:
                continue
            if kind.tag == "lid" and ouder.soort == "artikel":
                leden += 1
                nr = norm("".join(kind.findtext("lidnr") or "")).rstrip(".") or str(leden)
                deel = self._bepaling(kind, "lid", IRIS.lid(self.bwb_id, art_nr, nr), nr, f"Lid {nr}", ouder, artikel,
                                      f"{ouder.jci}&lid={nr}" if ouder.jci else None)
                if deel:
                    per_element[kind] = deel
                    self._onderdelen(kind, deel, artikel, art_nr, nr, per_element)
            elif kind.tag == "lijst":
                positie = 0
                for li in kind:
                    if li.tag != "li":
                        continue
                    positie += 1
                    ruw = norm("".join(li.findtext("li.nr") or ""))
                    nr = _li_nummer(ruw) or str(positie)
                    toon = ruw.rstrip(".") if ruw and not _BULLET.match(ruw) else nr
                    if ouder.soort == "onderdeel":
                        iri = sub_onderdeel(ouder.iri, nr)
                    else:
                        iri = IRIS.onderdeel(self.bwb_id, art_nr, lid_nr, nr)
                    fallback = f"{ouder.jci}&o={nr}" if ouder.jci and _li_nummer(ruw) else ouder.jci
                    deel = self._bepaling(li, "onderdeel", iri, nr, f"Onderdeel {toon}", ouder, artikel, fallback)
                    if deel:
                        per_element[li] = deel
                        self._onderdelen(li, deel, artikel, art_nr, lid_nr, per_element)
            elif kind.tag not in ("lid", "li") and len(kind):
                # containers that may hold lists (al-groep and the like): look inside without a new level
                self._onderdelen(kind, ouder, artikel, art_nr, lid_nr, per_element)

    def _bepaling(self, el, soort, iri, nr, label, ouder: Deel, artikel: Deel, jci_fallback) -> Deel | None:
        deel = Deel(
            iri=iri,
            soort=soort,
            nummer=nr,
            label=label,
            ouder=ouder.iri,
            volgorde=self._volgende(),
            tekst=tekst_van(el) or None,
            status=artikel.status,
            inwerking=artikel.inwerking,
            label_id=el.get("label-id") if soort == "lid" else None,
            jci=_eigen_jci(el) or jci_fallback,
            fragment=_fragment(el),
        )
        return deel if self._voeg_toe(deel) else None


def _li_nummer(ruw: str) -> str | None:
    """`a.` -> a, `1°.` -> 1, `(ii)` -> ii, `•` -> None (use the position)."""
    if not ruw or _BULLET.match(ruw):
        return None
    s = ruw.strip().rstrip(".").strip("()").rstrip(")").replace("°", "").strip()
    s = s.rstrip(".").strip()
    return s or None


def _jci_artikel(bwb_id: str, structuur: list[Deel], nr: str) -> str:
    parts = [f"jci1.3:c:{bwb_id}"] + [f"{d.soort}={d.nummer}" for d in structuur] + [f"artikel={nr}"]
    return "&".join(parts)


def _tekst_zonder_meta(el: etree._Element):
    if el.text:
        yield el.text
    for c in el:
        if isinstance(c.tag, str) and c.tag != "meta-data":
            yield from _tekst_zonder_meta(c)
        if c.tail:
            yield c.tail


def lees_toestand(bron: str | Path | IO[bytes], naam: str | None = None) -> Toestand:
    """Parse a BWB toestand XML file (path or binary file object)."""
    naam = naam or (Path(bron).name if isinstance(bron, (str, Path)) else "invoer")
    lezer = _Lezer(naam)
    try:
        context = etree.iterparse(
            str(bron) if isinstance(bron, Path) else bron,
            events=("start", "end"),
            resolve_entities=False,
            no_network=True,
            huge_tree=True,
        )
        in_artikel = 0
        for event, el in context:
            tag = el.tag if isinstance(el.tag, str) else None
            if tag is None:
                continue
            if event == "start":
                if lezer.toestand is None:
                    lezer.root(el)
                elif tag == "artikel":
                    in_artikel += 1
                elif tag in STRUCTUUR_TAGS and not in_artikel:
                    lezer.stapel.append((el, None))
                continue
            # end events
            if tag == "wetgeving" or (tag == "citeertitel" and el.getparent() is not None
                                      and el.getparent().tag == "wetgeving"):
                if tag == "citeertitel":
                    lezer.citeertitel(el)
                continue
            if tag == "kop" and not in_artikel:
                parent = el.getparent()
                if parent is not None and parent.tag in STRUCTUUR_TAGS:
                    lezer.structuur_kop(parent, el)
            elif tag == "artikel":
                in_artikel -= 1
                if in_artikel == 0:
                    lezer.artikel(el)
                    el.clear(keep_tail=True)
                    parent = el.getparent()
                    while el.getprevious() is not None and parent is not None:
                        del parent[0]
            elif tag in STRUCTUUR_TAGS and not in_artikel:
                if lezer.stapel and lezer.stapel[-1][0] is el:
                    lezer.stapel.pop()
        # <wetgeving> attributes: read from the root's child once parsing finished
    except etree.XMLSyntaxError as exc:
        raise KennisbankFout(f"Het bestand '{naam}' is geen geldige XML ({exc.msg}).") from exc
    except OSError as exc:
        raise KennisbankFout(f"Het bestand '{naam}' kan niet worden gelezen: {exc.strerror or exc}.") from exc
    t = lezer.toestand
    if t is None:
        raise KennisbankFout(f"Het bestand '{naam}' is leeg of geen BWB-toestand.")
    root = context.root
    w = root.find("wetgeving") if root is not None else None
    if w is None:
        raise KennisbankFout(f"Het bestand '{naam}' is geen BWB-toestand (er is geen <wetgeving>).")
    lezer.wetgeving(w)
    if not t.titel:
        intitule = w.find("intitule")
        t.titel = norm("".join(_tekst_zonder_meta(intitule))) if intitule is not None else t.bwb_id
        t.waarschuwingen.append("Het bestand heeft geen citeertitel; het intitulé is gebruikt.")
    if not t.artikelen():
        raise KennisbankFout(f"Het bestand '{naam}' bevat geen artikelen.")
    return t
