"""The states of the payment and the claim, with what their amount means for the case's money.

The accounts, the programme's budget and the cash file read the meaning from here (``State.money``): a state added
to either procedure says itself whether its amount is on its way, paid out, owed back or remitted.
"""

from __future__ import annotations

from workflow.engine.declaration import (
    MONEY_CLAIMED,
    MONEY_ORDERED,
    MONEY_PAID,
    MONEY_PENDING,
    MONEY_REMITTED,
    State,
)
from workflow.models.user import Role

# A claim paid in instalments (``instalments.py`` keeps the plan).
INSTALMENTS = "instalments"

PAYMENT_STATES = (
    State("new", "Neu", "Der Abruf wird erfasst.", draft=True),
    State(
        "requested",
        "Abgerufen",
        "Die Auszahlung wartet auf die Feststellung der sachlichen Richtigkeit.",
        waiting_for=Role.REVIEWER,
        money=MONEY_PENDING,
    ),
    State(
        "checked",
        "Sachlich richtig",
        "Die Auszahlung wartet auf die Anordnung durch eine zweite Person.",
        waiting_for=Role.APPROVER,
        money=MONEY_PENDING,
    ),
    State(
        "ordered",
        "Angeordnet",
        "Die Auszahlung ist angeordnet und geht mit der nächsten Datei an die Kasse.",
        waiting_for=Role.APPROVER,
        money=MONEY_ORDERED,
    ),
    State("executed", "Ausgezahlt", "Die Landeskasse hat die Auszahlung ausgeführt.", final=True, money=MONEY_PAID),
    State("refused", "Zurückgewiesen", "Der Abruf wurde zurückgewiesen.", final=True),
)

# Every claim owes its principal until it is remitted; a claim settled or suspended still counts as claimed.
CLAIM_STATES = (
    State("new", "Neu", "Die Forderung wird angelegt.", money=MONEY_CLAIMED),
    State(
        "open",
        "Offen",
        "Die Erstattung ist bis zum Fälligkeitstag zu zahlen.",
        waiting_for=Role.CLERK,
        money=MONEY_CLAIMED,
    ),
    State(
        "overdue",
        "Überfällig",
        "Der Fälligkeitstag ist verstrichen; die Bewilligungsstelle mahnt.",
        waiting_for=Role.REVIEWER,
        money=MONEY_CLAIMED,
    ),
    State(
        "dunned",
        "Gemahnt",
        "Die Mahnung nennt den offenen Betrag und einen neuen Zahlungstag.",
        waiting_for=Role.CLERK,
        money=MONEY_CLAIMED,
    ),
    State(
        "deferred",
        "Gestundet",
        "Die Forderung ist bis zum neuen Fälligkeitstag gestundet.",
        waiting_for=Role.CLERK,
        money=MONEY_CLAIMED,
    ),
    State(
        INSTALMENTS,
        "In Raten",
        "Die Forderung wird in Raten gezahlt, jede bis zu ihrem Fälligkeitstag.",
        waiting_for=Role.CLERK,
        money=MONEY_CLAIMED,
    ),
    State(
        "relief_proposed",
        "Vorgeschlagen",
        "Stundung, Ratenzahlung, Niederschlagung oder Erlass warten auf die Zeichnung.",
        waiting_for=Role.APPROVER,
        money=MONEY_CLAIMED,
    ),
    State(
        "suspended",
        "Niedergeschlagen",
        "Die Forderung besteht, wird aber vorerst nicht weiter verfolgt.",
        money=MONEY_CLAIMED,
    ),
    State(
        "settled", "Beglichen", "Hauptforderung, Zinsen und Kosten sind eingegangen.", final=True, money=MONEY_CLAIMED
    ),
    State("remitted", "Erlassen", "Die Forderung ist erlassen und erloschen.", final=True, money=MONEY_REMITTED),
)
