"""The little of CMS (RFC 5652) and RFC 3161 that sealing a dossier needs and ``cryptography`` does not offer:
reading a SignedData, checking its signer's signature, and asking a time-stamping service for a token.

``cryptography`` makes CMS signatures but cannot check them or read a time-stamp token; this module reads the DER
structures by hand (definite lengths only, as DER has them) and leaves every cryptographic operation to
``cryptography``. It trusts nothing by itself: the caller compares the signer's certificate with the one it trusts.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Optional

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

SEQUENCE, SET, INTEGER, OCTET_STRING, OID, BOOLEAN, NULL, GENERALIZED_TIME = (
    0x30,
    0x31,
    0x02,
    0x04,
    0x06,
    0x01,
    0x05,
    0x18,
)
CONTEXT_0, CONTEXT_1 = 0xA0, 0xA1
MESSAGE_DIGEST = bytes.fromhex("2a864886f70d010904")  # 1.2.840.113549.1.9.4
DIGESTS = {
    bytes.fromhex("608648016503040201"): hashes.SHA256,
    bytes.fromhex("608648016503040202"): hashes.SHA384,
    bytes.fromhex("608648016503040203"): hashes.SHA512,
}
SHA256_OID = bytes.fromhex("608648016503040201")


class Malformed(ValueError):
    """Not the DER structure expected."""


@dataclass(frozen=True)
class Node:
    tag: int
    raw: bytes  # the whole TLV
    value: bytes  # the contents

    def children(self) -> list["Node"]:
        found, position = [], 0
        while position < len(self.value):
            node, position = read(self.value, position)
            found.append(node)
        return found


def read(data: bytes, position: int = 0) -> tuple[Node, int]:
    try:
        tag, first = data[position], data[position + 1]
        start = position + 2
        if first & 0x80:
            count = first & 0x7F
            if count == 0 or count > 4:
                raise Malformed("Längenangabe nicht DER")
            length = int.from_bytes(data[start : start + count], "big")
            start += count
        else:
            length = first
    except IndexError:
        raise Malformed("abgeschnitten") from None
    end = start + length
    if end > len(data):
        raise Malformed("abgeschnitten")
    return Node(tag, data[position:end], data[start:end]), end


def der(tag: int, content: bytes) -> bytes:
    length = len(content)
    if length < 0x80:
        return bytes([tag, length]) + content
    encoded = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(encoded)]) + encoded + content


@dataclass(frozen=True)
class Signed:
    """A SignedData whose signature was checked: what was signed, by which certificate, and the signature value."""

    content: bytes
    signer: x509.Certificate
    signature: bytes


def verify_signed_data(content_info: bytes, detached: Optional[bytes] = None) -> Signed:
    """Check the one signer of a CMS SignedData (encapsulated content, or ``detached``); raises ``Malformed`` or
    ``InvalidSignature``. The certificate is the one in the structure that verifies; trusting it is the caller's."""
    try:
        return _verified(content_info, detached)
    except (IndexError, StopIteration, KeyError, ValueError) as error:  # ValueError: also Malformed, a bad certificate
        raise Malformed(f"Keine lesbare CMS-Signatur ({type(error).__name__}).") from None


def _verified(content_info: bytes, detached: Optional[bytes]) -> Signed:
    outer, _ = read(content_info)
    _, wrapped = outer.children()[:2]
    parts = wrapped.children()[0].children()
    encapsulated = parts[2].children()
    content = detached if detached is not None else encapsulated[1].children()[0].value
    certificates = [
        x509.load_der_x509_certificate(node.raw)
        for part in parts[3:]
        if part.tag == CONTEXT_0
        for node in part.children()
    ]
    signer_info = next(part for part in parts[3:] if part.tag == SET).children()[0].children()
    digest_algorithm = DIGESTS[signer_info[2].children()[0].value]
    attributes = next(node for node in signer_info if node.tag == CONTEXT_0)
    signature = next(node for node in signer_info[4:] if node.tag == OCTET_STRING).value
    digests = [
        attribute.children()[1].children()[0].value
        for attribute in attributes.children()
        if attribute.children()[0].value == MESSAGE_DIGEST
    ]
    hasher = hashes.Hash(digest_algorithm())
    hasher.update(content)
    if digests != [hasher.finalize()]:
        raise InvalidSignature("Der Inhalt passt nicht zur signierten Prüfsumme.")
    signed_attributes = bytes([SET]) + attributes.raw[1:]  # signed as a SET (RFC 5652, 5.4)
    for certificate in certificates:
        try:
            _check(certificate.public_key(), signature, signed_attributes, digest_algorithm())
        except InvalidSignature:
            continue
        return Signed(content, certificate, signature)
    raise InvalidSignature("Keines der enthaltenen Zertifikate bestätigt die Signatur.")


def _check(key, signature: bytes, data: bytes, algorithm) -> None:
    if isinstance(key, rsa.RSAPublicKey):
        key.verify(signature, data, padding.PKCS1v15(), algorithm)
    elif isinstance(key, ec.EllipticCurvePublicKey):
        key.verify(signature, data, ec.ECDSA(algorithm))
    else:
        raise InvalidSignature("Schlüsselart nicht unterstützt.")


def timestamp_request(data: bytes) -> tuple[bytes, int]:
    """An RFC 3161 TimeStampReq for SHA-256 of ``data`` that asks for the TSA's certificate, and its nonce."""
    nonce = secrets.randbits(63)
    imprint = der(
        SEQUENCE,
        der(SEQUENCE, der(OID, SHA256_OID) + der(NULL, b"")) + der(OCTET_STRING, hashlib.sha256(data).digest()),
    )
    body = der(INTEGER, b"\x01") + imprint + der(INTEGER, nonce.to_bytes(8, "big")) + der(BOOLEAN, b"\xff")
    return der(SEQUENCE, body), nonce


def token_of_response(response: bytes) -> bytes:
    """The time-stamp token of a TimeStampResp, if the service granted one; else ``Malformed``."""
    try:
        parts = read(response)[0].children()
        status = int.from_bytes(parts[0].children()[0].value, "big")
    except IndexError:
        raise Malformed("Die Antwort des Zeitstempeldienstes ist nicht lesbar.") from None
    if status not in (0, 1) or len(parts) < 2:
        raise Malformed(f"Der Zeitstempeldienst lehnte ab (Status {status}).")
    return parts[1].raw


@dataclass(frozen=True)
class Timestamp:
    time: datetime
    imprint: bytes  # SHA-256 of what was stamped
    nonce: Optional[int]
    tsa: x509.Certificate


def verify_token(token: bytes) -> Timestamp:
    """The checked content of a time-stamp token (its signature by the certificate it carries)."""
    signed = verify_signed_data(token)
    try:
        return _stamp(signed)
    except (IndexError, ValueError) as error:
        raise Malformed(f"Kein lesbarer Zeitstempel ({type(error).__name__}).") from None


def _stamp(signed: Signed) -> Timestamp:
    info = read(signed.content)[0].children()
    imprint = info[2].children()
    if imprint[0].children()[0].value != SHA256_OID:
        raise Malformed("Der Zeitstempel nutzt nicht SHA-256.")
    moment = info[4].value.decode("ascii").rstrip("Z").split(".")[0]
    nonces = [node for node in info[5:] if node.tag == INTEGER]
    return Timestamp(
        datetime.strptime(moment, "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc),
        imprint[1].value,
        int.from_bytes(nonces[0].value, "big") if nonces else None,
        signed.signer,
    )
