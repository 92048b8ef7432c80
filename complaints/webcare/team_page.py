"""The team page, built in one place: the team and its invitations, the API tokens and the
webhooks. The team's own view and the forms of the other sections (a webhook refused for its
address) all show it, each with its own form bound and its errors next to the fields."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from complaints import permissions
from complaints.accounts.forms import ConfirmForm
from complaints.api import tokens as api_tokens
from complaints.api.forms import TokenForm
from complaints.companies.models import Company
from complaints.webcare import services
from complaints.webcare.forms import InviteForm
from complaints.webhooks import services as webhooks
from complaints.webhooks.forms import EndpointForm
from complaints.webhooks.models import EVENT_LABELS


def render_team_page(company: Company, status: int = 200, **forms):
    """The page with fresh forms, except those given (`form`, `token_form`, `webhook_form`)."""
    context = {
        "company": company,
        "members": services.team(company),
        "invitations": services.open_invitations(company),
        "confirm_form": ConfirmForm(),
        "api_tokens": api_tokens.tokens_for(current_user, company),
        "webhook_endpoints": (webhooks.endpoints_for(company)
                              if permissions.can_manage_webhooks(current_user, company)
                              else []),
        "shown_secret": webhooks.shown_secret,
        "webhook_event_labels": EVENT_LABELS,
    }
    for name, form_class in (("form", InviteForm), ("token_form", TokenForm),
                             ("webhook_form", EndpointForm)):
        context[name] = forms.get(name) or form_class(formdata=None)
    return render_template("webcare/team.html", **context), status
