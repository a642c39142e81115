"""Förderweg: the Flask application."""

from __future__ import annotations

import os

from flask import Flask
from flask.cli import FlaskGroup


def create_app(test_config: dict | None = None) -> Flask:
    """Configuration from defaults, then instance/config.py, then the environment, then ``test_config``."""
    app = Flask(__name__, instance_relative_config=True)
    from workflow.settings import ENVIRONMENT_SETTINGS, DefaultConfig, load_secret_key

    app.config.from_object(DefaultConfig)
    app.config.from_pyfile("config.py", silent=True)
    for name, read in ENVIRONMENT_SETTINGS.items():
        if os.environ.get(name):
            app.config[name] = read(os.environ[name])
    if test_config is not None:
        app.config.from_mapping(test_config)
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("DATABASE_URL"):
        app.config["DATABASE_URL"] = "sqlite:///" + os.path.join(app.instance_path, "foerderweg.sqlite")
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = load_secret_key(app.instance_path)
    proxies = int(app.config["PROXY_COUNT"])
    if proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)

    from workflow.security import auth, oidc
    from workflow import cli, clock, web
    from workflow.db import db
    from workflow.engine.programmes import register_extra

    register_extra(app.config["EXTRA_PROGRAMMES"])
    _provide_engine_services()
    clock.init_app(app)
    db.init_app(app)
    auth.init_app(app)
    oidc.init_app(app)
    web.init_app(app)
    cli.init_app(app)
    return app


def _provide_engine_services() -> None:
    """Hand the engine what it needs from the floors above it (it imports none of them)."""
    from workflow import seed
    from workflow.engine import services
    from workflow.events.outbox import publish
    from workflow.letters.dispatch import record_issued
    from workflow.letters.step_letters import render_step_letters
    from workflow.inbox.closing import notify_and_close
    from workflow.security.chain_anchors import advance

    services.provide(
        services.Services(
            render_letters=render_step_letters,
            notify=notify_and_close,
            system_user=seed.system_user,
            seal_history=advance,
            publish=publish,
            record_copies=record_issued,
        )
    )


# The ``foerderweg`` command: Flask's own commands and those ``cli.init_app`` adds to every application.
main = FlaskGroup(create_app=create_app, help="Förderweg – Verwaltung von Förderanträgen.")
