"""SQLAlchemy models, one aggregate per module; import them from here."""

from workflow.models.account import AccountToken, AdminAuditEntry, RecoveryCode
from workflow.models.address_import import AddressImport
from workflow.models.api_token import ApiToken, IdempotentRequest
from workflow.models.allocation import Allocation, AllocationVersion, PendingAllocationImport
from workflow.models.application import Application, Position, PositionRuling, Proposal
from workflow.models.attachment import Attachment
from workflow.models.audit import AuditEntry
from workflow.models.background_job import BackgroundJob
from workflow.models.base import Base
from workflow.models.base_rate import BaseRate
from workflow.models.chain_anchor import ChainAnchor
from workflow.models.conditions import ConditionsText
from workflow.models.court import Court
from workflow.models.consortium import Consortium, ConsortiumMember, MembershipRequest, Participation
from workflow.models.deadline import Deadline
from workflow.models.dispatch import LetterDispatch
from workflow.models.document import Document, DocumentPdf
from workflow.models.external_identity import ExternalIdentity
from workflow.models.event import Event, WebhookAttempt, WebhookDelivery, WebhookSubscription
from workflow.models.file_number import FileNumberCounter
from workflow.models.login import LoginAttempt, LoginSession
from workflow.models.notification import Notification, NotificationDigest, NotificationPreference, OutgoingMail
from workflow.models.organisation import Organisation, OrganisationKind
from workflow.models.procedure import CashExport, Procedure, Receipt
from workflow.models.population import PendingPopulationImport, Population, PopulationVersion
from workflow.models.programme import Programme, ProgrammeTemplate, ProgrammeVersion
from workflow.models.role_grant import RoleGrant
from workflow.models.saved_filter import SavedFilter
from workflow.models.user import Role, User, UserRole
from workflow.models.waiver import RemedyWaiver

__all__ = [
    "AccountToken",
    "AdminAuditEntry",
    "AddressImport",
    "Allocation",
    "ApiToken",
    "AllocationVersion",
    "Application",
    "Attachment",
    "AuditEntry",
    "BackgroundJob",
    "Base",
    "BaseRate",
    "CashExport",
    "ChainAnchor",
    "ConditionsText",
    "Consortium",
    "ConsortiumMember",
    "Court",
    "Deadline",
    "Document",
    "DocumentPdf",
    "Event",
    "ExternalIdentity",
    "FileNumberCounter",
    "IdempotentRequest",
    "LoginAttempt",
    "LoginSession",
    "MembershipRequest",
    "Receipt",
    "LetterDispatch",
    "Notification",
    "NotificationDigest",
    "NotificationPreference",
    "Organisation",
    "OrganisationKind",
    "OutgoingMail",
    "Participation",
    "PendingAllocationImport",
    "PendingPopulationImport",
    "Population",
    "PopulationVersion",
    "Position",
    "Procedure",
    "PositionRuling",
    "Programme",
    "ProgrammeTemplate",
    "ProgrammeVersion",
    "Proposal",
    "RecoveryCode",
    "RemedyWaiver",
    "RoleGrant",
    "SavedFilter",
    "Role",
    "User",
    "UserRole",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookSubscription",
]
