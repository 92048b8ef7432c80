"""Moderation: the queues and actions (moderators only), the public log, and reporting."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, url_for
from flask_login import current_user, login_required

from complaints import permissions, pii, rate_limits
from complaints.accounts.forms import ConfirmForm
from complaints.accounts.models import User
from complaints.cache import cached_page
from complaints.cases.models import Complaint
from complaints.cases.page import visible_complaint
from complaints.companies.models import Company
from complaints.extensions import db
from complaints.formats import gettext as _
from complaints.forms_flow import run_form
from complaints.moderation import queries, services
from complaints.moderation.access import moderators_only
from complaints.moderation.forms import (
    BanForm,
    DismissFlagsForm,
    EditComplaintForm,
    FlagForm,
    LogFilterForm,
    MergeCompanyForm,
    ReasonForm,
    RejectForm,
    RemoveForm,
    RenameCompanyForm,
    ReviewForm,
    UnbanForm,
)
from complaints.moderation.models import MOD_ACTION_LABELS, ModAction
from complaints.pagination import paginate
from complaints.sanitize import render_markdown_highlighted
from complaints.threads.models import Reply
from complaints.triage import queries as triage
from complaints.triage.forms import BatchApproveForm
from complaints.triage.models import RiskLevel

bp = Blueprint("moderation", __name__, url_prefix="/moderation")
public_bp = Blueprint("transparency", __name__)


bp.before_request(moderators_only)


def _highlighted(complaint: Complaint, findings: dict | None = None) -> str:
    """The story with detected personal data (`findings` of `pii.scan_complaint`, scanned
    here when not given) and redaction markers marked for moderators."""
    if findings is None:
        findings = pii.scan_complaint(complaint)
    spans = [(f.start, f.end) for f in findings.get("body", [])]
    spans += pii.marker_spans(complaint.body_source)
    return render_markdown_highlighted(complaint.body_source, spans)


# --- queues ---------------------------------------------------------------------------------

@bp.route("")
def queue():
    """The waiting stories in lanes by risk, each longest waiting first. The low-risk lane is
    a page of stories published in one action; the others one story at a time."""
    lane_counts = triage.lane_counts()
    counts = queries.queue_counts(pending=sum(lane_counts.values()))
    lane = _lane(request.args.get("lane"), lane_counts)
    shared = {"counts": counts, "tab": "pending", "lane": lane, "lane_counts": lane_counts,
              "group_count": triage.waiting_group_count()}
    if lane == RiskLevel.LOW:
        page = paginate(triage.lane(lane), size="batch", total=lane_counts[lane])
        found = triage.for_page(page.items)
        return render_template(
            "triage/low_lane.html", page=page, **shared, reasons=found.reasons,
            groups=found.groups, batch_form=BatchApproveForm())
    page = paginate(triage.lane(lane), size="queue", total=lane_counts[lane])
    found = triage.for_page(page.items)
    findings = {c.id: pii.scan_complaint(c) for c in page.items if c.id in found.scan}
    return render_template(
        "moderation/queue.html", page=page, **shared,
        histories=queries.author_histories(page.items),
        findings=findings,
        highlighted={c.id: _highlighted(c, findings.get(c.id, {}))
                     if c.id in found.scan or c.id in found.markers else c.body_html
                     for c in page.items},
        reasons=found.reasons, groups=found.groups,
        approve_form=ConfirmForm(), reject_form=RejectForm(reasons=services.rejection_reasons()))


def _lane(requested: str | None, lane_counts: dict) -> RiskLevel:
    """The lane asked for, or the one whose first story has waited longest."""
    if requested is None:
        return triage.longest_waiting_lane(lane_counts)
    if requested not in set(RiskLevel):
        abort(404)
    return RiskLevel(requested)


@bp.route("/flags")
def flags():
    counts = queries.queue_counts()
    page = paginate(queries.flagged_complaints(), size="queue", total=counts["flags"])
    return render_template(
        "moderation/flags.html", page=page, counts=counts, tab="flags",
        flags=queries.open_flags_for([c.id for c in page.items]),
        dismiss_form=DismissFlagsForm())


@bp.route("/companies")
def companies():
    counts = queries.queue_counts()
    page = paginate(queries.proposed_companies(), size="queue", total=counts["companies"])
    return render_template(
        "moderation/companies.html", page=page, counts=counts, tab="companies",
        complaints=queries.complaints_of_companies([c.id for c in page.items]),
        approve_form=ConfirmForm(), rename_form=RenameCompanyForm(),
        merge_form=MergeCompanyForm())


@bp.route("/log")
def log():
    filters = LogFilterForm(request.args, actions=list(ModAction), labels=MOD_ACTION_LABELS)
    if not filters.validate():
        abort(400)
    page = paginate(queries.audit_log(filters.action.data or None), size="table")
    return render_template("moderation/log.html", page=page, filters=filters, tab="log",
                           counts=queries.queue_counts(),
                           reasons=queries.public_reasons(page.items),
                           to_author=queries.author_messages(page.items),
                           internal_note=queries.internal_note)


@bp.route("/reasons", methods=["GET", "POST"])
def reasons():
    form = ReasonForm()
    return run_form(
        form, lambda: services.add_rejection_reason(current_user, form.label_nl.data,
                                                    form.label_en.data),
        success=_("The reason is added to the list."),
        redirect_to=url_for("moderation.reasons"), render="moderation/reasons.html",
        tab="reasons", reasons=services.rejection_reasons(), counts=queries.queue_counts())


# --- complaint actions ----------------------------------------------------------------------

def _complaint(complaint_id: int) -> Complaint:
    return db.get_or_404(Complaint, complaint_id)


@bp.route("/complaints/<id:complaint_id>/approve", methods=["POST"])
def approve(complaint_id: int):
    complaint = _complaint(complaint_id)
    return run_form(ConfirmForm(), lambda: services.approve_complaint(current_user, complaint),
                    success=_("The complaint is published and the author has been told."),
                    redirect_to=url_for("moderation.queue",
                                        lane=complaint.risk_level or RiskLevel.NORMAL))


@bp.route("/complaints/<id:complaint_id>/reject", methods=["GET", "POST"])
def reject(complaint_id: int):
    """Refuse a waiting story: from its card in the queue, or on a page of its own (the
    low-risk lane links there, so its page of stories stays light)."""
    complaint = _complaint(complaint_id)
    form = RejectForm(reasons=services.rejection_reasons())
    lane = complaint.risk_level or RiskLevel.NORMAL
    return run_form(form, lambda: services.reject_complaint(
                        current_user, complaint, form.reason.data, form.note.data,
                        form.private_note.data or "", ground=form.ground.data),
                    success=_("The complaint is not published; the author has been told why."),
                    redirect_to=url_for("moderation.queue", lane=lane),
                    render="moderation/reject.html", complaint=complaint,
                    highlighted=_highlighted(complaint),
                    reasons=triage.for_page([complaint]).reasons[complaint.id])


@bp.route("/complaints/<id:complaint_id>/edit", methods=["GET", "POST"])
def edit(complaint_id: int):
    complaint = _complaint(complaint_id)
    if not permissions.can_edit_as_moderator(current_user, complaint):
        abort(403)
    form = EditComplaintForm(data=None if request.method == "POST" else {
        "title": complaint.title, "body": complaint.body_source,
        "desired_outcome": complaint.desired_outcome, "version_id": complaint.version_id})

    def render(status: int, pii_error=None):
        return render_template("moderation/edit.html", form=form, complaint=complaint,
                               revisions=queries.revisions(complaint),
                               highlighted=_highlighted(complaint), pii_error=pii_error), status

    return run_form(
        form, lambda: services.edit_complaint(
            current_user, complaint, title=form.title.data, body=form.body.data,
            desired_outcome=form.desired_outcome.data or "",
            public_reason=form.public_reason.data, private_note=form.private_note.data,
            ground=form.ground.data, redact_pii=form.redact_pii.data,
            version_id=form.version_id.data),
        success=_("The complaint is changed; the original is kept for the audit."),
        redirect_to=url_for("cases.show", complaint_id=complaint_id),
        back=url_for("moderation.edit", complaint_id=complaint_id), render=render,
        on_error=lambda error: {"pii_error": error}
        if isinstance(error, pii.PersonalDataFound) else None)


@bp.route("/complaints/<id:complaint_id>/remove", methods=["GET", "POST"])
def remove(complaint_id: int):
    complaint = _complaint(complaint_id)
    if not permissions.can_remove_complaint(current_user, complaint):
        abort(403)
    form = RemoveForm()
    return run_form(
        form, lambda: services.remove_complaint(current_user, complaint, form.public_reason.data,
                                                form.private_note.data, ground=form.ground.data),
        success=_("The complaint is removed; its page now says why."),
        redirect_to=url_for("cases.show", complaint_id=complaint_id),
        render="moderation/remove.html", complaint=complaint)


@bp.route("/complaints/<id:complaint_id>/flags/dismiss", methods=["POST"])
def dismiss_flags(complaint_id: int):
    complaint = _complaint(complaint_id)
    form = DismissFlagsForm()
    return run_form(form, lambda: services.dismiss_flags(current_user, complaint,
                                                         form.note.data),
                    success=_("The reports are dismissed."),
                    redirect_to=url_for("moderation.flags"))


# --- people ---------------------------------------------------------------------------------

@bp.route("/users/<id:user_id>")
def user(user_id: int):
    person = db.get_or_404(User, user_id)
    page = paginate(queries.user_history(person), size="queue")
    return render_template("moderation/user.html", person=person, page=page,
                           ban_form=BanForm(), unban_form=UnbanForm())


@bp.route("/users/<id:user_id>/ban", methods=["POST"])
def ban(user_id: int):
    person = db.get_or_404(User, user_id)
    form = BanForm()
    return run_form(form, lambda: services.ban_user(current_user, person, form.reason.data,
                                                    ground=form.ground.data),
                    success=_("The account is blocked."),
                    redirect_to=url_for("moderation.user", user_id=user_id))


@bp.route("/users/<id:user_id>/unban", methods=["POST"])
def unban(user_id: int):
    person = db.get_or_404(User, user_id)
    form = UnbanForm()
    return run_form(form, lambda: services.unban_user(current_user, person, form.note.data),
                    success=_("The account is unblocked."),
                    redirect_to=url_for("moderation.user", user_id=user_id))


# --- proposed companies ---------------------------------------------------------------------

@bp.route("/companies/<id:company_id>/approve", methods=["POST"])
def approve_company(company_id: int):
    company = db.get_or_404(Company, company_id)
    return run_form(ConfirmForm(), lambda: services.approve_company(current_user, company),
                    success=_("The company is listed."),
                    redirect_to=url_for("moderation.companies"))


@bp.route("/companies/<id:company_id>/rename", methods=["POST"])
def rename_company(company_id: int):
    company = db.get_or_404(Company, company_id)
    form = RenameCompanyForm()
    return run_form(form, lambda: services.rename_company(current_user, company, form.name.data),
                    success=_("The company is renamed."),
                    redirect_to=url_for("moderation.companies"))


@bp.route("/companies/<id:company_id>/merge", methods=["POST"])
def merge_company(company_id: int):
    company = db.get_or_404(Company, company_id)
    form = MergeCompanyForm()
    return run_form(form, lambda: services.merge_company(current_user, company,
                                                         form.target.data),
                    success=_("The company is merged; its complaints moved with it."),
                    redirect_to=url_for("moderation.companies"))


@bp.route("/companies/<id:company_id>/review", methods=["POST"])
def review_company(company_id: int):
    """Put the company's score "onder de loep" (from the form on the company page)."""
    return _review(company_id, services.put_under_review,
                   _("The score is hidden while the company is under review."))


@bp.route("/companies/<id:company_id>/review/end", methods=["POST"])
def end_review(company_id: int):
    return _review(company_id, services.end_review,
                   _("The review has ended; the score shows again."))


def _review(company_id: int, operation, success: str):
    company = db.get_or_404(Company, company_id)
    form = ReviewForm()
    return run_form(form, lambda: operation(current_user, company, form.public_reason.data,
                                            form.private_note.data or ""),
                    success=success,
                    redirect_to=url_for("companies.show", slug=company.slug, _anchor="verdict"),
                    back=url_for("companies.show", slug=company.slug, _anchor="review"))


# --- replies -------------------------------------------------------------------------------

@bp.route("/replies/<id:reply_id>/remove", methods=["GET", "POST"])
def remove_reply(reply_id: int):
    reply = db.get_or_404(Reply, reply_id)
    if not permissions.can_remove_reply(current_user, reply):
        abort(403)
    form = RemoveForm()
    return run_form(
        form, lambda: services.remove_reply(current_user, reply, form.public_reason.data,
                                            form.private_note.data, ground=form.ground.data),
        success=_("The reply is removed; the thread says why."),
        redirect_to=url_for("cases.show", complaint_id=reply.complaint_id),
        render="moderation/remove_reply.html", reply=reply)


# --- public: the transparency log and reporting ---------------------------------------------

@public_bp.route("/moderation-log")
@cached_page
def public_log():
    actions = queries.public_actions()
    filters = LogFilterForm(request.args, actions=actions, labels=MOD_ACTION_LABELS)
    if not filters.validate():
        abort(400)
    page = paginate(queries.public_log(filters.action.data or None), size="table")
    months, counts = queries.monthly_counts()
    return render_template("moderation/public_log.html", page=page, filters=filters,
                           months=months, counts=counts, actions=actions,
                           labels=MOD_ACTION_LABELS, reasons=queries.public_reasons(page.items))


@public_bp.route("/complaints/<id:complaint_id>/flag", methods=["GET", "POST"])
@login_required
@rate_limits.REPORTS
def flag(complaint_id: int):
    complaint = visible_complaint(complaint_id)
    if not permissions.can_flag(current_user, complaint):
        abort(403)
    form = FlagForm()
    return run_form(
        form, lambda: services.flag_complaint(current_user, complaint, form.reason.data,
                                              form.note.data),
        success=_("Thank you. A moderator will look at your report."),
        redirect_to=url_for("cases.show", complaint_id=complaint_id), category="info",
        render="moderation/flag.html", complaint=complaint)
