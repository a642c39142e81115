"""Every state change of Förderweg: import the submodule you need.

``transitions.perform_transition`` carries out workflow steps; ``drafts``
saves application drafts; ``effects`` holds what individual transitions do.
"""
