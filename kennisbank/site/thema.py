"""The site's NL Design System stylesheet, built from design tokens (`make thema`).

Reads the Utrecht component CSS and the voorbeeld design tokens from `node_modules/` (installed by `npm ci` from
package.json/package-lock.json) and the kennisbank's own tokens (`site/thema/tokens.json`, DTCG format: only what
differs from the voorbeeld theme), and writes one small stylesheet, `site/static/vendor/nlds.css`:

- the theme: a `.kb-theme { --token: value }` block with only the tokens the components (and kennisbank.css)
  actually use, resolved through the voorbeeld theme's token chain, with our tokens taking precedence;
- the components: Utrecht's `html.css` (plain semantic HTML inside `.utrecht-html`) and the component classes the
  templates use (nav bar, breadcrumb, page header and footer, status badge, data list, ...), comments stripped.

The voorbeeld theme.css alone is over 200 KB (every token of every component); this file stays well under that.
The result is committed, so `kennisbank site bouw` needs no npm; a test checks it is what this builder makes.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
TOKENS = REPO / "site" / "thema" / "tokens.json"
UIT = REPO / "site" / "static" / "vendor" / "nlds.css"
UIT_FORMULIER = REPO / "site" / "static" / "vendor" / "nlds-formulier.css"
KB_CSS = REPO / "site" / "static" / "kennisbank.css"

# Utrecht component packages (@utrecht/<naam>-css) the templates use, besides html.css.
COMPONENTEN = ["page-header", "page-footer", "nav-bar", "nav-list", "breadcrumb-nav", "skip-link", "status-badge",
               "link-list"]

_VAR = re.compile(r"var\(\s*(--[A-Za-z0-9_-]+)")
_DECL = re.compile(r"^\s*(--[A-Za-z0-9_-]+)\s*:\s*(.*?);\s*(?:/\*.*\*/)?\s*$", re.M)
_REF = re.compile(r"\{([A-Za-z0-9_.-]+)\}")


def _plat(boom: dict, pad: tuple[str, ...] = ()) -> dict[str, str]:
    """DTCG tokens -> {'--basis-text-font-size-md': 'value'}; references {a.b} become var(--a-b)."""
    out = {}
    for sleutel, waarde in boom.items():
        if sleutel.startswith("$"):
            continue
        if isinstance(waarde, dict) and "$value" in waarde:
            v = str(waarde["$value"])
            out["--" + "-".join(pad + (sleutel,))] = _REF.sub(lambda m: "var(--" + m.group(1).replace(".", "-") + ")", v)
        elif isinstance(waarde, dict):
            out.update(_plat(waarde, pad + (sleutel,)))
    return out


def _zonder_commentaar(css: str) -> str:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"[ \t]*\n\s*", "\n", css)
    return re.sub(r"\n{2,}", "\n", css).strip() + "\n"


def _regels(css: str) -> list[tuple[str, str]]:
    """Top-level (prelude, body) pairs of a comment-free stylesheet, counting braces."""
    out, i, n = [], 0, len(css)
    while i < n:
        j = css.find("{", i)
        if j < 0:
            break
        diepte, k = 1, j + 1
        while diepte and k < n:
            diepte += {"{": 1, "}": -1}.get(css[k], 0)
            k += 1
        out.append((css[i:j].strip(), css[j + 1:k - 1]))
        i = k
    return out


def _is_formulier(selector: str) -> bool:
    eerste = re.sub(r"^\.utrecht-html\s*", "", selector.split(",")[0].strip())
    return re.match(r"(input|textarea|select|button|fieldset|legend|label|option|optgroup)\b", eerste) is not None


def _splits(css: str) -> tuple[str, str]:
    """html.css -> (everything but form controls, the form controls)."""
    rest, formulier = [], []
    for prelude, body in _regels(css):
        if prelude.startswith("@charset"):
            continue
        if prelude.startswith("@media") or prelude.startswith("@supports"):
            r, f = _splits(body)
            if r.strip():
                rest.append(f"{prelude}{{\n{r}}}\n")
            if f.strip():
                formulier.append(f"{prelude}{{\n{f}}}\n")
            continue
        (formulier if _is_formulier(prelude) else rest).append(f"{prelude}{{{body.strip()}}}\n")
    return "".join(rest), "".join(formulier)


def _klein(css: str) -> str:
    css = re.sub(r"\s*([{};,>])\s*", r"\1", css)
    css = re.sub(r":\s+", ":", css)
    return css.replace(";}", "}").replace("}", "}\n")


def klein(css: str) -> str:
    """A stylesheet without comments and spare white space (the generated files already are)."""
    if css.startswith("/* NL Design System for the Kennisbank, generated"):
        return css
    return _klein(_zonder_commentaar(css))


def _waarde(t: str, alle: dict[str, str], gezien=()) -> str:
    """A token's value with every var() of a known token replaced by its value (the compiled theme)."""
    def vervang(m):
        naam = m.group(1)
        if naam in gezien or naam not in alle:
            return m.group(0)
        return _waarde(naam, alle, gezien + (naam,))
    return re.sub(r"var\((--[A-Za-z0-9_-]+)\)", vervang, alle[t])


def bouw(node_modules: Path) -> tuple[str, str]:
    """(nlds.css, nlds-formulier.css)."""
    utrecht = node_modules / "@utrecht"
    html, formulier = _splits(_zonder_commentaar((utrecht / "component-library-css" / "dist" / "html.css")
                                                 .read_text(encoding="utf-8")))
    delen = [html]
    for naam in COMPONENTEN:
        delen.append((utrecht / f"{naam}-css" / "dist" / "index.css").read_text(encoding="utf-8"))
    componenten = _zonder_commentaar("\n".join(delen)).replace("@charset \"UTF-8\";\n", "")
    # variants the site does not use
    componenten = "".join(f"{p}{{{b}}}\n" for p, b in _regels(componenten) if "--arrows" not in p)
    voorbeeld = dict(_DECL.findall((node_modules / "@nl-design-system-unstable" / "voorbeeld-design-tokens"
                                    / "dist" / "theme.css").read_text(encoding="utf-8")))
    eigen = _plat(json.loads(TOKENS.read_text(encoding="utf-8")))
    alle = {**voorbeeld, **eigen}
    # every token the components or our own CSS use, compiled to its value; the form controls' own tokens go
    # with them into nlds-formulier.css
    gebruikt = set(_VAR.findall(componenten + KB_CSS.read_text(encoding="utf-8")))
    alleen_formulier = set(_VAR.findall(formulier)) - gebruikt

    def blok(namen):
        return ".kb-theme {\n" + "\n".join(f"  {t}: {_waarde(t, alle)};" for t in sorted(namen) if t in alle) + "\n}\n"
    kop = ("/* NL Design System for the Kennisbank, generated by kennisbank/site/thema.py (`make thema`); do not edit.\n"
           " * @utrecht/component-library-css and component packages (EUPL-1.2, Gemeente Utrecht, Frameless B.V.);\n"
           " * @nl-design-system-unstable/voorbeeld-design-tokens (EUPL-1.2); our tokens: site/thema/tokens.json. */\n")
    return kop + blok(gebruikt) + _klein(componenten), kop + blok(alleen_formulier) + _klein(formulier)


def main(argv: list[str] | None = None) -> int:
    node_modules = Path((argv or sys.argv[1:] or [str(REPO / "node_modules")])[0])
    if not (node_modules / "@utrecht").is_dir():
        print("node_modules ontbreekt: voer eerst 'npm ci' uit.", file=sys.stderr)
        return 1
    for pad, css in zip((UIT, UIT_FORMULIER), bouw(node_modules)):
        pad.write_text(css, encoding="utf-8")
        print(f"{pad.relative_to(REPO)}: {len(css.encode()) // 1024} kB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
