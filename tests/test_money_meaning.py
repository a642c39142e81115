"""What a procedure's amount means for the case's money is declared on its states, and every state says it."""

from workflow.engine.declaration import MONEY_CLAIMED, MONEY_REMITTED
from workflow.workflows.post_award.accounts import (
    CLAIMED_STATES,
    COMMITTED_STATES,
    ORDERED_STATE,
    PAID_STATES,
    PENDING_STATES,
    REMITTED_STATE,
)
from workflow.workflows.post_award.states import CLAIM_STATES, PAYMENT_STATES


def test_every_claim_state_says_the_claim_is_owed_or_remitted():
    # A claim state without a meaning would drop its principal from the case's figures.
    assert {state.name: state.money in (MONEY_CLAIMED, MONEY_REMITTED) for state in CLAIM_STATES} == {
        state.name: True for state in CLAIM_STATES
    }


def test_payment_states_read_as_the_accounts_use_them():
    assert PAID_STATES == ("executed",)
    assert ORDERED_STATE == "ordered"
    assert PENDING_STATES == ("requested", "checked", "ordered")
    assert COMMITTED_STATES == ("ordered", "executed")
    # A draft and a refused request move no money.
    assert {state.name for state in PAYMENT_STATES if state.money is None} == {"new", "refused"}


def test_a_remitted_claim_still_counts_as_claimed():
    assert REMITTED_STATE == "remitted"
    assert REMITTED_STATE in CLAIMED_STATES
