"""SHACL for submissions: only the shapes a praktijkvoorbeeld needs, prepared once per thread.

A submission is validated with the same validator as a file in the build (`kennisbank.validate`), reduced to
the node shapes for kb:Praktijkvoorbeeld and kb:Kostenpost and everything they reach, so that the context
nodes (a cited Artikel, a gemeente, a concept) are never a focus node and no time goes to shapes that cannot
apply. The data graph is only the submission's own triples plus the rdf:type / skos:inScheme of the IRIs it
points to and the ontology's rdfs:subClassOf axioms (fetched by the caller with one query).
"""

from __future__ import annotations

from kennisbank.validate import Validator

#: The node shapes a submission is validated against (local names in the shapes' namespace).
INZENDING_VORMEN = ("Praktijkvoorbeeld", "Kostenpost")


class InzendingValidator(Validator):
    def __init__(self, shapes_text: str, kb_namespace: str | None = None):
        super().__init__(shapes_text, roots=INZENDING_VORMEN)

    def shape_count(self) -> int:
        return self.node_shape_count()
