"""The procedures after a grant: their declaration (``declaration``) and their behaviour — payments, changes,
proof of use, revocation with its hearing, claims."""

from workflow.workflows.post_award.declaration import (
    POST_AWARD_TEMPLATE_FILES,
    SETTLEMENT_TEMPLATE_FILES,
    post_award_procedures,
    post_award_settings,
)

__all__ = ["POST_AWARD_TEMPLATE_FILES", "SETTLEMENT_TEMPLATE_FILES", "post_award_procedures", "post_award_settings"]
