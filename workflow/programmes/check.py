"""Checking a programme before it runs: workflow, settings, sample application, every letter, the diagram.

``check_programme`` returns German problems, each naming what is wrong and
where (the setting, the template file and its tag); an empty list means the
programme may be activated. Letters are rendered with the programme's sample
application in several variants (consortium or not; grant, partial grant,
rejection), built as objects that are never stored.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any, Optional

from jinja2 import TemplateError, meta

from workflow.letters import documents, letter_context, template_safety
from workflow.programmes.diagram import diagram
from workflow.engine.application_data import validate_application
from workflow.engine.measures import stored_row
from workflow.engine.notice_kinds import notice_problems
from workflow.engine.programmes import ProgrammeDefinition, workflows_of
from workflow.engine.rules import ProgrammeRules
from workflow.engine.settings import parse_settings, to_json
from workflow.models import (
    Application,
    Consortium,
    ConsortiumMember,
    Court,
    Organisation,
    OrganisationKind,
    Position,
    PositionRuling,
    Programme,
    ProgrammeTemplate,
    ProgrammeVersion,
    Proposal,
    RemedyWaiver,
    Role,
    User,
)
from workflow.models.waiver import MAYOR

SAMPLE_DAY = date(2027, 6, 14)
VARIANTS = ((True, "grant"), (False, "partial_grant"), (True, "rejection"))


@dataclass(frozen=True)
class Problem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def workflow_problems(definition: ProgrammeDefinition) -> list[Problem]:
    """The case's workflow and each procedure's: reachable, consistent, with templates; step names unique across all."""
    problems, seen = _change_hook_problems(definition), set()
    for workflow in workflows_of(definition):
        problems += _problems_of(definition, workflow)
        for transition in workflow.transitions:
            if transition.name in seen:
                problems.append(
                    Problem(f"Ablauf {workflow.name}", f"Den Schritt „{transition.name}“ gibt es in zwei Abläufen.")
                )
            seen.add(transition.name)
    return problems


def _change_hook_problems(definition: ProgrammeDefinition) -> list[Problem]:
    """A programme that takes change reports (``change_form``) must read them (``change_content``)."""
    rules = definition.rules
    if rules.change_form and type(rules).change_content is ProgrammeRules.change_content:
        return [Problem("Regeln", "Das Programm nimmt Änderungsanzeigen an, liest sie aber nicht (change_content).")]
    return []


def _problems_of(definition: ProgrammeDefinition, workflow) -> list[Problem]:
    where = f"Ablauf {workflow.name}"
    problems = []
    names = {state.name for state in workflow.states}
    reachable, frontier = {workflow.initial}, [workflow.initial]
    while frontier:
        for transition in workflow.transitions_from(frontier.pop()):
            for target in set(transition.targets) - reachable:
                reachable.add(target)
                frontier.append(target)
    problems += [
        Problem(where, f"Der Status „{name}“ ist vom Anfang aus nicht erreichbar.")
        for name in sorted(names - reachable)
    ]
    for transition in workflow.transitions:
        if not set(transition.targets) <= names or not set(transition.sources) <= names:
            problems.append(
                Problem(where, f"Der Schritt „{transition.name}“ führt von oder zu einem unbekannten Status.")
            )
        problems += [
            Problem(where, f"Eine Bedingung des Schritts „{transition.name}“ nennt keine Regel.")
            for guard in transition.guards
            if not guard.description.strip()
        ]
        if transition.once_per_organisation is not None and transition.roles != (Role.CLERK,):
            problems.append(
                Problem(
                    where,
                    f"Den Schritt „{transition.name}“ nimmt jede Organisation für sich vor; "
                    "ihn dürfen nur Sachbearbeitungen der Kommunen ausführen.",
                )
            )
        problems += [Problem(where, message) for message in notice_problems(transition)]
        if transition.batch and transition.form is not None:
            problems.append(
                Problem(
                    where,
                    f"Der Schritt „{transition.name}“ soll für viele Anträge auf einmal gehen, "
                    "braucht aber ein Formular.",
                )
            )
        for kind in transition.documents:
            if kind not in documents.DOCUMENT_KINDS:
                problems.append(
                    Problem(where, f"Der Schritt „{transition.name}“ erzeugt die unbekannte Dokumentart „{kind}“.")
                )
            elif kind not in definition.templates.files:
                problems.append(
                    Problem(
                        where,
                        f"Für die Dokumentart „{kind}“ des Schritts „{transition.name}“ ist keine Vorlage angegeben.",
                    )
                )
    try:
        diagram(workflow)
    except Exception as error:  # the check reports what fails; it must not stop at the first
        problems.append(Problem(where, f"Das Zustandsdiagramm lässt sich nicht zeichnen: {error}"))
    return problems


def _organisation(name: str, ags: str, kind=OrganisationKind.GEMEINDE, authority: Optional[str] = None) -> Organisation:
    return Organisation(
        kind=kind,
        name=name,
        ags=ags,
        authority_name=authority,
        street="Marktplatz 1",
        postcode="70000",
        city="Musterstadt",
    )


def sample_application(definition: ProgrammeDefinition, stored: dict[str, Any], joint: bool, kind: str) -> Application:
    """The programme's sample application as it would be after submission and a decision (never stored)."""
    parsed = parse_settings(definition.all_settings, stored)
    authority = _organisation(
        "Regierungsbezirk Stuttgart", "081", OrganisationKind.REGIERUNGSBEZIRK, "Regierungspräsidium Stuttgart"
    )
    authority.court = Court(
        name="Verwaltungsgericht Musterstadt", street="Gerichtsstraße 1", postcode="70000", city="Musterstadt"
    )
    programme = Programme(
        code=definition.code,
        name=definition.name,
        budget=definition.budget,
        routing="central",
        authority=authority,
        file_number_prefix=definition.file_number_prefix,
    )
    version = ProgrammeVersion(programme=programme, number=1, settings=stored)
    applicant = _organisation("Stadt Musterstadt", "08111001")
    applicant.regierungsbezirk = authority
    member = _organisation("Gemeinde Beispielhausen", "08111002")
    raw = {**definition.sample_input, "joint": "joint" if joint else "single", "members-0": member.name}
    validation = validate_application(
        definition.schema, parsed.settings, definition.rules, raw, -1, lambda text: member
    )
    if not validation.valid:
        raise ValueError("; ".join(f"{key}: {' '.join(messages)}" for key, messages in validation.errors.items()))
    figures = definition.rules.measure_figures(parsed.settings, validation.data, definition.sample_details)
    computed = sum((item.amount for item in figures), Decimal("0.00"))
    actor = User(full_name="Dr. Petra Hummel", email="petra.hummel@example.org")
    positions = [stored_row(definition.schema.measure_shape, index, item) for index, item in enumerate(figures)]
    rulings = [_sample_ruling(position, kind, index) for index, position in enumerate(positions)]
    application = Application(
        programme=programme,
        programme_version=version,
        applicant=applicant,
        applicant_id=-1,
        state="granted",
        file_number=f"{definition.file_number_prefix}-2027-0001",
        submitted_at=datetime(2027, 2, 3, 9, 30, tzinfo=timezone.utc),
        contact_name=validation.data.contact_name,
        contact_phone=validation.data.contact_phone,
        contact_email=validation.data.contact_email,
        account_holder=validation.data.account_holder,
        iban=validation.data.iban,
        bic=validation.data.bic,
        bank_name=validation.data.bank_name,
        computed_amount=computed,
        requested_amount=computed,
        pooled_allocation=computed,
        granted_amount=computed if kind == "grant" else None,
        details={**to_json(validation.data.details), **definition.sample_details},
        positions=positions,
        proposals=[
            Proposal(
                kind=kind,
                amount=sum((r.amount for r in rulings), Decimal("0.00")),
                reasons="Begründung.\nZweiter Absatz.",
                proposed_by=actor,
                rulings=rulings,
            )
        ],
    )
    application.remedy_waivers = [
        RemedyWaiver(
            organisation=applicant,
            declarant_name="Dr. Petra Hummel",
            capacity=MAYOR,
            declared_at=datetime(2027, 3, 1, 9, 0, tzinfo=timezone.utc),
        )
    ]
    if joint:
        application.consortium = Consortium(
            name="Musterverbund",
            members=[
                ConsortiumMember(organisation=applicant, organisation_id=-1),
                ConsortiumMember(organisation=member, organisation_id=-2),
            ],
        )
    return application


def _sample_ruling(position: Position, kind: str, index: int) -> PositionRuling:
    """Grant: every position; partial grant: the first granted, the others refused; rejection: none."""
    if kind == "grant" or (kind == "partial_grant" and index == 0):
        return PositionRuling(
            position=position,
            outcome="granted",
            fte=position.fte,
            funding_start=position.funding_start,
            funding_end=position.funding_end,
            amount=position.amount,
            reason="",
        )
    return PositionRuling(
        position=position,
        outcome="refused",
        fte=Decimal("0.00"),
        amount=Decimal("0.00"),
        reason="Die Stelle ist nach den vorgelegten Unterlagen nicht besetzt.",
    )


def _template_problems(filename: str, content: bytes, context: dict[str, Any]) -> list[Problem]:
    where = f"Vorlage {filename}"
    environment = documents.jinja_environment()
    try:
        too_big = template_safety.package_refusal(content)  # before anything unpacks or renders it
        if too_big:
            return [Problem(where, too_big)]
        trees = [environment.parse(source) for source in template_safety.template_sources(content)]
    except Exception as error:  # a broken file or a syntax error in a tag
        return [Problem(where, f"Die Vorlage lässt sich nicht lesen: {error}")]
    refused = template_safety.refusals(trees, environment)
    if refused:
        return [Problem(where, message) for message in refused]
    unknown = set().union(*(meta.find_undeclared_variables(tree) for tree in trees)) - set(context)
    if unknown:
        return [Problem(where, f"Unbekannter Platzhalter „{name}“.") for name in sorted(unknown)]
    try:
        documents.render_template_bytes(content, context)
    except TemplateError as error:
        return [Problem(where, f"Die Vorlage lässt sich nicht füllen: {error.message}")]
    return []


def check_programme(
    definition: ProgrammeDefinition,
    stored: Optional[dict[str, Any]] = None,
    templates: Optional[dict[str, tuple[str, bytes]]] = None,
) -> list[Problem]:
    """Everything that is wrong with ``definition`` run with these settings and templates (defaults: the package's)."""
    stored = (
        json.loads(json.dumps(stored))
        if stored is not None
        else {s.name: to_json(s.default) for s in definition.all_settings}
    )
    problems = workflow_problems(definition)
    parsed = parse_settings(definition.all_settings, stored)
    problems += [Problem("Einstellungen", message) for message in parsed.errors]
    if templates is None:
        templates = {
            kind: (filename, definition.templates.read(kind))
            for kind, filename in definition.templates.files.items()
            if definition.templates.exists(kind)
        }
    needed = {
        kind
        for workflow in workflows_of(definition)
        for transition in workflow.transitions
        for kind in transition.documents
    }
    problems += [Problem(f"Vorlage für „{kind}“", "Die Datei fehlt.") for kind in sorted(needed - set(templates))]
    if parsed.settings is None:
        return problems
    for joint, kind in VARIANTS:
        try:
            application = sample_application(definition, stored, joint, kind)
        except ValueError as error:
            return problems + [Problem("Beispielantrag", f"Der Beispielantrag des Programms ist ungültig: {error}")]
        context = letter_context.case_context(
            None,
            application,
            application.proposals[0].proposed_by,
            SAMPLE_DAY,
            {"comment": "Bitte reichen Sie den Arbeitsvertrag nach."},
            {"response": SAMPLE_DAY, "remedy": SAMPLE_DAY},
        )
        context["procedure"] = procedure_sample(definition)
        # A consortium member's own copy takes another branch of the address block.
        member_copy = (
            {**context, "copy_for": documents.addressee(application.member_organisations[0])} if joint else None
        )
        for filename, content in templates.values():
            for variant in filter(None, (context, member_copy)):
                for problem in _template_problems(filename, content, variant):
                    if problem not in problems:
                        problems.append(problem)
    return problems


def procedure_sample(definition: ProgrammeDefinition) -> dict[str, Any]:
    """What the letters of the procedures after the decision read as ``procedure``: every kind's sample at once."""
    sample: dict[str, Any] = {"kind": "Vorgang", "number": 1}
    for procedure_type in definition.procedures:
        sample.update(procedure_type.letter_sample)
    return sample


def package_templates(definition: ProgrammeDefinition) -> list[ProgrammeTemplate]:
    """The package's templates as rows of a new version."""
    rows = []
    for kind, filename in sorted(definition.templates.files.items()):
        content = definition.templates.read(kind)
        rows.append(
            ProgrammeTemplate(
                kind=kind,
                filename=f"{definition.code}/{filename}",
                sha256=hashlib.sha256(content).hexdigest(),
                content=content,
            )
        )
    return rows
