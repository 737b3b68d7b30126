"""The conflict matrix: regelingen x regelingen, each cell the number of knelpunten citing both; overall and per
mechanism. An SVG heat map (numbers in the cells) plus the same data as a table whose cells link to the lists."""

from __future__ import annotations

from .svg import heatmap


def _matrix_pagina(site, pad: str, titel: str, inleiding: str, knelpunten, kruimels, andere) -> None:
    m, d = site.m, site.data
    regs, cellen = m.matrix(knelpunten)
    namen = [m.kort(r) for r in regs]

    def cel(i, j):
        a, b = sorted((regs[i], regs[j]))
        return len(cellen.get((a, b), []))

    svg = heatmap("matrix-svg", namen, cel, titel,
                  "Rijen en kolommen zijn regelingen; het getal in een vak is het aantal knelpunten dat beide "
                  "regelingen citeert. Hoe donkerder het vak, hoe meer knelpunten. De tabel eronder bevat dezelfde getallen.") if regs else ""
    paren = []
    for (a, b), ks in sorted(cellen.items(), key=lambda kv: (-len(kv[1]), m.kort(kv[0][0]), m.kort(kv[0][1]))):
        paren.append({"id": f"paar-{a.rsplit('/', 1)[-1]}-{b.rsplit('/', 1)[-1]}", "a": a, "b": b,
                      "knelpunten": m.sorteer_knelpunten(ks)})
    paar_id = {(p["a"], p["b"]): p["id"] for p in paren}
    rijen = []
    for i, r in enumerate(regs):
        rij = []
        for j, c in enumerate(regs):
            if i == j:
                rij.append(None)
            else:
                a, b = sorted((r, c))
                rij.append((cel(i, j), paar_id.get((a, b))))
        rijen.append((r, rij))
    site.render(pad, "matrix.html", titel=titel, inleiding=inleiding, regs=regs, namen=namen, rijen=rijen, svg=svg,
                paren=paren, kruimels=kruimels, andere=andere)


def schrijf_matrices(site) -> None:
    m, d = site.m, site.data
    per_mech = m.per_concept("mechanisme", d.knelpunten, "mechanisme")
    andere = [(d.label(c), f"matrix/{c.rsplit('/', 1)[-1]}.html", len(ks))
              for c, ks in sorted(per_mech.items(), key=lambda kv: d.label(kv[0]).lower())]
    _matrix_pagina(site, "matrix/index.html", "Botsingsmatrix",
                   "Welke regelingen botsen met elkaar? Elk vak telt de knelpunten die artikelen uit beide regelingen citeren.",
                   None, [("Home", "index.html"), ("Botsingsmatrix", None)], andere)
    for c, ks in per_mech.items():
        _matrix_pagina(site, f"matrix/{c.rsplit('/', 1)[-1]}.html", f"Botsingsmatrix: {d.label(c)}",
                       f"Alleen knelpunten met het mechanisme ‘{d.label(c)}’.", ks,
                       [("Home", "index.html"), ("Botsingsmatrix", "matrix/index.html"), (d.label(c), None)], andere)
