"""What every RP letter carries besides its decision (issue 23): the person in charge with telephone and e-mail, the
„Hinweise zum Datenschutz“, the Haushaltsstelle with the Verpflichtungsermächtigung; internal notes laid out as a
Vermerk; the Integrationsbeauftragte letters saying what the programme does. Rendered from the programmes' sample
case, never stored: no database needed."""

from __future__ import annotations

import re
from io import BytesIO

import docx
from docx.oxml.ns import qn

from template_samples import sample_context
from workflow.engine.programmes import definition_for
from workflow.engine.settings import defaults
from workflow.letters import documents
from workflow.models import User
from workflow.programmes.check import sample_application

IM, IB = "integrationsmanagement", "integrationsbeauftragte"
BUDGET = {
    "budget_line": "Kapitel 0940 Titel 633 78",
    "commitment_authorisation": "Staatshaushaltsplan 2027/2028, Kapitel 0940 Titel 633 78",
}


def _letter(code: str, kind: str, context: dict) -> str:
    content = documents.render_template_bytes(definition_for(code).templates.read(kind), context)
    body = docx.Document(BytesIO(content)).element.body
    text = "\n".join("".join(node.text or "" for node in p.iter(qn("w:t"))) for p in body.iter(qn("w:p")))
    return re.sub(r"[ \t]+", " ", text)


def test_a_grant_names_the_reviewer_the_data_protection_and_the_budget_and_a_receipt_the_referat():
    definition = definition_for(IM)
    application = sample_application(definition, {**defaults(definition.all_settings), **BUDGET}, False, "grant")
    application.reviewer = User(full_name="Petra Prüfer", email="petra.pruefer@rps.bwl.de", phone="0711 904-15201")
    grant = _letter(IM, "grant_notice", sample_context(IM, application=application))
    assert "Bearbeitet von\nPetra Prüfer\nTelefon\n0711 904-15201\nE-Mail\npetra.pruefer@rps.bwl.de" in grant
    # The funding period runs to 31.03.2029, the Bescheid is of 2027: two later Haushaltsjahre under the VE.
    assert (
        "Die Zuwendung wird aus Kapitel 0940 Titel 633 78 des Staatshaushaltsplans geleistet. Soweit sie in den "
        "Haushaltsjahren 2028 und 2029 ausgezahlt wird, ist sie durch die Verpflichtungsermächtigung "
        "(Staatshaushaltsplan 2027/2028, Kapitel 0940 Titel 633 78) gedeckt." in grant
    )
    privacy = grant.split("Hinweise zum Datenschutz")[1]
    for part in (
        "Verantwortlich: Regierungspräsidium Stuttgart, Referat 15.2 – Dienststelle Wertheim, Am Eichamt 2",
        "Art. 6 Abs. 1 Buchst. e, Abs. 3 DSGVO in Verbindung mit § 4 LDSG",
        "Auskunft (Art. 15 DSGVO)",
        "Art. 20 Abs. 3 Satz 2 DSGVO",
        "Beschwerden können Sie an die Aufsichtsbehörde richten (Art. 77 DSGVO): Landesbeauftragter für den "
        "Datenschutz und die Informationsfreiheit Baden-Württemberg",
    ):
        assert part in privacy, part
    # Before a reviewer took the case, the Referat's general contact, never the clerk who submitted.
    receipt = _letter(IM, "receipt", sample_context(IM, joint=False))
    assert (
        "Bearbeitet von\nReferat 15.2 – Dienststelle Wertheim\nTelefon\n0711 904-0\nE-Mail\n"
        "integrationsmanagement@rps.bwl.de" in receipt
    )
    assert "Hinweise zum Datenschutz" in receipt and "Kapitel 0940" not in receipt


def test_internal_notes_are_vermerke_and_integrationsbeauftragte_letters_say_what_the_programme_does():
    note = _letter(IM, "proof_check_note", sample_context(IM, joint=False))
    assert note.startswith(
        "Regierungspräsidium Stuttgart – Referat 15.2 – Dienststelle Wertheim\nVermerk\nAktenzeichen"
    )
    assert "Interner Vermerk zur Akte, nicht zur Versendung" in note and "gez. " in note and "Zur Akte." in note
    assert "Sehr geehrte" not in note and "Marktplatz 1" not in note, "no letter to the municipality"
    context = sample_context(IB, joint=False)
    revocation = _letter(IB, "revocation_notice", {**context, "procedure": {**context["procedure"], "owes": False}})
    assert (
        "Widerrufsbescheid – VwV Integrationsbeauftragte" in revocation and "Rückforderungsbescheid" not in revocation
    )
    assert "Zu erstatten ist nichts (§ 49a Abs. 1 LVwVfG)" in revocation and "sind bereits erbrachte" not in revocation
    assert "Abruf" not in revocation, "the rates are paid without a call"
    waiver = _letter(IB, "waiver_confirmation", context)
    assert "Mittelabruf" not in waiver and "ohne dass Sie sie anfordern müssen" in waiver
    rejection = _letter(IB, "rejection_notice", sample_context(IB, joint=False, kind="rejection"))
    assert "nach Ihren Angaben" not in rejection and "Einwohnertabelle des Landes" in rejection
