"""`flask --app wsgi users ...`: account administration from the command line."""

import click
from flask.cli import AppGroup
from marshmallow import ValidationError

from app.auth.models import Role
from app.auth.passwords import password_problem
from app.auth.schemas import RegisterIn
from app.auth.service import create_user, deactivate_user, find_user_by_email, set_password
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


@users_cli.command("set-password")
@click.argument("email")
@click.option("--password", prompt="New password", hide_input=True, confirmation_prompt=True,
              help="Prompted for when not given.")
def set_password_command(email: str, password: str) -> None:
    """Give an account a new password (checked like at sign-up); its tokens keep working."""
    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No account with the email {email}.")
    problem = password_problem(password, user.email)
    if problem:
        raise click.ClickException(f"password: {problem}")
    set_password(user, password)
    db.session.commit()
    click.echo(f"New password set for {user.email}.")


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
