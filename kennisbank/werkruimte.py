"""The werkruimte's sessions and one-time login codes (no HTTP here; the routes are in api/werkruimte/).

- A **session** is server-side: the browser holds only a random id in a cookie. It stores the token's *id*
  (never the token), the role and gemeente, and a CSRF token for its forms. Sessions expire after
  `INACTIEF` seconds without use and `MAXIMAAL` seconds after they began; a revoked token ends its sessions at
  the next request. An anonymous session (not logged in) only carries the CSRF token of the login forms.
- A **login code** is made by `kennisbank token maak` (or `token inloglink`): a separate random code, not the
  token, valid for `CODE_GELDIG` seconds and usable once. Only its SHA-256 hash is stored, in
  `{data}/werkruimte/inlogcodes.json` (the CLI writes it, the server consumes it; both under a file lock).
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import json
import os
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

INACTIEF = 2 * 3600  # seconds without a request before a session ends
MAXIMAAL = 12 * 3600  # seconds a session may last at all
ANONIEM = 3600  # an anonymous (login-form) session
CODE_GELDIG = 15 * 60  # a one-time login code
MAX_SESSIES = 20000  # anonymous sessions beyond this push out the oldest anonymous ones


@dataclass
class Sessie:
    id: str
    csrf: str
    begonnen: float
    gebruikt: float
    token_id: str | None = None
    rol: str | None = None
    gemeente: str | None = None
    meldingen: list[str] = field(default_factory=list)  # one-off messages for the next page ("flash")
    antwoorden: dict = field(default_factory=dict)  # a submission's answer, for its confirmation page (once)

    @property
    def aangemeld(self) -> bool:
        return self.token_id is not None


class Sessies:
    """The server's sessions, in memory (one server process; a restart logs everyone out)."""

    def __init__(self, klok=time.time):
        self._klok = klok
        self._lock = threading.Lock()
        self._sessies: dict[str, Sessie] = {}

    def _verlopen(self, s: Sessie, nu: float) -> bool:
        if not s.aangemeld:
            return nu - s.begonnen > ANONIEM
        return nu - s.gebruikt > INACTIEF or nu - s.begonnen > MAXIMAAL

    def nieuw(self, token=None) -> Sessie:
        nu = self._klok()
        s = Sessie(id=secrets.token_urlsafe(32), csrf=secrets.token_urlsafe(32), begonnen=nu, gebruikt=nu)
        if token is not None:
            s.token_id, s.rol, s.gemeente = token.id, token.rol, token.gemeente
        with self._lock:
            if len(self._sessies) >= MAX_SESSIES:
                self._ruim_op(nu)
            self._sessies[s.id] = s
        return s

    def _ruim_op(self, nu: float) -> None:
        for k in [k for k, s in self._sessies.items() if self._verlopen(s, nu)]:
            del self._sessies[k]
        if len(self._sessies) >= MAX_SESSIES:
            anoniem = sorted((s.begonnen, k) for k, s in self._sessies.items() if not s.aangemeld)
            for _, k in anoniem[: len(self._sessies) - MAX_SESSIES + 1]:
                del self._sessies[k]

    def zoek(self, sessie_id: str | None) -> Sessie | None:
        """The live session for a cookie value (its last use is updated), or None."""
        if not sessie_id or len(sessie_id) > 100:
            return None
        nu = self._klok()
        with self._lock:
            s = self._sessies.get(sessie_id)
            if s is None:
                return None
            if self._verlopen(s, nu):
                del self._sessies[sessie_id]
                return None
            s.gebruikt = nu
            return s

    def meld_aan(self, oud: Sessie | None, token) -> Sessie:
        """Log in: a NEW session id (never the anonymous one's: no session fixation)."""
        if oud is not None:
            self.beeindig(oud.id)
        return self.nieuw(token)

    def beeindig(self, sessie_id: str) -> None:
        with self._lock:
            self._sessies.pop(sessie_id, None)

    def beeindig_van_token(self, token_id: str) -> None:
        with self._lock:
            for k in [k for k, s in self._sessies.items() if s.token_id == token_id]:
                del self._sessies[k]


def csrf_klopt(sessie: Sessie | None, waarde: str | None) -> bool:
    """Does a form's CSRF value belong to this session?"""
    if sessie is None or not waarde or not isinstance(waarde, str):
        return False
    return hmac.compare_digest(sessie.csrf.encode("utf-8"), waarde.encode("utf-8", "replace"))


# --- one-time login codes ---------------------------------------------------------------------------------------
def _hash(code: str) -> str:
    return hashlib.sha256(code.encode("utf-8")).hexdigest()


class Inlogcodes:
    """One-time login codes for tokens, in `{data}/werkruimte/inlogcodes.json` (hashes only)."""

    def __init__(self, data_dir: Path, klok=time.time):
        self.path = Path(data_dir) / "werkruimte" / "inlogcodes.json"
        self._klok = klok
        self._lock = threading.Lock()

    def _met_bestand(self, werk):
        """Run `werk(codes) -> (result, changed)` on the file's content under a thread and a file lock."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock, open(self.path.with_name(".inlogcodes.lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                codes = json.loads(self.path.read_text(encoding="utf-8")).get("codes", [])
            except (OSError, ValueError):
                codes = []
            nu = self._klok()
            codes = [c for c in codes if c.get("tot", 0) > nu]  # expired codes go
            resultaat, codes = werk(codes, nu)
            tmp = self.path.with_name(f".inlogcodes.{os.getpid()}.tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"codes": codes}, fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
            return resultaat

    def maak(self, token_id: str) -> str:
        """A new code for the token with this id (returned once; only its hash is stored)."""
        code = secrets.token_urlsafe(32)

        def werk(codes, nu):
            return code, codes + [{"hash": _hash(code), "token": token_id, "tot": nu + CODE_GELDIG}]

        return self._met_bestand(werk)

    def gebruik(self, code: str | None) -> str | None:
        """Consume a code: the token id it was made for, or None (unknown, expired or used before)."""
        if not code or not isinstance(code, str) or len(code) > 100:
            return None
        h = _hash(code)

        def werk(codes, nu):
            gevonden = next((c for c in codes if hmac.compare_digest(c["hash"], h)), None)
            if gevonden is None:
                return None, codes
            return gevonden["token"], [c for c in codes if c is not gevonden]

        return self._met_bestand(werk)


class Gezien:
    """Per token id: when its "Mijn inzendingen" was last opened (`{data}/werkruimte/gezien.json`), so the home
    page can count the decisions taken since."""

    def __init__(self, data_dir: Path):
        self.path = Path(data_dir) / "werkruimte" / "gezien.json"
        self._lock = threading.Lock()

    def _lees(self) -> dict:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def wanneer(self, token_id: str) -> str | None:
        with self._lock:
            return self._lees().get(token_id)

    def zet(self, token_id: str, tijd: str) -> None:
        with self._lock:
            data = self._lees()
            data[token_id] = tijd
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(f".gezien.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(data), encoding="utf-8")
            os.replace(tmp, self.path)
