"""The standard application path: its declaration (``declaration``) and the behaviour it names — drafts,
guards, effects, the decision per position, consortium membership."""

from workflow.workflows.standard.declaration import STANDARD_TEMPLATE_FILES, standard_workflow

__all__ = ["STANDARD_TEMPLATE_FILES", "standard_workflow"]
