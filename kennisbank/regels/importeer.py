"""Importing one consolidation into `regels/{BWBID}.ttl`, merging with the versions already there."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Config
from ..fouten import KennisbankFout
from .graaf import bouw_triples, lees_bestand, serialiseer
from .metadata import lees_metadata, meta_voor
from .model import Deel, RegelingMeta, Toestand


@dataclass
class Verschil:
    """What changed between two consolidations, per article (and counted for all provisions)."""

    toegevoegd: list[str] = field(default_factory=list)  # article numbers
    gewijzigd: list[str] = field(default_factory=list)
    vervallen: list[str] = field(default_factory=list)
    ongewijzigd: int = 0
    bepalingen: dict[str, int] = field(default_factory=lambda: {"toegevoegd": 0, "gewijzigd": 0, "vervallen": 0,
                                                                "ongewijzigd": 0})


@dataclass
class Resultaat:
    bwb_id: str
    titel: str
    datum: str
    pad: Path
    vorige: str | None  # date of the consolidation compared with (None: first import)
    richting: str  # "na": changes since `vorige`; "voor": changes from this one to `vorige` (older import)
    verschil: Verschil
    toestanden: list[str]
    aantal_artikelen: int
    aantal_triples: int
    waarschuwingen: list[str]


def _inhoud(d: Deel) -> tuple:
    return (d.tekst, d.versie_id if d.soort == "artikel" else None)


def vergelijk(oud: Toestand | None, nieuw: Toestand) -> Verschil:
    v = Verschil()
    oude = {d.iri: d for d in oud.bepalingen()} if oud else {}
    nieuwe = {d.iri: d for d in nieuw.bepalingen()}
    for iri in list(oude) + [i for i in nieuwe if i not in oude]:
        a, b = oude.get(iri), nieuwe.get(iri)
        a_leeft = a is not None and a.status != "vervallen"
        b_leeft = b is not None and b.status != "vervallen"
        if b_leeft and not a_leeft:
            aard = "toegevoegd"
        elif a_leeft and not b_leeft:
            aard = "vervallen"
        elif a_leeft and b_leeft and _inhoud(a) != _inhoud(b):
            aard = "gewijzigd"
        else:
            aard = "ongewijzigd"
        v.bepalingen[aard] += 1
        d = b or a
        if d.soort != "artikel":
            continue
        if aard == "ongewijzigd":
            v.ongewijzigd += 1
        else:
            getattr(v, aard).append(d.nummer)
    return v


def lees_bron(pad: Path) -> Toestand:
    """A consolidation from a BWB XML file or a harvested YAML file, by extension."""
    suffix = pad.suffix.lower()
    if not pad.is_file():
        raise KennisbankFout(f"Het bestand '{pad}' bestaat niet.")
    if suffix == ".xml":
        from .bwb import lees_toestand

        return lees_toestand(pad)
    if suffix in (".yaml", ".yml"):
        from .corpus import lees_corpus_yaml

        return lees_corpus_yaml(pad)
    raise KennisbankFout(f"Het bestand '{pad.name}' heeft een onbekend formaat; gebruik een .xml- of .yaml-bestand.")


def metadata_pad(config: Config) -> Path:
    return Path(config.source_root) / "regels" / "metadata.yaml"


def importeer_toestand(
    toestand: Toestand,
    *,
    uit: Path | None = None,
    wti: Path | None = None,
    config: Config | None = None,
    metadata: Path | None = None,
) -> Resultaat:
    """Merge `toestand` into `{uit}/{BWBID}.ttl` (default `<source root>/regels`). Nothing is written when
    anything fails."""
    config = config or Config.from_env()
    uit = Path(uit) if uit else Path(config.source_root) / "regels"
    waarschuwingen = list(toestand.waarschuwingen)

    gegevens = lees_metadata(metadata or metadata_pad(config)).get(toestand.bwb_id, {})
    verwacht = gegevens.get("titel")
    if not toestand.titel:  # harvested texts carry no citeertitel
        if not verwacht:
            raise KennisbankFout(
                f"Voor {toestand.bwb_id} is geen citeertitel bekend; voeg die als 'titel' toe aan regels/metadata.yaml."
            )
        toestand.titel = str(verwacht).strip()
    if verwacht and str(verwacht).strip().lower() != toestand.titel.strip().lower():
        raise KennisbankFout(
            f"Het bestand hoort volgens metadata.yaml bij '{verwacht}', maar de citeertitel is "
            f"'{toestand.titel}'; controleer het BWB-id {toestand.bwb_id}."
        )

    doel = uit / f"{toestand.bwb_id}.ttl"
    bestaande: list[Toestand] = []
    meta = RegelingMeta()
    if doel.is_file():
        try:
            bestaande, meta = lees_bestand(doel)
        except (SyntaxError, ValueError, OSError) as exc:
            raise KennisbankFout(f"Het bestaande bestand '{doel}' kan niet worden gelezen ({exc}).") from exc
        if bestaande and bestaande[0].bwb_id != toestand.bwb_id:
            raise KennisbankFout(f"Het bestaande bestand '{doel.name}' hoort bij {bestaande[0].bwb_id}, niet bij {toestand.bwb_id}.")
    meta.voeg_toe(toestand.meta)
    meta.voeg_toe(meta_voor(gegevens))
    if wti:
        from .wti import lees_wti

        peildatum = max([t.datum for t in bestaande] + [toestand.datum])
        wti_meta, w = lees_wti(wti, toestand.bwb_id, peildatum)
        waarschuwingen += w
        meta.voeg_toe(wti_meta)
    if meta.klasse is None and toestand.klasse:
        meta.klasse = toestand.klasse

    andere = [t for t in bestaande if t.datum != toestand.datum]
    alle = sorted(andere + [toestand], key=lambda t: t.datum)
    i = alle.index(toestand)
    if i > 0:
        vorige, richting, verschil = alle[i - 1].datum, "na", vergelijk(alle[i - 1], toestand)
    elif i + 1 < len(alle):
        vorige, richting, verschil = alle[i + 1].datum, "voor", vergelijk(toestand, alle[i + 1])
    else:
        vorige, richting, verschil = None, "na", vergelijk(None, toestand)

    triples = bouw_triples(alle, meta)
    data = serialiseer(triples)
    schrijf_atomair(doel, data)
    return Resultaat(
        bwb_id=toestand.bwb_id, titel=alle[-1].titel, datum=toestand.datum, pad=doel, vorige=vorige,
        richting=richting, verschil=verschil, toestanden=[t.datum for t in alle],
        aantal_artikelen=len(toestand.artikelen()), aantal_triples=len(triples), waarschuwingen=waarschuwingen,
    )


def importeer(pad: Path | str, *, uit: Path | None = None, wti: Path | None = None, config: Config | None = None,
              metadata: Path | None = None, verwacht_bwb: str | None = None) -> Resultaat:
    """Read a source file (BWB XML or harvested YAML) and merge it into the regels file of its law."""
    pad = Path(pad)
    toestand = lees_bron(pad)
    if verwacht_bwb and toestand.bwb_id != verwacht_bwb:
        raise KennisbankFout(f"Het bestand bevat {toestand.bwb_id}, maar {verwacht_bwb} werd verwacht.")
    m = re.match(r"^(BWB[A-Z]\d+)", pad.name)
    if m and m.group(1) != toestand.bwb_id:
        raise KennisbankFout(f"De bestandsnaam noemt {m.group(1)}, maar het bestand bevat {toestand.bwb_id}.")
    return importeer_toestand(toestand, uit=uit, wti=wti, config=config, metadata=metadata)


def schrijf_atomair(doel: Path, data: bytes) -> None:
    doel.parent.mkdir(parents=True, exist_ok=True)
    if doel.is_file() and doel.read_bytes() == data:
        return
    from ..duurzaam import schrijf_atomisch

    schrijf_atomisch(doel, data)
