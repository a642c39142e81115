"""The behaviour of the procedures after a grant (``workflows.post_award`` declares them)."""
