"""A link checker for the generated static site: every HTML file, every href/src, fragments included.

Used by tests/test_site.py (no tests in this module). Stdlib only: html.parser reads the pages, the files on disk
are the truth (the site must work from disk, so a link is good when the file it points to exists).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag

EXTERN = ("http:", "https:", "mailto:", "data:", "tel:")


class _Pagina(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for naam, waarde in attrs:
            if naam in ("id", "name") and waarde and (naam == "id" or tag == "a"):
                self.ids.add(waarde)
            if naam in ("href", "src") and waarde is not None:
                self.links.append(waarde)


@dataclass
class Uitslag:
    paginas: int = 0
    links: int = 0  # internal link occurrences checked
    urls: set[str] = field(default_factory=set)  # distinct internal targets (file + fragment)
    kapot: dict[str, list[str]] = field(default_factory=dict)  # target -> pages linking to it
    server: set[str] = field(default_factory=set)  # links the server answers (API, werkruimte), not files

    @property
    def kapotte_urls(self) -> int:
        return len(self.kapot)


SERVER_PADEN = ("/v1/", "/werkruimte/")


def controleer(site: Path, server_paden: tuple[str, ...] = SERVER_PADEN) -> Uitslag:
    """Check every internal link of every HTML page under `site`. Links to the API (`/v1/...`) and the werkruimte
    (`/werkruimte/...`) are served by the server, not by the files; they are collected in `uit.server` and
    not opened here. Any other root-relative link counts as broken (it fails from disk)."""
    site = site.resolve()
    ids: dict[Path, set[str]] = {}

    def ids_van(pad: Path) -> set[str]:
        if pad not in ids:
            p = _Pagina()
            p.feed(pad.read_text(encoding="utf-8"))
            ids[pad] = p.ids
        return ids[pad]

    uit = Uitslag()
    for pagina in sorted(site.rglob("*.html")):
        p = _Pagina()
        p.feed(pagina.read_text(encoding="utf-8"))
        ids[pagina] = p.ids
        uit.paginas += 1
        for h in p.links:
            if h.startswith(EXTERN):
                continue
            if h.startswith(server_paden):
                uit.server.add(urldefrag(h)[0].split("?", 1)[0])
                continue
            uit.links += 1
            pad, frag = urldefrag(h)
            pad = pad.split("?", 1)[0]  # a query string is for the page's script; the file must exist
            if pad.startswith("/") or ":" in pad.split("/", 1)[0] and not pad.startswith(("./", "../")):
                doel = None  # root-relative or an unknown scheme: does not work from disk
            else:
                doel = (pagina.parent / unquote(pad)).resolve() if pad else pagina
            sleutel = f"{doel.relative_to(site).as_posix() if doel and doel.is_relative_to(site) else h}" + (
                f"#{frag}" if frag else "")
            uit.urls.add(sleutel)
            goed = doel is not None and doel.is_file()
            if goed and frag and doel.suffix == ".html":
                goed = unquote(frag) in ids_van(doel)
            if not goed:
                uit.kapot.setdefault(sleutel, []).append(pagina.relative_to(site).as_posix())
    return uit
