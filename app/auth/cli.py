"""`flask --app wsgi users ...`: account administration from the command line."""

import click
from flask.cli import AppGroup

from app.auth.models import Role
from app.auth.service import create_user
from app.errors import DomainError
from app.extensions import db

users_cli = AppGroup("users", help="Manage user accounts.")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice([role.value for role in Role]), default=Role.CREATOR.value)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="Prompted for when not given.")
@click.option("--name", "display_name", default=None, help="Display name (default: the email's local part).")
def create_user_command(email: str, role: str, password: str, display_name: str | None) -> None:
    """Create an account with the given role."""
    try:
        user = create_user(email, password, display_name or email.split("@")[0], role=Role(role))
    except DomainError as error:
        raise click.ClickException(error.detail) from error
    db.session.commit()
    click.echo(f"Created {user.role} {user.email} (id {user.id}).")
