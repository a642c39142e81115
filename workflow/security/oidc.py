"""Login through the authority's OpenID provider: authorization code flow with PKCE (Authlib's Flask client).

Authlib checks the id_token's signature (the provider's JWKS), issuer, audience and nonce; the claims then name
the person's roles and Dienststelle (``operations.directory_logins``).
"""

from __future__ import annotations

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.flask_client import OAuth
from flask import current_app

from workflow.operations.directory_logins import DirectoryProfile

PROVIDER = "dienstkonto"
OAUTH_EXTENSION = "authlib.integrations.flask_client"


class ProviderRefused(Exception):
    """The provider's answer proved nobody: refused there, tampered with, or stale."""


class ProviderUnavailable(Exception):
    """The provider did not answer (its metadata, keys or token endpoint)."""


def configured(config) -> bool:
    return bool(config.get("OIDC_ISSUER") and config.get("OIDC_CLIENT_ID"))


def init_app(app) -> None:
    if not configured(app.config):
        return
    oauth = OAuth(app)
    oauth.register(
        PROVIDER,
        client_id=app.config["OIDC_CLIENT_ID"],
        client_secret=app.config["OIDC_CLIENT_SECRET"],
        server_metadata_url=app.config["OIDC_ISSUER"].rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={"scope": app.config["OIDC_SCOPES"], "code_challenge_method": "S256", "timeout": 10},
    )


def _client():
    return current_app.extensions[OAUTH_EXTENSION].create_client(PROVIDER)


def redirect_to_provider(callback_url: str):
    """The redirect to the provider; state, nonce and the PKCE verifier wait in the session."""
    try:
        return _client().authorize_redirect(callback_url)
    except requests.RequestException as error:
        raise ProviderUnavailable(str(error)) from None


def profile_from_callback() -> DirectoryProfile:
    """The person the provider vouched for, from the verified id_token of the code in this request."""
    try:
        token = _client().authorize_access_token()
    except OAuthError as error:
        raise ProviderRefused(error.error) from None
    except requests.RequestException as error:
        raise ProviderUnavailable(str(error)) from None
    claims = token.get("userinfo")
    if not claims:
        raise ProviderRefused("kein id_token")
    config = current_app.config
    roles = claims.get(config["OIDC_ROLES_CLAIM"]) or []
    organisation = claims.get(config["OIDC_ORGANISATION_CLAIM"])
    return DirectoryProfile(
        issuer=claims["iss"],
        subject=claims["sub"],
        username=str(claims.get(config["OIDC_USERNAME_CLAIM"]) or claims.get("email") or claims["sub"]),
        full_name=str(claims.get("name") or ""),
        email=str(claims.get("email") or ""),
        role_values=frozenset([roles] if isinstance(roles, str) else map(str, roles)),
        organisation_value=str(organisation) if organisation else None,
    )
