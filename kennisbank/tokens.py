"""Bearer tokens for the API, stored only as SHA-256 hashes in `{data}/tokens.json`.

Roles: `wijkteam` (bound to one gemeente: submits cases, sees its own submissions) and `projectleider`
(curates knelpunten, reviews submissions). The token itself is shown once, when it is made.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
import secrets
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

from .duurzaam import schrijf_atomisch
from .fouten import KennisbankFout

ROLLEN = ("wijkteam", "projectleider")
PREFIX = "kb_"
_GEMEENTE = re.compile(r"gm\d{4}\Z")


@dataclass(frozen=True)
class Token:
    id: str
    hash: str
    rol: str
    gemeente: str | None
    aangemaakt: str
    ingetrokken: str | None = None

    @property
    def actief(self) -> bool:
        return self.ingetrokken is None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Tokens:
    """The token file. Re-read when it changes on disk (tokens made by the CLI while the server runs)."""

    def __init__(self, data_dir: Path):
        self.path = Path(data_dir) / "tokens.json"
        self._lock = threading.Lock()
        self._stamp: tuple | None = None
        self._tokens: list[Token] = []
        self._by_hash: dict[str, Token] = {}

    # --- reading ------------------------------------------------------------------------------
    def _load(self) -> None:
        try:
            st = self.path.stat()
            stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
        except FileNotFoundError:
            stamp = None
        if stamp == self._stamp and (stamp is not None or not self._tokens):
            return
        tokens: list[Token] = []
        if stamp is not None:
            try:
                raw = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise KennisbankFout(f"Het tokenbestand '{self.path}' kan niet worden gelezen: {exc}.") from exc
            tokens = [Token(**t) for t in raw.get("tokens", [])]
        self._tokens = tokens
        self._by_hash = {t.hash: t for t in tokens}
        self._stamp = stamp

    def lijst(self) -> list[Token]:
        with self._lock:
            self._load()
            return list(self._tokens)

    def controleer(self, token: str) -> Token | None:
        """The active token record for a presented bearer token, or None."""
        if not token or len(token) > 200:
            return None
        h = token_hash(token)
        with self._lock:
            self._load()
            found = self._by_hash.get(h)
        if found is None or not found.actief or not hmac.compare_digest(found.hash, h):
            return None
        return found

    def op_id(self, token_id: str | None) -> Token | None:
        """The active token record with this id (a werkruimte session holds the id, never the token), or None."""
        if not token_id:
            return None
        with self._lock:
            self._load()
            found = next((t for t in self._tokens if t.id == token_id), None)
        return found if found is not None and found.actief else None

    # --- writing ------------------------------------------------------------------------------
    def _save(self, tokens: list[Token]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps({"tokens": [asdict(t) for t in tokens]}, indent=2, ensure_ascii=False)
        schrijf_atomisch(self.path, data, modus=0o600)
        self._stamp = None

    def maak(self, rol: str, gemeente: str | None = None) -> tuple[Token, str]:
        """Make a token; returns the record and the token text (shown once, never stored)."""
        if rol not in ROLLEN:
            raise KennisbankFout(f"Onbekende rol '{rol}'; kies uit: {', '.join(ROLLEN)}.")
        if rol == "wijkteam":
            if not gemeente:
                raise KennisbankFout("Een wijkteam-token hoort bij één gemeente: geef --gemeente, bijvoorbeeld gm0772.")
            gemeente = gemeente.strip().lower()
            if not _GEMEENTE.match(gemeente):
                raise KennisbankFout(f"'{gemeente}' is geen gemeentecode; gebruik de TOOI-code, bijvoorbeeld gm0772.")
        elif gemeente:
            raise KennisbankFout("Alleen een wijkteam-token hoort bij een gemeente; laat --gemeente weg.")
        text = PREFIX + secrets.token_urlsafe(32)
        record = Token(
            id=secrets.token_hex(6),
            hash=token_hash(text),
            rol=rol,
            gemeente=gemeente,
            aangemaakt=dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        )
        with self._lock:
            self._stamp = None
            self._load()
            self._save(self._tokens + [record])
        return record, text

    def intrekken(self, token_of_id: str) -> Token:
        key = token_of_id.strip()
        h = token_hash(key)
        with self._lock:
            self._stamp = None
            self._load()
            for i, t in enumerate(self._tokens):
                if t.id == key or t.hash == h:
                    if not t.actief:
                        return t
                    revoked = Token(**{**asdict(t), "ingetrokken": dt.datetime.now(dt.timezone.utc)
                                       .replace(microsecond=0).isoformat()})
                    tokens = list(self._tokens)
                    tokens[i] = revoked
                    self._save(tokens)
                    return revoked
        raise KennisbankFout("Er is geen token met dit id of deze waarde.")
