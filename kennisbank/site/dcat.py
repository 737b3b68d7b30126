"""DCAT-AP-NL 3.0 description of the dataset, its distributions and the API (Turtle).

Publisher: the Ministry of BZK (TOOI `ministerie/mnre1034`). BZK coordinated the City Deals of the Agenda Stad,
the City Deal Inclusieve Stad among them, and is responsible for the interplay of rules across domains; the
gemeenten and SZW/VWS are partners, not the publisher.
"""

from __future__ import annotations

import datetime as dt

import pyoxigraph as ox

from ..iri import ministerie

DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
VCARD = "http://www.w3.org/2006/vcard/ns#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
EU = "http://publications.europa.eu/resource/authority/"

UITGEVER = ministerie("mnre1034")

DISTRIBUTIES = [
    ("kennisbank.ttl", "Volledige kennisbank (Turtle)", "text/turtle", "RDF_TURTLE"),
    ("kennisbank.jsonld", "Volledige kennisbank (JSON-LD)", "application/ld+json", "JSON_LD"),
    ("knelpunten.csv", "Knelpunten (CSV)", "text/csv", "CSV"),
    ("praktijkvoorbeelden.csv", "Praktijkvoorbeelden (CSV)", "text/csv", "CSV"),
]


def beschrijving(base: str, aantallen: dict, vandaag: str | None = None) -> str:
    N, L = ox.NamedNode, ox.Literal
    nl = lambda s: L(s, language="nl")
    a = N(RDF_TYPE)
    vandaag = vandaag or dt.date.today().isoformat()
    cat, ds, api = N(f"{base}/id/catalogus/kennisbank"), N(f"{base}/id/dataset/kennisbank"), N(f"{base}/id/dataservice/api")
    uitgever, contact = N(UITGEVER), N(f"{base}/id/contactpunt/kennisbank")
    lic = N(f"{EU}licence/EUPL_1_2")
    t = [
        (cat, a, N(DCAT + "Catalog")), (cat, N(DCT + "title"), nl("Catalogus Kennisbank Botsende Regels")),
        (cat, N(DCT + "description"), nl("De dataset en de API van de Kennisbank Botsende Regels.")),
        (cat, N(DCT + "publisher"), uitgever), (cat, N(DCAT + "dataset"), ds), (cat, N(DCAT + "service"), api),
        (cat, N(FOAF + "homepage"), N(f"{base}/")), (cat, N(DCT + "language"), N(f"{EU}language/NLD")),
        (cat, N(DCT + "license"), lic),
        (ds, a, N(DCAT + "Dataset")), (ds, N(DCT + "title"), nl("Kennisbank Botsende Regels")),
        (ds, N(DCT + "description"), nl(
            "Knelpunten waar regels in het sociaal domein elkaar tegenwerken, met de geciteerde wetsartikelen per "
            f"versie, praktijkvoorbeelden uit wijkteams, experimenten en begrippen. {aantallen.get('knelpunten', 0)} "
            f"knelpunten, {aantallen.get('praktijk', 0)} praktijkvoorbeelden, {aantallen.get('regelingen', 0)} regelingen.")),
        (ds, N(DCT + "identifier"), L(f"{base}/id/dataset/kennisbank")),
        (ds, N(DCT + "publisher"), uitgever), (ds, N(DCT + "creator"), uitgever),
        (ds, N(DCAT + "contactPoint"), contact), (ds, N(DCT + "language"), N(f"{EU}language/NLD")),
        (ds, N(DCT + "accessRights"), N(f"{EU}access-right/PUBLIC")), (ds, N(DCT + "license"), lic),
        (ds, N(DCAT + "theme"), N(f"{EU}data-theme/SOCI")), (ds, N(DCAT + "theme"), N(f"{EU}data-theme/JUST")),
        (ds, N(DCAT + "keyword"), nl("sociaal domein")), (ds, N(DCAT + "keyword"), nl("botsende regels")),
        (ds, N(DCAT + "keyword"), nl("City Deal Inclusieve Stad")),
        (ds, N(DCT + "modified"), L(vandaag, datatype=N(XSD + "date"))),
        (ds, N(DCAT + "landingPage"), N(f"{base}/")),
        (ds, N(DCT + "conformsTo"), N(f"{base}/def/kb")),
        (contact, a, N(VCARD + "Organization")), (contact, N(VCARD + "fn"), nl("Kennisbank Botsende Regels")),
        (contact, N(VCARD + "hasEmail"), N("mailto:kennisbank@botsenderegels.nl")),
        (api, a, N(DCAT + "DataService")), (api, N(DCT + "title"), nl("API Kennisbank Botsende Regels")),
        (api, N(DCT + "description"), nl("REST-API volgens de NL API Design Rules: regelingen, knelpunten, "
                                         "praktijkvoorbeelden, zoeken en een SPARQL-eindpunt.")),
        (api, N(DCAT + "endpointURL"), N(f"{base}/v1")),
        (api, N(DCAT + "endpointDescription"), N(f"{base}/v1/openapi.json")),
        (api, N(DCAT + "servesDataset"), ds), (api, N(DCT + "publisher"), uitgever),
        (api, N(DCAT + "contactPoint"), contact), (api, N(DCT + "license"), lic),
        (api, N(DCT + "accessRights"), N(f"{EU}access-right/PUBLIC")),
        (uitgever, a, N(FOAF + "Agent")), (uitgever, N(FOAF + "name"), nl("Ministerie van Binnenlandse Zaken en Koninkrijksrelaties")),
    ]
    for bestand, titel, media, formaat in DISTRIBUTIES:
        dist = N(f"{base}/id/distributie/{bestand.replace('.', '-')}")
        t += [(ds, N(DCAT + "distribution"), dist), (dist, a, N(DCAT + "Distribution")),
              (dist, N(DCT + "title"), nl(titel)), (dist, N(DCAT + "accessURL"), N(f"{base}/downloads/index.html")),
              (dist, N(DCAT + "downloadURL"), N(f"{base}/downloads/{bestand}")),
              (dist, N(DCAT + "mediaType"), N(f"https://www.iana.org/assignments/media-types/{media}")),
              (dist, N(DCT + "format"), N(f"{EU}file-type/{formaat}")), (dist, N(DCT + "license"), lic)]
    triples = [ox.Triple(*x) for x in t]
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes={
        "dcat": DCAT, "dct": DCT, "foaf": FOAF, "vcard": VCARD, "xsd": XSD}).decode("utf-8")
