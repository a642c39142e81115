"""A real OpenID provider for the login tests: pyop (the OP library of the SATOSA project) behind a small WSGI app,
served by werkzeug over HTTPS (pyop insists on an https issuer, as production does) on a free port of 127.0.0.1 in a
thread, with a certificate made for it: ``ca_file`` is what a client trusts (REQUESTS_CA_BUNDLE).

Whoever the test names in ``signed_in`` has logged in at the provider (its own login page is not Förderweg's
concern); their directory data, roles and Dienststelle included, come from ``people``.
"""

from __future__ import annotations

import datetime
import ipaddress
import json
import ssl
import threading
from pathlib import Path
from urllib.parse import urlencode

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from Cryptodome.PublicKey import RSA
from jwkest.jwk import RSAKey
from pyop.authz_state import AuthorizationState
from pyop.exceptions import InvalidAuthenticationRequest, OAuthError
from pyop.provider import Provider
from pyop.subject_identifier import HashBasedSubjectIdentifierFactory
from pyop.userinfo import Userinfo
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

CLIENT_ID = "foerderweg"
CLIENT_SECRET = "test-client-secret"  # nosec B105 - the test provider's client, nothing real


def _certificate(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "provider.pem", folder / "provider.key"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_file, key_file


class OpenIdProvider:
    def __init__(self, redirect_uri: str, folder: Path):
        self.people: dict[str, dict] = {}
        self.signed_in: str | None = None
        self.ca_file, key_file = _certificate(folder)
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(self.ca_file, key_file)
        self._server = make_server("127.0.0.1", 0, self._wsgi, threaded=True, ssl_context=tls)
        self.issuer = f"https://127.0.0.1:{self._server.server_port}"
        endpoints = {
            "authorization_endpoint": "/authorization",
            "token_endpoint": "/token",
            "userinfo_endpoint": "/userinfo",
            "jwks_uri": "/jwks",
        }
        self.provider = Provider(
            RSAKey(key=RSA.generate(2048), alg="RS256", kid="test"),
            {
                "issuer": self.issuer,
                **{name: self.issuer + path for name, path in endpoints.items()},
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic"],
                "scopes_supported": ["openid", "profile", "email"],
                "code_challenge_methods_supported": ["S256"],
            },
            AuthorizationState(HashBasedSubjectIdentifierFactory("salz")),
            {
                CLIENT_ID: {
                    "client_secret": CLIENT_SECRET,
                    "redirect_uris": [redirect_uri],
                    "response_types": ["code"],
                    "token_endpoint_auth_method": "client_secret_basic",
                }
            },
            Userinfo(self.people),
        )
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> "OpenIdProvider":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._thread.join(timeout=10)

    def _directory_claims(self, user_id: str, client_id: str) -> dict:
        person = self.people[user_id]
        return {key: person[key] for key in ("preferred_username", "name", "email", "roles", "organisation")}

    def _wsgi(self, environ, start_response):
        request = Request(environ)
        headers = dict(request.headers)
        try:
            if request.path == "/.well-known/openid-configuration":
                response = Response(self.provider.provider_configuration.to_json(), mimetype="application/json")
            elif request.path == "/jwks":
                response = Response(json.dumps(self.provider.jwks), mimetype="application/json")
            elif request.path == "/authorization":
                asked = self.provider.parse_authentication_request(urlencode(request.args), headers)
                answer = self.provider.authorize(asked, self.signed_in)
                response = Response(status=302, headers={"Location": answer.request(asked["redirect_uri"], False)})
            elif request.path == "/token":
                body = request.get_data(as_text=True)
                answer = self.provider.handle_token_request(body, headers, self._directory_claims)
                response = Response(answer.to_json(), mimetype="application/json")
            else:
                response = Response("not found", status=404)
        except (InvalidAuthenticationRequest, OAuthError) as error:
            response = Response(json.dumps({"error": str(error)}), status=400, mimetype="application/json")
        return response(environ, start_response)
