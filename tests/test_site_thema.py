"""The site's NL Design System stylesheet is what `make thema` builds from the design tokens and node_modules."""

from __future__ import annotations

from pathlib import Path

import pytest

from kennisbank.site import thema

REPO = Path(__file__).resolve().parent.parent


def test_committed_stylesheets_are_built_from_the_tokens():
    if not (REPO / "node_modules" / "@utrecht" / "component-library-css").is_dir():
        pytest.fail("node_modules ontbreekt: voer 'npm ci' uit ('make test' doet dat).")
    css, formulier = thema.bouw(REPO / "node_modules")
    assert thema.UIT.read_text(encoding="utf-8") == css, "voer 'make thema' uit"
    assert thema.UIT_FORMULIER.read_text(encoding="utf-8") == formulier, "voer 'make thema' uit"


def test_theme_is_sans_serif_and_small():
    css = thema.UIT.read_text(encoding="utf-8")
    tokens = dict(r.strip().rstrip(";").split(": ", 1) for r in css.split(".kb-theme {", 1)[1].split("}", 1)[0].splitlines() if r.strip())
    for naam in ("--utrecht-heading-1-font-family", "--utrecht-heading-2-font-family", "--utrecht-document-font-family"):
        assert "sans-serif" in tokens[naam] and "Serif" not in tokens[naam], (naam, tokens[naam])
    # only the tokens in use: the voorbeeld theme alone is over 200 kB
    assert len(css.encode()) < 100_000 and len(thema.UIT_FORMULIER.read_bytes()) < 60_000
