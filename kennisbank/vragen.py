"""All SPARQL of the API and the read model (kennisbank/leesmodel.py), in one place (api/queries.py re-exports it).

Every query starts from a known IRI (a Regeling, an Artikel, a Knelpunt …) so the store walks indexes
instead of scanning. User input only ever reaches a query as a bound term (`bindings`, escaped by
pyoxigraph) or, for a set of IRIs, as a VALUES list of pyoxigraph-serialised terms (`values()`), never as
text pasted into the query.
"""

from __future__ import annotations

from typing import Iterable

import pyoxigraph as ox

PREFIXES = """PREFIX kb: <{kb}>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


from kennisbank.store.base import values_lijst as values  # noqa: E402  (one VALUES helper)


class Queries:
    """The query texts for one base IRI (the kb: namespace depends on it)."""

    def __init__(self, kb_namespace: str, base: str | None = None):
        p = PREFIXES.format(kb=kb_namespace)
        base = base if base is not None else kb_namespace.rsplit("/def/", 1)[0]
        self.prefixes = p

        # --- regelingen ----------------------------------------------------------------------------
        self.regelingen = p + """
SELECT ?r ?bwb ?titel (GROUP_CONCAT(DISTINCT ?afk; separator="|") AS ?afkortingen) ?soort WHERE {
  ?r kb:bwbId ?bwb .
  OPTIONAL { ?r dct:title ?titel }
  OPTIONAL { ?r kb:afkorting ?afk }
  OPTIONAL { ?r a ?soort . FILTER(STRSTARTS(STR(?soort), STR(kb:)) && ?soort != kb:Regeling) }
} GROUP BY ?r ?bwb ?titel ?soort ORDER BY ?bwb"""

        self.regeling = p + """
SELECT ?bwb ?titel ?afk ?soort ?ministerie ?grondslagVoor ?bron ?afgeleid WHERE {
  ?r kb:bwbId ?bwb .
  OPTIONAL { ?r dct:title ?titel }
  OPTIONAL { ?r kb:afkorting ?afk }
  OPTIONAL { ?r a ?soort . FILTER(STRSTARTS(STR(?soort), STR(kb:)) && ?soort != kb:Regeling) }
  OPTIONAL { ?r kb:verantwoordelijkMinisterie ?ministerie }
  OPTIONAL { ?r kb:grondslagVoor ?grondslagVoor }
  OPTIONAL { ?r prov:wasDerivedFrom ?bron }
  OPTIONAL { ?r kb:afgeleid ?afgeleid }
}"""

        # --- the by-law query ----------------------------------------------------------------------
        # Shape matters more than the engine (Oxigraph evaluates in the written order, OPTIONALs per row):
        # start from the direct kb:regeling link or from the provisions already known (VALUES ?b), never
        # from a property path over all provisions; types by a VALUES-bound triple pattern, not a FILTER;
        # each query small and flat (a big OPTIONAL of joins was 10x slower than two queries).

        # Every provision of a law (bind ?r) or of one article (bind ?top), with its parent and order.
        _bepaling = """
  VALUES ?soort { kb:Artikel kb:Lid kb:Onderdeel }
  ?b a ?soort ; eli:id_local ?nummer .
  OPTIONAL { ?b eli:is_part_of ?ouder }
  OPTIONAL { ?b kb:volgorde ?volgorde }
  OPTIONAL { ?b rdfs:label ?label }
  OPTIONAL { ?b kb:opschrift ?opschrift }"""
        self.bepalingen_van_regeling = p + """
SELECT ?b ?soort ?nummer ?ouder ?volgorde ?label ?opschrift WHERE {
  ?b kb:regeling ?r .""" + _bepaling + "\n}"
        self.bepalingen_van_artikel = p + """
SELECT ?b ?soort ?nummer ?ouder ?volgorde ?label ?opschrift WHERE {
  ?b eli:is_part_of* ?top .""" + _bepaling + "\n}"

        # The Versie of each provision valid on ?peildatum (open ends when dates are absent), all in one query.
        _versie = """
  ?b kb:versie ?v .
  OPTIONAL { ?v kb:geldigVanaf ?van }
  OPTIONAL { ?v kb:geldigTot ?tot }
  FILTER((!BOUND(?van) || ?van <= ?peildatum) && (!BOUND(?tot) || ?tot >= ?peildatum))
  OPTIONAL { ?v kb:tekst ?tekst }
  OPTIONAL { ?v kb:samenvatting ?samenvatting }
  OPTIONAL { ?v kb:wettenLink ?wettenLink }
  OPTIONAL { ?v kb:juriconnect ?jci }
  OPTIONAL { ?v kb:wijzigingsaard ?aard }"""
        self.versies_van_regeling = p + """
SELECT ?b ?v ?van ?tot ?tekst ?samenvatting ?wettenLink ?jci ?aard WHERE {
  ?b kb:regeling ?r .""" + _versie + "\n}"
        self.versies_van_artikel = p + """
SELECT ?b ?v ?van ?tot ?tekst ?samenvatting ?wettenLink ?jci ?aard WHERE {
  ?b eli:is_part_of* ?top .""" + _versie + "\n}"

        # Knelpunten citing provisions of a law (bind ?r) or the given provisions (VALUES ?b).
        _citaties = """
  ?c kb:bepaling ?b .
  ?k kb:citeert ?c .
  OPTIONAL { ?k dct:title ?ktitel }"""
        self.knelpunten_van_regeling = p + """
SELECT ?b ?k ?ktitel WHERE {
  ?b kb:regeling ?r .""" + _citaties + "\n}"
        self.knelpunten_van_bepalingen = p + """
SELECT ?b ?k ?ktitel WHERE {""" + _citaties + "\n}"
        # The other regelingen the given knelpunten (VALUES ?k) cite, and their names (VALUES ?r2).
        self.botsende_regelingen = p + """
SELECT DISTINCT ?k ?r2 WHERE {
  ?k kb:citeert ?c2 . ?c2 kb:bepaling ?b2 . ?b2 kb:regeling ?r2 .
  FILTER(?r2 != ?r)
}"""
        self.regeling_namen = p + """
SELECT ?r2 ?bwb2 ?titel2 WHERE {
  OPTIONAL { ?r2 kb:bwbId ?bwb2 }
  OPTIONAL { ?r2 dct:title ?titel2 }
}"""

        # Public praktijkvoorbeelden: no status or gepubliceerd. The statuses form a closed scheme, so
        # "not public" is a MINUS over the two other statuses: an index lookup, not a test per case.
        _niet_openbaar = ("MINUS { ?p kb:beoordelingsstatus ?bs . "
                          + values("bs", [ox.NamedNode(f"{base}/id/beoordelingsstatus/{s}") for s in ("ingediend", "afgewezen", "teruggestuurd", "ingetrokken")])
                          + " }")
        # Per article of a law: how many public cases concern it or one of its parts (down to 3 levels).
        self.praktijk_aantallen_van_regeling = p + """
SELECT ?a (COUNT(DISTINCT ?p) AS ?aantal) WHERE {
  ?a kb:regeling ?r ; a kb:Artikel .
  { ?p kb:betreftBepaling ?a }
  UNION { ?b eli:is_part_of ?a . ?p kb:betreftBepaling ?b }
  UNION { ?b1 eli:is_part_of ?a . ?b eli:is_part_of ?b1 . ?p kb:betreftBepaling ?b }
  UNION { ?b1 eli:is_part_of ?a . ?b2 eli:is_part_of ?b1 . ?b eli:is_part_of ?b2 . ?p kb:betreftBepaling ?b }
  """ + _niet_openbaar + """
} GROUP BY ?a"""
        # The public cases concerning the given provisions (VALUES ?b).
        self.praktijk_van_bepalingen = p + """
SELECT ?b ?p ?ptitel WHERE {
  ?p kb:betreftBepaling ?b .
  """ + _niet_openbaar + """
  OPTIONAL { ?p dct:title ?ptitel }
}"""

        self.artikel_bestaat = p + "ASK { ?a a kb:Artikel ; kb:regeling ?r }"

        # --- knelpunten ------------------------------------------------------------------------------
        self.knelpunt_details = p + """
SELECT ?k ?p ?o ?c ?cp ?co WHERE {
  { ?k ?p ?o .
    OPTIONAL { FILTER(isBlank(?o)) ?o ?cp ?co } }
  UNION
  # cases state which knelpunten they support and experiments which they address; the knelpunt's side is
  # derived here, so a case published through the API shows up at once (the reasoner only derives it for
  # files, at build time)
  { ?o kb:ondersteunt ?k . BIND(kb:onderbouwdDoor AS ?p) }
  UNION
  { ?o kb:adresseert ?k . BIND(kb:experiment AS ?p) }
  UNION
  # the kind of each source (kamerstuk, uitspraak, ...): the source is its own subject
  { VALUES ?p { prov:wasDerivedFrom kb:vindplaats } ?k ?p ?o . ?o kb:bronsoort ?co . BIND(kb:bronsoort AS ?cp) }
}"""
        self.citering_bepalingen = p + """
SELECT ?b ?bwb ?soort ?nummer ?ouder ?ouderSoort ?ouderNummer ?opa ?opaNummer WHERE {
  ?b kb:regeling ?r ; eli:id_local ?nummer ; a ?soort .
  FILTER(?soort IN (kb:Artikel, kb:Lid, kb:Onderdeel))
  # the Regeling id is its kb:bwbId, else the last IRI segment (EU law: eu-2016-679), as in docs/model.md
  OPTIONAL { ?r kb:bwbId ?bwbId }
  BIND(COALESCE(?bwbId, REPLACE(STR(?r), "^.*/", "")) AS ?bwb)
  OPTIONAL { ?b eli:is_part_of ?ouder . ?ouder eli:id_local ?ouderNummer ; a ?ouderSoort .
             FILTER(?ouderSoort IN (kb:Artikel, kb:Lid))
             OPTIONAL { ?ouder eli:is_part_of ?opa . ?opa a kb:Artikel ; eli:id_local ?opaNummer } }
}"""
        self.knelpunt_bestaat = p + "ASK { ?k a kb:Knelpunt }"

        # --- labels and existence -----------------------------------------------------------------
        self.labels = p + """
SELECT ?s ?label WHERE {
  { ?s skos:prefLabel ?label } UNION { ?s dct:title ?label } UNION { ?s rdfs:label ?label }
}"""
        self.types = p + """
SELECT ?s ?p ?o WHERE {
  { ?s a ?o . BIND(rdf:type AS ?p) } UNION { ?s skos:inScheme ?o . BIND(skos:inScheme AS ?p) }
}"""  # not VALUES ?p: next to the VALUES ?s block Oxigraph then scans every triple (200 ms at 100k cases)
        self.subclass_axioms = p + """
SELECT ?s ?o WHERE { GRAPH ?g { ?s rdfs:subClassOf ?o } FILTER(isIRI(?o) && isIRI(?s)) }"""
        self.bestaat = p + "ASK { ?s ?p ?o }"

        # --- praktijkvoorbeelden -------------------------------------------------------------------
        self.praktijk_details = self.knelpunt_details
        self.inbox_lijst = p + """
SELECT ?g ?p ?status ?gemeente ?titel ?datum ?ingediend WHERE {
  GRAPH ?g { ?p a kb:Praktijkvoorbeeld ; kb:beoordelingsstatus ?status ; kb:gemeente ?gemeente .
             OPTIONAL { ?p dct:title ?titel } OPTIONAL { ?p dct:date ?datum }
             OPTIONAL { ?p prov:generatedAtTime ?ingediend } }
}"""
        # The submissions one token made (the bookkeeping graph links each submission graph to its token id).
        self.inbox_lijst_van_token = p + """
SELECT ?g ?p ?status ?gemeente ?titel ?datum ?ingediend WHERE {
  GRAPH ?beheer { ?g kb:ingediendMetToken ?token }
  GRAPH ?g { ?p a kb:Praktijkvoorbeeld ; kb:beoordelingsstatus ?status ; kb:gemeente ?gemeente .
             OPTIONAL { ?p dct:title ?titel } OPTIONAL { ?p dct:date ?datum }
             OPTIONAL { ?p prov:generatedAtTime ?ingediend } }
}"""
        self.ingediend_met_token = p + "ASK { GRAPH ?beheer { ?g kb:ingediendMetToken ?token } }"
        self.openbare_praktijk = p + """
SELECT DISTINCT ?p ?titel ?gemeente ?datum ?soort WHERE {
  ?p a kb:Praktijkvoorbeeld .
  FILTER NOT EXISTS { ?p kb:beoordelingsstatus ?bs . FILTER(?bs != ?gepubliceerd) }
  OPTIONAL { ?p dct:title ?titel } OPTIONAL { ?p kb:gemeente ?gemeente } OPTIONAL { ?p dct:date ?datum }
  OPTIONAL { ?p kb:voorbeeldsoort ?soort }
}"""
        self.vergelijkbaar_op_bepaling = p + """
SELECT ?k (COUNT(DISTINCT ?b) AS ?gedeeld) WHERE {
  ?c kb:bepaling ?b . ?k kb:citeert ?c .
} GROUP BY ?k ORDER BY DESC(?gedeeld) LIMIT 10"""
        self.knelpunt_titels = p + "SELECT ?k ?titel WHERE { ?k a kb:Knelpunt . OPTIONAL { ?k dct:title ?titel } }"

    # --- knelpunten list with filters ---------------------------------------------------------------
    def knelpunten_lijst(self, filters: dict[str, list[str]]) -> str:
        """Knelpunten matching every filter; each filter var (?f_regeling …) is bound through a VALUES list. Not
        ordered: the caller sorts by (?id, ?titel, ?k) (pyoxigraph's ORDER BY takes seconds at 10k rows)."""
        parts = ["?k a kb:Knelpunt ."]
        if "regeling" in filters:
            parts.append("?k kb:citeert/kb:bepaling/kb:regeling ?f_regeling .")
        if "artikel" in filters:
            parts.append("?k kb:citeert/kb:bepaling ?fb . ?fb eli:is_part_of* ?f_artikel .")
        for key, prop in (("mechanisme", "kb:mechanisme"), ("status", "kb:status"), ("domein", "kb:domein"),
                          ("doelgroep", "kb:doelgroep"), ("ministerie", "kb:verantwoordelijkMinisterie")):
            if key in filters:
                parts.append(f"?k {prop} ?f_{key} .")
        if "gemeente" in filters:
            parts.append("{ ?k kb:gesignaleerdDoor ?f_gemeente } UNION { ?k kb:onderbouwdDoor/kb:gemeente ?f_gemeente }"
                         " UNION { ?fp kb:ondersteunt ?k ; kb:gemeente ?f_gemeente }"
                         " UNION { ?k kb:experiment/kb:trekker ?f_gemeente }")
        body = "\n  ".join(parts)
        return self.prefixes + f"""
SELECT DISTINCT ?k ?id ?titel WHERE {{
  {{VALUES}}
  {body}
  OPTIONAL {{ ?k dct:identifier ?id }}
  OPTIONAL {{ ?k dct:title ?titel }}
}}"""


def first_values(filters: dict[str, list[ox.NamedNode]]) -> str:
    """The VALUES blocks for `knelpunten_lijst`."""
    return "\n  ".join(values(f"f_{k}", v) for k, v in filters.items())
