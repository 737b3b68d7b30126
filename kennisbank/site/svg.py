"""Inline SVG charts (heat map, stacked bars). Text is escaped; numbers are printed in the shapes, so nothing
depends on colour alone. Each chart has a <title> and <desc>; the page carries the same data as a table."""

from __future__ import annotations

from html import escape


def _kleur(t: float) -> str:
    """White to dark blue; t in 0..1."""
    a, b = (255, 255, 255), (23, 63, 140)
    return "#%02x%02x%02x" % tuple(round(x + (y - x) * t) for x, y in zip(a, b))


def heatmap(ident: str, namen: list[str], waarde, titel: str, desc: str) -> str:
    n = len(namen)
    cel, links = 34, 110
    boven = 110
    breed, hoog = links + n * cel + 4, boven + n * cel + 4
    hoogste = max([waarde(i, j) for i in range(n) for j in range(n) if i != j] or [0]) or 1
    out = [f'<svg id="{ident}" class="heatmap" role="img" aria-labelledby="{ident}-t {ident}-d" '
           f'viewBox="0 0 {breed} {hoog}" width="{breed}" height="{hoog}" xmlns="http://www.w3.org/2000/svg">',
           f'<title id="{ident}-t">{escape(titel)}</title><desc id="{ident}-d">{escape(desc)}</desc>']
    for i, naam in enumerate(namen):
        y = boven + i * cel + cel / 2 + 4
        out.append(f'<text x="{links - 6}" y="{y:.0f}" text-anchor="end" class="as">{escape(naam[:16])}</text>')
        x = links + i * cel + cel / 2 + 4
        out.append(f'<text transform="translate({x:.0f},{boven - 6}) rotate(-60)" class="as">{escape(naam[:16])}</text>')
    # the empty grid in one pattern; only the diagonal and the cells with knelpunten are drawn one by one
    out.append(f'<defs><pattern id="{ident}-rooster" x="{links}" y="{boven}" width="{cel}" height="{cel}" '
               f'patternUnits="userSpaceOnUse"><rect width="{cel}" height="{cel}" fill="#fff" stroke="#999"/>'
               f'</pattern></defs><rect x="{links}" y="{boven}" width="{n * cel}" height="{n * cel}" '
               f'fill="url(#{ident}-rooster)" stroke="#999"/>')
    for i in range(n):
        for j in range(n):
            x, y = links + j * cel, boven + i * cel
            if i == j:
                out.append(f'<rect x="{x}" y="{y}" width="{cel}" height="{cel}" fill="#e6e6e6" stroke="#999"/>')
                continue
            v = waarde(i, j)
            if not v:
                continue
            t = v / hoogste
            tekst = "#ffffff" if t > 0.5 else "#1a1a1a"
            out.append(f'<rect x="{x}" y="{y}" width="{cel}" height="{cel}" fill="{_kleur(t)}" stroke="#999"/>'
                       f'<text x="{x + cel / 2:.0f}" y="{y + cel / 2 + 5:.0f}" text-anchor="middle" '
                       f'fill="{tekst}" class="getal">{v}</text>')
    out.append("</svg>")
    return "".join(out)


PATRONEN = ["#173f8c", "#b35900", "#2e7d32", "#7b1fa2", "#c62828", "#00695c", "#5d4037", "#37474f", "#ad1457"]


def _past(tekst: str, breedte: float, px: float = 6.6) -> bool:
    """Whether `tekst` at 11px fits in `breedte` SVG units (a generous average glyph width, padding included)."""
    return len(tekst) * px + 10 <= breedte


def gestapeld(ident: str, rijen: list[tuple[str, list[tuple[str, float]]]], volgorde: list[str], titel: str,
              desc: str, euro) -> str:
    """One horizontal stacked bar per row, its name above it and the total behind it; a segment carries its
    name only where the whole name fits, and a legend under the bars names every geldstroom with its colour."""
    hoogste = max([sum(b for _, b in segs) for _, segs in rijen] or [0]) or 1
    breedte, totaal_ruimte, rij, balk = 760, 90, 58, 26
    kleur = {g: PATRONEN[i % len(PATRONEN)] for i, g in enumerate(volgorde)}
    som: dict[str, float] = {}
    for _, segs in rijen:
        for g, bedrag in segs:
            som[g] = som.get(g, 0) + bedrag
    volgorde = sorted(volgorde, key=lambda g: -som.get(g, 0))  # the legend in the order of the bars
    per_regel = 3
    legenda_y = 12 + rij * len(rijen)
    hoog = legenda_y + 22 * ((len(volgorde) + per_regel - 1) // per_regel) + 6
    vol = breedte + totaal_ruimte
    out = [f'<svg id="{ident}" class="staaf" role="img" aria-labelledby="{ident}-t {ident}-d" '
           f'viewBox="0 0 {vol} {hoog}" width="{vol}" height="{hoog}" xmlns="http://www.w3.org/2000/svg">',
           f'<title id="{ident}-t">{escape(titel)}</title><desc id="{ident}-d">{escape(desc)}</desc>']
    for i, (naam, segs) in enumerate(rijen):
        y = 8 + i * rij
        out.append(f'<text x="0" y="{y + 12}" class="as rij-naam">{escape(naam)}</text>')
        x, yb = 0.0, y + 20
        for g, bedrag in segs:
            w = breedte * bedrag / hoogste
            out.append(f'<rect x="{x:.1f}" y="{yb}" width="{max(w, 0.5):.1f}" height="{balk}" fill="{kleur.get(g, "#555")}" '
                       f'stroke="#ffffff"><title>{escape(g)}: {escape(euro(bedrag))}</title></rect>')
            if _past(g, w):
                out.append(f'<text x="{x + 5:.1f}" y="{yb + 17}" fill="#ffffff" class="seg">{escape(g)}</text>')
            x += w
        totaal = sum(b for _, b in segs)
        out.append(f'<text x="{x + 6:.1f}" y="{yb + 17}" class="as totaal">{escape(euro(totaal))}</text>')
    for i, g in enumerate(volgorde):
        x, y = (i % per_regel) * (vol / per_regel), legenda_y + 22 * (i // per_regel)
        out.append(f'<rect x="{x:.0f}" y="{y}" width="14" height="14" fill="{kleur[g]}"/>'
                   f'<text x="{x + 20:.0f}" y="{y + 11}" class="as">{escape(g)}</text>')
    out.append("</svg>")
    return "".join(out)
