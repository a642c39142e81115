"""Every authorisation rule of Förderweg, and nothing else.

Two forms of the same rules: ``can_*`` functions decide for one object, and
``visible_applications`` is the SQL filter that lists use. A test checks that
the two agree.
"""

from __future__ import annotations

from typing import Callable

from sqlalchemy import and_, false, or_, select, true
from sqlalchemy.sql.elements import ColumnElement

from workflow.counselling.models import Client, client_deputy
from workflow.engine.declaration import APPLICANT, STAFF
from workflow.engine.programmes import draft_states, undecided_states
from workflow.models import (
    Application,
    ConsortiumMember,
    Document,
    MembershipRequest,
    Notification,
    Organisation,
    Programme,
    Role,
    User,
)
from workflow.models.programme import ROUTING_CENTRAL, ROUTING_DISTRICT

# Documents only the authority sees (internal notes for signature).
INTERNAL_DOCUMENT_KINDS = frozenset({"decision_proposal", "proof_check_note", "write_off_note"})
AUTHORITY_ROLES = (Role.REVIEWER, Role.APPROVER)


def responsible_authority_id(application: Application) -> int | None:
    """The Regierungspräsidium that decides this application (programme routing)."""
    programme = application.programme
    if programme.routing == ROUTING_DISTRICT:
        return application.applicant.regierungsbezirk_id
    return programme.authority_id


def is_applicant_clerk(user: User, application: Application) -> bool:
    return user.has_role(Role.CLERK) and application.applicant_id == user.organisation_id


def is_member_clerk(user: User, application: Application) -> bool:
    return (
        user.has_role(Role.CLERK)
        and application.consortium is not None
        and user.organisation_id in application.consortium.organisation_ids
    )


def works_on(user: User, application: Application) -> bool:
    """Staff may be limited to some programmes; without a limit they work on all."""
    return not user.programme_ids or application.programme_id in user.programme_ids


def is_responsible_reviewer(user: User, application: Application) -> bool:
    return (
        user.has_role(Role.REVIEWER)
        and user.organisation_id == responsible_authority_id(application)
        and application.applicant.kreis_id in user.kreis_ids
        and works_on(user, application)
    )


def is_authority_approver(user: User, application: Application) -> bool:
    return (
        user.has_role(Role.APPROVER)
        and user.organisation_id == responsible_authority_id(application)
        and works_on(user, application)
    )


def can_view_application(user: User, application: Application) -> bool:
    if is_applicant_clerk(user, application) or user.has_role(Role.SYSTEM):
        return True
    if application.state in draft_states():
        return False
    return (
        is_member_clerk(user, application)
        or is_responsible_reviewer(user, application)
        or is_authority_approver(user, application)
        or user.has_role(Role.MINISTRY)
    )


def can_edit_draft(user: User, application: Application) -> bool:
    return application.state in draft_states() and is_applicant_clerk(user, application)


def can_delete_draft(user: User, application: Application) -> bool:
    """A draft is its organisation's: only its clerks delete it, as only they edit it (a member named in it
    cannot)."""
    return can_edit_draft(user, application)


def can_create_application(user: User) -> bool:
    return user.has_role(Role.CLERK)


_ACTS_FOR = {
    Role.CLERK: is_applicant_clerk,
    Role.REVIEWER: is_responsible_reviewer,
    Role.APPROVER: is_authority_approver,
    Role.SYSTEM: lambda user, application: user.has_role(Role.SYSTEM),
}


def acts_for_own_organisation(user: User, application: Application, transition) -> bool:
    """A step each organisation takes once for itself (``once_per_organisation``, e.g. the remedy waiver):
    a clerk of the applicant or of a consortium member, whose organisation has not taken it yet."""
    return (
        is_applicant_clerk(user, application) or is_member_clerk(user, application)
    ) and user.organisation_id not in transition.once_per_organisation(application)


def can_perform(user: User, application: Application, transition, procedure=None) -> bool:
    """May ``user`` fire ``transition`` on ``application``, or on its ``procedure`` (state and guards aside)?"""
    if transition.once_per_organisation is not None:
        if not (Role.CLERK in transition.roles and acts_for_own_organisation(user, application, transition)):
            return False
    elif not any(role in _ACTS_FOR and _ACTS_FOR[role](user, application) for role in transition.roles):
        return False
    if transition.four_eyes and procedure is not None:
        # A second person: nobody at the authority who took an earlier step of this procedure.
        return user.id not in procedure.data.get("staff_actor_ids", [])
    if transition.four_eyes:
        proposal = application.open_proposal
        return proposal is not None and proposal.proposed_by_id != user.id
    return True


def can_view_document(user: User, document: Document) -> bool:
    if not can_view_application(user, document.application):
        return False
    if document.kind in INTERNAL_DOCUMENT_KINDS:
        return any(user.has_role(role) for role in (*AUTHORITY_ROLES, Role.MINISTRY, Role.SYSTEM))
    return True


def document_visibility(user: User, application: Application) -> Callable[[Document], bool]:
    """``can_view_document`` for the documents of one case, with the case's part decided once (the case page)."""
    if not can_view_application(user, application):
        return lambda document: False
    internal = any(user.has_role(role) for role in (*AUTHORITY_ROLES, Role.MINISTRY, Role.SYSTEM))
    return lambda document: internal or document.kind not in INTERNAL_DOCUMENT_KINDS


def can_view_internal(user: User, application: Application) -> bool:
    """Unsigned proposals, their proposer and internal remarks: the authority's and the ministry's, never the applicant's."""
    return can_view_application(user, application) and any(
        user.has_role(role) for role in (*AUTHORITY_ROLES, Role.MINISTRY, Role.SYSTEM)
    )


def can_view_step(user: User, application: Application, transition) -> bool:
    """A history entry and its comment: internal steps only for those who see internal matters."""
    if transition is not None and transition.audience == STAFF:
        return can_view_internal(user, application)
    return can_view_application(user, application)


def can_view_attachment(user: User, attachment) -> bool:
    return can_view_application(user, attachment.application)


# Answers a submission has not bound: the member may still confirm or object.
UNSETTLED_ANSWERS = (MembershipRequest.PENDING, MembershipRequest.DECLINED)


def can_answer_membership_request(user: User, request) -> bool:
    """Only the named municipality's own clerks decide whether it joins a consortium: before submission, and after it
    while the submission rests on an uploaded agreement the reviewer has not checked (``engine.membership``)."""
    state = request.application.state
    return (
        user.has_role(Role.CLERK)
        and user.organisation_id == request.organisation_id
        and (state in draft_states() or (state in undecided_states() and request.status in UNSETTLED_ANSWERS))
    )


def can_view_membership_requests(user: User) -> bool:
    return user.has_role(Role.CLERK) and user.organisation_id is not None


def can_see_notification(user: User, notification: Notification) -> bool:
    """Notifications are personal: only their recipient sees or marks them."""
    return notification.user_id == user.id


def can_assign_cases(user: User) -> bool:
    """Give the reviewers' work to one of them, one case or many at once: the heads of unit (Zeichnungsbefugte)."""
    return user.has_role(Role.APPROVER)


def can_take_case(user: User, application: Application) -> bool:
    """Become the reviewer of a submitted case: a reviewer responsible for it."""
    return application.state not in draft_states() and is_responsible_reviewer(user, application)


def can_assign_case(actor: User, application: Application, assignee: User) -> bool:
    """A lead of the deciding authority gives a submitted case to an active reviewer responsible for it."""
    return (
        can_assign_cases(actor)
        and is_authority_approver(actor, application)
        and assignee.active
        and can_take_case(assignee, application)
    )


def can_view_ministry_overview(user: User) -> bool:
    return user.has_role(Role.MINISTRY) or user.has_role(Role.APPROVER)


def can_view_consortia(user: User) -> bool:
    """The list of consortia; each sees those of the applications they may see (``visible_applications``)."""
    return any(user.has_role(role) for role in (Role.CLERK, Role.REVIEWER, Role.APPROVER, Role.MINISTRY))


def can_export_payments(user: User, programme: Programme) -> bool:
    """Hand ordered payments to the cash office: the approvers (Anordnungsbefugte) of the programme."""
    return user.has_role(Role.APPROVER) and (not user.programme_ids or programme.id in user.programme_ids)


def can_administer(user: User) -> bool:
    return user.has_role(Role.ADMIN)


def can_manage_programmes(user: User) -> bool:
    """See a programme's versions, make a new version of its settings and activate one: the administration."""
    return user.has_role(Role.ADMIN)


def can_revoke_token(user: User, token) -> bool:
    """A personal access token: its owner and the administration may revoke it."""
    return token.user_id == user.id or user.has_role(Role.ADMIN)


def can_use_api(user: User) -> bool:
    """Everyone who logs in may make tokens for themselves; they act with exactly their own rights."""
    return user.active


def can_download_dossier(user: User, application: Application) -> bool:
    """The whole file of a case with internal steps: the authority and the ministry (who audit), never the applicant."""
    return can_view_internal(user, application)


def can_preview_letter(user: User, application: Application) -> bool:
    """The Bescheid an unsigned proposal would issue: for the authority who proposes and signs, never the applicant
    (it states what is not decided yet)."""
    return can_view_internal(user, application) and any(user.has_role(role) for role in AUTHORITY_ROLES)


def can_record_dispatch(user: User, application: Application) -> bool:
    """The Ab-Vermerk of a posted copy: the authority's staff of the case, who post what Förderweg cannot mail."""
    return can_view_application(user, application) and any(user.has_role(role) for role in AUTHORITY_ROLES)


def can_sign_rounds(user: User) -> bool:
    """Sign many proposals in one round; each signature is still checked like the single one (``can_perform``)."""
    return user.has_role(Role.APPROVER)


def can_order_dossiers(user: User) -> bool:
    """Dossiers of many cases at once: whoever may have a single case's dossier (the authority, the ministry)."""
    return any(user.has_role(role) for role in (Role.REVIEWER, Role.APPROVER, Role.MINISTRY))


def can_view_job(user: User, job) -> bool:
    """A background job and its file: only the person who ordered it (it holds what that person may see)."""
    return job.created_by_id == user.id


def can_manage_users(user: User) -> bool:
    """Create, change, invite and deactivate users; see the administration's audit and the mail queue."""
    return user.has_role(Role.ADMIN)


def visible_applications(user: User) -> ColumnElement[bool]:
    """SQL filter: the applications ``user`` may see (the same rule as ``can_view_application``)."""
    roles = user.roles
    if Role.SYSTEM in roles:
        return true()
    submitted = Application.state.not_in(draft_states())
    clauses: list[ColumnElement[bool]] = []
    if Role.CLERK in roles:
        member_of = select(ConsortiumMember.consortium_id).where(
            ConsortiumMember.organisation_id == user.organisation_id
        )
        clauses.append(Application.applicant_id == user.organisation_id)
        clauses.append(and_(submitted, Application.consortium_id.in_(member_of)))
    if Role.MINISTRY in roles:
        clauses.append(submitted)
    if Role.APPROVER in roles or Role.REVIEWER in roles:
        decided_here = _decided_by(user.organisation_id)
        if user.programme_ids:
            decided_here = and_(decided_here, Application.programme_id.in_(user.programme_ids))
        if Role.APPROVER in roles:
            clauses.append(and_(submitted, decided_here))
        if Role.REVIEWER in roles and user.kreis_ids:
            clauses.append(
                and_(
                    submitted,
                    decided_here,
                    Application.applicant_id.in_(
                        select(Organisation.id).where(Organisation.kreis_id.in_(user.kreis_ids))
                    ),
                )
            )
    return or_(*clauses) if clauses else false()


def _decided_by(authority_id: int) -> ColumnElement[bool]:
    # Written as IN (uncorrelated subquery), not EXISTS per row: the database evaluates each set once
    # and can drive the lists through the indexes on application (``queries.page_ids_query``).
    return or_(
        Application.programme_id.in_(
            select(Programme.id).where(Programme.routing == ROUTING_CENTRAL, Programme.authority_id == authority_id)
        ),
        and_(
            Application.programme_id.in_(select(Programme.id).where(Programme.routing == ROUTING_DISTRICT)),
            Application.applicant_id.in_(
                select(Organisation.id).where(Organisation.regierungsbezirk_id == authority_id)
            ),
        ),
    )


# --- Events and webhooks (``workflow.events``): the same rules as the case page's history ---


def reads_internal_events(user: User) -> bool:
    """Events of internal steps (``STAFF``) in the feed: whoever sees internal matters of the cases they see."""
    return any(user.has_role(role) for role in (*AUTHORITY_ROLES, Role.MINISTRY, Role.SYSTEM))


def organisations_told(application: Application, audience: str) -> set[int]:
    """The organisations whose webhooks receive a step of ``application`` with ``audience``: the deciding authority
    once the case is submitted, and, for a step the applicant may read, the applicant and its consortium's members
    (members only once it is submitted, like ``can_view_application``)."""
    draft = application.state in draft_states()
    told: set[int] = set()
    if audience == APPLICANT:
        told.add(application.applicant_id)
        if application.consortium is not None and not draft:
            told.update(application.consortium.organisation_ids)
    authority = responsible_authority_id(application)
    if authority is not None and not draft:
        told.add(authority)
    return told


def can_manage_webhooks(user: User, organisation_id: int | None) -> bool:
    """Create, read, replay and delete an organisation's webhook subscriptions: the administration for any
    organisation, a municipality's clerks for their own (they act for it in its cases)."""
    if user.has_role(Role.ADMIN):
        return True
    return user.has_role(Role.CLERK) and organisation_id is not None and organisation_id == user.organisation_id


# --- Counselling (the Integrationsplan): only the counselling organisation, never the authority or administrators ---

COUNSELLING_ROLES = (Role.MANAGER, Role.MANAGER_LEAD)


def can_counsel(user: User) -> bool:
    """Integration managers and their lead: the counselling pages at all (their own organisation's persons)."""
    return any(user.has_role(role) for role in COUNSELLING_ROLES)


def can_view_client(user: User, client: Client) -> bool:
    """A person's data and plan: the responsible manager, the deputies and the lead of the same organisation."""
    if not can_counsel(user) or user.organisation_id != client.organisation_id:
        return False
    return user.has_role(Role.MANAGER_LEAD) or user.id == client.responsible_id or user.id in client.deputy_ids


def can_edit_plan(user: User, client: Client) -> bool:
    """Writing the plan needs a consent in force; after a withdrawal the data is only read, exported or erased."""
    return can_view_client(user, client) and client.consent_active


def can_lead_counselling(user: User) -> bool:
    """Assign persons and deputies, read the access log of the organisation."""
    return user.has_role(Role.MANAGER_LEAD)


def can_grant_counselling_role(user: User, colleague: User) -> bool:
    """The counselling roles are the organisation's to give: its lead, to active people of the same organisation."""
    return (
        user.has_role(Role.MANAGER_LEAD)
        and colleague.active
        and colleague.organisation_id == user.organisation_id
        and not colleague.roles - {Role.CLERK, *COUNSELLING_ROLES}
    )


def can_name_first_lead(user: User) -> bool:
    """The page where a municipality names its first lead of the Integrationsmanagement: its clerks."""
    return user.has_role(Role.CLERK)


def can_propose_counselling_lead(user: User, colleague: User) -> bool:
    """Without a lead, the municipality names its first one: a clerk proposes a person of the own organisation."""
    return (
        user.has_role(Role.CLERK)
        and colleague.active
        and colleague.organisation_id == user.organisation_id
        and not colleague.roles - {Role.CLERK, *COUNSELLING_ROLES}
    )


def can_approve_role_grant(user: User, grant) -> bool:
    """An organisation's first lead needs a second person: another administrator for the administration's request,
    another clerk of the municipality for a clerk's proposal; never the one who asked."""
    if not grant.pending or grant.requested_by_id == user.id:
        return False
    if grant.requested_by.has_role(Role.ADMIN):
        return user.has_role(Role.ADMIN)
    return user.has_role(Role.CLERK) and user.organisation_id == grant.organisation_id


def can_view_counselling_aggregates(user: User) -> bool:
    """The anonymous key figures of all organisations, small numbers suppressed: those who see the overview
    (the ministry and the RP's approvers)."""
    return can_view_ministry_overview(user)


def visible_clients(user: User) -> ColumnElement[bool]:
    """SQL filter: the persons ``user`` may see (the same rule as ``can_view_client``)."""
    if not can_counsel(user):
        return false()
    own = Client.organisation_id == user.organisation_id
    if user.has_role(Role.MANAGER_LEAD):
        return own
    deputy_of = select(client_deputy.c.client_id).where(client_deputy.c.user_id == user.id)
    return and_(own, or_(Client.responsible_id == user.id, Client.id.in_(deputy_of)))
