"""Moderation services: the log, edits with revisions, bans, flags, proposed companies, lists."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from complaints.accounts.models import User
from complaints.cases import services as cases
from complaints.cases.models import Complaint, ComplaintRevision
from complaints.cases.workflow import Status
from complaints.clock import utcnow
from complaints.companies.models import Company, CompanyStatus
from complaints.dueprocess import notices
from complaints.dueprocess.models import APPEAL_WINDOW, Decision, Notice, Statement
from complaints.errors import AlreadyHandled, DomainError, NotAllowed
from complaints.extensions import db
from complaints.moderation import services
from complaints.moderation.log import month_of
from complaints.moderation.models import (
    Flag,
    FlagStatus,
    ModAction,
    ModerationAction,
    ModerationMonthlyCount,
)
from complaints.threads import services as threads
from complaints.webcare import services as webcare
from tests.builders import draft, make_complaint, make_user, reload


def _user(user) -> User:
    return reload(User, user)


def _log() -> list[ModerationAction]:
    return list(db.session.scalars(select(ModerationAction).order_by(ModerationAction.id)))


def test_every_moderation_action_writes_one_log_row_and_counts_the_month(
        ctx, consumer, moderator, company):
    mod = _user(moderator)
    first, second = make_complaint(consumer, company), make_complaint(consumer, company)
    services.approve_complaint(mod, first)
    services.reject_complaint(mod, second, "spam", "Reclame voor een ander bedrijf.",
                              "Tweede keer deze week.", ground="rule:1")
    services.remove_complaint(mod, first, "Beschuldigt een medewerker bij naam.", "intern",
                              ground="rule:4")
    rows = _log()
    assert [(r.action, r.complaint_id, r.actor_id) for r in rows] == [
        ("approve", first.id, moderator.id), ("reject", second.id, moderator.id),
        ("remove", first.id, moderator.id)]
    assert rows[1].public_reason == "Het is spam of reclame"
    # The text for the author is the complaint's (mailed, shown to them); the internal note
    # is the log row's and nowhere else.
    assert rows[1].private_note == "Tweede keer deze week."
    assert second.rejection_reason == "Het is spam of reclame. Reclame voor een ander bedrijf."
    assert rows[2].public_reason == "Beschuldigt een medewerker bij naam."
    assert rows[2].private_note == "intern"
    month = month_of(rows[0].created_at)
    counts = {c.action: c.count for c in db.session.scalars(
        select(ModerationMonthlyCount).where(ModerationMonthlyCount.month == month))}
    assert counts == {"approve": 1, "reject": 1, "remove": 1}


def test_removal_mails_the_author_with_the_reason(ctx, mailbox, consumer, moderator, company):
    complaint = make_complaint(consumer, company, status=Status.OPEN)
    services.remove_complaint(_user(moderator), complaint, "Bevat een beschuldiging.",
                              ground="rule:4")
    message = mailbox.last_to(consumer.email)
    assert "Bevat een beschuldiging." in message.get_content()
    assert str(message["Subject"]).startswith("Je klacht is verwijderd")
    assert "/appeals/" in message.get_content() and "Huisregel 4" in message.get_content()


def test_approve_refuses_a_complaint_that_still_holds_personal_data(ctx, consumer, moderator,
                                                                    company):
    complaint = make_complaint(consumer, company)
    complaint.body_source += " Bel me op 06-12345678."  # stored before the guard existed
    db.session.commit()
    with pytest.raises(DomainError, match="persoonsgegevens"):
        services.approve_complaint(_user(moderator), complaint)
    assert complaint.status == Status.PENDING and _log() == []


def test_moderator_edit_keeps_the_original_and_marks_the_complaint(ctx, consumer, moderator,
                                                                  company):
    complaint = make_complaint(consumer, company, status=Status.OPEN)
    original_body = complaint.body_source
    services.edit_complaint(
        _user(moderator), complaint, title=complaint.title,
        body=original_body + " Medewerker Jansen was onbeschoft.",
        desired_outcome="", public_reason="Naam weggehaald", private_note="zie melding",
        version_id=complaint.version_id, ground="rule:2")
    assert "Jansen" in complaint.body_source and complaint.moderated_at is not None
    [revision] = db.session.scalars(select(ComplaintRevision)).all()
    assert revision.body_source == original_body and revision.editor_id == moderator.id
    assert _log()[-1].action == ModAction.EDIT


def test_moderator_edit_leaves_the_company_own_address_and_mail_alone(ctx, consumer, moderator,
                                                                       company):
    company.office_address = "Stationsplein 10, 3511 ED Utrecht"
    complaint = make_complaint(consumer, company, status=Status.OPEN)
    body = (complaint.body_source + " Ik schreef naar klantenservice@belnet-mobiel.nl en naar "
            "hun kantoor op Stationsplein 10, 3511 ED Utrecht.")
    services.edit_complaint(_user(moderator), complaint, title=complaint.title, body=body,
                            desired_outcome="", public_reason="Aangevuld",
                            version_id=complaint.version_id, ground="rule:2")
    assert "Stationsplein 10" in complaint.body_source
    assert services.pii.scan_complaint(complaint) == {}


def test_moderator_edit_applies_the_personal_data_guard(ctx, consumer, moderator, company):
    from complaints.pii import MARKER, PersonalDataFound

    complaint = make_complaint(consumer, company, status=Status.OPEN)
    body = complaint.body_source + " Mijn IBAN is NL91ABNA0417164300."
    with pytest.raises(PersonalDataFound):
        services.edit_complaint(_user(moderator), complaint, title=complaint.title, body=body,
                                desired_outcome="", version_id=complaint.version_id,
                                ground="rule:2")
    services.edit_complaint(_user(moderator), complaint, title=complaint.title, body=body,
                            desired_outcome="", redact_pii=True,
                            version_id=complaint.version_id, ground="rule:2")
    assert "NL91" not in complaint.body_source and MARKER in complaint.body_source
    assert complaint.pii_redactions == {"iban": 1}


def test_edit_of_a_stale_version_is_already_handled(ctx, consumer, moderator, company):
    complaint = make_complaint(consumer, company, status=Status.OPEN)
    seen = complaint.version_id
    services.edit_complaint(_user(moderator), complaint, title="Een andere titel voor de klacht",
                            body=complaint.body_source, desired_outcome="", version_id=seen,
                            ground="rule:2")
    with pytest.raises(AlreadyHandled):
        services.edit_complaint(_user(moderator), complaint, title="Nog een andere titel hier",
                                body=complaint.body_source, desired_outcome="", version_id=seen,
                                ground="rule:2")
    assert complaint.title == "Een andere titel voor de klacht"


def test_consumer_cannot_edit_as_moderator(ctx, consumer, company):
    complaint = make_complaint(consumer, company)
    with pytest.raises(NotAllowed):
        services.edit_complaint(_user(consumer), complaint, title="Een andere titel hier",
                                body=complaint.body_source, desired_outcome="", ground="rule:2")


def test_banned_user_cannot_submit_or_flag_and_unban_restores(ctx, consumer, other_consumer,
                                                             moderator, company):
    mod = _user(moderator)
    target = _user(consumer)
    services.ban_user(mod, target, "Herhaaldelijk scheldwoorden", ground="rule:9")
    assert target.is_banned
    with pytest.raises(NotAllowed):
        cases.submit_complaint(target, draft())
    published = make_complaint(other_consumer, company, status=Status.OPEN)
    with pytest.raises(NotAllowed):
        services.flag_complaint(target, published, "spam")
    with pytest.raises(AlreadyHandled):
        services.ban_user(mod, target, "nog eens", ground="rule:9")
    services.unban_user(mod, target)
    assert not target.is_banned
    cases.submit_complaint(target, draft())
    assert [r.action for r in _log()] == ["ban", "unban"]
    assert all(r.user_id == consumer.id for r in _log())


def test_moderators_and_admins_cannot_be_banned(ctx, moderator, admin):
    with pytest.raises(NotAllowed):
        services.ban_user(_user(admin), _user(moderator), "nee", ground="rule:9")
    with pytest.raises(NotAllowed):
        services.ban_user(_user(moderator), _user(moderator), "nee", ground="rule:9")


def test_one_flag_per_person_per_complaint(ctx, consumer, other_consumer, company):
    complaint = make_complaint(consumer, company, status=Status.OPEN)
    services.flag_complaint(_user(other_consumer), complaint, "abusive", "Noemt een naam")
    with pytest.raises(DomainError, match="al gemeld"):
        services.flag_complaint(_user(other_consumer), complaint, "spam")
    assert db.session.scalar(select(func.count()).select_from(Flag)) == 1


@pytest.mark.parametrize("status", [Status.PENDING, Status.REJECTED, Status.WITHDRAWN])
def test_only_published_complaints_can_be_flagged(ctx, consumer, other_consumer, moderator,
                                                  company, status):
    complaint = make_complaint(consumer, company, status=status)
    with pytest.raises(NotAllowed):
        services.flag_complaint(_user(other_consumer), complaint, "spam")


def test_author_cannot_flag_own_complaint_and_reason_must_be_known(ctx, consumer,
                                                                  other_consumer, company):
    complaint = make_complaint(consumer, company, status=Status.OPEN)
    with pytest.raises(NotAllowed):
        services.flag_complaint(_user(consumer), complaint, "spam")
    with pytest.raises(DomainError):
        services.flag_complaint(_user(other_consumer), complaint, "boring")


def test_dismissing_closes_every_open_flag_once(ctx, consumer, other_consumer, moderator,
                                               company):
    complaint = make_complaint(consumer, company, status=Status.OPEN)
    services.flag_complaint(_user(other_consumer), complaint, "spam")
    third = make_user("derde@example.nl")
    services.flag_complaint(_user(third), complaint, "abusive")
    assert services.dismiss_flags(_user(moderator), complaint, "niets aan de hand") == 2
    assert set(db.session.scalars(select(Flag.status))) == {FlagStatus.DISMISSED}
    with pytest.raises(AlreadyHandled):
        services.dismiss_flags(_user(moderator), complaint)
    assert [r.action for r in _log()] == ["dismiss_flags"]


def test_removing_a_flagged_complaint_marks_its_flags_actioned(ctx, consumer, other_consumer,
                                                              moderator, company):
    complaint = make_complaint(consumer, company, status=Status.OPEN)
    services.flag_complaint(_user(other_consumer), complaint, "abusive")
    services.remove_complaint(_user(moderator), complaint, "Beledigend.", ground="rule:4")
    assert db.session.scalar(select(Flag.status)) == FlagStatus.ACTIONED


def _proposed(consumer, name="Nieuwbouw Energie"):
    complaint = cases.submit_complaint(_user(consumer), draft(
        name, company_choice="new", new_company_sector="energy"))
    return complaint.company, complaint


def test_approve_and_rename_a_proposed_company(ctx, consumer, moderator):
    company, _ = _proposed(consumer, "Nieuwbouw Enrgie")
    services.rename_company(_user(moderator), company, "Nieuwbouw Energie")
    assert company.name == "Nieuwbouw Energie" and company.slug == "nieuwbouw-energie"
    services.approve_company(_user(moderator), company)
    assert company.status == CompanyStatus.LISTED
    with pytest.raises(AlreadyHandled):
        services.approve_company(_user(moderator), company)
    assert [r.action for r in _log()] == ["company_rename", "company_approve"]


def test_rename_refuses_a_name_that_exists(ctx, consumer, moderator, company):
    proposed, _ = _proposed(consumer)
    with pytest.raises(DomainError, match="bestaat al"):
        services.rename_company(_user(moderator), proposed, "Belnet Mobiel")


def test_merge_moves_complaints_figures_and_domains(ctx, consumer, moderator, company):
    proposed, complaint = _proposed(consumer, "Belnet Mobiel Zakelijk")
    services.approve_complaint(_user(moderator), complaint)  # lists it, with one open complaint
    db.session.get(Company, proposed.id).status = CompanyStatus.PROPOSED  # as if not yet listed
    db.session.commit()
    target = services.merge_company(_user(moderator), db.session.get(Company, proposed.id),
                                    "Belnet Mobiel")
    assert target.id == company.id
    assert db.session.get(Complaint, complaint.id).company_id == company.id
    merged = db.session.get(Company, proposed.id)
    assert merged.status == CompanyStatus.MERGED and merged.merged_into_id == company.id
    target = db.session.get(Company, company.id)
    assert (target.published_count, target.unresolved_count) == (1, 1)
    assert (merged.published_count, merged.unresolved_count) == (0, 0)


def test_merge_needs_a_listed_target(ctx, consumer, moderator):
    proposed, _ = _proposed(consumer)
    with pytest.raises(DomainError):
        services.merge_company(_user(moderator), proposed, "Bestaat Nergens")
    with pytest.raises(DomainError):
        services.merge_company(_user(moderator), proposed, proposed.slug)


def test_moderators_extend_the_rejection_reasons(ctx, consumer, moderator, company):
    reason = services.add_rejection_reason(_user(moderator), "Het is een vraag, geen klacht",
                                           "It is a question, not a complaint")
    reasons = services.rejection_reasons()
    assert reasons[-1].slug == "other" and reason in reasons
    complaint = make_complaint(consumer, company)
    services.reject_complaint(_user(moderator), complaint, reason.slug, "", ground="rule:1")
    assert complaint.rejection_reason == "Het is een vraag, geen klacht."
    with pytest.raises(NotAllowed):
        services.add_rejection_reason(_user(consumer), "Nog een reden", "Another reason")


# --- found in review ------------------------------------------------------------------------

def test_a_proposal_of_a_merged_name_goes_to_the_company_it_was_merged_into(ctx, consumer,
                                                                            other_consumer,
                                                                            moderator,
                                                                            company):
    proposed, _ = _proposed(consumer, "Belnet Zakelijk")
    services.merge_company(_user(moderator), proposed, "Belnet Mobiel")
    again = cases.submit_complaint(_user(other_consumer), draft(
        "Belnet Zakelijk", company_choice="new", new_company_sector="telecom"))
    assert again.company_id == company.id


def test_a_company_name_with_personal_data_is_refused(ctx, consumer, moderator):
    with pytest.raises(DomainError) as error:
        _proposed(consumer, "Jan de Vries 0612345678")
    assert error.value.errors[0][0] == "company"
    assert db.session.scalar(select(func.count()).select_from(Company)) == 0
    proposed, _ = _proposed(consumer, "Nieuwbouw Energie")
    with pytest.raises(DomainError):
        services.rename_company(_user(moderator), proposed, "Bel 06-12345678")


def test_a_blocked_author_cannot_edit_and_resubmit_a_rejected_complaint(ctx, consumer,
                                                                       moderator, company):
    complaint = make_complaint(consumer, company, status=Status.REJECTED)
    services.ban_user(_user(moderator), _user(consumer), "Spam", ground="rule:9")
    with pytest.raises(NotAllowed):
        cases.update_complaint(_user(consumer), complaint, draft(title="Toch weer ingediend"))
    assert complaint.status == Status.REJECTED


def test_a_title_too_long_after_replacement_is_refused_not_crashed(ctx, consumer, moderator,
                                                                   company):
    title = " ".join(["a@b.nl"] * 20)[:140]
    with pytest.raises(DomainError) as error:
        cases.submit_complaint(_user(consumer), draft(title=title, redact_pii=True))
    assert error.value.errors[0][0] == "title"
    assert db.session.scalar(select(func.count()).select_from(Complaint)) == 0
    complaint = make_complaint(consumer, company, status=Status.OPEN)
    with pytest.raises(DomainError):
        services.edit_complaint(_user(moderator), complaint, title=title,
                                body=complaint.body_source, desired_outcome="",
                                redact_pii=True, ground="rule:2")
    assert db.session.scalar(select(func.count()).select_from(ComplaintRevision)) == 0


def test_reports_on_a_complaint_that_left_public_view_leave_the_queue(ctx, consumer,
                                                                      other_consumer, company):
    from complaints.moderation import queries

    complaint = make_complaint(consumer, company, status=Status.OPEN)
    services.flag_complaint(_user(other_consumer), complaint, "spam")
    assert queries.open_flag_count() == 1
    cases.withdraw_complaint(_user(consumer), complaint)
    assert queries.open_flag_count() == 0
    assert db.session.scalars(queries.flagged_complaints()).all() == []


# --- the statement of reasons of every restricting decision ---------------------------------

def _the_statement() -> Statement:
    [statement] = db.session.scalars(select(Statement)).all()
    return statement


@pytest.mark.parametrize("decision", list(Decision))
def test_every_restricting_decision_gives_one_statement_of_reasons(
        ctx, mailbox, consumer, other_consumer, moderator, company, decision):
    """Each kind, from its own service: who it is for, what was decided, the facts, the
    ground, whether the guard played a part, the item, who decided; mailed with the appeal
    link and the rule's address."""
    mod = _user(moderator)
    complaint = make_complaint(consumer, company, status=Status.OPEN)
    expect = {"user_id": consumer.id, "email": None, "complaint_id": complaint.id,
              "reply_id": None, "ground": "rule:4", "automated": False}
    if decision == Decision.REJECT:
        pending = make_complaint(consumer, company, title="Een klacht die wacht op moderatie")
        services.reject_complaint(mod, pending, "other", "Gaat over de buren.", ground="rule:4")
        expect.update(complaint_id=pending.id,
                      facts="Een andere reden, hieronder toegelicht. Gaat over de buren.")
    elif decision == Decision.REMOVE:
        services.remove_complaint(mod, complaint, "Noemt een medewerker.", ground="rule:4")
        expect.update(facts="Noemt een medewerker.")
    elif decision == Decision.REDACT:
        services.edit_complaint(mod, complaint, title=complaint.title,
                                body=complaint.body_source + " Bel 06-12345678.",
                                desired_outcome="", public_reason="Nummer afgeschermd",
                                redact_pii=True, version_id=complaint.version_id,
                                ground="rule:4")
        expect.update(facts="Nummer afgeschermd", automated=True)
        assert _the_statement().revision_id is not None
    elif decision == Decision.REMOVE_REPLY:
        reply = threads.post_reply(_user(consumer), complaint, "Nog steeds niets gehoord.")
        services.remove_reply(mod, reply, "Dubbel geplaatst.", ground="rule:4")
        expect.update(facts="Dubbel geplaatst.", reply_id=reply.id)
    elif decision == Decision.BAN:
        services.ban_user(mod, _user(consumer), "Scheldt medewerkers uit.", ground="rule:4")
        expect.update(facts="Scheldt medewerkers uit.", complaint_id=None)
    elif decision == Decision.CLAIM_REFUSE:
        webcare.start_claim(_user(consumer), reload(Company, company), name="Wendy Webcare",
                            job_title="Webcare", work_email="wendy@gmail.com")
        link = mailbox.link(mailbox.last_to("wendy@gmail.com"), "/claims/confirm/")
        claim = webcare.confirm_claim(link.rsplit("/", 1)[1])
        webcare.refuse_claim(mod, claim, "Geen bewijs dat je er werkt.", ground="rule:4")
        expect.update(facts="Geen bewijs dat je er werkt.", complaint_id=None)
        assert _the_statement().claim_id == claim.id
        assert _the_statement().company_id == company.id
    else:  # a notice dismissed: the statement goes to the notifier, here without an account
        notice = Notice(url=f"/complaints/{complaint.id}", complaint_id=complaint.id,
                        reason="defamation", explanation="Het klopt niet.", name="Nora",
                        email="nora@example.org", good_faith=True, status="open",
                        confirmed_at=utcnow())
        db.session.add(notice)
        db.session.commit()
        notices.dismiss_notice(mod, notice, reason="Een mening over de dienst.",
                               ground="rule:4")
        expect.update(user_id=None, email="nora@example.org",
                      facts="Een mening over de dienst.")
        assert _the_statement().notice_id == notice.id
    statement = _the_statement()
    assert statement.decision == decision and statement.decided_by_id == moderator.id
    assert {name: getattr(statement, name) for name in expect} == expect
    assert statement.appeal_until - statement.created_at == APPEAL_WINDOW
    mail = mailbox.last_to(expect["email"] or consumer.email)
    assert str(mail["Subject"]).startswith(str(statement.label))
    body = mail.get_content()
    assert f"/appeals/{statement.key}" in body and "/about/terms#rule-4" in body
    assert expect["facts"] in body and "Huisregel 4" in body
    assert ("Automatische detectie speelde een rol" in body) == expect["automated"]


def test_a_decision_without_a_valid_ground_changes_nothing(ctx, consumer, moderator, company):
    complaint = make_complaint(consumer, company, status=Status.OPEN)
    for ground in ("", "rule:99", "law:nonsense", "rule:x"):
        with pytest.raises(DomainError) as error:
            services.remove_complaint(_user(moderator), complaint, "Reden.", ground=ground)
        assert error.value.errors[0][0] == "ground"
    assert reload(Complaint, complaint).status == Status.OPEN
    assert db.session.scalars(select(Statement)).all() == [] and _log() == []
