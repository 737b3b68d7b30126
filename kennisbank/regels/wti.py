"""Reading a BWB WTI file ("wetstechnische informatie") into Regeling metadata.

Taken: the citeertitels with their validity, the afkortingen, the responsible ministry (as TOOI IRI), the
soort, and `grondslag-voor` (the lower regulations based on this one) that are still valid on `peildatum`.
The WTI's `geldig-tot` is exclusive (the next period starts that day); we store the last valid day.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from ..fouten import KennisbankFout
from ..iri import ministerie
from .bwb import norm
from .graaf import dag_ervoor
from .model import Citeertitel, Gerelateerd, RegelingMeta, klasse_voor_soort

#: Ministry names as the BWB writes them -> TOOI code.
MINISTERIES = {
    "sociale zaken en werkgelegenheid": "mnre1073",
    "volksgezondheid, welzijn en sport": "mnre1025",
    "binnenlandse zaken en koninkrijksrelaties": "mnre1034",
    "justitie en veiligheid": "mnre1058",
    "veiligheid en justitie": "mnre1058",
    "onderwijs, cultuur en wetenschap": "mnre1109",
    "financiën": "mnre1090",
    "financien": "mnre1090",
}

_OPEN = "9999-12-31"


def ministerie_iri(naam: str) -> str | None:
    code = MINISTERIES.get(norm(naam).lower().removeprefix("ministerie van ").strip())
    return ministerie(code) if code else None


def _tot(waarde: str | None) -> str | None:
    if not waarde or waarde >= _OPEN:
        return None
    return dag_ervoor(waarde)


def lees_wti(pad: str | Path, bwb_id: str | None = None, peildatum: str | None = None) -> tuple[RegelingMeta, list[str]]:
    """The metadata in a WTI file and a list of Dutch warnings. Raises KennisbankFout on a wrong file."""
    naam = Path(pad).name
    try:
        root = etree.parse(str(pad), etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)).getroot()
    except etree.XMLSyntaxError as exc:
        raise KennisbankFout(f"Het WTI-bestand '{naam}' is geen geldige XML ({exc.msg}).") from exc
    except OSError as exc:
        raise KennisbankFout(f"Het WTI-bestand '{naam}' kan niet worden gelezen: {exc.strerror or exc}.") from exc
    if root.tag != "wetstechnische-informatie":
        raise KennisbankFout(f"Het bestand '{naam}' is geen WTI-bestand (wetstechnische informatie).")
    wti_id = (root.get("bwb-id") or root.findtext("algemene-informatie/identificatienummer") or "").strip()
    if bwb_id and wti_id != bwb_id:
        raise KennisbankFout(f"Het WTI-bestand '{naam}' hoort bij {wti_id or 'een onbekende regeling'}, niet bij {bwb_id}.")
    meta = RegelingMeta()
    waarschuwingen: list[str] = []
    alg = root.find("algemene-informatie")
    if alg is not None:
        for a in alg.iterfind("afkortingen/afkorting"):
            if norm(a.text):
                meta.afkortingen.add(norm(a.text))
        for c in alg.iterfind("citeertitels/citeertitel"):
            if norm(c.text):
                meta.voeg_citeertitel_toe(Citeertitel(norm(c.text), c.get("geldig-van"), _tot(c.get("geldig-tot"))))
        for m in alg.iterfind("eerstverantwoordelijke"):
            iri = ministerie_iri(m.text or "")
            if iri:
                meta.ministeries.add(iri)
            elif norm(m.text):
                waarschuwingen.append(f"Het ministerie '{norm(m.text)}' heeft nog geen TOOI-code in de lijst; overgeslagen.")
        meta.klasse = klasse_voor_soort(alg.findtext("soort-regeling"))
    for g in root.iterfind("gerelateerde-regelgeving/regeling/grondslag-voor/gerelateerde-regeling"):
        gid = (g.get("bwb-id") or "").strip()
        if not gid:
            continue
        tot = g.get("geldig-tot") or _OPEN
        if peildatum and tot <= peildatum:
            continue  # no longer based on this regulation
        ref = g.find("extref")
        titel = norm("".join(ref.itertext())) if ref is not None else None
        soort = g.get("soort") or g.findtext("soort-regeling") or g.findtext("soort")
        meta.grondslag_voor.setdefault(gid, Gerelateerd(gid, titel or None, klasse_voor_soort(soort)))
    return meta, waarschuwingen
