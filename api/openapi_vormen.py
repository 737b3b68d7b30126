"""The forms the server enforces on parameters, written into the OpenAPI (patterns, enums, lengths), so a
client (and schemathesis) knows them. Each comes from the regular expression the resource module checks with:
one definition, two uses."""

from __future__ import annotations

import copy
import re

from .common import ARTIKEL, BWB, PRAKTIJKVOORBEELD_ID, SIGNAAL_ID, SLUG

#: The form of a path parameter by the collection it follows ('/knelpunten/{id}', '/knelpunten/{id}/revisies',
#: ...): every operation below a resource gets the same form for its id, so a new sub-resource needs nothing
#: here. A new collection adds its id regex (the one its module checks with) in one line; a form for a single
#: operation (vormen()) still wins.
PAD_VORMEN: dict[str, re.Pattern] = {
    "regelingen": BWB,
    "artikelen": ARTIKEL,
    "knelpunten": SLUG,
    "praktijkvoorbeelden": PRAKTIJKVOORBEELD_ID,
    "signalen": SIGNAAL_ID,
}


def _kern(rx: re.Pattern | str) -> str:
    p = rx.pattern if isinstance(rx, re.Pattern) else rx
    return p[:-2] if p.endswith(r"\Z") else p


def enkel(rx) -> dict:
    """One value: the whole string matches."""
    return {"type": "string", "pattern": f"^(?:{_kern(rx)})$"}


#: What str.strip() removes, less the characters no parameter may hold (api/common.py VERBODEN_TEKENS).
_SPATIE = "[\\t\\n\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]"


def lijst(rx) -> dict:
    """Comma-separated values (spaces around them and empty pieces are ignored, as the server does)."""
    x, s = _kern(rx), _SPATIE
    return {"type": "string", "pattern": f"^{s}*(?:(?:{x}){s}*)?(?:,{s}*(?:(?:{x}){s}*)?)*$",
            "description_suffix": " Meer waarden: scheid ze met komma's."}


def keuze(waarden) -> dict:
    return {"type": "string", "enum": list(waarden)}


def vormen() -> dict[str, dict[str, dict]]:
    """operationId -> parameter name -> schema."""
    from .knelpunten import _CODE, FILTER_VORMEN
    from .praktijkvoorbeelden import _ID, STATUSSEN
    from .sparql import MAX_QUERY
    from .zoeken import SOORTEN
    from kennisbank.signalering.signaal import SOORTEN as SIGNAALSOORTEN, STATUSSEN as SIGNAALSTATUSSEN

    datum = {"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "maxLength": 0}],
             "description_suffix": " Leeg: vandaag."}
    regeling = {"bwbId": enkel(BWB)}
    leeg = {"type": "string", "maxLength": 0}
    return {
        "regelingOphalen": regeling,
        "artikelenLijst": {**regeling, "peildatum": datum},
        "artikelOphalen": {**regeling, "artikel": enkel(ARTIKEL), "peildatum": datum},
        "knelpuntenLijst": {k: lijst(rx) for k, rx in FILTER_VORMEN.items()}
        | {k: lijst(_CODE) for k in ("mechanisme", "status", "domein", "doelgroep")},
        "knelpuntOphalen": {"id": enkel(SLUG)},
        "knelpuntWijzigen": {"id": enkel(SLUG)},
        "praktijkvoorbeeldenLijst": {"status": keuze(STATUSSEN), "gemeente": enkel(r"gm\d{4}")},
        "praktijkvoorbeeldOphalen": {"id": enkel(_ID)},
        "praktijkvoorbeeldBeoordelen": {"id": enkel(_ID)},
        "praktijkvoorbeeldIndienen": {"Idempotency-Key": {"type": "string", "pattern": "^[!-~]{1,200}$"}},
        "zoeken": {"soort": keuze(SOORTEN), "q": {"type": "string", "minLength": 1, "maxLength": 500, "pattern": NIET_LEEG}},
        # a URL holds at most a few KiB (longer queries: POST, up to MAX_QUERY)
        # an empty value is the same as an absent one
        "signalenLijst": {"soort": keuze([*SIGNAALSOORTEN, ""]), "status": keuze([*SIGNAALSTATUSSEN, ""]),
                          "regeling": {"anyOf": [enkel(BWB), leeg]}, "artikel": {"anyOf": [enkel(ARTIKEL), leeg]}},
        "sparqlVraag": {"query": {"type": "string", "minLength": 1, "maxLength": min(1000, MAX_QUERY), "pattern": NIET_LEEG,
                                  "description_suffix": " Langere vragen (tot 32 KiB): stuur ze met POST."}},
    }


#: No text may hold these (api/common.py VERBODEN_TEKENS; lone surrogates cannot be written in a pattern).
ZONDER_VERBODEN = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\ufffe\\uffff]*$"
NIET_LEEG = ("^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\ufffe\\uffff]*"
             "[^\\s\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\ufffe\\uffff]"
             "[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\ufffe\\uffff]*$")


def _teksten(schema) -> None:
    """Every string in a request body schema: no forbidden characters (unless it already has a pattern/format)."""
    if isinstance(schema, dict):
        if schema.get("type") == "string" and "pattern" not in schema and "format" not in schema and "enum" not in schema:
            schema["pattern"] = ZONDER_VERBODEN
        for k, v in schema.items():
            if k in ("properties",):
                for sub in v.values():
                    _teksten(sub)
            elif k in ("items", "additionalProperties"):
                _teksten(v)
            elif k in ("oneOf", "anyOf", "allOf"):
                for sub in v:
                    _teksten(sub)


def body_vormen(comps: dict) -> None:
    """The body schemas (components) with what the server enforces on their texts."""
    for naam in ("KnelpuntInvoer", "PraktijkvoorbeeldInvoer", "Beoordeling"):
        if naam in comps:
            comps[naam] = copy.deepcopy(comps[naam])  # the modules' own schemas stay as they are
            _teksten(comps[naam])
    pv = comps.get("PraktijkvoorbeeldInvoer", {}).get("properties", {})
    if pv:  # as kennisbank/inzendingen.lees_invoer reads it: null is the same as absent
        tekst_item = {"type": "string", "minLength": 1, "maxLength": 500, "pattern": NIET_LEEG}
        pv["domeinen"].update({"type": ["array", "null"], "maxItems": 20, "items": tekst_item})
        pv["regels"].update({"type": ["array", "null"], "maxItems": 50, "items": tekst_item})
        pv["datum"] = {"type": ["string", "null"], "format": "date"}
        pv["uitkomst"].update({"type": ["string", "null"], "maxLength": 100})
        pv["kosten"].update({"type": ["array", "null"], "maxItems": 20})
    for naam in ("KnelpuntInvoer", "PraktijkvoorbeeldInvoer"):
        props = comps.get(naam, {}).get("properties", {})
        for veld in ("titel", "beschrijving"):
            if veld in props:
                props[veld]["pattern"] = NIET_LEEG  # not empty, not only spaces
    beoordeling = comps.get("Beoordeling", {}).get("properties", {})
    if "knelpunten" in beoordeling:
        beoordeling["knelpunten"]["items"] = {"type": "string", "minLength": 1, "pattern": ZONDER_VERBODEN}


def pad_vormen(pad: str) -> dict[str, dict]:
    """Path parameter name -> form, from the collection segment before it (PAD_VORMEN)."""
    delen = pad.strip("/").split("/")
    out = {}
    for vorige, deel in zip(delen, delen[1:]):
        if deel.startswith("{") and deel.endswith("}") and vorige in PAD_VORMEN:
            out[deel[1:-1]] = enkel(PAD_VORMEN[vorige])
    return out


def pas_toe(schema: dict) -> None:
    """Write the forms into the parameters of an OpenAPI document (in place)."""
    per_op = vormen()
    for pad, ops in schema.get("paths", {}).items():
        in_pad = pad_vormen(pad)
        for op in ops.values():
            if not isinstance(op, dict):
                continue
            extra = per_op.get(op.get("operationId"), {})
            for par in op.get("parameters", []):
                vorm = extra.get(par["name"])
                if vorm is None and par.get("in") == "path" and "pattern" not in par.get("schema", {}):
                    vorm = in_pad.get(par["name"])  # a pattern the route itself declares (Path(pattern=...)) stays
                if vorm is None:
                    oud = par.get("schema", {})
                    tekst = oud.get("type") == "string" or {"type": "string"} in oud.get("anyOf", [])
                    if tekst and "pattern" not in oud:  # any other text: no forbidden characters (api/common.py)
                        par["schema"] = {**{k: v for k, v in oud.items() if k not in ("anyOf",)},
                                         "type": "string", "pattern": ZONDER_VERBODEN}
                    continue
                vorm = dict(vorm)
                suffix = vorm.pop("description_suffix", "")
                oud = par.get("schema", {})
                par["schema"] = {**{k: v for k, v in oud.items() if k in ("default", "title")}, **vorm}
                if suffix:
                    par["description"] = (par.get("description") or "") + suffix
