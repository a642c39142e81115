"""Default configuration; ``instance/config.py`` and the environment override it."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta


class DefaultConfig:
    # Filled in by create_app: sqlite in the instance folder unless DATABASE_URL is set.
    DATABASE_URL: str | None = None
    SECRET_KEY: str | None = None

    SESSION_COOKIE_NAME = "foerderweg_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
    SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=10)

    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the login session
    WTF_I18N_ENABLED = False  # WTForms' own German messages (no Flask-Babel)
    MAX_CONTENT_LENGTH = 32 * 1024 * 1024  # a whole request, e.g. several attachments
    MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024

    # Failed logins within the window that are free before further attempts wait (429), per account from one
    # address, per address and per account from unfamiliar places (workflow.operations.logins); each failure
    # beyond doubles the wait, from the first delay up to the longest.
    LOGIN_FAILURE_WINDOW = timedelta(hours=1)
    LOGIN_FREE_FAILURES_PER_SOURCE = 4
    LOGIN_FREE_FAILURES_PER_ADDRESS = 30
    LOGIN_FREE_FAILURES_PER_ACCOUNT = 20
    LOGIN_FIRST_DELAY = timedelta(minutes=1)
    LOGIN_MAX_DELAY = timedelta(minutes=15)
    # An address the account logged in from within this time is familiar: failures elsewhere do not slow it.
    LOGIN_FAMILIAR_FOR = timedelta(days=90)
    # Warn this long before an idle session ends.
    SESSION_WARNING_BEFORE = timedelta(minutes=5)

    # Self-registration of freie Träger mails a link to an address nobody has checked yet: at most this many
    # registrations from one address a day, and this many from anywhere an hour (a flood of junk Träger or of mail
    # to strangers stops there; the administration can still set up a Träger by hand).
    REGISTRATIONS_PER_ADDRESS_PER_DAY = 3
    REGISTRATIONS_PER_HOUR = 30

    # One-time links: an invitation waits for the person some days, a password reset only briefly.
    INVITATION_VALID_FOR = timedelta(days=14)
    PASSWORD_RESET_VALID_FOR = timedelta(minutes=30)
    # At most one reset mail per person in this time, however often the form is sent.
    PASSWORD_RESET_INTERVAL = timedelta(minutes=2)
    # Roles whose people must log in with a second factor (TOTP). ``foerderweg demo`` switches it off so the
    # printed demo logins work with their password alone; whoever enrolled is asked for the code anyway.
    SECOND_FACTOR_ROLES: tuple[str, ...] = ("reviewer", "approver", "ministry", "admin")
    # How long someone who gave the right password has to enter the code.
    SECOND_FACTOR_WINDOW = timedelta(minutes=5)

    # Single sign-on through the authority's directory; both off unless configured (workflow/security/oidc.py,
    # workflow/security/directory_bind.py). People logging in there are provisioned on their first login, and their
    # roles and Dienststelle follow the directory on every login. The maps take a claim value or group DN to a role
    # code (clerk, reviewer, approver, ministry, admin), and a Dienststelle's value to an AGS (unmapped: the value is
    # the AGS itself).
    OIDC_ISSUER: str | None = None
    OIDC_CLIENT_ID: str | None = None
    OIDC_CLIENT_SECRET: str | None = None
    OIDC_SCOPES = "openid profile email"
    OIDC_USERNAME_CLAIM = "preferred_username"
    OIDC_ROLES_CLAIM = "roles"
    OIDC_ORGANISATION_CLAIM = "organisation"
    OIDC_ROLE_MAP: dict[str, str] = {}
    # LDAP or Active Directory: a simple bind as the person (the template makes the bind name of the username:
    # "uid={username},ou=people,dc=…" or "{username}@behoerde.local"), then the person's entry and groups read as them.
    LDAP_URL: str | None = None  # ldap://… with LDAP_START_TLS, or ldaps://
    LDAP_START_TLS = True
    LDAP_BIND_TEMPLATE = "uid={username},ou=people,dc=example,dc=org"
    LDAP_USER_SEARCH_BASE = "ou=people,dc=example,dc=org"
    LDAP_USER_FILTER = "(uid={username})"  # Active Directory: (sAMAccountName={username})
    LDAP_GROUP_SEARCH_BASE: str | None = None  # groupOfNames/member; memberOf (AD) is read without it
    LDAP_ORGANISATION_ATTRIBUTE = "ou"
    LDAP_GROUP_ROLES: dict[str, str] = {}
    LDAP_TIMEOUT_SECONDS = 5
    SSO_ORGANISATION_MAP: dict[str, str] = {}
    # Roles whose people must log in through the directory: a local password of theirs is refused. Municipal clerks
    # without a directory keep their passwords; an operator adds e.g. "reviewer,approver" once the RP's directory is on.
    SSO_ONLY_ROLES: tuple[str, ...] = ()

    PASSWORD_HASH_TIME_COST = 3
    PASSWORD_HASH_MEMORY_KIB = 64 * 1024

    # Number of reverse proxies in front of the app whose X-Forwarded-* headers are trusted
    # (0 = none: the client address is the TCP peer).
    PROXY_COUNT = 0

    # Programme packages besides the installed entry points, as "module:ATTRIBUTE" (comma-separated in the environment).
    EXTRA_PROGRAMMES: tuple[str, ...] = ()

    PAGE_SIZE = 20
    # Who runs the service and where people get help, shown on the login page.
    SERVICE_OPERATOR = "Regierungspräsidium Stuttgart für das Land Baden-Württemberg"
    SUPPORT_CONTACT = "Regierungspräsidium Stuttgart, Telefon 0711 904-0, E-Mail poststelle@rps.bwl.de"
    # Links in mails point here: the address people reach the application under.
    BASE_URL = "http://127.0.0.1:5000"

    # Outgoing mail (workflow.mail). With MAIL_OUTBOX_DIR set, mails are written
    # there as .eml files instead of being sent (``foerderweg demo`` does that).
    MAIL_SERVER = "localhost"
    MAIL_PORT = 25
    MAIL_USE_TLS = False  # STARTTLS after connecting
    MAIL_USE_SSL = False  # TLS from the start (port 465)
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_SENDER = "Förderweg <foerderweg@localhost>"
    MAIL_TIMEOUT = 30  # seconds per SMTP operation
    MAIL_OUTBOX_DIR: str | None = None
    MAIL_RETRY_FIRST = timedelta(minutes=1)
    MAIL_RETRY_MAX = timedelta(hours=1)

    # A token that may act (scope "write") for longer than this needs the second factor again when it is made:
    # a stolen session alone must not turn into a key that works for a year.
    API_TOKEN_SECOND_FACTOR_AFTER_DAYS = 30
    # The API (workflow.api): requests per token in each window of API_RATE_WINDOW_SECONDS.
    API_RATE_LIMIT = 300
    API_RATE_WINDOW_SECONDS = 60
    API_TITLE = "Förderweg"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.1.0"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"
    # LibreOffice for PDF copies of letters; the PDF copy is refused with a clear message where it is missing.
    SOFFICE = "soffice"

    # ``foerderweg scheduler``: how often the sweep, the mail delivery and the background jobs run.
    SWEEP_INTERVAL_MINUTES = 15
    MAIL_INTERVAL_SECONDS = 60
    JOBS_INTERVAL_SECONDS = 5
    PDF_INTERVAL_SECONDS = 60
    WEBHOOK_INTERVAL_SECONDS = 15
    # The daily digest of notifications (operations.digests): from this hour (Europe/Berlin) each day, checked
    # at this interval, so a scheduler that was down sends the day's digests when it is back.
    DIGEST_HOUR = 7
    DIGEST_INTERVAL_MINUTES = 15
    # Webhooks (workflow.events): the pause after the first failed attempt, doubled per attempt up to the most, how
    # many attempts before a delivery counts as failed (about two days at these values), the wait for an answer,
    # and whether receivers may be plain http (only tests and a local demo: events must not travel unencrypted).
    WEBHOOK_RETRY_FIRST = timedelta(seconds=30)
    WEBHOOK_RETRY_MAX = timedelta(hours=6)
    WEBHOOK_MAX_ATTEMPTS = 16
    WEBHOOK_TIMEOUT_SECONDS = 10
    WEBHOOK_ALLOW_HTTP = False
    # Background jobs keep their file in the database: a bundle of dossiers is cut to this many cases
    # (a Kreis holds some hundreds); an export of more cases than this runs as a background job.
    DOSSIER_BUNDLE_MAX_CASES = 1000
    # The example payer account a programme ships with (``post_award.accounts.EXAMPLE_PAYER_IBAN``) may be used:
    # only the demo and the tests set this.
    ALLOW_EXAMPLE_PAYER_ACCOUNT = False
    EXPORT_DIRECT_MAX_CASES = 5000

    # The Integrationsplan (workflow.counselling): the AES key of the personal fields (32 bytes, URL-safe
    # base64; without one a generated key in instance/counselling.key), how long after the end of the
    # counselling a person's data is kept, and how many days before a review date the manager is reminded.
    COUNSELLING_KEY: str | None = None
    COUNSELLING_KEY_DIR: str | None = None
    COUNSELLING_RETENTION_DAYS = 3 * 365
    COUNSELLING_REMINDER_DAYS = 7
    # The plan form saves itself as a draft this many seconds after the last keystroke.
    COUNSELLING_AUTOSAVE_SECONDS = 10

    # The key that seals the anchors of the case histories (workflow.security.chain_anchors; 32 bytes, URL-safe base64);
    # without one a generated key in instance/chain_anchor.key. In production from the environment.
    CHAIN_ANCHOR_KEY: str | None = None
    # The dossier's seal (workflow.letters.dossier_seal): the authority's signing key and certificate (PEM files;
    # without them a self-signed pair in the instance folder), the RFC 3161 time-stamping service (none: no stamp)
    # and the certificate, or its issuer, whose stamps ``verify --dossier`` trusts.
    DOSSIER_SIGNING_KEY: str | None = None
    DOSSIER_SIGNING_CERT: str | None = None
    DOSSIER_TSA_URL: str | None = None
    DOSSIER_TSA_CERT: str | None = None
    DOSSIER_TSA_TIMEOUT_SECONDS = 10


def _flag(value: str) -> bool:
    return value.strip().lower() in ("1", "true", "yes", "ja", "on")


# Settings that may come from the environment (secrets stay out of the repository),
# with how to read each from its text.
ENVIRONMENT_SETTINGS = {
    "DATABASE_URL": str,
    "SECRET_KEY": str,
    "COUNSELLING_KEY": str,
    "COUNSELLING_KEY_DIR": str,
    "COUNSELLING_RETENTION_DAYS": int,
    "CHAIN_ANCHOR_KEY": str,
    "DOSSIER_SIGNING_KEY": str,
    "DOSSIER_SIGNING_CERT": str,
    "DOSSIER_TSA_URL": str,
    "DOSSIER_TSA_CERT": str,
    "BASE_URL": str,
    "SERVICE_OPERATOR": str,
    "SUPPORT_CONTACT": str,
    "PROXY_COUNT": int,
    "MAIL_SERVER": str,
    "MAIL_PORT": int,
    "MAIL_USE_TLS": _flag,
    "MAIL_USE_SSL": _flag,
    "MAIL_USERNAME": str,
    "MAIL_PASSWORD": str,
    "MAIL_SENDER": str,
    "MAIL_OUTBOX_DIR": str,
    "SWEEP_INTERVAL_MINUTES": int,
    "MAIL_INTERVAL_SECONDS": int,
    "JOBS_INTERVAL_SECONDS": int,
    "PDF_INTERVAL_SECONDS": int,
    "WEBHOOK_INTERVAL_SECONDS": int,
    "DIGEST_HOUR": int,
    "DIGEST_INTERVAL_MINUTES": int,
    "WEBHOOK_ALLOW_HTTP": _flag,
    "DOSSIER_BUNDLE_MAX_CASES": int,
    "EXPORT_DIRECT_MAX_CASES": int,
    "SECOND_FACTOR_ROLES": lambda value: tuple(filter(None, (part.strip() for part in value.split(",")))),
    "OIDC_ISSUER": str,
    "OIDC_CLIENT_ID": str,
    "OIDC_CLIENT_SECRET": str,
    "LDAP_URL": str,
    "LDAP_START_TLS": _flag,
    "LDAP_BIND_TEMPLATE": str,
    "LDAP_USER_SEARCH_BASE": str,
    "LDAP_USER_FILTER": str,
    "LDAP_GROUP_SEARCH_BASE": str,
    "SSO_ONLY_ROLES": lambda value: tuple(filter(None, (part.strip() for part in value.split(",")))),
    "EXTRA_PROGRAMMES": lambda value: tuple(filter(None, (part.strip() for part in value.split(",")))),
}


def load_secret_key(instance_path: str) -> str:
    """A persistent random key for installations that configured none."""
    path = os.path.join(instance_path, "secret_key")
    if os.path.exists(path):
        with open(path, encoding="ascii") as handle:
            return handle.read().strip()
    key = secrets.token_hex(32)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key)
    return key
