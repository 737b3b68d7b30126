"""Where each thing lives in the static site, and relative links between pages.

Resource pages mirror the `/doc/` URIs: `{base}/id/regeling/BWBR0015703/artikel/22a` is written to
`doc/regeling/BWBR0015703/artikel/22a.html` (so the API's `/doc/…` route can serve it). Leden, onderdelen and
structure elements are anchors on their article or regeling page. Gemeenten and ministeries (TOOI IRIs) get
`doc/gemeente/gm0772.html` and `doc/ministerie/mnre1073.html`.

Site paths are kept decoded (as on disk); `href()` percent-encodes every segment and makes it relative, always
starting with `./` or `../`, so a `:` (`8:69`) is never read as a URL scheme.
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote

from ..iri import TOOI, Iris

EIGEN_PAGINA = ("knelpunt", "praktijkvoorbeeld", "experiment", "mechanisme", "domein", "doelgroep")
_ONDER_ARTIKEL = re.compile(r"^(?P<art>.+?/artikel/[^/]+)(?P<rest>(?:/(?:lid|onderdeel)/[^/]+)*)$")
_STRUCTUUR = re.compile(r"^(?P<reg>[^/]+)/(?P<soort>hoofdstuk|paragraaf|afdeling|titeldeel)/(?P<nr>[^/]+)$")


def anker(rest: str) -> str:
    """`/lid/1/onderdeel/a` -> `lid-1-onderdeel-a` (an HTML id)."""
    return re.sub(r"[^A-Za-z0-9_.:-]", "-", unquote(rest).strip("/").replace("/", "-"))


class Paden:
    def __init__(self, iris: Iris):
        self.iris = iris
        self.id_prefix = f"{iris.base}/id/"
        #: the IRIs the site writes a page or anchor for (kennisbank/site/links.py); None = not known yet
        self.bestaand: set[str] | None = None

    def extern(self, iri: str) -> str | None:
        """wetten.overheid.nl for a provision or regeling without a page here (kennisbank/site/links.py)."""
        from .links import wetten_url

        return None if self.pagina(iri) else wetten_url(iri, self.id_prefix)

    def pagina(self, iri: str) -> tuple[str, str] | None:
        """(site path of the page, fragment) for an IRI we publish a page for, else None."""
        if self.bestaand is not None and iri not in self.bestaand:
            return None
        if iri.startswith(TOOI):
            rest = iri[len(TOOI):]
            soort, _, code = rest.partition("/")
            if soort in ("gemeente", "ministerie") and code and "/" not in code:
                return f"doc/{soort}/{unquote(code)}.html", ""
            return None
        if not iri.startswith(self.id_prefix):
            return None
        rest = iri[len(self.id_prefix):]
        concept, _, ref = rest.partition("/")
        if not ref:
            return None
        if concept == "regeling":
            if "/" not in ref:
                return f"doc/regeling/{unquote(ref)}.html", ""
            m = _ONDER_ARTIKEL.match(ref)
            if m and "/versie/" not in ref:
                art = "/".join(unquote(s) for s in m["art"].split("/"))
                return f"doc/regeling/{art}.html", anker(m["rest"]) if m["rest"] else ""
            m = _STRUCTUUR.match(ref)
            if m:
                return f"doc/regeling/{unquote(m['reg'])}.html", anker(f"{m['soort']}/{m['nr']}")
            return None
        if concept in EIGEN_PAGINA and "/" not in ref:
            return f"doc/{concept}/{unquote(ref)}.html", ""
        return None

    def artikel_van(self, iri: str) -> str | None:
        """The Artikel IRI a lid or onderdeel belongs to (or the IRI itself for an Artikel)."""
        if not iri.startswith(self.id_prefix + "regeling/"):
            return None
        m = _ONDER_ARTIKEL.match(iri[len(self.id_prefix) + len("regeling/"):])
        return self.id_prefix + "regeling/" + m["art"] if m else None


def encode(path: str) -> str:
    return "/".join(quote(seg, safe="-._~:") for seg in path.split("/"))


def href(van: str, naar: str, fragment: str = "") -> str:
    """Relative, percent-encoded link from page `van` to the file `naar` (both decoded, from the site root).

    Always to a file, never to a folder: from disk (file://) a folder does not open its index.html.
    """
    diepte = van.count("/")
    out = ("../" * diepte if diepte else "./") + encode(naar)
    return out + ("#" + quote(fragment, safe="-._~:") if fragment else "")
