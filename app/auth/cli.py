"""`flask --app wsgi users ...`: account administration from the command line."""

import click
from flask.cli import AppGroup
from marshmallow import ValidationError

from app.auth.models import Role
from app.auth.schemas import RegisterIn
from app.auth.service import create_user, deactivate_user
from app.errors import DomainError
from app.extensions import db

users_cli = AppGroup("users", help="Manage user accounts.")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice([role.value for role in Role]), default=Role.CREATOR.value,
              show_default=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="Prompted for when not given.")
@click.option("--name", "display_name", default=None, help="Display name (default: the email's local part).")
def create_user_command(email: str, role: str, password: str, display_name: str | None) -> None:
    """Create an account with the given role; the password must pass the same checks as sign-up."""
    try:
        fields = RegisterIn().load({"email": email, "password": password,
                                    "display_name": display_name or email.split("@")[0]})
        user = create_user(**fields, role=Role(role))
    except ValidationError as error:
        raise click.ClickException(_describe(error.messages)) from error
    except DomainError as error:
        raise click.ClickException(error.detail) from error
    db.session.commit()
    click.echo(f"Created {user.role} {user.email} (id {user.id}).")


@users_cli.command("deactivate")
@click.argument("email")
def deactivate_user_command(email: str) -> None:
    """Stop an account from signing in; its tokens stop working at once."""
    try:
        user = deactivate_user(email)
    except DomainError as error:
        raise click.ClickException(error.detail) from error
    db.session.commit()
    click.echo(f"Deactivated {user.email}.")


def _describe(messages: dict) -> str:
    return "; ".join(f"{field}: {' '.join(problems)}" for field, problems in messages.items())
