"""Revisions of editorial resources (knelpunten, praktijkvoorbeelden, experimenten): one durable journal.

`{data}/revisies/journaal.jsonl` is append-only: one JSON object per line, one line per revision. A write is
acknowledged only after its line is written and fsynced, so the journal is the commit point of every edit
(the API, the werkruimte, a changed file at build time). Every process that appends holds an exclusive
`flock` on `{data}/revisies/journaal.lock`; a line cut short by a crash (no trailing newline) is cut off by
the next writer and never read.

A revision (`Revisie`) records:
- `iri`, `soort` (knelpunt, praktijkvoorbeeld, experiment), `graaf` (the named graph it lives in), `nr`
  (1, 2, … per resource);
- who: `rol` (projectleider, wijkteam, bestand, systeem) and `token` (the token id; PRIVATE: never in a public
  graph, an export or the public history), `bestand` (the repo file for file revisions) and its `sha`;
- when: `tijd` (UTC, ISO 8601); what: `inhoud` (the whole graph as canonical N-Triples) and `velden` (the
  changed fields); an optional `notitie`;
- `geldend`: false only for a file revision that lost a conflict (see `huidig`), with `conflict`.

The current state of a resource is its latest revision with `geldend` true. `Journaal.positie()` is the
byte length of the complete lines: a build records the position it read, and a server replays what came
after it (see kennisbank/domein.py).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .duurzaam import fsync_map

MAP = "revisies"
BESTAND = "journaal.jsonl"


@dataclass
class Revisie:
    iri: str
    soort: str
    graaf: str
    nr: int = 0
    tijd: str = ""
    rol: str = "systeem"
    token: str | None = None
    bron: str = "api"  # api, werkruimte, bestand, systeem
    bestand: str | None = None
    sha: str | None = None
    notitie: str | None = None
    inhoud: str = ""  # canonical N-Triples of the whole graph
    velden: list[str] = field(default_factory=list)
    geldend: bool = True
    conflict: dict | None = None
    verwijderd: bool = False

    @property
    def hash(self) -> str:
        return hashlib.sha256(self.inhoud.encode("utf-8")).hexdigest()

    @property
    def etag(self) -> str:
        return f'"r{self.nr}-{self.hash[:16]}"'

    def triples(self) -> list[ox.Triple]:
        return list(ox.parse(self.inhoud.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)) if self.inhoud else []

    def openbaar(self) -> dict:
        """The public view: no token id."""
        d = asdict(self)
        d.pop("token", None)
        d.pop("inhoud", None)
        return d


def nu() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")


# --- canonical content -----------------------------------------------------------------------------------------
def canoniek(triples) -> str:
    """Sorted N-Triples with blank nodes named after their content (one resource plus its blank nodes), so the
    same graph always gives the same text, wherever it was read from."""
    triples = [t.triple if isinstance(t, ox.Quad) else t for t in triples]
    labels = blanco_labels(triples)

    def term(x) -> str:
        return "_:" + labels[x.value] if isinstance(x, ox.BlankNode) else str(x)

    lines = {f"{term(t.subject)} {t.predicate} {term(t.object)} ." for t in triples}
    return "".join(line + "\n" for line in sorted(lines))


def blanco_labels(triples: list[ox.Triple]) -> dict[str, str]:
    """A stable label for every blank node: a hash of what it says (its predicates and objects)."""
    per_blank: dict[str, list[ox.Triple]] = {}
    for t in triples:
        if isinstance(t.subject, ox.BlankNode):
            per_blank.setdefault(t.subject.value, []).append(t)
    labels: dict[str, str] = {}

    def label(b: str, diepte: int = 0) -> str:
        if b in labels:
            return labels[b]
        parts = []
        for t in per_blank.get(b, []):
            o = t.object
            if isinstance(o, ox.BlankNode):
                o_txt = "_:" + (label(o.value, diepte + 1) if diepte < 8 else "x")
            else:
                o_txt = str(o)
            parts.append(f"{t.predicate} {o_txt}")
        labels[b] = "b" + hashlib.sha256("\n".join(sorted(parts)).encode("utf-8")).hexdigest()[:20]
        return labels[b]

    for t in triples:
        for x in (t.subject, t.object):
            if isinstance(x, ox.BlankNode):
                label(x.value)
    return labels


# --- the journal -------------------------------------------------------------------------------------------------
class Journaal:
    """The append-only revision journal of one data folder, with an in-memory index kept up to date."""

    def __init__(self, data_dir: Path):
        self.map = Path(data_dir) / MAP
        self.pad = self.map / BESTAND
        self._lock = threading.RLock()
        self._offset = 0
        self._per_iri: dict[str, list[Revisie]] = {}
        self._volgorde: list[tuple[int, Revisie]] = []  # (end offset of the line, revision)
        self._inode = None

    # --- reading --------------------------------------------------------------------------------------------
    def ververs(self) -> None:
        """Read lines appended since the last read (by this or another process)."""
        with self._lock:
            try:
                st = self.pad.stat()
            except OSError:  # no journal yet (or no data folder)
                return
            if self._inode is not None and (st.st_ino != self._inode or st.st_size < self._offset):
                self._offset, self._per_iri, self._volgorde = 0, {}, []  # replaced or truncated: read again
            self._inode = st.st_ino
            if st.st_size <= self._offset:
                return
            with open(self.pad, "rb") as f:
                f.seek(self._offset)
                data = f.read()
            end = data.rfind(b"\n")
            if end < 0:
                return
            pos = self._offset
            for line in data[: end + 1].splitlines(keepends=True):
                pos += len(line)
                try:
                    r = Revisie(**json.loads(line))
                except (ValueError, TypeError):
                    continue
                self._per_iri.setdefault(r.iri, []).append(r)
                self._volgorde.append((pos, r))
            self._offset = pos

    def positie(self) -> int:
        self.ververs()
        return self._offset

    def revisies(self, iri: str) -> list[Revisie]:
        self.ververs()
        return list(self._per_iri.get(iri, []))

    def huidig(self, iri: str) -> Revisie | None:
        """The current revision: the latest one that is `geldend`."""
        for r in reversed(self.revisies(iri)):
            if r.geldend:
                return r
        return None

    def bronnen(self, soort: str | None = None) -> list[str]:
        self.ververs()
        return sorted(i for i, rs in self._per_iri.items() if soort is None or rs[-1].soort == soort)

    def na(self, positie: int) -> list[Revisie]:
        """Revisions appended after byte `positie`, in order."""
        self.ververs()
        return [r for end, r in self._volgorde if end > positie]

    # --- writing --------------------------------------------------------------------------------------------
    def voeg_toe(self, revisies: list[Revisie], controle=None) -> list[Revisie]:
        """Append revisions durably (numbered per resource). `controle(journaal)` runs under the lock first (for
        If-Match checks against the latest state); it may raise to refuse the write. Returns them numbered."""
        try:
            self.map.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            from .fouten import KennisbankFout

            raise KennisbankFout(f"De datamap '{self.map.parent}' is niet beschrijfbaar: {exc.strerror or exc}.") from exc
        with self._lock, open(self.map / "journaal.lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                self._herstel_staart()
                self.ververs()
                if controle is not None:
                    controle(self)
                tijd = nu()
                regels = []
                volgende: dict[str, int] = {}
                for r in revisies:
                    eerder = self._per_iri.get(r.iri, [])
                    r.nr = volgende.get(r.iri, eerder[-1].nr if eerder else 0) + 1
                    volgende[r.iri] = r.nr
                    r.tijd = r.tijd or tijd
                    regels.append(json.dumps(asdict(r), ensure_ascii=False, sort_keys=True) + "\n")
                with open(self.pad, "ab") as f:
                    f.write("".join(regels).encode("utf-8"))
                    f.flush()
                    os.fsync(f.fileno())
                fsync_map(self.map)
                self.ververs()
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
        return revisies

    def _herstel_staart(self) -> None:
        """Cut off a line a crash left without its newline (called under the lock, before appending)."""
        try:
            size = self.pad.stat().st_size
        except FileNotFoundError:
            return
        if size == 0:
            return
        with open(self.pad, "rb+") as f:
            f.seek(size - 1)
            if f.read(1) == b"\n":
                return
            f.seek(0)
            data = f.read()
            f.truncate(data.rfind(b"\n") + 1)
            f.flush()
            os.fsync(f.fileno())



_journalen: dict[str, Journaal] = {}
_journalen_lock = threading.Lock()


def journaal(data_dir: Path) -> Journaal:
    """One Journaal object per data folder and process."""
    key = str(Path(data_dir).resolve())
    with _journalen_lock:
        j = _journalen.get(key)
        if j is None:
            j = _journalen[key] = Journaal(Path(data_dir))
        return j
