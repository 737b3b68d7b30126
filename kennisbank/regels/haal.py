"""Fetching a law from the official BWB repository (KOOP) and importing it.

URL pattern (see the shared fixtures README):

    {repo}/bwb/{BWBID}/manifest.xml                                   the versions (expressions)
    {repo}/bwb/{BWBID}/{date}_{index}/xml/{BWBID}_{date}_{index}.xml  one toestand
    {repo}/bwb/{BWBID}/{BWBID}.WTI                                    metadata

Manifest: the root <work label="{BWBID}"> holds one <expression label="{date}_{index}"> per consolidation,
with <metadata><datum_inwerkingtreding>, <einddatum>, <zichtdatum_start>, <zichtdatum_eind>. The parser
is lenient: it looks for `expression` elements in any namespace and takes the date from
`datum_inwerkingtreding`, else from the label. The version valid on a date is the one with the latest
start date on or before it (highest index for the same date: the latest correction).
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import httpx
from lxml import etree

from ..config import Config
from ..fouten import KennisbankFout
from .importeer import Resultaat, importeer

STANDAARD_REPOSITORY = "https://repository.officiele-overheidspublicaties.nl"
_BWB = re.compile(r"^BWB[A-Z]\d{7}$")
_LABEL = re.compile(r"^(\d{4}-\d{2}-\d{2})_(\d+)$")


@dataclass(frozen=True)
class Expressie:
    datum: str
    index: int
    einde: str | None = None

    @property
    def label(self) -> str:
        return f"{self.datum}_{self.index}"


def _lokaal(tag) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def lees_manifest(data: bytes, bwb_id: str) -> list[Expressie]:
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        raise KennisbankFout(f"Het manifest van {bwb_id} is geen geldige XML.") from None
    label = root.get("label")
    if _lokaal(root.tag) == "work" and label and label != bwb_id:
        raise KennisbankFout(f"Het manifest hoort bij {label}, niet bij {bwb_id}.")
    uit: list[Expressie] = []
    for el in root.iter():
        if _lokaal(el.tag) != "expression":
            continue
        m = _LABEL.match((el.get("label") or "").strip())
        waarden = {_lokaal(x.tag): (x.text or "").strip() for x in el.iter() if _lokaal(x.tag)}
        datum = waarden.get("datum_inwerkingtreding") or (m.group(1) if m else "")
        if not re.match(r"^\d{4}-\d{2}-\d{2}$", datum):
            continue
        index = int(m.group(2)) if m else 0
        einde = waarden.get("einddatum") or None
        uit.append(Expressie(datum, index, einde))
    if not uit:
        raise KennisbankFout(f"Het manifest van {bwb_id} noemt geen versies.")
    return sorted(set(uit), key=lambda e: (e.datum, e.index))


def kies_versie(expressies: list[Expressie], datum: str, bwb_id: str) -> Expressie:
    kandidaten = [e for e in expressies if e.datum <= datum]
    if not kandidaten:
        raise KennisbankFout(
            f"Op {datum} was {bwb_id} nog niet in werking; de eerste versie in de repository is van "
            f"{expressies[0].datum}."
        )
    return max(kandidaten, key=lambda e: (e.datum, e.index))


class _Haler:
    def __init__(self, repository: str, voortgang: bool):
        self.repository = repository.rstrip("/")
        self.voortgang = voortgang
        self.client = httpx.Client(timeout=httpx.Timeout(30.0, connect=10.0), follow_redirects=True,
                                   headers={"User-Agent": "kennisbank-botsende-regels"})

    def close(self) -> None:
        self.client.close()

    def _fout(self, url: str, exc: Exception) -> KennisbankFout:
        return KennisbankFout(f"De repository {self.repository} is niet bereikbaar ({type(exc).__name__}); "
                              f"controleer de netwerkverbinding of het adres.")

    def get(self, url: str, wat: str, bwb_id: str) -> bytes:
        try:
            r = self.client.get(url)
        except httpx.HTTPError as exc:
            raise self._fout(url, exc) from exc
        if r.status_code == 404:
            if wat == "Het manifest":
                raise KennisbankFout(f"De regeling {bwb_id} is niet gevonden in de repository (HTTP 404); "
                                     f"controleer het BWB-id.")
            raise KennisbankFout(f"{wat} van {bwb_id} is niet gevonden in de repository (HTTP 404).")
        if r.status_code >= 400:
            raise KennisbankFout(f"De repository gaf een fout bij het ophalen van {wat.lower()} van {bwb_id} "
                                 f"(HTTP {r.status_code}).")
        return r.content

    def download(self, url: str, doel: Path, omschrijving: str, bwb_id: str) -> bool:
        """Stream `url` to `doel` with a progress bar. False on 404."""
        from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

        try:
            with self.client.stream("GET", url) as r:
                if r.status_code == 404:
                    return False
                if r.status_code >= 400:
                    raise KennisbankFout(f"De repository gaf een fout bij het ophalen van {omschrijving} van "
                                         f"{bwb_id} (HTTP {r.status_code}).")
                totaal = int(r.headers.get("content-length") or 0) or None
                with Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
                              TransferSpeedColumn(), transient=True, disable=not self.voortgang) as p:
                    taak = p.add_task(f"{omschrijving} ophalen", total=totaal)
                    with open(doel, "wb") as f:
                        for blok in r.iter_bytes(65536):
                            f.write(blok)
                            p.update(taak, advance=len(blok))
        except httpx.HTTPError as exc:
            raise self._fout(url, exc) from exc
        return True


def haal(
    bwb_id: str,
    *,
    datum: str | None = None,
    repository: str | None = None,
    met_wti: bool = False,
    uit: Path | None = None,
    config: Config | None = None,
    voortgang: bool = True,
) -> tuple[Resultaat, Expressie]:
    """Fetch the version of `bwb_id` valid on `datum` (default today) and import it."""
    bwb_id = (bwb_id or "").strip().upper()
    if not _BWB.match(bwb_id):
        raise KennisbankFout(f"'{bwb_id}' is geen geldig BWB-id (verwacht bijvoorbeeld BWBR0015703).")
    datum = datum or dt.date.today().isoformat()
    try:
        dt.date.fromisoformat(datum)
    except ValueError:
        raise KennisbankFout(f"De datum '{datum}' is ongeldig; gebruik JJJJ-MM-DD.") from None
    repository = repository or STANDAARD_REPOSITORY
    if not repository.startswith(("http://", "https://")):
        raise KennisbankFout(f"Het repository-adres '{repository}' moet met http:// of https:// beginnen.")
    haler = _Haler(repository, voortgang)
    try:
        basis = f"{haler.repository}/bwb/{bwb_id}"
        expressies = lees_manifest(haler.get(f"{basis}/manifest.xml", "Het manifest", bwb_id), bwb_id)
        gekozen = kies_versie(expressies, datum, bwb_id)
        naam = f"{bwb_id}_{gekozen.label}.xml"
        with tempfile.TemporaryDirectory(prefix="kennisbank-haal-") as tmp:
            xml = Path(tmp) / naam
            if not haler.download(f"{basis}/{gekozen.label}/xml/{naam}", xml, f"{bwb_id} {gekozen.datum}", bwb_id):
                raise KennisbankFout(f"De versie {gekozen.label} van {bwb_id} is niet gevonden in de repository (HTTP 404).")
            wti = None
            if met_wti:
                wti = Path(tmp) / f"{bwb_id}.WTI.xml"
                if not haler.download(f"{basis}/{bwb_id}.WTI", wti, "WTI", bwb_id):
                    wti = None
            resultaat = importeer(xml, uit=uit, wti=wti, config=config, verwacht_bwb=bwb_id)
            if met_wti and wti is None:
                resultaat.waarschuwingen.append(f"De repository heeft geen WTI-bestand van {bwb_id}.")
            return resultaat, gekozen
    finally:
        haler.close()
