"""Claims, the webcare team and the company profile, through the services."""

from __future__ import annotations

import pytest
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import func, select

from complaints.accounts.models import User
from complaints.accounts.tokens import make_token
from complaints.companies.models import Company
from complaints.errors import AlreadyHandled, DomainError, NotAllowed
from complaints.extensions import db
from complaints.moderation.models import ModAction, ModerationAction
from complaints.webcare import services
from complaints.webcare.models import Claim, ClaimStatus, Invitation, Representative
from tests.builders import make_company, make_representative, make_user, reload


def _user(user) -> User:
    return reload(User, user)


def _company(company) -> Company:
    return reload(Company, company)


def _claim(user, company, email="wendy@belnet-mobiel.nl") -> Claim:
    return services.start_claim(_user(user), _company(company), name="Wendy Webcare",
                                job_title="Teamleider webcare", work_email=email)


def _token_from(mailbox, address: str) -> str:
    return mailbox.link(mailbox.last_to(address), "/claims/confirm/").rsplit("/", 1)[1]


def test_claim_with_the_company_domain_is_approved_by_the_link(ctx, mailbox, consumer, company):
    claim = _claim(consumer, company)
    assert claim.status == ClaimStatus.AWAITING_EMAIL
    assert "eigen domein van het bedrijf" in mailbox.last_to("wendy@belnet-mobiel.nl").get_content()
    services.confirm_claim(_token_from(mailbox, "wendy@belnet-mobiel.nl"))
    assert claim.status == ClaimStatus.APPROVED
    rep = db.session.scalar(select(Representative))
    assert (rep.user_id, rep.name, rep.is_owner) == (consumer.id, "Wendy Webcare", True)
    assert _company(company).is_claimed
    assert "Je vertegenwoordigt nu" in str(mailbox.last_to(consumer.email)["Subject"])
    [logged] = db.session.scalars(select(ModerationAction)).all()
    assert logged.action == ModAction.CLAIM_APPROVE and logged.actor_id is None


def test_a_subdomain_of_the_company_domain_proves_it_too(ctx, mailbox, consumer, company):
    _claim(consumer, company, "wendy@webcare.belnet-mobiel.nl")
    claim = services.confirm_claim(_token_from(mailbox, "wendy@webcare.belnet-mobiel.nl"))
    assert claim.status == ClaimStatus.APPROVED


@pytest.mark.parametrize("email", ["wendy@gmail.com", "wendy@hotmail.nl", "wendy@ziggo.nl",
                                   "wendy@belnet-mobiel.nl.evil.example",
                                   "wendy@notbelnet-mobiel.nl"])
def test_other_domains_and_webmail_wait_for_a_moderator(ctx, mailbox, consumer, company, email):
    _claim(consumer, company, email)
    claim = services.confirm_claim(_token_from(mailbox, email))
    assert claim.status == ClaimStatus.IN_REVIEW
    assert db.session.scalar(select(func.count()).select_from(Representative)) == 0
    assert mailbox.to(consumer.email)  # told it waits


def test_webmail_never_proves_even_when_the_company_lists_it(ctx, consumer):
    company = make_company("Gratis Mail Bedrijf", domains=["gmail.com"])
    assert not services.domain_proves(_company(company), "iemand@gmail.com")


def test_moderator_approves_or_refuses_a_claim_once(ctx, mailbox, consumer, other_consumer,
                                                    moderator, company):
    _claim(consumer, company, "wendy@gmail.com")
    first = services.confirm_claim(_token_from(mailbox, "wendy@gmail.com"))
    services.approve_claim(_user(moderator), first)
    assert first.status == ClaimStatus.APPROVED and first.decided_by_id == moderator.id
    with pytest.raises(AlreadyHandled):
        services.refuse_claim(_user(moderator), first, "te laat", ground="rule:8")
    _claim(other_consumer, company, "bert@outlook.com")
    second = services.confirm_claim(_token_from(mailbox, "bert@outlook.com"))
    with pytest.raises(DomainError):
        services.refuse_claim(_user(moderator), second, "  ", ground="rule:8")
    services.refuse_claim(_user(moderator), second, "Geen bewijs dat je er werkt.", ground="rule:8")
    assert second.status == ClaimStatus.REFUSED
    assert "Geen bewijs" in mailbox.last_to(other_consumer.email).get_content()
    reps = db.session.scalars(select(Representative)).all()
    assert [(r.user_id, r.is_owner) for r in reps] == [(consumer.id, True)]
    with pytest.raises(NotAllowed):
        services.approve_claim(_user(consumer), second)


def test_expired_tampered_and_foreign_links_are_refused(ctx, app, mailbox, consumer, company):
    claim = _claim(consumer, company)
    token = _token_from(mailbox, "wendy@belnet-mobiel.nl")
    with pytest.raises(DomainError, match="niet geldig"):
        services.confirm_claim(token[:-3] + "abc")
    with pytest.raises(DomainError, match="niet geldig"):
        services.confirm_claim(make_token(services.CLAIM_LINK, {"claim": claim.id,
                                                                "email": "ander@belnet-mobiel.nl"}))
    forged = URLSafeTimedSerializer("another key", salt="helpdeskhel-claim").dumps(
        {"claim": claim.id, "email": claim.work_email})
    with pytest.raises(DomainError):
        services.confirm_claim(forged)
    app.config["CLAIM_MAX_AGE"] = -1
    try:
        with pytest.raises(DomainError, match="verlopen"):
            services.confirm_claim(token)
    finally:
        app.config.pop("CLAIM_MAX_AGE")
    assert claim.status == ClaimStatus.AWAITING_EMAIL


def test_following_the_link_twice_changes_nothing(ctx, mailbox, consumer, company):
    _claim(consumer, company)
    token = _token_from(mailbox, "wendy@belnet-mobiel.nl")
    services.confirm_claim(token)
    services.confirm_claim(token)
    assert db.session.scalar(select(func.count()).select_from(Representative)) == 1


def test_unverified_banned_and_existing_representatives_cannot_claim(ctx, unverified, consumer,
                                                                     company):
    with pytest.raises(NotAllowed):
        _claim(unverified, company)
    make_representative(consumer, company)
    with pytest.raises(NotAllowed):
        _claim(consumer, company)


def test_a_new_claim_replaces_an_unconfirmed_one(ctx, mailbox, consumer, company):
    first = _claim(consumer, company)
    _claim(consumer, company)
    assert first.status == ClaimStatus.REFUSED
    assert db.session.scalar(select(func.count()).select_from(Claim).where(
        Claim.status == ClaimStatus.AWAITING_EMAIL)) == 1


# --- the team -------------------------------------------------------------------------------

def test_owner_invites_a_colleague_who_joins_and_can_be_removed(ctx, mailbox, consumer,
                                                                other_consumer, company):
    make_representative(consumer, company, owner=True)
    invitation = services.invite_colleague(_user(consumer), _company(company),
                                           "bert@belnet-mobiel.nl")
    link = mailbox.link(mailbox.last_to("bert@belnet-mobiel.nl"), "/invitations/")
    token = link.rsplit("/", 1)[1]
    rep = services.accept_invitation(_user(other_consumer), token, name="Bert Ander",
                                     job_title="Medewerker webcare")
    assert not rep.is_owner and rep.work_email == "bert@belnet-mobiel.nl"
    assert invitation.accepted_by_id == other_consumer.id
    with pytest.raises(DomainError):
        services.accept_invitation(_user(other_consumer), token, name="Bert", job_title="x y")
    services.remove_colleague(_user(consumer), _company(company), reload(Representative, rep))
    assert reload(Representative, rep).removed_at is not None


def test_invitations_need_the_company_domain_and_the_owner(ctx, consumer, other_consumer,
                                                           company):
    make_representative(consumer, company, owner=True)
    with pytest.raises(DomainError):
        services.invite_colleague(_user(consumer), _company(company), "bert@gmail.com")
    make_representative(other_consumer, company, owner=False, work_email="b@belnet-mobiel.nl")
    with pytest.raises(NotAllowed):
        services.invite_colleague(_user(other_consumer), _company(company),
                                  "c@belnet-mobiel.nl")


def test_the_owner_cannot_be_removed_and_others_cannot_remove(ctx, consumer, other_consumer,
                                                              company):
    owner = make_representative(consumer, company, owner=True)
    member = make_representative(other_consumer, company, owner=False,
                                 work_email="b@belnet-mobiel.nl")
    with pytest.raises(DomainError):
        services.remove_colleague(_user(consumer), _company(company),
                                  reload(Representative, owner))
    with pytest.raises(NotAllowed):
        services.remove_colleague(_user(other_consumer), _company(company),
                                  reload(Representative, member))


def test_cancelled_invitation_cannot_be_used(ctx, mailbox, consumer, other_consumer, company):
    make_representative(consumer, company, owner=True)
    invitation = services.invite_colleague(_user(consumer), _company(company),
                                           "bert@belnet-mobiel.nl")
    token = mailbox.link(mailbox.last_to("bert@belnet-mobiel.nl"),
                         "/invitations/").rsplit("/", 1)[1]
    services.cancel_invitation(_user(consumer), reload(Invitation, invitation))
    with pytest.raises(DomainError):
        services.accept_invitation(_user(other_consumer), token, name="Bert Ander",
                                   job_title="Medewerker")


# --- the profile ----------------------------------------------------------------------------

def test_owner_edits_the_profile(ctx, consumer, company):
    make_representative(consumer, company, owner=True)
    services.update_profile(_user(consumer), _company(company),
                            description="Mobiele telefonie.", website="belnet-mobiel.nl/webcare",
                            domains="belnet-mobiel.nl\nbelnet.nl, belnet-zakelijk.nl",
                            contact_channels="Chat: dag en nacht", response_promise_hours=24)
    row = _company(company)
    assert sorted(d.domain for d in row.domains) == ["belnet-mobiel.nl", "belnet-zakelijk.nl",
                                                     "belnet.nl"]
    assert row.website == "https://belnet-mobiel.nl" and row.response_promise_hours == 24
    services.update_profile(_user(consumer), _company(company), description="", website="",
                            domains="belnet.nl", contact_channels="", response_promise_hours=None)
    assert [d.domain for d in _company(company).domains] == ["belnet.nl"]


@pytest.mark.parametrize(("domains", "promise"), [
    ("gmail.com", None), ("", None), ("not a domain!", None), ("andere-site.nl", None),
    ("belnet-mobiel.nl", 0), ("belnet-mobiel.nl", 10_000)])
def test_profile_refuses_bad_domains_and_promises(ctx, consumer, company, domains, promise):
    make_company("Andere Site", domains=["andere-site.nl"])
    make_representative(consumer, company, owner=True)
    with pytest.raises(DomainError):
        services.update_profile(_user(consumer), _company(company), description="",
                                website="", domains=domains, contact_channels="",
                                response_promise_hours=promise)
    assert [d.domain for d in _company(company).domains] == ["belnet-mobiel.nl"]


def test_only_the_owner_edits_the_profile(ctx, consumer, other_consumer, moderator, company):
    make_representative(other_consumer, company, owner=False, work_email="b@belnet-mobiel.nl")
    for person in (consumer, other_consumer, moderator):
        with pytest.raises(NotAllowed):
            services.update_profile(_user(person), _company(company), description="x",
                                    website="", domains="belnet-mobiel.nl",
                                    contact_channels="", response_promise_hours=None)


def test_a_returning_representative_is_reactivated(ctx, mailbox, consumer, other_consumer,
                                                   company):
    make_representative(consumer, company, owner=True)
    member = make_representative(other_consumer, company, owner=False,
                                 work_email="b@belnet-mobiel.nl")
    services.remove_colleague(_user(consumer), _company(company), reload(Representative, member))
    make_user("derde@example.nl")
    services.start_claim(_user(other_consumer), _company(company), name="Bert Terug",
                         job_title="Webcare", work_email="bert@belnet-mobiel.nl")
    services.confirm_claim(_token_from(mailbox, "bert@belnet-mobiel.nl"))
    rep = reload(Representative, member)
    assert rep.is_active and rep.name == "Bert Terug" and not rep.is_owner
