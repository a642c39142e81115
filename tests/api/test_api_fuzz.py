"""schemathesis against the running app: every operation of the OpenAPI document, fuzzed with a token.

No server error, and every answer (status, content type, body) as the document says. A few examples per
operation keep it within CI's time; derandomized, so a failure can be reproduced.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from factories import api_token, in_state

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES_PER_OPERATION = 8


def test_no_operation_answers_with_a_server_error_or_outside_the_document(app):
    app.config["API_RATE_LIMIT"] = 100_000
    in_state(app, "decision_proposed")
    headers = api_token(app, "pruefung.sued")
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def fuzz(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        fuzz()
