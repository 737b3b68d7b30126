"""Recognise references to legal provisions in Dutch free text and resolve them to provision IRIs.

    >>> herken("Volgens artikel 22a, eerste lid, van de Participatiewet …", index)
    [Verwijzing(tekst='artikel 22a, eerste lid, van de Participatiewet', regeling='BWBR0015703', artikel='22a', lid='1', …)]

What is recognised (the law names and abbreviations come from the index, i.e. from RDF, never from code):
- article references: "artikel 22a Pw", "art. 18 lid 2 PW", "artikel 18, tweede lid, Participatiewet",
  "artikel 2.3.5, derde lid, Wmo 2015", "Jeugdwet art 2.3", "art. 31 lid 2 onder n", lists ("artikel 17 en 18",
  "artikel 9 en artikel 18 van de …", "art. 22a lid 1 en 2"), ranges over existing numbers ("artikelen 17 tot
  en met 19"), the lid first ("lid 1 van artikel 9", "het tweede lid van artikel 18"), "juncto", "e.v.";
- JuriConnect strings (`jci1.3:c:BWBR0015703&artikel=22a&lid=1&g=2026-01-01`) and wetten.overheid.nl URLs;
- named norms (`kb:Normbegrip` with `kb:verwijstNaar`), e.g. "kostendelersnorm".

`status` is "gevonden", or why a reference could not be resolved: "onbekende regeling" (a law or abbreviation
that is not in the data), "onbekend artikel", "onbekend lid", "onbekend onderdeel", "regeling ontbreekt" (an
article number with no law in the sentence or earlier text and no default law given). Nothing is guessed.

`zekerheid` (0..1) says how sure we are of the resolved target:
  1.0   JuriConnect or wetten.overheid.nl URL (machine-readable identifiers)
  0.95  article and law named together ("artikel 17 Pw", "Jeugdwet art 2.3", also for every item of a list
        that names the law once)
  0.75  law inferred from elsewhere in the same sentence
  0.6   law inferred from an earlier sentence; named norm with one target
  0.5   law is the caller's default (`regeling=`); named norm that maps to several provisions
  0.3   article number without any law ("regeling ontbreekt")
Unresolved references keep the score of how they were found (the law was named explicitly: 0.95, …); a
version that is not valid on the requested peildatum lowers the score by 0.2.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from ..spans import longest_first
from .herken_index import (
    Bepaling,
    RegelingInfo,
    Verwijzingsindex,
    laad_index,
    natuurlijk,
    plek_uit_iri,
    sleutel,
)

__all__ = ["Verwijzing", "Verwijzingsindex", "herken", "laad_index"]

GEVONDEN = "gevonden"
ONBEKENDE_REGELING = "onbekende regeling"
ONBEKEND_ARTIKEL = "onbekend artikel"
ONBEKEND_LID = "onbekend lid"
ONBEKEND_ONDERDEEL = "onbekend onderdeel"
REGELING_ONTBREEKT = "regeling ontbreekt"


@dataclass
class Verwijzing:
    tekst: str
    begin: int
    eind: int
    regeling: str | None
    artikel: str | None
    lid: str | None
    onderdeel: str | None
    iri: str | None
    zekerheid: float
    soort: str  # "artikel", "juriconnect", "url", "normbegrip"
    status: str
    regeling_naam: str | None = None
    versie: str | None = None  # Versie IRI valid on the peildatum (or the newest)
    peildatum: str | None = None
    normbegrip: str | None = None  # concept IRI when soort == "normbegrip"

    def als_dict(self) -> dict:
        return asdict(self)


# --- generic Dutch legal vocabulary ---------------------------------------------------------------------

_ORDINALS = {
    "eerste": 1, "tweede": 2, "derde": 3, "vierde": 4, "vijfde": 5, "zesde": 6, "zevende": 7, "achtste": 8,
    "negende": 9, "tiende": 10, "elfde": 11, "twaalfde": 12, "dertiende": 13, "veertiende": 14,
    "vijftiende": 15, "zestiende": 16, "zeventiende": 17, "achttiende": 18, "negentiende": 19, "twintigste": 20,
}
_ORD = r"(?:" + "|".join(sorted(_ORDINALS, key=len, reverse=True)) + r"|\d{1,2}(?:ste|de|e))"
_UNITS = (
    r"(?:%|procent|euro|eur\b|uur|jaar|jaren|maand|maanden|week|weken|dag|dagen|keer|minuten|personen|"
    r"januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)"
)
_NUM = r"\d{1,4}[a-z]{0,3}(?:[.:]\d{1,4}[a-z]{0,3})*\*?"
_NUM_OK = rf"(?!\w|[.:]\d|,\d|\s*{_UNITS}(?!\w))"
_ART = r"(?:artikelen|artikel|artt\.|art\.|art(?![\w.]))"
_LIDNUM = r"\d{1,2}[a-z]?"
_LETTER = r"(?:" + "|".join(c * 2 for c in "abcdefghijklmnopqrstuvwxyz") + r"|[a-z]|\d{1,2}°)(?![\w°])"
_LISTSEP = r"(?:\s*,\s*|\s+(?:en|of|en/of)\s+|\s*(?:tot\s+en\s+met|t/m|t\.m\.|-|–)\s*)"
_CONN = r"(?:\s*(?:,|/|&)\s*|\s+(?:en|of|en/of|alsmede|juncto|jo\.?|j°)\s+)"
_RANGE = r"(?:\s*(?:tot\s+en\s+met|t/m|t\.m\.|-|–|—)\s*)"
_STOPWORDS = {
    "de", "het", "een", "en", "of", "in", "op", "om", "te", "van", "aan", "bij", "met", "uit", "tot", "voor", "na",
    "per", "via", "als", "dat", "die", "dit", "deze", "wie", "wat", "hij", "zij", "ze", "we", "wij", "ik", "je",
    "u", "nu", "zo", "er", "ook", "al", "nog", "wel", "niet", "geen", "dan", "maar", "want", "dus", "toch", "is",
    "zijn", "was", "kan", "mag", "moet", "zie", "nr", "lid", "art", "onder", "sub", "jo", "bv", "bijv", "ca",
}

I = re.IGNORECASE
_RE_ART = re.compile(rf"(?<![\w/]){_ART}\s*(?={_NUM})", I)
_RE_NUM = re.compile(rf"\s*({_NUM}){_NUM_OK}", I)
_RE_EV = re.compile(r"\s*(?:e\.v\.|en\s+volgende|ev\.|e\.v(?!\w))", I)
_RE_LID_NUMS = re.compile(rf"\s*,?\s*(?:lid|leden)\s+({_LIDNUM}(?:{_LISTSEP}{_LIDNUM})*){_NUM_OK}", I)
_RE_LID_ORDS = re.compile(rf"\s*,?\s*(?:het\s+)?({_ORD}(?:{_LISTSEP}{_ORD})*)\s+(?:lid|leden)(?!\w)", I)
_RE_OND = re.compile(
    rf"\s*,?\s*(?:aanhef\s+en\s+)?(?:onder|onderdeel|onderdelen|sub|letter)\s+({_LETTER}(?:{_LISTSEP}{_LETTER})*)", I
)
_RE_CONN = re.compile(_CONN, I)
_RE_RANGE = re.compile(_RANGE, I)
_RE_ART_ONLY = re.compile(rf"\s*{_ART}\s*(?={_NUM})", I)
_RE_LIDPRE = re.compile(
    rf"(?<![\w/])(?:(?:onder|onderdeel|sub|letter)\s+(?P<ond>{_LETTER}(?:{_LISTSEP}{_LETTER})*)\s*,?\s+van\s+(?:het\s+)?)?"
    rf"(?:het\s+)?(?:(?P<ords>{_ORD}(?:{_LISTSEP}{_ORD})*)\s+(?:lid|leden)|(?:lid|leden)\s+(?P<nums>{_LIDNUM}(?:{_LISTSEP}{_LIDNUM})*))"
    rf"(?:\s*,?\s*(?:aanhef\s+en\s+)?(?:onder|onderdeel|sub|letter)\s+(?P<ond2>{_LETTER}(?:{_LISTSEP}{_LETTER})*))?"
    rf"\s*,?\s+van\s+(?:het\s+|de\s+)?(?={_ART}\s*{_NUM})",
    I,
)
_RE_SLOT = re.compile(
    r"\s*(?:,\s*|\(\s*)?(?:(?:van|uit|in|volgens|ingevolge|krachtens|op\s+grond\s+van|o\.g\.v\.)\s+)?(?:(?:de|het)\s+)?", I
)
_RE_UNKNOWN = re.compile(
    r"(?:Burgerlijk\s+Wetboek|Wetboek\s+van\s+[A-Z]\w+(?:\s+(?!Art)[A-Z]\w+)?"
    r"|[A-Z][a-zà-ÿ]*(?:wet|wetboek|besluit|regeling|verordening)(?:\s+\d{4})?(?!\w)"
    r"|[a-zà-ÿ]{3,}wet(?!\w)"
    r"|(?:Wet|Besluit|Regeling|Verordening|Beleidsregels?|Richtlijn|Verdrag|Handvest|Europees\s+Verdrag)(?:\s+[^\s,.;:()!?\"'«»]+){1,7}"
    r"|[A-Z][A-Za-z]{0,6}(?![\w-]))"
)
_LAW_TAIL_STOP = {
    "en", "of", "is", "zijn", "was", "wordt", "worden", "staat", "stond", "geldt", "bepaalt", "zegt", "moet",
    "kan", "mag", "niet", "dat", "die", "omdat", "maar", "want", "als", "toch", "ook", "nog", "al", "heeft",
    "hebben", "dus", "waarin", "waarbij", "wel", "hier", "daar", "nu", "te", "om",
}
_LAW_CONNECTORS = {"op", "de", "het", "van", "voor", "inzake", "tot", "der", "betreffende", "houdende", "en", "in"}
_RE_COMPOUND_WET = re.compile(
    r"(?<![\w-])(?:Burgerlijk\s+Wetboek|(?:Besluit|Verdrag|Europees\s+Verdrag)(?:\s+[a-zà-ÿ]+){1,4}(?:\s+\d{4})?|Wetboek\s+van\s+[A-Z]\w+(?:\s+(?!Art)[A-Z]\w+)?|[A-Z][a-zà-ÿ]+(?:wet|wetboek))(?!\w)"
)
_RE_JCI = re.compile(r"jci\d+(?:\.\d+)*:[a-z]:(BWB[RV]\d{7})((?:&(?:amp;)?[A-Za-z_.]+=[^&\s<>\"'),;]*)*)", I)
_RE_URL = re.compile(r"https?://[^\s<>\"'«»]+", I)
_RE_WETTEN = re.compile(
    r"https?://(?:www\.)?wetten\.overheid\.nl/(?:(?P<jci>jci[^\s#]+)|(?P<bwb>BWB[RV]\d{7})"
    r"(?:/(?P<datum>\d{4}-\d{2}-\d{2}|geldigheidsdatum_\d{2}-\d{2}-\d{4}|[^/#\s]*))?(?:/[^#\s]*)?)"
    r"(?:#(?P<frag>\S*))?",
    I,
)
_RE_SENTENCE_END = re.compile(r"(?<!\bart)(?<!\bartt)(?<!\bjo)(?<!\bbijv)(?<!\bo\.a)(?<!\be\.v)(?<!\bnr)[.!?]+(?=\s+[A-Z\"'‘“(]|\s*$)|\n\s*\n")


# --- recognising law names -------------------------------------------------------------------------------

@dataclass
class _Wet:
    begin: int
    eind: int
    regeling: str | None  # None: a law that is not in the data


class _Namen:
    """Regexes for the law names in an index (built once per index)."""

    def __init__(self, index: Verwijzingsindex):
        exact, loose = {}, {}
        for naam, rid in index.namen().items():
            varianten = {naam}
            stripped = re.sub(r"\s+\d{4}$", "", naam)
            if stripped != naam and index.regeling_bij_naam(stripped) in (None, index.regeling(rid)):
                varianten.add(stripped)
            for v in varianten:
                if len(v) >= 5 and not v.isupper():
                    loose.setdefault(v.casefold(), rid)
                else:
                    exact.setdefault(v, rid)
                    exact.setdefault(v.upper(), rid)
                    if len(v) >= 3 and v != v.upper():
                        exact.setdefault(v.lower(), rid)
        self.exact, self.loose = exact, loose
        self.re_exact = self._compile(exact, 0)
        self.re_loose = self._compile(loose, I)

    @staticmethod
    def _compile(names: dict, flags: int):
        if not names:
            return None
        alts = sorted(names, key=len, reverse=True)
        pat = "|".join(r"\s+".join(re.escape(p) for p in n.split()) for n in alts)
        return re.compile(rf"(?<![\w-])(?:{pat})(?![\w])", flags)

    def vind(self, text: str) -> list[_Wet]:
        hits: list[_Wet] = []
        for rx, table, fold in ((self.re_loose, self.loose, True), (self.re_exact, self.exact, False)):
            if rx is None:
                continue
            for m in rx.finditer(text):
                key = re.sub(r"\s+", " ", m.group(0))
                rid = table.get(key.casefold() if fold else key)
                if rid is None and not fold:
                    rid = table.get(key)
                if rid is not None:
                    hits.append(_Wet(m.start(), m.end(), rid))
        return longest_first(hits)


_NAMEN_CACHE: dict[int, tuple[Verwijzingsindex, _Namen, list]] = {}


def _namen(index: Verwijzingsindex) -> tuple[_Namen, list]:
    hit = _NAMEN_CACHE.get(id(index))
    if hit is None or hit[0] is not index:
        begrippen = []
        for b in index.begrippen:
            alts = sorted(b.labels, key=len, reverse=True)
            pat = "|".join(r"\s+".join(re.escape(p) for p in lbl.split()) for lbl in alts)
            begrippen.append((b, re.compile(rf"(?<![\w-])(?:{pat})(?![\w-])", I)))
        hit = (index, _Namen(index), begrippen)
        _NAMEN_CACHE[id(index)] = hit
    return hit[1], hit[2]


# --- the parser ---------------------------------------------------------------------------------------------

@dataclass
class _Item:
    begin: int
    eind: int
    artikel: str
    leden: list[str]
    onderdelen: list[str]
    range_tot: str | None = None  # "17 tot en met 19": artikel=17, range_tot=19


def _lijst(s: str, ordinal: bool = False) -> tuple[list[str], bool]:
    """'1, 2 en 3' -> ['1','2','3']; returns (values, is_range) for 'eerste tot en met derde'."""
    is_range = bool(re.search(r"tot\s+en\s+met|t/m|t\.m\.|-|–", s, I))
    parts = [p for p in re.split(r"\s*(?:,|\ben/of\b|\ben\b|\bof\b|tot\s+en\s+met|t/m|t\.m\.|-|–)\s*", s, flags=I) if p]
    out = []
    for p in parts:
        p = p.strip().lower()
        if ordinal:
            if p in _ORDINALS:
                out.append(str(_ORDINALS[p]))
            else:
                m = re.match(r"(\d+)", p)
                if m:
                    out.append(m.group(1))
        else:
            out.append(p.rstrip("°") + ("°" if p.endswith("°") else ""))
    if is_range and len(out) == 2 and all(x.isdigit() for x in out):
        a, b = int(out[0]), int(out[1])
        if 0 < a <= b <= a + 30:
            return [str(i) for i in range(a, b + 1)], True
    return out, is_range


def _onderdelen(s: str) -> list[str]:
    vals, _ = _lijst(s)
    return [v for v in vals if v]


class _Scan:
    def __init__(self, text: str):
        self.text = text

    def item(self, pos: int) -> _Item | None:
        """NUM [e.v.] [lid …] [onder …] at pos."""
        m = _RE_NUM.match(self.text, pos)
        if not m:
            return None
        begin = m.start(1)
        nummer = m.group(1)
        end = m.end()
        ev = _RE_EV.match(self.text, end)
        if ev:
            end = ev.end()
        leden: list[str] = []
        onderdelen: list[str] = []
        lm = _RE_LID_NUMS.match(self.text, end)
        if lm:
            leden, _ = _lijst(lm.group(1))
            end = lm.end()
        else:
            lo = _RE_LID_ORDS.match(self.text, end)
            if lo:
                leden, _ = _lijst(lo.group(1), ordinal=True)
                end = lo.end()
        om = _RE_OND.match(self.text, end)
        if om:
            onderdelen = _onderdelen(om.group(1))
            end = om.end()
            if not leden:  # "artikel 9, onder a, eerste lid" is rare; "onder a van het eerste lid" handled elsewhere
                lm = _RE_LID_NUMS.match(self.text, end) or _RE_LID_ORDS.match(self.text, end)
                if lm:
                    leden, _ = _lijst(lm.group(1), ordinal=bool(_RE_LID_ORDS.match(self.text, end)))
                    end = lm.end()
        return _Item(begin, end, nummer, leden, onderdelen)

    def keten(self, pos: int) -> tuple[list[_Item], int] | None:
        """An article keyword at pos, followed by a list of items."""
        items: list[_Item] = []
        am = _RE_ART.match(self.text, pos)
        if not am:
            return None
        first = self.item(am.end())
        if first is None:
            return None
        first.begin = pos
        items.append(first)
        end = first.eind
        while True:
            rm = _RE_RANGE.match(self.text, end)
            if rm and not items[-1].leden and not items[-1].onderdelen:
                nxt = self.item(_RE_ART_ONLY.match(self.text, rm.end()).end() if _RE_ART_ONLY.match(self.text, rm.end()) else rm.end())
                if nxt is not None and not nxt.leden:
                    items[-1].range_tot = nxt.artikel
                    items[-1].eind = nxt.eind
                    items[-1].onderdelen = nxt.onderdelen
                    end = nxt.eind
                    continue
            cm = _RE_CONN.match(self.text, end)
            if not cm:
                break
            p = cm.end()
            am2 = _RE_ART_ONLY.match(self.text, p)
            start = p
            if am2:
                p = am2.end()
            nxt = self.item(p)
            if nxt is None:
                break
            nxt.begin = start
            items.append(nxt)
            end = nxt.eind
        return items, end


def _zinnen(text: str) -> list[int]:
    """Start offsets of sentences."""
    starts = [0]
    for m in _RE_SENTENCE_END.finditer(text):
        starts.append(m.end())
    return starts


def _zin_van(starts: list[int], pos: int) -> int:
    lo = 0
    for i, s in enumerate(starts):
        if s <= pos:
            lo = i
        else:
            break
    return lo


def _onbekende_wet(text: str, pos: int) -> _Wet | None:
    m = _RE_UNKNOWN.match(text, pos)
    if not m:
        return None
    s = m.group(0)
    if re.match(r"(?:Wet|Besluit|Regeling|Verordening|Beleidsregels?|Richtlijn|Verdrag|Handvest|Europees\s+Verdrag)\s", s):
        words = s.split()
        first = 2 if words[0] == "Europees" else 1
        keep = words[:first]
        los = 0  # lowercase words since the head, a connector or a capitalised word
        for w in words[first:]:
            if w.lower() in _LAW_TAIL_STOP:
                break
            if w.lower() in _LAW_CONNECTORS:
                los = 0
            elif w[0].isupper() or w.isdigit():
                los = -1  # after a capitalised word ("… van de Mens") no lowercase words follow
            else:
                if los < 0 or los >= 2:
                    break
                los += 1
            keep.append(w)
        while len(keep) > first and keep[-1].lower() in _LAW_CONNECTORS:
            keep.pop()
        if len(keep) == first:
            return None
        s = text[pos:].split(keep[-1], 1)[0] + keep[-1]
        return _Wet(pos, pos + len(s), None)
    if re.fullmatch(r"[A-Z][A-Za-z]{0,6}", s):
        # an abbreviation: two or more capitals ("BW", "AOW"), or 2-3 letters ("Rv", "Wlz") that are no Dutch word
        if s.lower() in _STOPWORDS or len(s) < 2:
            return None
        if sum(c.isupper() for c in s) < 2 and (len(s) > 4 or (len(s) == 4 and sum(c in "aeiouy" for c in s.lower()) > 1)):
            return None  # "Hier", "Daar": a word; "Wopr", "Rv", "Wlz": an abbreviation
    return _Wet(pos, m.end(), None)


# --- resolving ------------------------------------------------------------------------------------------------

def _boek(index: Verwijzingsindex, reg: RegelingInfo | None, naam: str | None, artikel: str):
    """'1:395a BW' -> the regeling named '… Boek 1' and article '395a', when the data splits a code into books."""
    m = re.fullmatch(r"(\d{1,2}):(\w+)", artikel)
    if not m:
        return reg, artikel
    boek, nr = m.groups()
    if reg is not None:
        if sleutel(artikel) in reg.artikelen:
            return reg, artikel
        names = reg.namen | reg.afkortingen
        if any(re.search(rf"\bBoek\s+{boek}$", n) for n in names) and sleutel(nr) in reg.artikelen:
            return reg, nr
        naam = naam or next(iter(sorted(reg.afkortingen)), None)
        naam = re.sub(r"\s+Boek\s+\d+$", "", naam or "")
    if naam:
        other = index.regeling_bij_naam(f"{naam} Boek {boek}")
        if other is not None and sleutel(nr) in other.artikelen:
            return other, nr
    return reg, artikel


def _resolve(index: Verwijzingsindex, reg: RegelingInfo | None, regeling_id: str | None, artikel: str,
             lid: str | None, onderdeel: str | None, peildatum: str | None):
    """(status, iri, canonical artikel/lid/onderdeel, versie, geldig)."""
    if reg is None:
        return (ONBEKENDE_REGELING if regeling_id is not None else REGELING_ONTBREEKT), None, artikel, lid, onderdeel, None, None
    art = reg.artikelen.get(sleutel(artikel))
    if art is None:
        return ONBEKEND_ARTIKEL, reg.iri, artikel, lid, onderdeel, None, None
    node: Bepaling = art
    status = GEVONDEN
    lid_out, ond_out = lid, onderdeel
    if lid is not None:
        l = art.leden.get(sleutel(lid))
        if l is None:
            status = ONBEKEND_LID
        else:
            node, lid_out = l, l.nummer
    if onderdeel is not None and status == GEVONDEN:
        o = node.onderdelen.get(sleutel(onderdeel))
        if o is None and lid is None:
            # "artikel 7 onder a" where the onderdeel sits in the only lid
            if len(art.leden) == 1:
                only = next(iter(art.leden.values()))
                o = only.onderdelen.get(sleutel(onderdeel))
                if o is not None:
                    lid_out = only.nummer
        if o is None:
            status = ONBEKEND_ONDERDEEL
        else:
            node, ond_out = o, o.nummer
    versie, geldig = node.versie_op(peildatum)
    if versie is None and node is not art:
        versie, geldig = art.versie_op(peildatum)
        versie = None  # the article's version is not the lid's
    return status, node.iri, art.nummer, lid_out, ond_out, versie, geldig


def _bereik(reg: RegelingInfo | None, van: str, tot: str) -> list[str] | None:
    """Existing article numbers from `van` to `tot` inclusive, in document order."""
    if reg is None:
        return None
    volgorde = reg.artikelvolgorde()
    a, b = sleutel(van), sleutel(tot)
    if a in reg.artikelen and b in reg.artikelen:
        i, j = volgorde.index(a), volgorde.index(b)
        if i <= j:
            return [reg.artikelen[k].nummer for k in volgorde[i : j + 1]]
    # fall back to natural order when an end point does not exist
    lo, hi = natuurlijk(a), natuurlijk(b)
    found = [reg.artikelen[k].nummer for k in volgorde if lo <= natuurlijk(k) <= hi]
    return found or None


def herken(
    tekst: str,
    index: Verwijzingsindex | None = None,
    *,
    regeling: str | None = None,
    peildatum: str | None = None,
) -> list[Verwijzing]:
    """Find and resolve the references in `tekst`.

    `regeling`: default law (id, name or abbreviation) for article numbers without one; `peildatum`
    (JJJJ-MM-DD): prefer the version valid on that date.
    """
    if index is None:
        index = laad_index()
    text = tekst
    namen, begrippen = _namen(index)
    default_reg = None
    if regeling:
        default_reg = index.regeling(regeling) or index.regeling_bij_naam(regeling)
    out: list[Verwijzing] = []
    bezet: list[tuple[int, int]] = []

    def vrij(b: int, e: int) -> bool:
        return all(e <= x or b >= y for x, y in bezet)

    # 1. URLs and JuriConnect strings
    for m in _RE_URL.finditer(text):
        url = m.group(0).rstrip(".,;:)]'\"")
        b, e = m.start(), m.start() + len(url)
        bezet.append((b, e))
        w = _RE_WETTEN.match(url)
        if not w:
            continue
        if w.group("jci"):
            j = _RE_JCI.search(w.group("jci"))
            if j:
                out.extend(_van_jci(index, j, url, b, e, "url", peildatum))
            continue
        bwb = w.group("bwb").upper()
        datum = w.group("datum") or None
        if datum and datum.startswith("geldigheidsdatum_"):
            d, mth, y = datum.split("_", 1)[1].split("-")
            datum = f"{y}-{mth}-{d}"
        if datum and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", datum):
            datum = None
        art = lid = None
        frag = w.group("frag") or ""
        for part in re.split(r"[_/]", frag):
            mm = re.fullmatch(r"Artikel(.+)", part, I)
            if mm:
                art = mm.group(1)
            mm = re.fullmatch(r"Lid(.+)", part, I)
            if mm:
                lid = mm.group(1)
        out.append(_maak(index, bwb, art, lid, None, url, b, e, "url", 1.0, peildatum or datum))
    for m in _RE_JCI.finditer(text):
        if not vrij(m.start(), m.end()):
            continue
        bezet.append((m.start(), m.end()))
        out.extend(_van_jci(index, m, m.group(0), m.start(), m.end(), "juriconnect", peildatum))

    # 2. law names, known and unknown
    wetten = [w for w in namen.vind(text) if vrij(w.begin, w.eind)]
    wet_begin = {w.begin: w for w in wetten}
    wet_eind = {w.eind: w for w in wetten}
    context_wetten = list(wetten)
    for m in _RE_COMPOUND_WET.finditer(text):
        if vrij(m.start(), m.end()) and all(m.end() <= w.begin or m.start() >= w.eind for w in wetten):
            w = _Wet(m.start(), m.end(), None)
            context_wetten.append(w)
            wet_eind.setdefault(w.eind, w)
    context_wetten.sort(key=lambda w: w.begin)
    zinnen = _zinnen(text)

    # 3. article chains (optionally preceded by "lid 1 van", "het tweede lid van", "onder a van het eerste lid van")
    scan = _Scan(text)
    starts: list[tuple[int, re.Match | None]] = []
    for m in _RE_LIDPRE.finditer(text):
        starts.append((m.start(), m))
    for m in _RE_ART.finditer(text):
        starts.append((m.start(), None))
    starts.sort(key=lambda s: (s[0], s[1] is None))
    for pos, pre in starts:
        if not vrij(pos, pos + 1):
            continue
        art_pos = pre.end() if pre else pos
        res = scan.keten(art_pos)
        if res is None:
            continue
        items, end = res
        if pre is not None:
            leden = _lijst(pre.group("ords"), ordinal=True)[0] if pre.group("ords") else _lijst(pre.group("nums"))[0]
            ond = pre.group("ond") or pre.group("ond2")
            items[0].leden = items[0].leden or leden
            items[0].onderdelen = items[0].onderdelen or (_onderdelen(ond) if ond else [])
            items[0].begin = pos
        if not vrij(items[0].begin, end):
            continue
        # the law: right after the chain, right before it, or from context
        wet, zeker, wet_na = None, 0.95, True
        sm = _RE_SLOT.match(text, end)
        slot = sm.end()
        if slot in wet_begin and "\n\n" not in text[end:slot]:
            wet = wet_begin[slot]
        else:
            unk = _onbekende_wet(text, slot)
            if unk is not None:
                wet = unk
        if wet is None:
            j = items[0].begin
            while j > 0 and text[j - 1] in " \t,():":
                j -= 1
            if j in wet_eind:
                wet, wet_na = wet_eind[j], False
        if wet is None:
            zin = _zin_van(zinnen, items[0].begin)
            zb = zinnen[zin]
            ze = zinnen[zin + 1] if zin + 1 < len(zinnen) else len(text)
            same = [w for w in context_wetten if zb <= w.begin < ze and vrij(w.begin, w.eind)]
            before = [w for w in same if w.eind <= items[0].begin]
            after = [w for w in same if w.begin >= end]
            earlier = [w for w in context_wetten if w.eind <= zb and w.regeling is not None]
            if before:
                wet, zeker = before[-1], 0.75
            elif after:
                wet, zeker = after[0], 0.75
            elif earlier:
                wet, zeker = earlier[-1], 0.6
            wet_na = None  # not adjacent
        reg_id = naam = None
        reg = None
        if wet is not None:
            reg_id = wet.regeling
            naam = None if wet.regeling is not None else re.sub(r"\s+", " ", text[wet.begin:wet.eind])
            reg = index.regeling(wet.regeling) if wet.regeling else None
        elif default_reg is not None:
            reg, reg_id, zeker = default_reg, default_reg.id, 0.5
        elif regeling:
            naam, zeker = regeling, 0.5
        else:
            zeker = 0.3
        chain_end = end
        if wet is not None and wet_na is True:
            chain_end = wet.eind
            if text[sm.start():slot].strip().startswith("(") and text[chain_end:chain_end + 1] == ")":
                chain_end += 1
            bezet.append((wet.begin, chain_end))
        bezet.append((items[0].begin, end))
        for k, it in enumerate(items):
            b, e = it.begin, it.eind
            if wet is not None and wet_na is True and k == len(items) - 1:
                e = chain_end
            if wet is not None and wet_na is False and k == 0:
                b = wet.begin
            out.extend(_items_naar_verwijzingen(index, text, it, reg, reg_id, naam, b, e, zeker, peildatum))

    # 4. named norms
    for b_, rx in begrippen:
        for m in rx.finditer(text):
            if not vrij(m.start(), m.end()):
                continue
            zeker = 0.6 if len(b_.doelen) == 1 else 0.5
            zin = _zin_van(zinnen, m.start())
            zb, ze = zinnen[zin], (zinnen[zin + 1] if zin + 1 < len(zinnen) else len(text))
            genoemd = {w.regeling for w in context_wetten if zb <= w.begin < ze and w.regeling}
            for doel in b_.doelen:
                plek = index.plek(doel)
                if plek is None:
                    plek = plek_uit_iri(doel) or (None, None, None, None)
                rid, art, lid, ond = plek
                # the sentence names the target's law: surer; it names only other laws: less sure
                zeker_doel = zeker + 0.15 if rid in genoemd else (zeker - 0.2 if genoemd else zeker)
                v = _maak(index, rid, art, lid, ond, m.group(0), m.start(), m.end(), "normbegrip", zeker_doel, peildatum)
                v.normbegrip = b_.iri
                out.append(v)
    out.sort(key=lambda v: (v.begin, v.eind))
    return out


def _van_jci(index, m: re.Match, tekst: str, b: int, e: int, soort: str, peildatum: str | None) -> list[Verwijzing]:
    params = {}
    for kv in re.split(r"&(?:amp;)?", m.group(2) or ""):
        if "=" in kv:
            k, v = kv.split("=", 1)
            params[k.lower()] = v
    datum = params.get("g") if re.fullmatch(r"\d{4}-\d{2}-\d{2}", params.get("g", "")) else None
    return [_maak(index, m.group(1).upper(), params.get("artikel"), params.get("lid"), params.get("onderdeel"),
                  tekst, b, e, soort, 1.0, peildatum or datum)]


def _maak(index, regeling_id, artikel, lid, onderdeel, tekst, b, e, soort, zeker, peildatum,
          naam: str | None = None) -> Verwijzing:
    """`naam`: the name as written of a law that is not in the data (then `regeling_id` is None)."""
    reg = index.regeling(regeling_id) if regeling_id else None
    if artikel is not None and ":" in artikel and (reg is not None or naam):
        reg2, artikel = _boek(index, reg, naam, artikel)
        if reg2 is not reg:
            reg, regeling_id, naam = reg2, reg2.id, None
    if artikel is None:  # a reference to the whole regeling (URL or JCI without artikel)
        status = GEVONDEN if reg else ONBEKENDE_REGELING
        return Verwijzing(tekst, b, e, regeling_id, None, None, None, reg.iri if reg else None, zeker, soort, status,
                          regeling_naam=reg.titel if reg else None, peildatum=peildatum)
    status, iri, art, lid2, ond2, versie, geldig = _resolve(
        index, reg, regeling_id if regeling_id else naam, artikel, lid, onderdeel, peildatum)
    if geldig is False:
        zeker = max(0.0, zeker - 0.2)
    return Verwijzing(tekst, b, e, regeling_id, art, lid2, ond2, iri, round(zeker, 2), soort, status,
                      regeling_naam=reg.titel if reg else naam, versie=versie, peildatum=peildatum)


def _items_naar_verwijzingen(index, text, it: _Item, reg, reg_id, naam, b, e, zeker, peildatum) -> list[Verwijzing]:
    tekst = text[b:e]
    artikelen = [it.artikel]
    if it.range_tot:
        artikelen = _bereik(reg, it.artikel, it.range_tot) or [it.artikel, it.range_tot]
    out = []
    for art in artikelen:
        leden = it.leden or [None]
        art_node = reg.artikelen.get(sleutel(art)) if reg is not None else None
        for i, lid in enumerate(leden):
            # "artikel 17 lid 1 en 18": a later number that is no lid of the article but is an article
            if (i > 0 and art_node is not None and lid is not None and sleutel(lid) not in art_node.leden
                    and sleutel(lid) in reg.artikelen):
                out.append(_maak(index, reg_id, lid, None, None, tekst, b, e, "artikel", zeker, peildatum, naam))
                continue
            last = i == len(leden) - 1
            onderdelen = it.onderdelen if (it.onderdelen and last) else [None]
            for ond in onderdelen:
                out.append(_maak(index, reg_id, art, lid, ond, tekst, b, e, "artikel", zeker, peildatum, naam))
    return out
