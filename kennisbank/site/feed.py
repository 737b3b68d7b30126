"""Atom feed of new and changed knelpunten (dct:created / dct:modified)."""

from __future__ import annotations

from xml.sax.saxutils import escape

DCT = "http://purl.org/dc/terms/"


def atom(model, basis_url: str, pagina_url) -> str:
    d = model.d
    items = []
    for k in model.nieuwste_knelpunten():
        p = d.knelpunten[k]
        created = (p.get(DCT + "created") or [None])[0]
        modified = (p.get(DCT + "modified") or [None])[0]
        updated = max(x for x in (created, modified, "1970-01-01") if x)
        items.append((updated, created, k, p))
    bijgewerkt = max([i[0] for i in items] or ["1970-01-01"])
    out = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="nl">',
           "<title>Kennisbank Botsende Regels: nieuwe en gewijzigde knelpunten</title>",
           f"<id>{escape(basis_url)}/feed.xml</id>", f"<updated>{bijgewerkt}T00:00:00Z</updated>",
           f'<link rel="self" href="{escape(basis_url)}/feed.xml"/>',
           "<author><name>Kennisbank Botsende Regels</name></author>"]
    for updated, created, k, p in items:
        beschrijving = (p.get(DCT + "description") or [""])[0]
        soort = "Gewijzigd" if created and updated != created else "Nieuw"
        out += ["<entry>", f"<title>{escape(d.label(k))}</title>", f"<id>{escape(k)}</id>",
                f'<link rel="alternate" type="text/html" href="{escape(pagina_url(k))}"/>',
                f"<updated>{updated}T00:00:00Z</updated>"]
        if created:
            out.append(f"<published>{created}T00:00:00Z</published>")
        out += [f"<category term=\"{soort.lower()}\" label=\"{soort}\"/>",
                f"<summary>{escape(beschrijving[:600])}</summary>", "</entry>"]
    out.append("</feed>")
    return "\n".join(out) + "\n"
