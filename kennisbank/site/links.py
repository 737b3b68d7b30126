"""Which pages the site has, and where a link to something without a page goes.

One place decides whether an IRI gets an internal link: `bestaande_paginas()` lists every IRI the site writes a
page (or an anchor on a page) for, and `Paden.pagina()` answers None for anything else. A provision the
kennisbank does not hold links to wetten.overheid.nl instead (`wetten_url()`): by its JuriConnect reference when
the IRI names an article (and lid), by its BWB id when it names a whole regeling.
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote

WETTEN = "https://wetten.overheid.nl/"
_BWB = re.compile(r"^BWB[RV]\d{7}$")


def bestaande_paginas(d, m) -> set[str]:
    """Every IRI with a page or an anchor, exactly as `Site` writes them (kennisbank/site/bouw.py)."""
    uit: set[str] = set()
    uit.update(d.regelingen)
    uit.update(d.knelpunten)
    uit.update(d.praktijk)
    uit.update(d.experimenten)
    uit.update(c for c in d.begrippen if m.concept_soort(c) in ("mechanisme", "domein"))
    from .overzichten import doelgroep_paginas

    uit.update(doelgroep_paginas(d))  # doelgroepen with knelpunten (kennisbank/site/bouw.py: Site.doelgroepen)
    uit.update(m.gemeenten())
    uit.update(m.ministeries())
    for x, deel in d.delen.items():
        if deel.soort == "Artikel":
            uit.add(x)
            stack = list(deel.kinderen)  # leden and onderdelen: anchors on the article page
            while stack:
                y = stack.pop()
                uit.add(y)
                stack.extend(d.delen[y].kinderen)
        elif deel.soort not in ("Lid", "Onderdeel"):
            uit.add(x)  # hoofdstuk, paragraaf...: an anchor on the regeling page
    return uit


def jci(bwb: str, artikel: str | None = None, lid: str | None = None) -> str:
    """A JuriConnect 1.3 reference to the current text (`jci1.3:c:BWBR0015703&artikel=22a&lid=1`)."""
    out = f"jci1.3:c:{bwb}"
    if artikel:
        out += f"&artikel={artikel}"
        if lid:
            out += f"&lid={lid}"
    return out


def jci_url(ref: str) -> str:
    """wetten.overheid.nl resolves a JuriConnect reference given as its path."""
    return WETTEN + quote(ref, safe=":&=.")


def wetten_url(iri: str, id_prefix: str) -> str | None:
    """wetten.overheid.nl for a provision or regeling IRI of a BWB regulation (`{base}/id/regeling/BWBR…/…`),
    else None (a gemeentelijke verordening or a derived regeling has no BWB address)."""
    start = id_prefix + "regeling/"
    if not iri.startswith(start):
        return None
    delen = [unquote(s) for s in iri[len(start):].split("/")]
    bwb = delen[0]
    if not _BWB.match(bwb):
        return None
    paren = dict(zip(delen[1::2], delen[2::2]))
    if "versie" in paren:
        return None
    if "artikel" in paren:
        return jci_url(jci(bwb, paren["artikel"], paren.get("lid")))
    return WETTEN + bwb
