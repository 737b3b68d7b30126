"""Small constructed laws for the signalering tests (illustrations, not real law text): two made-up laws
(BWBR9990001 "Wet werk en steun", BWBR9990002 "Wet zorg voor jongeren"), a knelpunt that cites a provision
whose text changed after its peildatum, and two published cases that cite the same pair of provisions."""

from __future__ import annotations

B = "https://kennisbank.botsenderegels.nl/id/regeling/"

HEAD = """@prefix kb: <https://kennisbank.botsenderegels.nl/def/kb#> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
"""


def _wet(bwb: str, titel: str, artikelen: list[tuple[str, list[tuple[str, str]]]]) -> str:
    """artikelen: [(nummer, [(datum, tekst), …])] — one Artikel (no leden) with its versions, oldest first."""
    r = f"<{B}{bwb}>"
    out = [HEAD, f'{r} a kb:Wet ; kb:bwbId "{bwb}" ; dct:title "{titel}"@nl .']
    for i, (nr, versies) in enumerate(artikelen, 1):
        a = f"<{B}{bwb}/artikel/{nr}>"
        vs = [f"<{B}{bwb}/artikel/{nr}/versie/{d}>" for d, _ in versies]
        out.append(f'{a} a kb:Artikel ; eli:id_local "{nr}" ; rdfs:label "Artikel {nr}"@nl ; kb:volgorde {i} ; '
                   f'eli:is_part_of {r} ; kb:regeling {r} ; kb:versie {", ".join(vs)} .')
        for j, (d, tekst) in enumerate(versies):
            tot = ""
            if j + 1 < len(versies):
                tot = f' ; kb:geldigTot "{_dag_ervoor(versies[j + 1][0])}"^^xsd:date'
            out.append(f'{vs[j]} a kb:Versie ; kb:tekst "{tekst}"@nl ; kb:geldigVanaf "{d}"^^xsd:date{tot} ; '
                       f'kb:wettenLink <https://wetten.overheid.nl/{bwb}/{d}> .')
    return "\n".join(out) + "\n"


def _dag_ervoor(d: str) -> str:
    import datetime as dt

    return (dt.date.fromisoformat(d) - dt.timedelta(days=1)).isoformat()


WET_WERK = _wet("BWBR9990001", "Wet werk en steun", [
    ("1", [("2020-01-01", "De belanghebbende van 18 jaar of ouder is verplicht algemeen geaccepteerde arbeid te "
                          "verkrijgen en te aanvaarden.")]),
    ("2", [("2020-01-01", "Het college kan de bijstand verlagen indien de bijstandsgerechtigde geen arbeid zoekt."),
           ("2025-01-01", "Het college verlaagt de bijstand van de bijstandsgerechtigde die vrijwilligerswerk doet "
                          "in plaats van arbeid te zoeken.")]),
    ("3", [("2020-01-01", "Een jongere die jonger dan 27 jaar is, kan pas vier weken na de melding een aanvraag "
                          "om bijstand indienen.")]),
])

WET_ZORG = _wet("BWBR9990002", "Wet zorg voor jongeren", [
    ("1", [("2020-01-01", "De bijstandsgerechtigde heeft recht op ondersteuning bij vrijwilligerswerk en "
                          "maatschappelijke participatie.")]),
    ("2", [("2020-01-01", "De jeugdige die jonger dan 18 jaar is, heeft recht op jeugdhulp.")]),
    ("3", [("2020-01-01", "Het college beslist op de aanvraag van een jongere binnen drie maanden na de melding.")]),
])

KNELPUNT = HEAD + f"""
<https://kennisbank.botsenderegels.nl/id/knelpunt/verlaging-vrijwilligerswerk> a kb:Knelpunt ;
    dct:title "Verlaging bij vrijwilligerswerk"@nl ; dct:description "Illustratie voor de tests."@nl ;
    kb:citeert [ a kb:Citering ; kb:bepaling <{B}BWBR9990001/artikel/2> ; kb:peildatum "2021-01-01"^^xsd:date ] ,
               [ a kb:Citering ; kb:bepaling <{B}BWBR9990002/artikel/3> ; kb:peildatum "2021-01-01"^^xsd:date ] ;
    kb:mechanisme <https://kennisbank.botsenderegels.nl/id/mechanisme/prikkelconflict> ;
    kb:status <https://kennisbank.botsenderegels.nl/id/status/gesignaleerd> ;
    prov:wasDerivedFrom <https://example.org/illustratie> .
<https://example.org/illustratie> a kb:Bron ; dct:title "Illustratie"@nl .
"""


def geval(slug: str) -> str:
    return HEAD + f"""
<https://kennisbank.botsenderegels.nl/id/praktijkvoorbeeld/{slug}> a kb:Praktijkvoorbeeld ;
    dct:title "Illustratie {slug}"@nl ; dct:description "Geconstrueerd voorbeeld voor de tests."@nl ;
    kb:voorbeeldsoort <https://kennisbank.botsenderegels.nl/id/voorbeeldsoort/illustratie> ;
    kb:betreftBepaling <{B}BWBR9990001/artikel/1>, <{B}BWBR9990002/artikel/2> ;
    kb:beoordelingsstatus <https://kennisbank.botsenderegels.nl/id/beoordelingsstatus/gepubliceerd> .
"""


BESTANDEN = {
    "regels/BWBR9990001.ttl": WET_WERK,
    "regels/BWBR9990002.ttl": WET_ZORG,
    "knelpunten/verlaging-vrijwilligerswerk.ttl": KNELPUNT,
    "praktijkvoorbeelden/illustratie-een.ttl": geval("illustratie-een"),
    "praktijkvoorbeelden/illustratie-twee.ttl": geval("illustratie-twee"),
}
