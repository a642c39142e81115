"""The standard application path: its declaration (``declaration``) and the behaviour it names — drafts,
guards, effects, the decision per position, consortium membership."""

from workflow.workflows.standard.declaration import STANDARD_TEMPLATE_FILES, standard_workflow
from workflow.workflows.standard.early_start import (
    EARLY_START_FIELDS,
    EARLY_START_TEMPLATE_FILES,
    early_start_procedure,
)

__all__ = [
    "EARLY_START_FIELDS",
    "EARLY_START_TEMPLATE_FILES",
    "STANDARD_TEMPLATE_FILES",
    "early_start_procedure",
    "standard_workflow",
]
