"""The generic core: it knows workflows, cases, money and documents, and no programme.

``declaration`` holds the types a workflow is declared with; ``transitions``
the one function that carries a transition out, with its ``context``;
``guards`` and ``effects`` the generic rules and steps a declaration may use;
``programmes`` finds the programme packages (entry-point group
``foerderweg.programmes``).
"""
