"""A dossier that proves itself: signed by the authority, time-stamped by a real RFC 3161 service (OpenSSL's
``ts``), and ``foerderweg verify --dossier`` names each tampering: the header, a file with its hash updated, a
cut-off or recomputed chain, a foreign signature, a missing or foreign time-stamp, a history cut in the database."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess  # nosec B404 - OpenSSL checks the seal as an outside party would
import zipfile
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7

from factories import api_token, in_state, waive
from seal_keys import TimeStampingService, make_pair
from tampering import delete_newest_entries, tampering
from workflow.letters.dossier_check import verify_dossier
from workflow.letters.dossier_seal import trust_of
from workflow.models import AuditEntry
from workflow.security import cms

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="OpenSSL ist nicht installiert")


@pytest.fixture
def tsa(app, tmp_path):
    service = TimeStampingService(tmp_path / "tsa")
    app.config.update(DOSSIER_TSA_URL=service.url, DOSSIER_TSA_CERT=service.cert)
    yield service
    service.stop()


def _case_dossier(app, client) -> tuple[int, bytes]:
    application_id, clerk = in_state(app, "granted")
    with app.app_context():
        waive(application_id, clerk)  # an attachment: the signed declaration
    response = client.get(f"/api/v1/cases/{application_id}/dossier", headers=api_token(app, "pruefung.sued"))
    assert response.status_code == 200, response.get_data(as_text=True)
    return application_id, response.data


def _changed(content: bytes, changes: dict[str, bytes | None]) -> bytes:
    """The ZIP with members replaced, or removed where the value is None."""
    source, target = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(target, "w") as out:
        for item in source.namelist():
            data = changes.get(item, source.read(item))
            if data is not None:
                out.writestr(item, data)
    return target.getvalue()


def _problems(app, tmp_path: Path, content: bytes) -> list[str]:
    path = tmp_path / "akte.zip"
    path.write_bytes(content)
    return verify_dossier(path, trust_of(app)).problems


def _manifest(content: bytes) -> dict:
    return json.loads(zipfile.ZipFile(io.BytesIO(content)).read("manifest.json"))


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=2).encode()


def test_a_sealed_dossier_verifies_with_its_signature_and_time_stamp(app, client, tsa, tmp_path):
    _, content = _case_dossier(app, client)
    names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    assert {"manifest.json", "manifest.p7s", "manifest.tst"} <= set(names) and any(
        n.startswith("anlagen/") for n in names
    )
    assert tsa.requests == 1
    path = tmp_path / "akte.zip"
    path.write_bytes(content)
    check = verify_dossier(path, trust_of(app))
    assert check.problems == [] and isinstance(check.stamped_at, datetime)
    result = app.test_cli_runner().invoke(args=["verify", "--dossier", str(path)])
    assert result.exit_code == 0 and "signiert, Zeitstempel vom" in result.output
    # OpenSSL reads both as the standards they claim to be: the CMS signature with the manifest inside, and the
    # RFC 3161 stamp over the signature's value by the trusted service.
    archive = zipfile.ZipFile(io.BytesIO(content))
    for name in ("manifest.p7s", "manifest.tst"):
        (tmp_path / name).write_bytes(archive.read(name))
    signed = subprocess.run(
        [
            "openssl",
            "cms",
            "-verify",
            "-inform",
            "DER",
            "-in",
            str(tmp_path / "manifest.p7s"),  # nosec
            "-binary",
            "-CAfile",
            app.config["DOSSIER_SIGNING_CERT"],
            "-purpose",
            "any",
        ],
        capture_output=True,
        check=True,
    ).stdout
    assert signed == archive.read("manifest.json")
    value = cms.verify_signed_data(archive.read("manifest.p7s")).signature
    stamped = subprocess.run(
        [
            "openssl",
            "ts",
            "-verify",
            "-digest",
            hashlib.sha256(value).hexdigest(),
            "-token_in",  # nosec
            "-in",
            str(tmp_path / "manifest.tst"),
            "-CAfile",
            tsa.cert,
        ],
        capture_output=True,
        text=True,
    )
    assert "Verification: OK" in stamped.stdout, stamped.stderr
    manifest = _manifest(content)
    assert (
        manifest["anker"]["laenge"] == len(manifest["kette"])
        and manifest["anker"]["kopf"] == manifest["kette"][-1]["hash"]
    )
    # A stamp is only as good as the service it comes from: without one to trust, it is not taken on faith.
    app.config["DOSSIER_TSA_CERT"] = None
    assert any("DOSSIER_TSA_CERT" in problem for problem in verify_dossier(path, trust_of(app)).problems)


def test_each_tampering_is_named(app, client, tsa, tmp_path):
    _, content = _case_dossier(app, client)
    manifest = _manifest(content)
    archive = zipfile.ZipFile(io.BytesIO(content))
    attachment = next(name for name in archive.namelist() if name.startswith("anlagen/"))

    def with_manifest(change, files: dict[str, bytes] | None = None) -> bytes:
        files = files or {}
        forged = json.loads(json.dumps(manifest))
        change(forged)
        for name, data in files.items():
            forged["dateien"][name] = hashlib.sha256(data).hexdigest()
        return _changed(content, {"manifest.json": _json(forged), **files})

    def header(field, value):
        return with_manifest(lambda m: m["antrag"].__setitem__(field, value))

    cases = {
        "Status geändert (signiert „final“, vorliegend „rejected“)": header("status", "rejected"),
        "Aktenzeichen geändert": header("aktenzeichen", "RPS-FALSCH"),
        f"{attachment}: Inhalt passt nicht zur SHA-256": with_manifest(lambda m: None, {attachment: b"%PDF-anders"}),
        "SHA-256 von verlauf.csv geändert": with_manifest(lambda m: None, {"verlauf.csv": b"Zeitpunkt;Schritt\n"}),
        "Verlaufskette gekürzt (signiert": with_manifest(lambda m: m["kette"].pop()),
    }

    def recomputed(m):
        """An entry changed and every hash after it recomputed with the public code, anchor included."""
        m["kette"][1]["comment"] = "nachträglich geschönt"
        previous = m["kette"][0]["hash"]
        for link in m["kette"][1:]:
            entry = AuditEntry(
                application_id=link["application_id"],
                transition=link["transition"],
                from_state=link["from"],
                to_state=link["to"],
                actor_id=link["actor_id"],
                comment=link["comment"],
                details=link["details"],
                created_at=datetime.fromisoformat(link["created_at"]),
                previous_hash=previous,
            )
            link["previous"], link["hash"] = previous, entry.computed_hash(link["documents"])
            previous = link["hash"]
        m["anker"]["kopf"] = previous

    cases[f"Verlaufseintrag {manifest['kette'][1]['id']} ({manifest['kette'][1]['transition']}) geändert"] = (
        with_manifest(recomputed)
    )
    key, cert = make_pair(tmp_path / "angreifer", "angreifer", "Falsche Behörde")
    foreign = (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(archive.read("manifest.json"))
        .add_signer(
            x509.load_pem_x509_certificate(Path(cert).read_bytes()),
            serialization.load_pem_private_key(Path(key).read_bytes(), None),
            hashes.SHA256(),
        )
        .sign(serialization.Encoding.DER, [pkcs7.PKCS7Options.Binary])
    )
    cases["Signiert hat nicht die Behörde"] = _changed(content, {"manifest.p7s": foreign})
    cases["Die Signatur der Behörde fehlt"] = _changed(content, {"manifest.p7s": None})
    cases["Die Signatur ist ungültig"] = _changed(content, {"manifest.p7s": archive.read("manifest.p7s")[:-10]})
    cases["Der Zeitstempel fehlt"] = _changed(content, {"manifest.tst": None})
    _, other = _case_dossier(app, client)
    cases["Der Zeitstempel gehört nicht zu dieser Signatur"] = _changed(
        content, {"manifest.tst": zipfile.ZipFile(io.BytesIO(other)).read("manifest.tst")}
    )
    for expected, forged in cases.items():
        problems = _problems(app, tmp_path, forged)
        assert any(expected in problem for problem in problems), (expected, problems)

    # A history cut short in the database before the dossier was made: the chain no longer reaches its anchor.
    granted, _ = in_state(app, "granted")
    with tampering(app) as connection:
        delete_newest_entries(connection, granted)
    cut = client.get(f"/api/v1/cases/{granted}/dossier", headers=api_token(app, "pruefung.sued")).data
    assert any("verankert sind" in problem for problem in _problems(app, tmp_path, cut))


def test_without_its_time_stamping_service_no_dossier_is_handed_out(app, client, tsa):
    application_id, _ = in_state(app, "granted")
    tsa.stop()
    response = client.get(f"/api/v1/cases/{application_id}/dossier", headers=api_token(app, "pruefung.sued"))
    assert response.status_code == 503 and "Zeitstempeldienst" in response.get_json()["detail"]


def test_without_a_configured_key_a_pair_is_made_once_in_the_instance_folder(tmp_path):
    installation = SimpleNamespace(
        instance_path=str(tmp_path),
        config={
            "DOSSIER_SIGNING_KEY": None,
            "DOSSIER_SIGNING_CERT": None,
            "DOSSIER_TSA_CERT": None,
            "SERVICE_OPERATOR": "Regierungspräsidium Stuttgart",
        },
    )
    first, again = trust_of(installation).signer, trust_of(installation).signer
    assert first == again and "Förderweg Prüfakten" in first.subject.rfc4514_string()
    assert (tmp_path / "dossier_signing.key").stat().st_mode & 0o777 == 0o600
