"""Changes of one position one after another: each is computed with what the earlier ones left of the position.

The case: position 1, category a, 0,50 VZÄ, 01.03.2027–28.02.2029 (24 months), 58.000,00 € granted, so
2.416,67 € a month. The Festbeträge per VZÄ and year: category a 58.000 €, category c 46.000 €. So a month costs
at 0,50 VZÄ in category c 46.000 × 0,5 / 12 = 1.916,666… €; at 0,25 VZÄ in a 1.208,333… €, in c 958,333… €.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from post_award_steps import case, final_case, on, proposed_change, start, step
from workflow.engine.context import TransitionRefused

D = Decimal


def _signed_change(application_id: int, clerk: str, **change) -> Decimal:
    reported = start(application_id, "change", "report_change", clerk, position="1", **change)
    proposed_change(application_id, reported)
    step(application_id, reported, "sign_change", "zeichnung")
    return case(application_id).granted_amount


def test_a_share_change_after_a_new_person_keeps_the_new_persons_category(app, clock):
    """New person in category c from 01.09.2027: 6 months a at 0,50 (14.500,00) + 18 months c at 0,50 (34.500,00)
    = 49.000,00. Then 0,25 VZÄ from 01.03.2028: the 12 months left are the new person's, category c at 0,25
    (12 × 958,333… = 11.500,00), not category a (14.500,00): 14.500 + 6 × 1.916,666… (11.500) + 11.500 = 37.500,00."""
    application_id, clerk = final_case(app)
    with app.app_context():
        on(clock, "2027-09-05")
        assert _signed_change(
            application_id, clerk, kind="new_person", start="01.09.2027", person_name="Lena Vogt", category="c"
        ) == D("49000.00")
        assert _signed_change(application_id, clerk, kind="fte", start="01.03.2028", fte="0,25") == D("37500.00")


def test_a_new_person_after_a_share_change_keeps_the_reduced_share(app, clock):
    """0,25 VZÄ from 01.03.2028: 12 × 2.416,666… (29.000,00) + 12 × 1.208,333… (14.500,00) = 43.500,00. A new person
    in category c from 01.06.2028 at that share: 3 × 1.208,333… (3.625,00) + 9 × 958,333… (8.625,00), so
    29.000 + 3.625 + 8.625 = 41.250,00."""
    application_id, clerk = final_case(app)
    with app.app_context():
        on(clock, "2027-09-05")
        assert _signed_change(application_id, clerk, kind="fte", start="01.03.2028", fte="0,25") == D("43500.00")
        assert _signed_change(
            application_id, clerk, kind="new_person", start="01.06.2028", person_name="Lena Vogt", category="c"
        ) == D("41250.00")


@pytest.mark.parametrize("category", ["", "x"])
def test_a_new_person_is_reported_with_one_of_the_programmes_categories(app, clock, category):
    """The Festbetrag follows the new person's category: left out or unknown, the report is refused in German."""
    application_id, clerk = final_case(app)
    with app.app_context():
        on(clock, "2027-09-05")
        with pytest.raises(TransitionRefused, match="Qualifikationskategorie der neuen Person an: a, b, c") as refusal:
            start(
                application_id,
                "change",
                "report_change",
                clerk,
                position="1",
                kind="new_person",
                start="01.06.2028",
                person_name="Lena Vogt",
                category=category,
            )
        assert refusal.value.status == 422
