"""Bearer tokens: `wijkteam` (one gemeente), `projectleider`; no token = the public.

Missing or wrong token where one is needed: 401 with `WWW-Authenticate: Bearer`. A valid token of the wrong
role: 403. A wrong token on a public path is also a 401: a client that sends a token wants to be someone.
"""

from __future__ import annotations

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from kennisbank.tokens import Token

from .fouten import ApiFout

bearer = HTTPBearer(auto_error=False, scheme_name="token",
                    description="Token van een wijkteam of projectleider (kennisbank token maak).")

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

    return check


projectleider = vereis("projectleider")
wijkteam = vereis("wijkteam")
