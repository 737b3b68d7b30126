"""Reading a harvested law text (YAML of MinBZK/regelrecht-corpus) into a `Toestand`, marked as derived.

These files are third-party harvests of wetten.overheid.nl, not the official XML, so the Regeling gets
`kb:afgeleid true`, `prov:wasDerivedFrom` (the file in the corpus repository) and a Dutch rdfs:comment.

Two layouts exist:
- new (schema v0.5.x): one entry per article; leden are paragraphs starting with "1 ", "2 " …, onderdelen
  paragraphs starting with "a. ", sub-onderdelen with "1°. ";
- old (schema v0.3.x): one entry per lid or onderdeel, numbered `artikel.lid[.onderdeel[.sub]]`; the article
  number is taken from the entry's `url` (`#Artikel1.2`).
References (`[tekst][refN]` with a `references` list) become kb:verwijstNaar. In the old layout the targets
were cut to the top level by the harvester (artikel 2 for 2.3.5), so there only the law is linked.
The files carry no structure (hoofdstukken) and no inwerkingtreding dates: articles hang directly under the
Regeling and every Versie starts on the file's `valid_from`.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from ..fouten import KennisbankFout
from .bwb import norm
from .iris import IRIS, referentie, sub_onderdeel
from .model import Deel, Toestand

CORPUS_REPO = "https://github.com/MinBZK/regelrecht-corpus"
#: Source commits of the harvested files we ship (from the shared fixtures README).
CORPUS_COMMITS = {
    ("jeugdwet", "2026-01-01.yaml"): "1281569e6e91b878964a50f1f0b64afd61391c4a",
    ("jeugdwet", "2018-01-01.yaml"): "0dc72c8f0fb3a0f9b8a0834d1f8230c541ac84b7",
    ("wet_maatschappelijke_ondersteuning_2015", "2026-07-01.yaml"): "464d58f00d8bea8ad97b9443ba60c58dee14d358",
    ("wet_maatschappelijke_ondersteuning_2015", "2018-01-01.yaml"): "132372dcf4e50818d6e0c10a33d883fd0ac172a1",
    ("wet_gemeentelijke_schuldhulpverlening", "2026-07-01.yaml"): "0c4ff9c9dd1e6dea7dc6e62035cb0a543563bf17",
}
TOELICHTING = ("De tekst van deze regeling is afgeleid van een geoogste kopie (MinBZK/regelrecht-corpus) en niet "
               "van de officiële BWB-XML; de officiële tekst staat op wetten.overheid.nl.")

_REF_DEF = re.compile(r"^\[ref\d+\]:\s*\S+\s*$", re.M)
_REF = re.compile(r"\[([^\]]*)\]\[(ref\d+)\]")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_NADRUK = re.compile(r"\*([^*]+)\*")
_LID = re.compile(r"^(\d+[a-z]?)\s+(\S.*)$", re.S)
_ONDERDEEL = re.compile(r"^([a-z]{1,3})\.\s+(\S.*)$", re.S)
_SUB = re.compile(r"^(\d+)°\.?\s+(\S.*)$", re.S)
_ARTIKEL_URL = re.compile(r"#Artikel([^#/?]+)$")


def _datum(v) -> str:
    return v.isoformat()[:10] if isinstance(v, (dt.date, dt.datetime)) else str(v or "").strip()


def _bron_url(pad: Path, slug: str) -> str:
    commit = CORPUS_COMMITS.get((slug, pad.name))
    return f"{CORPUS_REPO}/blob/{commit or 'main'}/regulation/nl/wet/{slug}/{pad.name}"


def _schoon(tekst: str) -> tuple[str, list[str]]:
    """Markdown-like text -> plain text with references inline; also the refN ids in order."""
    tekst = _REF_DEF.sub("", tekst)
    refs = [m.group(2) for m in _REF.finditer(tekst)]
    tekst = _REF.sub(r"\1", tekst)
    tekst = _LINK.sub(r"\1", tekst)
    tekst = _NADRUK.sub(r"\1", tekst)
    return tekst, refs


def _alineas(tekst: str) -> list[tuple[str, list[str]]]:
    """Paragraphs (split on blank lines or definition bullets), each whitespace-normalised, with its refs."""
    stukken = re.split(r"\n\s*\n|\n(?=\s*- )", tekst)
    uit = []
    for s in stukken:
        schoon, refs = _schoon(s)
        schoon = norm(schoon)
        if schoon:
            uit.append((schoon, refs))
    return uit


class _Bouwer:
    def __init__(self, toestand: Toestand, oud_formaat: bool, referenties: dict[str, dict]):
        self.t = toestand
        self.oud = oud_formaat
        self.refs = referenties
        self.volgorde = 0
        self.per_iri: dict[str, Deel] = {}
        self.regels: dict[str, list[str]] = {}  # provision IRI -> its text lines (incl. descendants)

    def deel(self, iri, soort, nummer, label, ouder: Deel | None, art_nr: str, jci: str, fragment=None) -> Deel:
        d = self.per_iri.get(iri)
        if d is not None:
            return d
        self.volgorde += 1
        d = Deel(iri=iri, soort=soort, nummer=nummer, label=label, ouder=ouder.iri if ouder else None,
                 volgorde=self.volgorde, inwerking=self.t.datum, jci=jci, fragment=fragment)
        self.per_iri[iri] = d
        self.regels[iri] = []
        self.t.delen.append(d)
        return d

    def regel(self, keten: list[Deel], tekst: str, refs: list[str]) -> None:
        for d in keten:
            self.regels[d.iri].append(tekst)
        for r in refs:
            doel = self._doel(self.refs.get(r) or {})
            if doel:
                keten[-1].verwijzingen.add(doel)
                keten[0].verwijzingen.add(doel)

    def _doel(self, ref: dict) -> str | None:
        bwb = str(ref.get("bwb_id") or "").strip()
        if not re.match(r"^BWB[A-Z]\d+$", bwb):
            return None
        artikel = None if self.oud else (str(ref["artikel"]).strip() if ref.get("artikel") else None)
        return referentie(bwb, artikel)

    def artikel(self, nr: str) -> Deel:
        return self.deel(IRIS.artikel(self.t.bwb_id, nr), "artikel", nr, f"Artikel {nr}", None, nr,
                         f"jci1.3:c:{self.t.bwb_id}&artikel={nr}", f"Artikel{nr}")

    def lid(self, art: Deel, nr: str) -> Deel:
        return self.deel(IRIS.lid(self.t.bwb_id, art.nummer, nr), "lid", nr, f"Lid {nr}", art, art.nummer,
                         f"{art.jci}&lid={nr}")

    def onderdeel(self, ouder: Deel, art: Deel, lid: Deel | None, nr: str, toon: str) -> Deel:
        if ouder.soort == "onderdeel":
            iri = sub_onderdeel(ouder.iri, nr)
        else:
            iri = IRIS.onderdeel(self.t.bwb_id, art.nummer, lid.nummer if lid else None, nr)
        return self.deel(iri, "onderdeel", nr, f"Onderdeel {toon}", ouder, art.nummer, f"{ouder.jci}&o={nr}")

    def klaar(self) -> None:
        for d in self.t.delen:
            d.tekst = "\n".join(self.regels[d.iri]) or None
            if d.soort == "artikel" and d.tekst and norm(d.tekst).lower().rstrip(".") in ("vervallen", "[vervallen]"):
                d.tekst, d.status = None, "vervallen"


def _nieuw_artikel(b: _Bouwer, nr: str, tekst: str) -> None:
    art = b.artikel(nr)
    lid: Deel | None = None
    onderdeel: Deel | None = None
    volgend_lid = 1
    for alinea, refs in _alineas(tekst):
        m = _LID.match(alinea)
        if m and re.match(r"^\d+", m.group(1)) and int(re.match(r"^\d+", m.group(1)).group()) == volgend_lid \
                and (lid is not None or volgend_lid == 1):
            lid = b.lid(art, m.group(1))
            volgend_lid += 1
            onderdeel = None
            b.regel([art, lid], f"{m.group(1)} {m.group(2)}", refs)
            continue
        m = _SUB.match(alinea)
        if m and onderdeel is not None and onderdeel.ouder and "/onderdeel/" not in onderdeel.ouder:
            sub = b.onderdeel(onderdeel, art, lid, m.group(1), f"{m.group(1)}°")
            b.regel([d for d in (art, lid, onderdeel, sub) if d], f"{m.group(1)}°. {m.group(2)}", refs)
            continue
        m = _ONDERDEEL.match(alinea)
        if m:
            onderdeel = b.onderdeel(lid or art, art, lid, m.group(1), m.group(1))
            b.regel([d for d in (art, lid, onderdeel) if d], f"{m.group(1)}. {m.group(2)}", refs)
            continue
        keten = [d for d in (art, lid, onderdeel) if d]
        b.regel(keten, alinea, refs)


def _oud_item(b: _Bouwer, art_nr: str, rest: list[str], tekst: str) -> None:
    art = b.artikel(art_nr)
    keten = [art]
    lid = None
    for i, seg in enumerate(rest):
        if i == 0 and re.match(r"^\d+[a-z]?$", seg):
            lid = b.lid(art, seg)
            keten.append(lid)
        else:
            ouder = keten[-1]
            nr = seg.replace("°", "")
            toon = seg if "°" in seg or not nr.isdigit() else f"{nr}°"
            keten.append(b.onderdeel(ouder, art, lid, nr, toon))
    laatste = keten[-1]
    for n, (alinea, refs) in enumerate(_alineas(tekst)):
        if n == 0 and laatste.soort != "artikel":
            prefix = laatste.nummer if laatste.soort == "lid" else (
                f"{laatste.label.removeprefix('Onderdeel ')}." if not laatste.label.endswith("°") else
                f"{laatste.label.removeprefix('Onderdeel ')}.")
            alinea = f"{prefix} {alinea}"
        b.regel(keten, alinea, refs)


def lees_corpus_yaml(pad: Path) -> Toestand:
    naam = Path(pad).name
    try:
        data = yaml.safe_load(Path(pad).read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise KennisbankFout(f"Het bestand '{naam}' is geen geldige YAML.") from exc
    except OSError as exc:
        raise KennisbankFout(f"Het bestand '{naam}' kan niet worden gelezen: {exc.strerror or exc}.") from exc
    if not isinstance(data, dict) or not isinstance(data.get("articles"), list) or not data.get("bwb_id"):
        raise KennisbankFout(f"Het bestand '{naam}' is geen geoogste wettekst (verwacht bwb_id en articles).")
    bwb = str(data["bwb_id"]).strip()
    if not re.match(r"^BWB[A-Z]\d+$", bwb):
        raise KennisbankFout(f"Het bestand '{naam}' heeft een ongeldig BWB-id: '{bwb}'.")
    url = str(data.get("url") or "")
    if url and f"/{bwb}" not in url:
        raise KennisbankFout(f"Het bestand '{naam}' is tegenstrijdig: bwb_id {bwb} maar url {url}.")
    datum = _datum(data.get("valid_from"))
    try:
        dt.date.fromisoformat(datum)
    except ValueError:
        raise KennisbankFout(f"Het bestand '{naam}' heeft geen geldige valid_from-datum.") from None
    slug = str(data.get("$id") or Path(pad).parent.name)
    schema = str(data.get("$schema") or "")
    m = re.search(r"/v(\d+)\.(\d+)\.\d+/", schema)
    oud = bool(m and (int(m.group(1)), int(m.group(2))) < (0, 4))
    t = Toestand(bwb_id=bwb, datum=datum, titel="", toestand_iri=f"https://wetten.overheid.nl/{bwb}/{datum}",
                 klasse="Wet" if str(data.get("regulatory_layer", "")).upper() == "WET" else None, bron=naam)
    t.meta.afgeleid = True
    t.meta.afgeleid_van.add(_bron_url(Path(pad), slug))
    t.meta.toelichting = TOELICHTING
    for item in data["articles"]:
        nummer = str(item.get("number") or "").strip()
        tekst = str(item.get("text") or "")
        refs = {str(r.get("id")): r for r in item.get("references") or [] if isinstance(r, dict)}
        if not nummer:
            continue
        b = _bouwers.setdefault(id(t), _Bouwer(t, oud, {}))
        b.refs = refs
        if oud:
            mu = _ARTIKEL_URL.search(str(item.get("url") or ""))
            art_nr = mu.group(1) if mu else nummer
            if nummer != art_nr and not nummer.startswith(art_nr + "."):
                art_nr = nummer  # cannot split: keep the entry as an article of its own
            rest = [s for s in nummer[len(art_nr):].split(".") if s]
            _oud_item(b, art_nr, rest, tekst)
        else:
            _nieuw_artikel(b, nummer, tekst)
    b = _bouwers.pop(id(t), None)
    if b is None or not t.artikelen():
        raise KennisbankFout(f"Het bestand '{naam}' bevat geen artikelen.")
    b.klaar()
    return t


_bouwers: dict[int, _Bouwer] = {}
