"""`flask --app app api-tokens create EMAIL`: a personal access token from the command line,
for setting up an integration (the team page makes them too)."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from complaints.accounts.models import User
from complaints.api import tokens
from complaints.api.models import Scope
from complaints.companies.models import Company
from complaints.errors import DomainError
from complaints.extensions import db
from complaints.webcare.models import Representative

api_tokens_cli = AppGroup("api-tokens", help="Personal access tokens for the API.")


@api_tokens_cli.command("create")
@click.argument("email")
@click.option("--scope", type=click.Choice([s.value for s in Scope]), default=Scope.READ.value,
              show_default=True, help="read: the inbox and complaints; write: also reply, "
                                      "send private messages, propose resolution.")
@click.option("--name", default="command line", show_default=True,
              help="What the token is for, shown on the team page.")
@click.option("--company", "slug", metavar="SLUG",
              help="The company (needed when the person represents more than one).")
def create_command(email: str, scope: str, name: str, slug: str | None):
    """Make a token for EMAIL, a representative; the token is printed on the last line, once."""
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"No account with the e-mail address {email}.")
    represented = list(db.session.scalars(
        select(Company).join(Representative, Representative.company_id == Company.id)
        .where(Representative.user_id == user.id, Representative.removed_at.is_(None))
        .order_by(Company.slug)))
    if slug is not None:
        represented = [company for company in represented if company.slug == slug]
    if not represented:
        raise click.ClickException(f"{email} represents no company{' ' + slug if slug else ''}.")
    if len(represented) > 1:
        raise click.ClickException("This person represents several companies; choose one with "
                                   "--company: " + ", ".join(c.slug for c in represented))
    company = represented[0]
    try:
        token, secret = tokens.create_token(user, company, name=name, scope=scope)
    except DomainError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"Token {token.prefix}… ({token.scope}) of {user.email} for {company.name}; "
               f"shown this once:")
    click.echo(secret)
