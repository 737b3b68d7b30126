"""Rekenvoorbeelden stored on knelpunten (`kb:rekenvoorbeeld` → `kb:Rekenvoorbeeld` with `kb:huishouden`, a JSON
household as sent to POST /v1/berekeningen, `dct:description` and `kb:scenario`). The figures are never stored:
they are computed from the law texts at every site build, so a new version of a text changes them."""

from __future__ import annotations

import json

from pydantic import ValidationError

from ..iri import Iris
from .model import BerekeningVraag
from .scenarios import alle
from .wetteksten import Wetteksten

DCT = "http://purl.org/dc/terms/"


def lees(store, iris: Iris) -> dict[str, list[dict]]:
    """knelpunt IRI -> [{omschrijving, huishouden (text), scenario}]."""
    q = f"""PREFIX kb: <{iris.kb}> PREFIX dct: <{DCT}>
    SELECT ?k ?h ?d ?s WHERE {{ ?k kb:rekenvoorbeeld ?r . ?r kb:huishouden ?h ; dct:description ?d .
                                OPTIONAL {{ ?r kb:scenario ?s }} }}"""
    uit: dict[str, list[dict]] = {}
    for r in store.select(q):
        uit.setdefault(r["k"].value, []).append({"omschrijving": r["d"].value, "huishouden": r["h"].value,
                                                 "scenario": r["s"].value if "s" in r else None})
    return uit


def reken(voorbeeld: dict, wt: Wetteksten) -> dict:
    """The scenario of one rekenvoorbeeld: {omschrijving, scenario (Scenario) or fout (Dutch text)}."""
    uit = dict(voorbeeld)
    try:
        vraag = BerekeningVraag.model_validate(json.loads(voorbeeld["huishouden"]))
    except (ValueError, ValidationError) as exc:
        uit["fout"] = f"Het huishouden van dit rekenvoorbeeld is ongeldig ({exc.__class__.__name__})."
        return uit
    welke = [voorbeeld["scenario"]] if voorbeeld.get("scenario") else ["meer-werken"]
    hh = vraag.model_copy()
    uit["scenario"] = alle(hh, wt, welke)[0]
    return uit
