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
    ("wet_gemeentelijke_schuldhulpverlening", "2017-04-01.yaml"): "84e3a9adeb4fda7857889c64d349f24d4a1b854a",
    ("algemene_wet_inkomensafhankelijke_regelingen", "2026-01-01.yaml"): "fb2741d26a815963d27f5bed5fc8429ab4903121",
    ("wet_op_de_huurtoeslag", "2026-01-01.yaml"): "0dc72c8f0fb3a0f9b8a0834d1f8230c541ac84b7",
    ("wet_op_het_kindgebonden_budget", "2026-07-01.yaml"): "05826d758945b4001f5b0084482de4cf83fa62ae",
    ("leerplichtwet_1969", "2026-08-01.yaml"): "0c830e9a097652a80b42d7982d5a6cf4fe9b0e74",
    ("uitvoeringswet_algemene_verordening_gegevensbescherming", "2026-09-01.yaml"):
        "8257577263ce8fdb819606d4cd0c80a8479495d6",
    ("algemene_ouderdomswet", "2026-07-01.yaml"): "028f361cbcef1168459c1db6f65a25388bb20cea",
    ("invorderingswet_1990", "2026-07-01.yaml"): "13905676ce96b9d4555c3ab5d4c9c211f8e5cd0a",
    ("wet_basisregistratie_personen", "2026-10-01.yaml"): "beb81ac843c9d79598de730843dfe178f26fffdf",
    ("wet_structuur_uitvoeringsorganisatie_werk_en_inkomen", "2026-07-01.yaml"):
        "104c8802fda5306cb1b5ae9d68eee8db60435a03",
    ("wet_administratiefrechtelijke_handhaving_verkeersvoorschriften", "2026-09-01.yaml"):
        "235a9e0f157b27621ecf56f23856defe6aa6e241",
    ("wet_inburgering_2021", "2025-10-21.yaml"): "0dc72c8f0fb3a0f9b8a0834d1f8230c541ac84b7",
    ("wet_kinderopvang", "2026-08-01.yaml"): "beb81ac843c9d79598de730843dfe178f26fffdf",
    ("algemene_wet_bestuursrecht", "2026-07-01.yaml"): "1980e54b015b099c5fd191537c2eb7c0a79afa72",
    # extracts in regels/bronnen/regelrecht-corpus/ (see its README)
    ("burgerlijk_wetboek_boek_1", "2025-07-05.yaml"): "002e2989b78f6320e62e4d2a22f99143df6c8b53",
    ("faillissementswet", "2026-09-01.yaml"): "01cdccaf239a818334e8ef78908634adffa25ff5",
    ("wet_op_het_primair_onderwijs", "2026-08-01.yaml"): "b28751bba500af528cc5709002a6c0080d6b4a1e",
    ("wetboek_van_burgerlijke_rechtsvordering", "2026-07-14.yaml"): "7831d6d4c7080d5daaa9c700e54abcf472a353a5",
    ("wetboek_van_strafvordering", "2026-01-01.yaml"): "0dc72c8f0fb3a0f9b8a0834d1f8230c541ac84b7",
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


class _Lader(yaml.SafeLoader):
    """YAML 1.1 reads an unquoted `1:1` (an Awb article number) as the sexagesimal integer 61, and `5.10` as a
    float: read plain scalars that look like numbers as the text they are."""


_Lader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag not in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


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
        seg = seg.replace("\u00ba", "\u00b0")
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


def _per_lid(items: list) -> bool:
    """Some files with a new schema still have one entry per lid or onderdeel (Wet op de huurtoeslag, Wet
    inburgering 2021): an entry numbered `5.1` whose url points at `#Artikel5`."""
    for item in items:
        if not isinstance(item, dict):
            continue
        nummer = str(item.get("number") or "").strip()
        mu = _ARTIKEL_URL.search(str(item.get("url") or ""))
        if mu and nummer != mu.group(1) and nummer.startswith(mu.group(1) + "."):
            return True
    return False


def lees_corpus_yaml(pad: Path) -> Toestand:
    naam = Path(pad).name
    try:
        data = yaml.load(Path(pad).read_text(encoding="utf-8"), Loader=_Lader)
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
    per_lid = oud or _per_lid(data["articles"])
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
        if per_lid:
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
    if data.get("uittreksel"):  # an extract of a larger file: say which articles it holds
        t.meta.toelichting += (" Dit is een uittreksel: alleen de artikelen "
                               + ", ".join(d.nummer for d in t.artikelen()) + " zijn overgenomen.")
    return t


_bouwers: dict[int, _Bouwer] = {}
