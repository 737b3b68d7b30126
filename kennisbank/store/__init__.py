"""One small store interface with two backends.

- `EmbeddedStore`: an Oxigraph store on disk (pyoxigraph), the default; no server.
- `RemoteStore`: any SPARQL 1.1 server over the Query, Update and Graph Store protocols.

The rest of the code only sees `Store`. Terms are pyoxigraph terms (NamedNode, Literal, BlankNode) for
both backends. User text is never concatenated into SPARQL: pass it as `bindings`.
"""

from __future__ import annotations

from .base import Store, Row, RESULT_FORMATS
from .open import open_store, open_inbox

__all__ = ["Store", "Row", "RESULT_FORMATS", "open_store", "open_inbox"]
