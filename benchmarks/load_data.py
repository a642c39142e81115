"""The Land's data for the load test (benchmarks/load.py): the mass of land_scale plus real cases made the real way.

The mass (``land_scale.bulk_cases``: 5,000 cases per scale over every state, their audit chains, documents and
notifications) fills the lists and the overview. On top of it every Gemeinde of the Land that the round needs applies
for Integrationsmanagement through ``perform_transition`` — 1 to 3 positions, some employed by a Träger, every 25th a
consortium of three Gemeinden of one Kreis with the members' consent — and is taken and decided by the reviewer of its
Bezirk: a grant within its (pooled) Planungsrahmen, or a refusal below the threshold of 51,000 €. Those proposals are
the Sammelzeichnung the load test signs in one round. A few more are signed before (their Bescheide, of real size,
are the downloads), and VwV-Integration (Teilhabe) projects of other Gemeinden wait in every state the reviewers and
approvers act on during the load; the clerks who draft and submit new projects during the load get their accounts
here. The plan (who logs in, which case is in which pool, the API tokens) is written as JSON for the Locust file.
"""

from __future__ import annotations

import time
from decimal import Decimal

from sqlalchemy import select, text

from application_data import consortium_application, position, single_application
from factories import GRANT_ALL, REFUSE_ALL, clerk_for, draft, fire, revision, rulings
from land_scale import IM, analyze, build_land, bulk_cases
from workflow.db import db
from workflow.engine.programmes import definition_for
from workflow.models import Application, Organisation, OrganisationKind, Participation, Programme, User
from workflow.money import ledger
from workflow.operations.api_tokens import create_token

TEILHABE = "teilhabe"
THRESHOLD = Decimal("51000")
REVIEWER_OF_BEZIRK = {"1": "pruefung.nord", "2": "pruefung.nord", "3": "pruefung.sued", "4": "pruefung.sued"}
CONSORTIUM_EVERY = 25
# A small project (5,000 € eligible, 60 % = 3,000 € requested): the 660,000 € budget holds some 200 of them.
SMALL_PROJECT = {
    "own_funds": "2.000,00",
    "third_party_funds": "0,00",
    "requested": "3.000,00",
    "positions-0-cost": "3.000,00",
    "positions-1-cost": "2.000,00",
}


def gemeinden_free_for(code: str) -> list[Organisation]:
    """Gemeinden with an address and no live application of the programme (and no demo clerk), by AGS."""
    programme_id = db.session.scalars(select(Programme.id).where(Programme.code == code)).one()
    bound = select(Participation.organisation_id).where(Participation.programme_id == programme_id)
    demo_clerks = select(User.organisation_id).where(
        User.organisation_id.is_not(None), User.username.not_like("clerk.%")
    )
    return list(
        db.session.scalars(
            select(Organisation)
            .where(
                Organisation.kind == OrganisationKind.GEMEINDE,
                Organisation.id.not_in(bound),
                Organisation.id.not_in(demo_clerks),
                Organisation.street.is_not(None),
            )
            .order_by(Organisation.ags)
        )
    )


def im_applicants(count: int) -> list[list[Organisation]]:
    """Up to ``count`` applicants of Integrationsmanagement, by AGS: a Gemeinde at or above the threshold alone (every
    ``CONSORTIUM_EVERY``-th with two neighbours of its Kreis all the same), one below it as the lead of a consortium
    with the next Gemeinden of its Kreis until their pooled Planungsrahmen reaches the threshold (lead first)."""
    free = gemeinden_free_for(IM)
    shares = ledger.allocations_by_organisation(db.session, programme(IM), [organisation.id for organisation in free])
    applicants: list[list[Organisation]] = []
    while free and len(applicants) < count:
        lead = free.pop(0)
        group, pooled = [lead], shares.get(lead.id, Decimal(0))
        joint = len(applicants) % CONSORTIUM_EVERY == CONSORTIUM_EVERY - 1
        for partner in [organisation for organisation in free if organisation.ags[:5] == lead.ags[:5]]:
            if pooled >= THRESHOLD and not (joint and len(group) < 3):
                break
            group.append(partner)
            pooled += shares.get(partner.id, Decimal(0))
            free.remove(partner)
        if pooled >= THRESHOLD:
            applicants.append(group)
    return applicants


def im_form(applicant: list[Organisation], pooled: Decimal) -> dict[str, str]:
    """The application as a clerk would type it: one 0,5 VZÄ position per 120,000 € of Planungsrahmen (1 to 3),
    every second employed by a Träger."""
    count = max(1, min(3, int(pooled // 120000)))
    positions = {}
    for index in range(count):
        provider = "Caritasverband" if index % 2 else None
        positions.update(position(index, f"Person {applicant[0].ags}-{index + 1}", "a", "0,5", provider=provider))
    lead = applicant[0]
    overrides = {**positions, "account_holder": lead.name}
    if len(applicant) == 1:
        data = single_application(**overrides)
    else:
        members = [organisation.ags for organisation in applicant[1:]]
        data = consortium_application(members, consortium_name=f"Integrationsmanagement {lead.name} und Partner")
        data = {key: value for key, value in data.items() if not key.startswith("positions-")}
        data.update(overrides)
    return data


def im_case(applicant: list[Organisation], sign: bool) -> tuple[int, str]:
    """One case through submission, taking and proposal (and the signature, if ``sign``): its id and its clerk."""
    ids = [organisation.id for organisation in applicant]
    pooled = sum(ledger.allocations_by_organisation(db.session, programme(IM), ids).values(), Decimal(0))
    clerk = clerk_for(applicant[0])
    application_id = draft(clerk, im_form(applicant, pooled))
    fire(application_id, "submit", clerk, revision=revision(application_id))
    reviewer = REVIEWER_OF_BEZIRK[applicant[0].ags[2]]
    fire(application_id, "take", reviewer)
    application = db.session.get(Application, application_id)
    fits = pooled >= THRESHOLD and application.computed_amount <= pooled
    decision = rulings(application, GRANT_ALL if fits else REFUSE_ALL)
    fire(application_id, "propose_decision", reviewer, positions=decision, comment="")
    if sign:
        fire(application_id, "sign_grant" if fits else "sign_rejection", "zeichnung")
    return application_id, clerk


def programme(code: str) -> Programme:
    return db.session.scalars(select(Programme).where(Programme.code == code)).one()


def teilhabe_case(organisation: Organisation, steps: int, outcome: str = GRANT_ALL) -> int:
    """A small project of ``organisation`` submitted, then ``steps`` of take and propose (``outcome``) by
    pruefung.teilhabe."""
    clerk = clerk_for(organisation)
    data = {**definition_for(TEILHABE).sample_input, **SMALL_PROJECT, "account_holder": organisation.name}
    application_id = draft(clerk, data, TEILHABE)
    fire(application_id, "submit", clerk, revision=revision(application_id))
    if steps >= 1:
        fire(application_id, "take", "pruefung.teilhabe")
    if steps >= 2:
        decision = rulings(db.session.get(Application, application_id), outcome)
        fire(application_id, "propose_decision", "pruefung.teilhabe", positions=decision, comment="")
    return application_id


def token_of(username: str) -> str:
    user = db.session.scalars(select(User).where(User.username == username)).one()
    return create_token(db.session, user, "Lasttest", "write", 30)[1]


def build(table, scale: int, round_size: int, pool: int) -> dict:
    """Build everything on the app's (empty) database; the plan for the Locust file."""
    started = time.perf_counter()
    gemeinden = build_land(table)
    bulk = bulk_cases(scale, set()) if scale else {}
    applicants = im_applicants(round_size + pool)
    signed, round_ids, clerks_with_case = [], [], []
    for number, applicant in enumerate(applicants):
        application_id, clerk = im_case(applicant, sign=number < pool)
        (signed if number < pool else round_ids).append(application_id)
        clerks_with_case.append({"username": clerk, "case": application_id})
        if number % 100 == 99:
            print(f"  {number + 1} Fälle der Integrationsmanagement-Runde angelegt", flush=True)
    free = gemeinden_free_for(TEILHABE)
    # The round is filled up with projects: one in five granted (the budget holds them), the others refused.
    while len(round_ids) < round_size and free:
        outcome = GRANT_ALL if len(round_ids) % 5 == 0 else REFUSE_ALL
        round_ids.append(teilhabe_case(free.pop(0), 2, outcome))
    pools = {"submitted": [], "in_review": [], "proposed": []}
    for steps, name in ((0, "submitted"), (1, "in_review"), (2, "proposed")):
        for _ in range(pool * 2):
            pools[name].append(teilhabe_case(free.pop(0), steps))
    fresh_clerks = [clerk_for(organisation) for organisation in free[: pool * 4]]
    api_clerks = [row["username"] for row in clerks_with_case[: max(2, pool // 4)]]
    tokens = {username: token_of(username) for username in [*api_clerks, "pruefung.sued", "ministerium"]}
    analyze()
    consortia = sum(1 for applicant in applicants if len(applicant) > 1)
    return {
        "data": (
            f"{gemeinden:,} Gemeinden; bulk {', '.join(f'{n:,} {table}' for table, n in bulk.items()) or 'none'}; "
            f"{len(applicants):,} real Integrationsmanagement cases ({consortia} consortia, "
            f"{len(signed)} signed), {sum(map(len, pools.values()))} Teilhabe projects in the reviewers' and "
            f"approvers' lists, {len(round_ids):,} proposals for the round; built in {time.perf_counter() - started:.0f} s"
        ),
        "round": round_ids,
        "signed": signed,
        "clerks_with_case": clerks_with_case,
        "fresh_clerks": fresh_clerks,
        "teilhabe": pools,
        "tokens": tokens,
        "teilhabe_form": {**definition_for(TEILHABE).sample_input, **SMALL_PROJECT},
        "case_count": db.session.scalar(text("SELECT count(*) FROM application")),
    }
