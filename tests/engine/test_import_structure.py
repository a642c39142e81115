"""The house's floors, read from the imports: the engine stands on the ground floor, nothing imports in a circle,
and ``workflow/`` keeps its modules in packages of one capability each."""

from __future__ import annotations

from import_graph import ROOT, circles, import_graph

# What the engine may stand on: the models, the platform pieces and the permissions. Letters, notifications,
# the system user and the history's seal are handed to it when the application starts (``engine.services``).
ENGINE_MAY_IMPORT = (
    "workflow.engine",
    "workflow.models",
    "workflow.db",
    "workflow.clock",
    "workflow.text",
    "workflow.formatting",
    "workflow.money",
    "workflow.permissions",
)
MAX_FLAT_MODULES = 20


def _allowed_for_engine(target: str) -> bool:
    # ``workflow.money`` is the cent arithmetic; its submodules (ledger, budget, interest) are floors above.
    return target == "workflow.money" or any(
        target == base or target.startswith(base + ".") for base in ENGINE_MAY_IMPORT if base != "workflow.money"
    )


def test_the_engine_imports_nothing_above_it():
    graph = import_graph()
    above = {
        module: sorted(target for target in targets if not _allowed_for_engine(target))
        for module, targets in graph.items()
        if module.startswith("workflow.engine")
    }
    assert {module: targets for module, targets in above.items() if targets} == {}


def test_no_module_imports_itself_through_others():
    assert circles(import_graph()) == []


def test_the_circle_finder_finds_a_circle():
    # The control: a graph with one circle of three and a module outside it.
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert circles(graph) == [["a", "b", "c"]]


def test_workflow_keeps_its_modules_in_packages():
    flat = sorted(path.name for path in (ROOT / "workflow").glob("*.py"))
    assert len(flat) <= MAX_FLAT_MODULES, flat
