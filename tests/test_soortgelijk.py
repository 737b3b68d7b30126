"""The suggestion engine "soortgelijke knelpunten" (kennisbank/soortgelijk.py) on the kennisbank's own data and
the judged wijkteam cases in tests/soortgelijke_knelpunten.yaml."""

from __future__ import annotations

import pytest

from benchmarks.soortgelijk import beoordeel, laad_gevallen, omgeving
from kennisbank.soortgelijk import (MATCH_ARTIKEL, MATCH_BEPALING, MATCH_REGELING, bepaling_match, catalogus,
                                    soortgelijke_knelpunten)

R = "https://kennisbank.botsenderegels.nl/id/regeling/"


@pytest.fixture(scope="module")
def ctx():
    c = omgeving()
    yield c
    c.store.close()


def test_a_case_citing_22a_and_the_kostendelersnorm_gets_that_knelpunt_first(ctx):
    tekst = ("Onderdak voor een neef. Een moeder in de bijstand vangt haar dakloze neef op. Door de "
             "kostendelersnorm (art. 22a Pw) daalt haar uitkering.")
    found = soortgelijke_knelpunten(ctx, tekst)
    assert found[0]["id"] == "kostendelersnorm-onderdak"
    assert "kostendelersnorm" in found[0]["gedeeldeBegrippen"]
    assert any("/artikel/22a" in b for b in found[0]["gedeeldeBepalingen"])
    # the provision alone, without any text, finds it too
    only = soortgelijke_knelpunten(ctx, "", [R + "BWBR0015703/artikel/22a/lid/1"])
    assert only[0]["id"] == "kostendelersnorm-onderdak"


def test_a_skos_alt_label_counts_as_the_concept(ctx):
    """'kostendelersregeling' is an altLabel of the normbegrip kostendelersnorm (data, not code)."""
    found = soortgelijke_knelpunten(ctx, "Door de kostendelersregeling krijgt de gastvrouw minder geld.")
    assert found[0]["id"] == "kostendelersnorm-onderdak"
    assert "kostendelersnorm" in found[0]["gedeeldeBegrippen"]


def test_provisions_match_by_lid_then_article_then_law():
    cited = {R + "BWBR0015703/artikel/22a/lid/1"}
    assert bepaling_match(R + "BWBR0015703/artikel/22a/lid/1", cited) == MATCH_BEPALING
    assert bepaling_match(R + "BWBR0015703/artikel/22a", cited) == MATCH_BEPALING  # the article holds the lid
    assert bepaling_match(R + "BWBR0015703/artikel/22a/lid/4", cited) == MATCH_ARTIKEL
    assert bepaling_match(R + "BWBR0015703/artikel/41/lid/4", cited) == MATCH_REGELING
    assert bepaling_match(R + "BWBR0035362/artikel/2.3.5", cited) == 0.0
    assert MATCH_BEPALING > MATCH_ARTIKEL > MATCH_REGELING > 0


def test_judged_cases_exist_and_the_engine_meets_the_goal(ctx):
    gevallen = laad_gevallen()
    assert len(gevallen) >= 10
    bekend = {p.iri.rsplit("/", 1)[-1] for p in catalogus(ctx).profielen}
    assert {g["eerst"] for g in gevallen} <= bekend  # a typo in the set would make the figure meaningless
    totals, rows = beoordeel(ctx, gevallen)
    missed = [(r["titel"], r["top"]) for r in rows if r["rang"] != 1]
    assert totals["hit@1"] >= 0.8, missed
    assert totals["hit@3"] >= 0.8, missed


def test_excluded_knelpunten_and_an_empty_case(ctx):
    found = soortgelijke_knelpunten(ctx, "kostendelersnorm art. 22a Pw",
                                    uitsluiten={"https://kennisbank.botsenderegels.nl/id/knelpunt/kostendelersnorm-onderdak"})
    assert "kostendelersnorm-onderdak" not in [x["id"] for x in found]
    assert soortgelijke_knelpunten(ctx, "") == []
