"""The thread under a complaint: replies, private messages, "is it solved?", support, ledger."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from complaints import permissions, pii, rate_limits
from complaints.accounts.forms import ConfirmForm
from complaints.cases.page import shown_again, visible_complaint
from complaints.errors import DomainError
from complaints.evidence import services as evidence
from complaints.evidence.uploads import accepts_files
from complaints.extensions import db
from complaints.formats import gettext as _
from complaints.forms_flow import run_form
from complaints.moderation import services as moderation
from complaints.moderation.forms import FlagForm
from complaints.threads import services
from complaints.threads.forms import ContactForm, PrivateMessageForm, ReplyForm, ResolveForm
from complaints.threads.models import Reply

bp = Blueprint("threads", __name__)


def _to_complaint(complaint_id: int, anchor: str = "") -> str:
    return url_for("cases.show", complaint_id=complaint_id) + anchor


@bp.route("/complaints/<id:complaint_id>/replies", methods=["POST"])
@login_required
@rate_limits.REPLIES
def reply(complaint_id: int):
    complaint = visible_complaint(complaint_id)
    if not permissions.can_reply(current_user, complaint):
        abort(403)
    form = ReplyForm()

    def explained(error: DomainError) -> dict | None:
        if not isinstance(error, pii.PersonalDataFound | services.AsksForPersonalData):
            return None
        form.redact_pii.data = form.confirm_public.data = False  # chosen again each time
        return {"reply_error": error}

    return run_form(
        form, lambda: services.post_reply(current_user, complaint, form.body.data,
                                          redact_pii=bool(form.redact_pii.data),
                                          confirm_public=bool(form.confirm_public.data),
                                          promise_kind=form.promise_kind.data or None,
                                          promise_amount=form.promise_amount.data or None,
                                          promise_due=form.promise_due.data),
        success=_("Your reply is posted."),
        redirect_to=lambda posted: _to_complaint(complaint_id, f"#reply-{posted.id}"),
        back=_to_complaint(complaint_id), render=shown_again(complaint, "reply_form", form),
        on_error=explained)


@bp.route("/complaints/<id:complaint_id>/private", methods=["GET", "POST"])
@accepts_files
@login_required
@rate_limits.PRIVATE_MESSAGES
def private(complaint_id: int):
    complaint = visible_complaint(complaint_id)
    if not permissions.can_read_private(current_user, complaint):
        abort(403)
    if request.method == "POST":
        if not permissions.can_send_private(current_user, complaint):
            abort(403)
        form = PrivateMessageForm()
        return run_form(
            form, lambda: services.send_private_message(current_user, complaint, form.body.data,
                                                        form.attachments.data),
            success=_("Your private message is sent."),
            redirect_to=_to_complaint(complaint_id, "#private"),
            render=shown_again(complaint, "message_form", form))
    if not permissions.reads_private_as_moderator(current_user, complaint):
        return redirect(_to_complaint(complaint_id, "#private"), 303)
    messages = services.read_private_messages(current_user, complaint)
    return render_template("threads/private.html", complaint=complaint, messages=messages,
                           message_files=evidence.by_message(evidence.all_of(complaint)))


@bp.route("/complaints/<id:complaint_id>/propose-resolution", methods=["POST"])
@login_required
def propose_resolution(complaint_id: int):
    complaint = visible_complaint(complaint_id)
    if not permissions.can_propose_resolution(current_user, complaint):
        abort(403)
    return run_form(
        ConfirmForm(), lambda: services.propose_resolution(current_user, complaint),
        success=_("The consumer is asked whether it is solved. Until they answer, the complaint "
                  "stays unresolved."),
        redirect_to=_to_complaint(complaint_id))


@bp.route("/complaints/<id:complaint_id>/not-solved", methods=["POST"])
@login_required
def decline_resolution(complaint_id: int):
    """The author, on the complaint page, says the company's "solved" is not true."""
    complaint = visible_complaint(complaint_id)
    if not permissions.is_author(current_user, complaint):
        abort(403)
    return run_form(
        ConfirmForm(),
        lambda: services.answer_resolution_question(complaint, services.Answer(solved=False)),
        success=_("Thank you. The company is told that it is not solved yet."),
        redirect_to=_to_complaint(complaint_id))


@bp.route("/complaints/<id:complaint_id>/answer", methods=["GET", "POST"])
@rate_limits.RESOLUTION_ANSWERS
def answer(complaint_id: int):
    """The page a mailed "is it solved?" link opens: one button, no sign-in needed (the link
    is signed for the author). Following the link alone changes nothing."""
    token = request.values.get("token", "")
    solved = request.values.get("answer") == "yes"
    try:
        complaint = services.complaint_for_answer(complaint_id, token)
    except DomainError as error:
        return render_template("accounts/link_invalid.html", message=error.message), 400
    form = ResolveForm()
    return run_form(
        form, lambda: services.answer_resolution_question(complaint, services.Answer(
            solved=solved, rating=form.rating_value(), again=form.again_value(),
            closing_note=form.closing_note.data or "")),
        success=_("Thank you. Your complaint is marked as resolved.") if solved else
        _("Thank you. The company is told that it is not solved yet."),
        redirect_to=_to_complaint(complaint_id), render="threads/answer.html",
        complaint=complaint, solved=solved, token=token)


@bp.route("/complaints/<id:complaint_id>/support", methods=["POST"])
@login_required
@rate_limits.SUPPORT
def support(complaint_id: int):
    complaint = visible_complaint(complaint_id)
    if not permissions.can_support(current_user, complaint):
        abort(403)
    withdraw = request.form.get("withdraw") == "1"

    def told(changed: bool) -> str | None:
        if not changed:
            return None
        return (_("Your “me too” is withdrawn.") if withdraw
                else _("Thank you: your “me too” is counted."))

    return run_form(
        ConfirmForm(), lambda: (services.withdraw_support if withdraw else services.support)(
            current_user, complaint),
        success=told, redirect_to=_to_complaint(complaint_id, "#support"))


@bp.route("/complaints/<id:complaint_id>/contacts", methods=["POST"])
@login_required
def log_contact(complaint_id: int):
    complaint = visible_complaint(complaint_id)
    if not permissions.can_log_contact(current_user, complaint):
        abort(403)
    form = ContactForm()
    return run_form(
        form, lambda: services.log_contact(current_user, complaint, services.ContactDraft(
            contacted_on=form.contacted_on.data, channel=form.channel.data,
            minutes_waited=form.minutes_waited.data,
            reached_human=bool(form.reached_human.data),
            ticket_number=form.ticket_number.data or "")),
        success=_("The contact is added to the list."),
        redirect_to=_to_complaint(complaint_id, "#contacts"),
        render=shown_again(complaint, "contact_form", form))


@bp.route("/complaints/<id:complaint_id>/contacts/<id:entry_id>/delete", methods=["POST"])
@login_required
def delete_contact(complaint_id: int, entry_id: int):
    complaint = visible_complaint(complaint_id)
    if not permissions.can_log_contact(current_user, complaint):
        abort(403)
    return run_form(
        ConfirmForm(), lambda: services.delete_contact(current_user, complaint, entry_id),
        success=None, redirect_to=_to_complaint(complaint_id, "#contacts"))


@bp.route("/replies/<id:reply_id>/flag", methods=["GET", "POST"])
@login_required
@rate_limits.REPORTS
def flag_reply(reply_id: int):
    reply = db.get_or_404(Reply, reply_id)
    complaint = visible_complaint(reply.complaint_id)
    if not permissions.can_flag_reply(current_user, reply):
        abort(403)
    form = FlagForm()
    return run_form(
        form, lambda: moderation.flag_reply(current_user, reply, form.reason.data, form.note.data),
        success=_("Thank you. A moderator will look at your report."),
        redirect_to=_to_complaint(complaint.id, f"#reply-{reply.id}"), category="info",
        render="moderation/flag.html", complaint=complaint, reply=reply)
