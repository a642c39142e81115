"""Blueprints: thin views that load, check, call one operation and redirect."""

from __future__ import annotations

from flask import Flask

from workflow.views.shared import BoundedIntConverter


def register_blueprints(app: Flask) -> None:
    app.url_map.converters["int"] = BoundedIntConverter
    from workflow.views import (
        account,
        addresses,
        admin_audit,
        allocations,
        applications,
        attachments,
        auth,
        base_rates,
        cases,
        cash,
        consortia,
        diagram,
        dispatch,
        documents,
        home,
        inbox,
        info,
        invitations,
        jobs,
        mail_queue,
        membership,
        notifications,
        overview,
        population,
        procedure_queue,
        procedures,
        programme_settings,
        queues,
        registration,
        rounds,
        second_factor,
        tokens,
        users,
    )

    modules = (
        auth,
        home,
        inbox,
        applications,
        attachments,
        cases,
        documents,
        queues,
        notifications,
        overview,
        consortia,
        diagram,
        dispatch,
        membership,
        info,
        allocations,
        population,
        addresses,
        programme_settings,
        procedures,
        cash,
        procedure_queue,
        tokens,
        account,
        second_factor,
        users,
        invitations,
        admin_audit,
        mail_queue,
        jobs,
        rounds,
        base_rates,
        registration,
    )
    for module in modules:
        app.register_blueprint(module.bp)
    # The Integrationsplan, a capability apart: the managers' pages and the authority's anonymous figures.
    from workflow.counselling import views as counselling_views, views_lead

    app.register_blueprint(counselling_views.bp)
    app.register_blueprint(views_lead.authority_bp)
