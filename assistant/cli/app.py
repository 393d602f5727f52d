"""`assistant app`: start the Streamlit web app."""

from __future__ import annotations

import click

from .options import home_option, settings_from


@click.command("app")
@click.option("--port", default=8501, show_default=True)
@click.option("--headless", is_flag=True, help="Geen browser openen.")
@home_option
@click.pass_context
def app_command(ctx, port: int, headless: bool, home) -> None:
    """Start de webapp (Streamlit) voor beleidsmedewerkers en reviewers."""
    import os
    import subprocess

    from ..app.server import streamlit_command

    settings = settings_from(ctx, home)
    env = dict(os.environ, ASSISTANT_HOME=str(settings.home.resolve()))
    raise SystemExit(subprocess.call(streamlit_command(port, headless=headless), env=env))


COMMANDS = (app_command,)
