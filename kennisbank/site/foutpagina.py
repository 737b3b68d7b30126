"""The site's error page (404, 405, 500 …) in the site's own look, rendered when the server answers a browser."""

from __future__ import annotations

import functools

import jinja2

from .bouw import _env

#: Dutch titles of the error pages a browser may see.
TITELS = {
    400: "Dit verzoek klopt niet",
    401: "U bent niet aangemeld",
    403: "Geen toegang",
    404: "Deze pagina bestaat niet",
    405: "Dit kan hier niet",
    406: "Dit formaat is niet beschikbaar",
    413: "Dit verzoek is te groot",
    500: "Er ging iets mis",
    503: "De kennisbank is even niet bereikbaar",
}


@functools.lru_cache(maxsize=1)
def _template() -> jinja2.Template:
    return _env().get_template("fout.html")  # the site's own template environment


def foutpagina(status: int, uitleg: str) -> str:
    """The HTML of the error page. Links are absolute paths: the page may be served at any address."""
    titel = TITELS.get(status, "Er ging iets mis")
    return _template().render(u=lambda naar, fragment="": "/" + naar + (f"#{fragment}" if fragment else ""),
                              titel=titel, uitleg=uitleg, status=status, kruimels=None, rdf=None, jsonld=None)
