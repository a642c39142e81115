"""What the API answers with: marshmallow schemas of cases, their history and files, and the lists."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields

from workflow.search.queries import SORTS

MAX_PAGE_SIZE = 100


class Amount(fields.Decimal):
    """Euro amounts and shares as exact decimal strings ("58000.00"), never as binary floating point."""

    def __init__(self, **kwargs):
        super().__init__(as_string=True, **kwargs)


# marshmallow's messages, in German, for every field of an input schema.
GERMAN_FIELD_MESSAGES = {
    "required": "Pflichtangabe fehlt.",
    "null": "Darf nicht leer sein.",
    "invalid": "Ungültiger Wert.",
    "validator_failed": "Ungültiger Wert.",
}


class Strict(ma.Schema):
    """Input schemas refuse unknown fields, so a mistyped filter is an error, not silently ignored; in German."""

    error_messages = {"unknown": "Unbekanntes Feld.", "type": "Ungültige Eingabe: ein JSON-Objekt wird erwartet."}

    class Meta:
        unknown = ma.RAISE

    def on_bind_field(self, field_name: str, field_obj: fields.Field) -> None:
        field_obj.error_messages = {**field_obj.error_messages, **GERMAN_FIELD_MESSAGES}


class PageQuery(Strict):
    cursor = fields.String(metadata={"description": "Aus „next_cursor“ der vorigen Seite"})
    limit = fields.Integer(load_default=20, validate=ma.validate.Range(1, MAX_PAGE_SIZE, error="Zwischen 1 und 100."))


class CaseQuery(PageQuery):
    programme = fields.String(metadata={"description": "Kürzel des Programms"})
    state = fields.List(fields.String(), metadata={"description": "Status (mehrfach möglich)"})
    sort = fields.String(
        load_default="frist", validate=ma.validate.OneOf(list(SORTS), error="Erlaubt: frist, eingang, neu.")
    )


class OrganisationQuery(PageQuery):
    q = fields.String(metadata={"description": "Teil des Namens oder Gemeindeschlüssel"})


class OrganisationOut(ma.Schema):
    id = fields.Integer()
    name = fields.String()
    ags = fields.String(allow_none=True)
    kind = fields.Function(lambda o: o.kind.value)


class CaseOut(ma.Schema):
    id = fields.Integer()
    file_number = fields.String(allow_none=True)
    programme = fields.Function(lambda a: a.programme.code)
    state = fields.String()
    state_label = fields.Method("_state_label")
    revision = fields.Integer()
    applicant = fields.Nested(OrganisationOut)
    joint = fields.Function(lambda a: a.is_joint)
    submitted_at = fields.DateTime(allow_none=True)
    updated_at = fields.DateTime()
    requested_amount = Amount(allow_none=True)
    granted_amount = Amount(allow_none=True)
    decision_kind = fields.String(allow_none=True)

    def _state_label(self, application) -> str:
        from workflow.engine.programmes import workflow_of

        return workflow_of(application).state(application.state).label


class PositionOut(ma.Schema):
    person_name = fields.String()
    fte = Amount()
    employment_start = fields.Date()
    funding_start = fields.Date()
    funding_end = fields.Date()
    amount = Amount()
    details = fields.Dict()


class CaseDetailOut(CaseOut):
    contact_name = fields.String(allow_none=True)
    contact_phone = fields.String(allow_none=True)
    contact_email = fields.String(allow_none=True)
    account_holder = fields.String(allow_none=True)
    iban = fields.String(allow_none=True)
    bic = fields.String(allow_none=True)
    members = fields.List(fields.Nested(OrganisationOut), attribute="member_organisations")
    details = fields.Dict()
    positions = fields.List(fields.Nested(PositionOut))


def page_schema(item: type[ma.Schema]) -> type[ma.Schema]:
    """The schema of one page of a list of ``item`` (``page_answer``)."""
    fields_of_page = {
        "items": fields.List(fields.Nested(item)),
        "total": fields.Integer(),
        "next_cursor": fields.String(
            allow_none=True, metadata={"description": "Für die nächste Seite; null auf der letzten"}
        ),
    }
    return ma.Schema.from_dict(fields_of_page, name=item.__name__.removesuffix("Out") + "PageOut")


class DocumentOut(ma.Schema):
    id = fields.Integer()
    kind = fields.String()
    title = fields.String()
    filename = fields.String()
    sha256 = fields.String()
    size = fields.Integer()
    created_at = fields.DateTime()
    history_entry = fields.Integer(attribute="audit_entry_id")


class HistoryEntryOut(ma.Schema):
    id = fields.Integer()
    transition = fields.String()
    label = fields.String()
    from_state = fields.String()
    to_state = fields.String()
    actor = fields.String()
    created_at = fields.DateTime()
    comment = fields.String()
    via_api = fields.Boolean(metadata={"description": "über die Schnittstelle ausgeführt"})
    entry_hash = fields.String()
    documents = fields.List(fields.Integer())


class DeadlineOut(ma.Schema):
    id = fields.Integer()
    kind = fields.String()
    due_on = fields.Date()
    status = fields.String()
    opened_at = fields.DateTime()
    closed_at = fields.DateTime(allow_none=True)


class NotificationOut(ma.Schema):
    id = fields.Integer()
    case = fields.Integer(attribute="application_id")
    subject = fields.String()
    created_at = fields.DateTime()
    read_at = fields.DateTime(allow_none=True)


class ProgrammeOut(ma.Schema):
    code = fields.String()
    name = fields.String()
    states = fields.List(fields.String())
    transitions = fields.List(fields.String())


class AllocationOut(ma.Schema):
    organisation = fields.Nested(OrganisationOut)
    amount = Amount()


class LedgerOut(ma.Schema):
    programme = fields.String()
    allocated_total = Amount()
    granted_total = Amount()


class ActionOut(ma.Schema):
    name = fields.String()
    label = fields.String()
    description = fields.String()
    input = fields.String(allow_none=True, metadata={"description": "Name des Eingabeschemas (components/schemas)"})
    blocked_by = fields.String(allow_none=True, metadata={"description": "Warum der Schritt noch nicht geht"})


class DraftIn(Strict):
    data = fields.Dict(
        required=True,
        metadata={"description": "Die Angaben wie im Antragsformular: Felder und Listen (positions, members)"},
    )


class DraftOut(ma.Schema):
    case = fields.Nested(CaseOut)
    data = fields.Dict()
    valid = fields.Boolean()
    errors = fields.Dict()
