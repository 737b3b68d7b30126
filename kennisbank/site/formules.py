"""Formulas the official XML holds only as an image (`<plaatje><illustratie naam="…png"/>`), as text and MathML.

The harvested law text skips images (kennisbank/regels/bwb.py), so art. 22a lid 1 Participatiewet reads
"… is de norm per kalendermaand voor de belanghebbende: Hierbij staat: …" with the formula missing. Each entry
names the image it stands for and the sentence it precedes in the official text; tests/test_site.py checks both
against the BWB XML fixture. The formula itself is copied from a published source (`bron`).
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup


@dataclass(frozen=True)
class Formule:
    bwb: str
    artikel: str
    lid: str | None
    illustratie: str  # the image's name in the official XML
    voor: str  # the line of the law text the image stands before
    tekst: str  # the formula as plain text (also the alternative for screen readers)
    mathml: str
    uitleg: str
    bron: str


FORMULES = (
    Formule(
        bwb="BWBR0015703", artikel="22a", lid="1", illustratie="256403.png", voor="Hierbij staat:",
        tekst="(40% + A × 30%) / A × B",
        mathml=("<math display=\"block\"><mrow><mfrac><mrow><mn>40</mn><mo>%</mo><mo>+</mo><mi>A</mi><mo>×</mo>"
                "<mn>30</mn><mo>%</mo></mrow><mi>A</mi></mfrac><mo>×</mo><mi>B</mi></mrow></math>"),
        uitleg="40 procent plus A maal 30 procent, gedeeld door A, maal B.",
        bron="https://www.schulinck.nl/opinie/opinie-participatiewet-situatie-bij-minder-dan-2-personen-die-meetellen/",
    ),
)


def formule_voor(bwb: str, artikel: str, lid: str | None) -> Formule | None:
    """The formula of an article (lid None: anywhere in the article) or of one lid."""
    for f in FORMULES:
        if f.bwb == bwb and f.artikel == artikel and (lid is None or f.lid == lid):
            return f
    return None


def regels(tekst: str | None, formule: Formule | None) -> list[tuple[str, object]]:
    """The text's non-empty lines as ("tekst", line), with ("formule", Formule) placed where the image stood."""
    uit: list[tuple[str, object]] = []
    geplaatst = False
    for regel in (tekst or "").split("\n"):
        if not regel.strip():
            continue
        if formule and not geplaatst and regel.strip() == formule.voor:
            uit.append(("formule", formule))
            geplaatst = True
        uit.append(("tekst", regel))
    return uit


def mathml(f: Formule) -> Markup:
    return Markup(f.mathml)
