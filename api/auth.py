"""Bearer tokens: `wijkteam` (one gemeente), `projectleider`; no token = the public.

The rule, on every operation of the API (the app installs `beller` as a dependency of all of /v1):
- no Authorization header: the public; where a role is needed that is a 401 with `WWW-Authenticate: Bearer`;
- an Authorization header with an unknown, revoked or malformed token: always a 401 with
  `WWW-Authenticate: Bearer error="invalid_token"`, also on public operations (a client that sends a token
  wants to be someone, and must learn that its token is no good rather than silently be the public);
- a valid token of the wrong role: 403.
"""

from __future__ import annotations

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from kennisbank.tokens import Token

from .fouten import ApiFout

bearer = HTTPBearer(auto_error=False, scheme_name="token",
                    description="Token van een wijkteam of projectleider (kennisbank token maak). Zonder token bent u het "
                                "publiek. Een token dat u meestuurt maar dat onbekend of ingetrokken is, geeft altijd "
                                "401 met WWW-Authenticate, ook bij openbare operaties.")

CHALLENGE = {"WWW-Authenticate": 'Bearer realm="kennisbank"'}


def _kb(request: Request):
    return request.app.state.kb


def beller(request: Request, cred: HTTPAuthorizationCredentials | None = Depends(bearer)) -> Token | None:
    """The caller's token, or None for the public. A token that is sent but not valid is a 401."""
    header = request.headers.get("authorization")
    if not header:
        return None
    if cred is None or cred.scheme.lower() != "bearer":
        raise ApiFout(401, "Gebruik 'Authorization: Bearer <token>'.", headers=CHALLENGE, code="geen_token")
    token = _kb(request).tokens.controleer(cred.credentials)
    if token is None:
        raise ApiFout(401, "Het token is onbekend of ingetrokken.",
                      headers={"WWW-Authenticate": 'Bearer realm="kennisbank", error="invalid_token"'},
                      code="ongeldig_token")
    return token


def vereis(*rollen: str):
    def check(token: Token | None = Depends(beller)) -> Token:
        if token is None:
            raise ApiFout(401, f"Hiervoor is een token nodig (rol: {' of '.join(rollen)}).", headers=CHALLENGE,
                          code="geen_token")
        if token.rol not in rollen:
            raise ApiFout(403, f"Uw token (rol {token.rol}) geeft hier geen toegang; nodig: {' of '.join(rollen)}.",
                          code="verkeerde_rol")
        return token

    check.rollen = rollen  # read by the OpenAPI: operations that need a role
    return check


def rollen_van(dependant) -> tuple[str, ...]:
    """The roles an operation requires (empty: public), from its dependency tree."""
    for sub in dependant.dependencies:
        rollen = getattr(sub.call, "rollen", None) or rollen_van(sub)
        if rollen:
            return rollen
    return ()


projectleider = vereis("projectleider")
wijkteam = vereis("wijkteam")
