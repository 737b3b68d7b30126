"""Runtime configuration. The environment variable names are a contract scripts rely on.

- KENNISBANK_DATA        folder for all runtime state (store, search index, tokens); default `.kennisbank/`
- KENNISBANK_SPARQL_URL  use a SPARQL 1.1 server instead of the embedded store (see store/remote.py)
- KENNISBANK_BASE_IRI    base of every IRI we mint; default SOURCE_BASE
- KENNISBANK_BRON        folder with ontologie/, regels/, knelpunten/, praktijkvoorbeelden/; default: this repo
- KENNISBANK_SPARQL_TIMEOUT   seconds a public SPARQL query may run (/v1/sparql); default 10
- KENNISBANK_SPARQL_WERKERS   worker processes for public SPARQL queries; default 2
- KENNISBANK_SPARQL_WACHTRIJ  public SPARQL queries that may wait for a worker; beyond that 429; default 8
- KENNISBANK_ANTWOORDCACHE  `uit` switches off the API's remembered answers (api/antwoordcache.py); default on
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

#: The base IRI the Turtle files in this repository are written against. At load time it is
#: replaced by the configured base, so a deployment can mint IRIs under its own domain.
SOURCE_BASE = "https://kennisbank.botsenderegels.nl"

#: Folders under the source root whose Turtle files make up the curated knowledge graph.
DATA_FOLDERS = ("ontologie", "regels", "organisaties", "experimenten", "knelpunten", "praktijkvoorbeelden")

_REPO_ROOT = Path(__file__).resolve().parent.parent


def _default_source_root() -> Path:
    if (_REPO_ROOT / "ontologie").is_dir():
        return _REPO_ROOT
    return Path.cwd()


def _getal(env, naam: str, standaard, soort):
    waarde = (env.get(naam) or "").strip()
    if not waarde:
        return standaard
    try:
        getal = soort(waarde)
    except ValueError:
        raise ValueError(f"{naam} moet een getal zijn, niet '{waarde}'.") from None
    if getal < 0 or (naam.endswith(("TIMEOUT", "WERKERS")) and getal <= 0):
        raise ValueError(f"{naam} moet groter dan 0 zijn, niet '{waarde}'.")
    return getal


@dataclass(frozen=True)
class Config:
    data_dir: Path = field(default_factory=lambda: Path(".kennisbank"))
    source_root: Path = field(default_factory=_default_source_root)
    base_iri: str = SOURCE_BASE
    sparql_url: str | None = None
    sparql_update_url: str | None = None
    sparql_store_url: str | None = None
    sparql_timeout: float = 10.0
    sparql_werkers: int = 2
    sparql_wachtrij: int = 8
    antwoordcache: bool = True

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> "Config":
        env = os.environ if env is None else env
        base = env.get("KENNISBANK_BASE_IRI", SOURCE_BASE).strip().rstrip("/")
        return cls(
            data_dir=Path(env.get("KENNISBANK_DATA") or ".kennisbank"),
            source_root=Path(env["KENNISBANK_BRON"]) if env.get("KENNISBANK_BRON") else _default_source_root(),
            base_iri=base or SOURCE_BASE,
            sparql_url=env.get("KENNISBANK_SPARQL_URL") or None,
            sparql_update_url=env.get("KENNISBANK_SPARQL_UPDATE_URL") or None,
            sparql_store_url=env.get("KENNISBANK_SPARQL_STORE_URL") or None,
            sparql_timeout=_getal(env, "KENNISBANK_SPARQL_TIMEOUT", 10.0, float),
            sparql_werkers=_getal(env, "KENNISBANK_SPARQL_WERKERS", 2, int),
            sparql_wachtrij=_getal(env, "KENNISBANK_SPARQL_WACHTRIJ", 8, int),
            antwoordcache=(env.get("KENNISBANK_ANTWOORDCACHE") or "aan").strip().lower() not in ("uit", "0", "nee", "false", "off"),
        )

    def rebase(self, text: str) -> str:
        """Rewrite IRIs written against SOURCE_BASE to the configured base."""
        if self.base_iri == SOURCE_BASE:
            return text
        return text.replace(SOURCE_BASE + "/", self.base_iri + "/")
