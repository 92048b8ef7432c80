"""The thread under a complaint: replies, private messages, "is it solved?", support, ledger."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from complaints import permissions, pii
from complaints.accounts.forms import ConfirmForm
from complaints.cases.models import Complaint
from complaints.cases.views import render_complaint
from complaints.errors import AlreadyHandled, DomainError, NotAllowed, populate_errors
from complaints.extensions import db, limiter
from complaints.moderation import services as moderation
from complaints.moderation.forms import FlagForm
from complaints.threads import services
from complaints.threads.forms import ContactForm, PrivateMessageForm, ReplyForm, ResolveForm
from complaints.threads.models import Reply

bp = Blueprint("threads", __name__)


def _complaint(complaint_id: int) -> Complaint:
    complaint = db.get_or_404(Complaint, complaint_id)
    if not permissions.can_view_complaint(current_user, complaint):
        abort(404)
    return complaint


def _user_key() -> str:
    return f"user:{current_user.get_id()}" if current_user.is_authenticated else "anonymous"


def _back(complaint_id: int, anchor: str = ""):
    return redirect(url_for("cases.show", complaint_id=complaint_id) + anchor, 303)


def _posts_only() -> bool:
    return request.method != "POST"


@bp.route("/complaints/<id:complaint_id>/replies", methods=["POST"])
@login_required
@limiter.limit("30 per hour", key_func=_user_key)
def reply(complaint_id: int):
    complaint = _complaint(complaint_id)
    if not permissions.can_reply(current_user, complaint):
        abort(403)
    form = ReplyForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        return render_complaint(complaint, 422, reply_form=form)
    try:
        posted = services.post_reply(current_user, complaint, form.body.data,
                                     redact_pii=bool(form.redact_pii.data),
                                     confirm_public=bool(form.confirm_public.data))
    except (pii.PersonalDataFound, services.AsksForPersonalData) as error:
        populate_errors(form, error)
        form.redact_pii.data = form.confirm_public.data = False
        return render_complaint(complaint, 422, reply_form=form, reply_error=error)
    except DomainError as error:
        populate_errors(form, error)
        return render_complaint(complaint, 422, reply_form=form)
    flash(_("Your reply is posted."), "success")
    return _back(complaint_id, f"#reply-{posted.id}")


@bp.route("/complaints/<id:complaint_id>/private", methods=["GET", "POST"])
@login_required
@limiter.limit("60 per hour", key_func=_user_key, exempt_when=_posts_only)
def private(complaint_id: int):
    complaint = _complaint(complaint_id)
    if not permissions.can_read_private(current_user, complaint):
        abort(403)
    form = PrivateMessageForm()
    if request.method == "POST":
        if not permissions.can_send_private(current_user, complaint):
            abort(403)
        if form.validate_on_submit():
            try:
                services.send_private_message(current_user, complaint, form.body.data)
            except DomainError as error:
                populate_errors(form, error)
                return render_complaint(complaint, 422, message_form=form)
            flash(_("Your private message is sent."), "success")
            return _back(complaint_id, "#private")
        if form.csrf_token.errors:
            abort(400)
        return render_complaint(complaint, 422, message_form=form)
    if not permissions.reads_private_as_moderator(current_user, complaint):
        return _back(complaint_id, "#private")
    messages = services.read_private_messages(current_user, complaint)
    return render_template("threads/private.html", complaint=complaint, messages=messages)


@bp.route("/complaints/<id:complaint_id>/propose-resolution", methods=["POST"])
@login_required
def propose_resolution(complaint_id: int):
    complaint = _complaint(complaint_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.propose_resolution(current_user, complaint)
    except NotAllowed:
        abort(403)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("The consumer is asked whether it is solved. Until they answer, the complaint "
                "stays unresolved."), "success")
    return _back(complaint_id)


@bp.route("/complaints/<id:complaint_id>/not-solved", methods=["POST"])
@login_required
def decline_resolution(complaint_id: int):
    """The author, on the complaint page, says the company's "solved" is not true."""
    complaint = _complaint(complaint_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if not permissions.is_author(current_user, complaint):
        abort(403)
    try:
        services.answer_resolution_question(complaint, services.Answer(solved=False))
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("Thank you. The company is told that it is not solved yet."), "success")
    return _back(complaint_id)


@bp.route("/complaints/<id:complaint_id>/answer", methods=["GET", "POST"])
@limiter.limit("30 per hour", exempt_when=_posts_only)
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
    if request.method == "POST" and form.validate_on_submit():
        try:
            services.answer_resolution_question(complaint, services.Answer(
                solved=solved, rating=form.rating_value(),
                closing_note=form.closing_note.data or ""))
        except pii.PersonalDataFound as error:
            populate_errors(form, error)
        except DomainError as error:
            flash(error.message, "error")
            return _back(complaint_id)
        else:
            flash(_("Thank you. Your complaint is marked as resolved.") if solved else
                  _("Thank you. The company is told that it is not solved yet."), "success")
            return _back(complaint_id)
    elif request.method == "POST" and form.csrf_token.errors:
        abort(400)
    status = 422 if form.errors else 200
    return render_template("threads/answer.html", complaint=complaint, form=form,
                           solved=solved, token=token), status


@bp.route("/complaints/<id:complaint_id>/support", methods=["POST"])
@login_required
@limiter.limit("120 per hour", key_func=_user_key)
def support(complaint_id: int):
    complaint = _complaint(complaint_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        withdraw = request.form.get("withdraw") == "1"
        changed = (services.withdraw_support(current_user, complaint) if withdraw
                   else services.support(current_user, complaint))
    except NotAllowed:
        abort(403)
    if changed:
        flash(_("Your “ik ook” is withdrawn.") if withdraw else
              _("Thank you: your “ik ook” is counted."), "success")
    return _back(complaint_id, "#support")


@bp.route("/complaints/<id:complaint_id>/contacts", methods=["POST"])
@login_required
def log_contact(complaint_id: int):
    complaint = _complaint(complaint_id)
    if not permissions.can_log_contact(current_user, complaint):
        abort(403)
    form = ContactForm()
    if form.validate_on_submit():
        try:
            services.log_contact(current_user, complaint, services.ContactDraft(
                contacted_on=form.contacted_on.data, channel=form.channel.data,
                minutes_waited=form.minutes_waited.data,
                reached_human=bool(form.reached_human.data),
                ticket_number=form.ticket_number.data or ""))
        except DomainError as error:
            populate_errors(form, error)
        else:
            flash(_("The contact is added to the list."), "success")
            return _back(complaint_id, "#contacts")
    elif form.csrf_token.errors:
        abort(400)
    return render_complaint(complaint, 422, contact_form=form)


@bp.route("/complaints/<id:complaint_id>/contacts/<id:entry_id>/delete", methods=["POST"])
@login_required
def delete_contact(complaint_id: int, entry_id: int):
    complaint = _complaint(complaint_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.delete_contact(current_user, complaint, entry_id)
    except NotAllowed:
        abort(403)
    except DomainError as error:
        flash(error.message, "error")
    return _back(complaint_id, "#contacts")


@bp.route("/replies/<id:reply_id>/flag", methods=["GET", "POST"])
@login_required
@limiter.limit("20 per hour", key_func=_user_key, exempt_when=_posts_only)
def flag_reply(reply_id: int):
    reply = db.get_or_404(Reply, reply_id)
    complaint = _complaint(reply.complaint_id)
    if not permissions.can_flag_reply(current_user, reply):
        abort(403)
    form = FlagForm()
    if form.validate_on_submit():
        try:
            moderation.flag_reply(current_user, reply, form.reason.data, form.note.data)
        except NotAllowed:
            abort(403)
        except (AlreadyHandled, DomainError) as error:
            flash(error.message, "info")
        else:
            flash(_("Thank you. A moderator will look at your report."), "success")
        return _back(complaint.id, f"#reply-{reply.id}")
    status = 422 if form.errors else 200
    return render_template("moderation/flag.html", form=form, complaint=complaint,
                           reply=reply), status
