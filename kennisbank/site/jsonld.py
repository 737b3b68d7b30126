"""schema.org JSON-LD for the HTML pages (inside <script type="application/ld+json">)."""

from __future__ import annotations

import json


def script(obj: dict) -> str:
    """JSON safe inside a <script> element: `<`, `>` and `&` escaped as \\u sequences."""
    text = json.dumps(obj, ensure_ascii=False, indent=None)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def basis(soort: str, iri: str, naam: str, **extra) -> dict:
    out = {"@context": "https://schema.org", "@type": soort, "@id": iri, "name": naam, "inLanguage": "nl"}
    out.update({k: v for k, v in extra.items() if v not in (None, [], "")})
    return out
