"""Small builders for test data, going through the real services where it matters."""

from __future__ import annotations

import re
from datetime import timedelta

from flask.testing import FlaskClient
from sqlalchemy import select

from complaints.accounts.models import User
from complaints.accounts.services import hash_password
from complaints.cases import services as cases
from complaints.cases.models import Complaint
from complaints.cases.workflow import Action, Role, Status
from complaints.clock import utcnow
from complaints.companies.models import Company
from complaints.companies.services import create_company
from complaints.extensions import db
from complaints.webcare.models import Representative

PASSWORD = "correct horse battery staple"
STORY = (
    "Ik heb vier keer gebeld over een storing in mijn internetverbinding. Elke keer werd "
    "beloofd dat er een monteur zou komen, maar er kwam niemand."
)
_CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def make_user(email: str, *, role: str = "consumer", verified: bool = True,
              display_name: str = "Test Persoon", locale: str = "nl") -> User:
    user = User(email=email, display_name=display_name, password_hash=hash_password(PASSWORD),
                role=role, locale=locale, email_verified_at=utcnow() if verified else None)
    db.session.add(user)
    db.session.commit()
    db.session.refresh(user)
    db.session.expunge(user)
    return user


def make_company(name: str, *, sector: str = "telecom", domains: list[str] | None = None,
                 description: str = "") -> Company:
    company = create_company(name, sector, domains=domains, description=description)
    db.session.commit()
    db.session.refresh(company)
    db.session.expunge(company)
    return company


def draft(company_name: str = "Belnet Mobiel", **changes) -> cases.ComplaintDraft:
    values = dict(company=company_name, company_choice=None, new_company_sector=None,
                  new_company_website=None, title="Vier keer gebeld, nooit een monteur gezien",
                  body=STORY, category="outage", contacts_before=4, first_contact_on=None,
                  desired_outcome="Een monteur die echt komt.")
    values.update(changes)
    return cases.ComplaintDraft(**values)


def reload(model, obj):
    return db.session.get(model, obj.id)


def make_complaint(author: User, company: Company | None = None, *,
                   status: Status = Status.PENDING, days_ago: int = 0, **changes) -> Complaint:
    """A complaint walked to `status` through the real state machine (times back-dated)."""
    author = reload(User, author)
    company_name = company.name if company is not None else "Belnet Mobiel"
    complaint = cases.submit_complaint(author, draft(company_name, **changes))
    moderator = db.session.scalar(select(User).where(User.role.in_(["moderator", "admin"])))
    at = utcnow() - timedelta(days=days_ago, hours=4)  # every step lies in the past
    complaint.submitted_at = complaint.queued_at = at
    path = {
        Status.PENDING: [],
        Status.REJECTED: [(Action.REJECT, Role.MODERATOR, "Geen klantenservice")],
        Status.OPEN: [(Action.APPROVE, Role.MODERATOR, None)],
        Status.ANSWERED: [(Action.APPROVE, Role.MODERATOR, None),
                          (Action.ANSWER, Role.REPRESENTATIVE, None)],
        Status.RESOLVED: [(Action.APPROVE, Role.MODERATOR, None),
                          (Action.ANSWER, Role.REPRESENTATIVE, None),
                          (Action.RESOLVE, Role.AUTHOR, None)],
        Status.WITHDRAWN: [(Action.WITHDRAW, Role.AUTHOR, None)],
        Status.REMOVED: [(Action.APPROVE, Role.MODERATOR, None),
                         (Action.REMOVE, Role.MODERATOR, "Op verzoek verwijderd")],
    }[Status(status)]
    for step, (action, role, reason) in enumerate(path, start=1):
        actor = author if role == Role.AUTHOR else moderator if role == Role.MODERATOR else None
        cases.apply_transition(complaint, action, actor=actor, roles={role}, reason=reason,
                               now=at + timedelta(hours=step))
    db.session.commit()
    db.session.refresh(complaint)
    return complaint


def csrf_token(client: FlaskClient, url: str = "/") -> str:
    page = client.get(url).get_data(as_text=True)
    match = _CSRF.search(page)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def post_form(client: FlaskClient, url: str, data: dict, *, form_url: str | None = None,
              follow_redirects: bool = False):
    """POST like a browser: with the CSRF token of the session."""
    token = csrf_token(client, form_url or "/")
    return client.post(url, data={**data, "csrf_token": token},
                       follow_redirects=follow_redirects)


def signed_in(app, email: str) -> FlaskClient:
    """A test client of `app` signed in as `email` (with the builders' password)."""
    client = app.test_client()
    assert post_form(client, "/auth/login", {"email": email, "password": PASSWORD}) \
        .status_code == 303
    return client


def make_representative(user: User, company: Company, *, owner: bool = True,
                        name: str = "Wendy Webcare", job_title: str = "Teamleider webcare",
                        work_email: str | None = None) -> Representative:
    """A member of a company's webcare team (as an approved claim or invitation leaves it)."""
    company_row = db.session.get(Company, company.id)
    rep = Representative(company_id=company.id, user_id=user.id, name=name,
                         job_title=job_title, is_owner=owner,
                         work_email=work_email or f"{user.email.split('@')[0]}@"
                         f"{company_row.domains[0].domain if company_row.domains else 'x.nl'}")
    db.session.add(rep)
    if company_row.claimed_at is None:
        company_row.claimed_at = utcnow()
    db.session.commit()
    db.session.refresh(rep)
    db.session.expunge(rep)
    return rep
