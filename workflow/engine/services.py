"""What the engine needs from the floors above it, handed in when the application starts (``create_app``).

The engine carries out a step; writing its letters, queueing its notifications, naming the system user,
sealing the history's anchor and writing the step's event for other systems belong to other packages, which import the engine — never the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional


@dataclass(frozen=True)
class Services:
    # (session, application, transition, ctx, due_dates) -> the step's rendered letters
    render_letters: Callable[..., list[Any]]
    # (session, application, transition, entry, documents, addressed, open_deadlines) -> None
    notify: Callable[..., None]
    # (session) -> the user in whose name deadlines and sweeps act
    system_user: Callable[..., Any]
    # (session, application_id, entry_hash) -> None: the case's chain grew by one entry
    seal_history: Callable[..., None]
    # (session, application, entries) -> None: the typed events of the transaction's history entries and their
    # webhook deliveries, written last before the commit
    publish: Callable[..., None]
    # (session, application, stored, addressed, today) -> None: how each copy of a Bescheid to all parties goes out
    record_copies: Callable[..., None]


_provided: Optional[Services] = None


def provide(services: Services) -> None:
    global _provided
    _provided = services


def current() -> Services:
    if _provided is None:
        raise RuntimeError("The engine's services are provided by create_app; no application was created.")
    return _provided
