"""Derived views over SiteData: who cites what, counts per article, matrices, text per peildatum."""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations

from ..iri import TOOI
from .data import DCT, SiteData, Versie
from .paden import Paden


class Model:
    def __init__(self, data: SiteData):
        self.d = data
        self.iris = data.iris
        self.paden = Paden(data.iris)
        d = data
        # provision -> knelpunten / cases citing it exactly
        self.knelpunten_van: dict[str, set[str]] = defaultdict(set)
        self.praktijk_van: dict[str, set[str]] = defaultdict(set)
        # article -> knelpunten / cases citing it or one of its leden/onderdelen
        self.art_knelpunten: dict[str, set[str]] = defaultdict(set)
        self.art_praktijk: dict[str, set[str]] = defaultdict(set)
        self.kp_regelingen: dict[str, list[str]] = {}
        for k, cits in d.citeringen.items():
            regs = []
            for c in cits:
                b = c["bepaling"]
                self.knelpunten_van[b].add(k)
                for a in self.voorouders(b):
                    self.art_knelpunten[a].add(k)
                r = self.regeling_van(b)
                if r and r not in regs:
                    regs.append(r)
            self.kp_regelingen[k] = regs
        for p, props in d.praktijk.items():
            for b in props.get("betreftBepaling", []):
                self.praktijk_van[b].add(p)
                for a in self.voorouders(b):
                    self.art_praktijk[a].add(p)
        # knelpunt <-> case (either direction is enough)
        self.kp_praktijk: dict[str, set[str]] = defaultdict(set)
        self.praktijk_kp: dict[str, set[str]] = defaultdict(set)
        for k, props in d.knelpunten.items():
            for p in props.get("onderbouwdDoor", []):
                if p in d.praktijk:
                    self.kp_praktijk[k].add(p)
                    self.praktijk_kp[p].add(k)
        for p, props in d.praktijk.items():
            for k in props.get("ondersteunt", []):
                if k in d.knelpunten:
                    self.kp_praktijk[k].add(p)
                    self.praktijk_kp[p].add(k)
        self.kp_experimenten: dict[str, set[str]] = defaultdict(set)
        for k, props in d.knelpunten.items():
            for e in props.get("experiment", []):
                self.kp_experimenten[k].add(e)
        for e, props in d.experimenten.items():
            for k in props.get("adresseert", []):
                if k in d.knelpunten:
                    self.kp_experimenten[k].add(e)

    # --- structure -------------------------------------------------------------------------------------------
    def voorouders(self, b: str) -> list[str]:
        """b itself and every part above it (lid -> artikel -> paragraaf -> hoofdstuk)."""
        out, x, seen = [], b, set()
        while x in self.d.delen and x not in seen:
            seen.add(x)
            out.append(x)
            x = self.d.delen[x].ouder
        if not out and b in self.d.regelingen:
            return []
        return out or [b]

    def artikel(self, b: str) -> str | None:
        x, seen = b, set()
        while x in self.d.delen and x not in seen:
            seen.add(x)
            if self.d.delen[x].soort == "Artikel":
                return x
            x = self.d.delen[x].ouder
        return self.paden.artikel_van(b)

    def regeling_van(self, b: str) -> str | None:
        if b in self.d.regelingen:
            return b
        if b in self.d.delen:
            return self.d.delen[b].regeling
        prefix = self.iris.base + "/id/regeling/"
        if b.startswith(prefix):
            r = prefix + b[len(prefix):].split("/", 1)[0]
            return r if r in self.d.regelingen else None
        return None

    def kort(self, r: str | None) -> str:
        """Short name of a Regeling: its first abbreviation, else its title."""
        if r is None:
            return "?"
        reg = self.d.regelingen.get(r)
        if reg and reg["afkortingen"]:
            return min(reg["afkortingen"], key=lambda a: (len(a), a.isupper()))  # 'Pw' before 'PW'
        return self.d.label(r)

    def bepaling_naam(self, b: str) -> str:
        """`Artikel 22a, lid 1, onderdeel a` from the chain of parts."""
        parts, x, seen = [], b, set()
        while x in self.d.delen and x not in seen:
            seen.add(x)
            deel = self.d.delen[x]
            if deel.soort == "Artikel":
                parts.append(self.d.labels.get(x) or f"Artikel {deel.nr}")
                break
            parts.append(f"{deel.soort.lower()} {deel.nr}")
            x = deel.ouder
        if not parts:
            return self.d.label(b)
        return ", ".join(reversed(parts))

    def volledige_naam(self, b: str) -> str:
        return f"{self.bepaling_naam(b)} {self.kort(self.regeling_van(b))}"

    # --- versions ------------------------------------------------------------------------------------------------
    def versies(self, b: str) -> list[Versie]:
        """The versions of b, or of the nearest part above it that has versions."""
        x, seen = b, set()
        while x and x not in seen:
            seen.add(x)
            if self.d.versies.get(x):
                return self.d.versies[x]
            x = self.d.delen[x].ouder if x in self.d.delen else None
        return []

    def citaat(self, b: str, peildatum: str | None) -> dict:
        """The text of b valid on peildatum, the newest text, and whether it changed since."""
        vs = [v for v in self.versies(b) if v.inhoud or v.aard]
        if not vs:
            return {"versie": None, "nieuwste": None, "gewijzigd": False}
        nieuwste = vs[-1]
        op = None
        if peildatum:
            op = next((v for v in reversed(vs) if v.geldig_op(peildatum)), None)
        op = op or nieuwste
        gewijzigd = bool(peildatum and nieuwste.vanaf and peildatum < nieuwste.vanaf and op is not nieuwste
                         and (op.inhoud or "") != (nieuwste.inhoud or ""))
        return {"versie": op, "nieuwste": nieuwste, "gewijzigd": gewijzigd}

    # --- collections ---------------------------------------------------------------------------------------------
    def sorteer_knelpunten(self, ks) -> list[str]:
        return sorted(ks, key=lambda k: self.d.label(k).lower())

    def nieuwste_knelpunten(self, n: int | None = None, datums: dict[str, str | None] | None = None) -> list[str]:
        """Newest first by `datums` (knelpunt -> date of its last change), else by dct:modified/created; the
        same date in title order."""
        def datum(k):
            if datums is not None and datums.get(k):
                return datums[k]
            p = self.d.knelpunten[k]
            return max(p.get(DCT + "modified", []) + p.get(DCT + "created", []) or [""])
        out = sorted(sorted(self.d.knelpunten, key=lambda k: self.d.label(k).lower()), key=datum, reverse=True)
        return out[:n] if n else out

    def concept_soort(self, iri: str) -> str | None:
        prefix = self.iris.base + "/id/"
        if iri.startswith(prefix):
            return iri[len(prefix):].split("/", 1)[0]
        return None

    def per_concept(self, soort: str, bron: dict, eigenschap: str) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for s, props in bron.items():
            for c in props.get(eigenschap, []):
                if self.concept_soort(c) == soort:
                    out[c].append(s)
        return out

    def gemeenten(self) -> list[str]:
        g = {o for o, soorten in self.d.organisaties.items() if "Gemeente" in soorten}
        for props in self.d.praktijk.values():
            g.update(x for x in props.get("gemeente", []) if x.startswith(TOOI + "gemeente/"))
        return sorted(g, key=lambda x: self.d.label(x))

    def ministeries(self) -> list[str]:
        m = {o for o, soorten in self.d.organisaties.items() if "Ministerie" in soorten}
        for props in self.d.knelpunten.values():
            m.update(x for x in props.get("verantwoordelijkMinisterie", []) if x.startswith(TOOI + "ministerie/"))
        return sorted(m, key=lambda x: self.d.label(x))

    def matrix(self, knelpunten=None) -> tuple[list[str], dict[tuple[str, str], list[str]]]:
        """Regelingen (cited by at least one knelpunt) and, per unordered pair, the knelpunten citing both."""
        ks = self.d.knelpunten if knelpunten is None else knelpunten
        cellen: dict[tuple[str, str], list[str]] = defaultdict(list)
        regs = set()
        for k in ks:
            rs = sorted(set(self.kp_regelingen.get(k, [])))
            regs.update(rs)
            for a, b in combinations(rs, 2):
                cellen[(a, b)].append(k)
        volgorde = sorted(regs, key=lambda r: self.kort(r).lower())
        return volgorde, cellen

    def botst_met(self, r: str) -> Counter:
        c = Counter()
        for k in self.d.knelpunten:
            rs = set(self.kp_regelingen.get(k, []))
            if r in rs:
                for o in rs - {r}:
                    c[o] += 1
        return c
