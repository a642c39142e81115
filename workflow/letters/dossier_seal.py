"""The seal of a dossier: its manifest signed by the authority (CMS SignedData with the manifest inside,
``manifest.p7s``) and, where a time-stamping service is configured, an RFC 3161 time-stamp over the signature value
(``manifest.tst``, the signature-time-stamp of CAdES-T kept beside the signature: ``cryptography`` cannot add
unsigned attributes).

Because the signed manifest travels inside the signature, ``verify`` can name what was changed in ``manifest.json``
(status, Aktenzeichen, a file's hash, a cut-off or recomputed chain) rather than only that something was.

The key and certificate come from ``DOSSIER_SIGNING_KEY`` and ``DOSSIER_SIGNING_CERT`` (PEM files: the authority's
certificate in production); without them a self-signed pair is generated into the instance folder on first use,
as the anchors' key is. ``DOSSIER_TSA_URL`` names the time-stamping service, ``DOSSIER_TSA_CERT`` the certificate
(or its issuer) whose stamps ``verify`` trusts; with a TSA configured a dossier without a stamp is refused.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from http.client import HTTPConnection, HTTPException, HTTPSConnection
from pathlib import Path
from typing import Optional
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import NameOID

from workflow.security import cms
from workflow.security.key_files import write_key_file

SIGNATURE, TIMESTAMP = "manifest.p7s", "manifest.tst"
KEY_FILE, CERT_FILE = "dossier_signing.key", "dossier_signing.pem"


class SealUnavailable(RuntimeError):
    """The time-stamping service did not answer with a stamp: no dossier is handed out half sealed."""


@dataclass(frozen=True)
class Trust:
    """What ``verify`` accepts: the authority's signing certificate and, if any, the TSA's certificate."""

    signer: x509.Certificate
    tsa: Optional[x509.Certificate]


def _load_or_make_pair(app) -> tuple[object, x509.Certificate]:
    key_path, cert_path = app.config.get("DOSSIER_SIGNING_KEY"), app.config.get("DOSSIER_SIGNING_CERT")
    if not key_path:
        key_path, cert_path = os.path.join(app.instance_path, KEY_FILE), os.path.join(app.instance_path, CERT_FILE)
        if not os.path.exists(key_path):
            _make_pair(app, key_path, cert_path)
    key = serialization.load_pem_private_key(Path(key_path).read_bytes(), password=None)
    return key, x509.load_pem_x509_certificate(Path(cert_path).read_bytes())


def _make_pair(app, key_path: str, cert_path: str) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "Förderweg Prüfakten"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, app.config["SERVICE_OPERATOR"][:64]),
        ]
    )
    now = datetime.now(timezone.utc)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=3650))
        .sign(key, hashes.SHA256())
    )
    os.makedirs(app.instance_path, exist_ok=True)
    write_key_file(
        key_path,
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode("ascii"),
    )
    Path(cert_path).write_bytes(certificate.public_bytes(serialization.Encoding.PEM))


def trust_of(app) -> Trust:
    tsa = app.config.get("DOSSIER_TSA_CERT")
    return Trust(_load_or_make_pair(app)[1], x509.load_pem_x509_certificate(Path(tsa).read_bytes()) if tsa else None)


def seal(app, manifest: bytes) -> dict[str, bytes]:
    """The signature over ``manifest`` and, with a TSA configured, its time-stamp: the files to add to the ZIP."""
    key, certificate = _load_or_make_pair(app)
    signature = (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(manifest)
        .add_signer(certificate, key, hashes.SHA256())
        .sign(serialization.Encoding.DER, [pkcs7.PKCS7Options.Binary])
    )
    files = {SIGNATURE: signature}
    if app.config.get("DOSSIER_TSA_URL"):
        files[TIMESTAMP] = _stamp(app, cms.verify_signed_data(signature).signature)
    return files


def _stamp(app, signature_value: bytes) -> bytes:
    request, nonce = cms.timestamp_request(signature_value)
    url = urlsplit(app.config["DOSSIER_TSA_URL"])
    connection_class = HTTPSConnection if url.scheme == "https" else HTTPConnection
    connection = connection_class(url.hostname, url.port, timeout=app.config["DOSSIER_TSA_TIMEOUT_SECONDS"])
    try:
        connection.request(
            "POST", url.path or "/", body=request, headers={"Content-Type": "application/timestamp-query"}
        )
        answer = connection.getresponse()
        body = answer.read()
        if answer.status != 200:
            raise SealUnavailable(f"Der Zeitstempeldienst antwortete mit {answer.status}.")
        token = cms.token_of_response(body)
        if cms.verify_token(token).nonce != nonce:
            raise SealUnavailable("Der Zeitstempel gehört nicht zu dieser Anfrage.")
        return token
    except (OSError, HTTPException, ValueError, InvalidSignature) as error:
        raise SealUnavailable(
            f"Der Zeitstempeldienst ist nicht erreichbar oder antwortete unbrauchbar: {error}"
        ) from None
    finally:
        connection.close()


def _trusted(certificate: x509.Certificate, anchor: x509.Certificate) -> bool:
    if certificate == anchor:
        return True
    try:
        certificate.verify_directly_issued_by(anchor)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


@dataclass
class SealCheck:
    signed_manifest: Optional[bytes] = None
    stamped_at: Optional[datetime] = None
    problems: list[str] = field(default_factory=list)


def check_seal(files: dict[str, bytes], trust: Trust) -> SealCheck:
    """The signature (by the trusted certificate) and the time-stamp; the signed manifest if the signature holds."""
    result = SealCheck()
    if SIGNATURE not in files:
        result.problems.append(f"{SIGNATURE}: Die Signatur der Behörde fehlt.")
        return result
    try:
        signed = cms.verify_signed_data(files[SIGNATURE])
    except (cms.Malformed, InvalidSignature) as error:
        result.problems.append(f"{SIGNATURE}: Die Signatur ist ungültig ({error}).")
        return result
    if not _trusted(signed.signer, trust.signer):
        result.problems.append(
            f"{SIGNATURE}: Signiert hat nicht die Behörde, sondern „{signed.signer.subject.rfc4514_string()}“."
        )
        return result
    result.signed_manifest = signed.content
    if TIMESTAMP not in files:
        if trust.tsa is not None:
            result.problems.append(f"{TIMESTAMP}: Der Zeitstempel fehlt.")
        return result
    try:
        stamp = cms.verify_token(files[TIMESTAMP])
    except (cms.Malformed, InvalidSignature) as error:
        result.problems.append(f"{TIMESTAMP}: Der Zeitstempel ist ungültig ({error}).")
        return result
    if stamp.imprint != hashlib.sha256(signed.signature).digest():
        result.problems.append(f"{TIMESTAMP}: Der Zeitstempel gehört nicht zu dieser Signatur.")
    elif trust.tsa is None:
        result.problems.append(
            f"{TIMESTAMP}: Ohne vertrauten Zeitstempeldienst (DOSSIER_TSA_CERT) lässt sich der "
            "Zeitstempel nicht prüfen."
        )
    elif not _trusted(stamp.tsa, trust.tsa):
        result.problems.append(f"{TIMESTAMP}: Der Zeitstempel stammt nicht vom vertrauten Zeitstempeldienst.")
    else:
        result.stamped_at = stamp.time
    return result
