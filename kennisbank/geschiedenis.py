"""History anyone can read: revisions without token ids, field-level diffs with Dutch labels, status history.

Built on the journal (kennisbank/revisies.py) and the read model (kennisbank/leesmodel.py): a revision is
described exactly like the live resource, then compared field by field.
"""

from __future__ import annotations

from .domein import LABELS
from .leesmodel import knelpunt_json, praktijk_json
from .revisies import Journaal, Revisie

#: Fields that are bookkeeping, not content, or derived from another field (illustratie from soort,
#: gemeenteBekend from gemeente): never shown as a change.
GEEN_VELD = {"id", "iri", "_links", "regelingen", "gewijzigd", "illustratie", "gemeenteBekend"}
ROLLEN = {"projectleider": "projectleider", "wijkteam": "wijkteam", "bestand": "bestand in de repository",
          "systeem": "systeem"}


class _Ctx:
    def __init__(self, iris):
        self.iris = iris


def velden(iris, r: Revisie) -> dict:
    """The revision as the read model describes it (without the links that only the live store derives)."""
    ctx = _Ctx(iris)
    triples = r.triples()
    if r.soort == "praktijkvoorbeeld":
        d = praktijk_json(ctx, r.iri, triples)
        d["regels"] = sorted(x["iri"] for x in d.get("regels", []))
    else:
        d = knelpunt_json(ctx, r.iri, triples)
        d["citeringen"] = sorted(
            f"{c['bepaling']} (peildatum {c['peildatum']})" + (f", {c['rol']}" if c.get("rol") else "")
            for c in d.get("citeringen", []))
    return {k: v for k, v in d.items() if k not in GEEN_VELD}


def verschil(oud: dict, nieuw: dict) -> list[dict]:
    """Field-level differences, each with its Dutch label; lists also say what was added and removed."""
    out = []
    for veld in sorted(set(oud) | set(nieuw), key=lambda v: (list(LABELS).index(v) if v in LABELS else 99, v)):
        a, b = oud.get(veld), nieuw.get(veld)
        if a == b or (not a and not b):
            continue
        item = {"veld": veld, "label": LABELS.get(veld, veld), "oud": a, "nieuw": b}
        if isinstance(a, list) or isinstance(b, list):
            a_set, b_set = set(map(str, a or [])), set(map(str, b or []))
            item["toegevoegd"] = sorted(b_set - a_set)
            item["verwijderd"] = sorted(a_set - b_set)
        out.append(item)
    return out


def openbare_revisie(r: Revisie, wijzigingen: list[dict] | None = None) -> dict:
    """A revision for the public: role, never the token id."""
    d = {"nummer": r.nr, "tijdstip": r.tijd, "datum": r.tijd[:10], "door": ROLLEN.get(r.rol, r.rol),
         "bron": r.bron, "notitie": r.notitie, "geldend": r.geldend, "etag": f'"{r.hash[:32]}"'}
    if r.bestand:
        d["bestand"] = r.bestand
    if r.conflict:
        d["conflict"] = {"geldendeRevisie": r.conflict.get("geldend"),
                         "uitleg": "Het bestand en een bewerking via de API veranderden dit tegelijk; de bewerking "
                                   "bleef geldend, deze bestandsversie is bewaard maar niet geldend."}
    if wijzigingen is not None:
        d["wijzigingen"] = wijzigingen
    return d


def geschiedenis(journaal: Journaal, iris, iri: str) -> dict | None:
    """{revisies (newest first, each with its changes against the one before), statusgeschiedenis,
    conflicten, huidigeRevisie} or None without revisions."""
    revs = journaal.revisies(iri)
    if not revs:
        return None
    uit, vorige, status = [], {}, []
    laatste_status = None
    for r in revs:
        v = velden(iris, r)
        w = verschil(vorige, v)
        if r.nr > 1 and not w and r.bron == "bestand" and r.geldend:
            continue  # an import of what was already current: nothing happened to the content
        uit.append(openbare_revisie(r, w))
        if r.geldend:
            vorige = v
            s = v.get("status")
            if s and s != laatste_status:
                status.append({"status": s, "datum": r.tijd[:10], "tijdstip": r.tijd, "revisie": r.nr,
                               "door": ROLLEN.get(r.rol, r.rol)})
                laatste_status = s
    huidig = journaal.huidig(iri)
    conflicten = [openbare_revisie(r) for r in revs if r.conflict and (huidig is None or r.nr > huidig.nr)]
    return {"revisies": list(reversed(uit)), "statusgeschiedenis": status, "conflicten": conflicten,
            "huidigeRevisie": huidig.nr if huidig else None}


def vergelijk(journaal: Journaal, iris, iri: str, van: int, tot: int) -> dict | None:
    revs = {r.nr: r for r in journaal.revisies(iri)}
    if van not in revs or tot not in revs:
        return None
    return {"van": openbare_revisie(revs[van]), "tot": openbare_revisie(revs[tot]),
            "wijzigingen": verschil(velden(iris, revs[van]), velden(iris, revs[tot]))}
