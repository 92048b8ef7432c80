"""Evidence on the site: a file served after the permission check, adding and removing files,
asking to show an image publicly, and the moderators' queue of images to show."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request, url_for
from flask_login import current_user, login_required

from complaints import permissions, rate_limits
from complaints.accounts.forms import ConfirmForm
from complaints.cases.page import render_complaint, shown_again, visible_complaint
from complaints.evidence import ocr, services, storage
from complaints.evidence.forms import AttachmentsForm, PublishImageForm, RefuseImageForm
from complaints.evidence.models import Attachment
from complaints.evidence.uploads import accepts_files
from complaints.extensions import db
from complaints.formats import gettext as _
from complaints.forms_flow import run_form
from complaints.moderation import queries as moderation_queries
from complaints.security import talisman

bp = Blueprint("evidence", __name__)

# A file is never a page: nothing in it may run, load or be framed, whatever a browser thinks
# it is (the type was read from its bytes, and nosniff forbids guessing again).
FILE_POLICY = "default-src 'none'; img-src 'self'; sandbox; frame-ancestors 'none'"
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp",
              "application/pdf": "pdf"}


def _attachment(complaint_id: int, attachment_id: int) -> Attachment:
    """The attachment behind a URL, or 404 when it does not exist or is not for this person
    (an id reveals nothing)."""
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or attachment.complaint_id != complaint_id or \
            not permissions.can_view_attachment(current_user, attachment):
        abort(404)
    return attachment


def _to_evidence(complaint_id: int) -> str:
    return url_for("cases.show", complaint_id=complaint_id) + "#evidence"


@bp.route("/complaints/<id:complaint_id>/attachments/<id:attachment_id>")
@talisman(content_security_policy=FILE_POLICY, frame_options="DENY")
def file(complaint_id: int, attachment_id: int):
    attachment = _attachment(complaint_id, attachment_id)
    try:
        data, content_type = services.file_for(current_user, attachment)
    except storage.Missing:
        abort(404)
    name = f"helpdeskhel-{complaint_id}-{attachment_id}.{EXTENSIONS[content_type]}"
    # A PDF is downloaded, never shown in the site's origin; an image opens in the browser.
    disposition = "attachment" if content_type == "application/pdf" or \
        request.args.get("download") else "inline"
    # The public copy may be kept by caches; what only this person may see, never.
    everyone = (attachment.is_public and attachment.complaint.is_public
                and not permissions.sees_original(current_user, attachment))
    return Response(data, mimetype=content_type, headers={
        "Content-Disposition": f'{disposition}; filename="{name}"',
        "X-Content-Type-Options": "nosniff",
        "Cross-Origin-Resource-Policy": "same-origin",
        "Cache-Control": "public, max-age=300" if everyone else "private, no-store",
        "Vary": "Cookie",
    })


@bp.route("/complaints/<id:complaint_id>/attachments", methods=["POST"])
@accepts_files
@login_required
@rate_limits.UPLOADS
def add(complaint_id: int):
    complaint = visible_complaint(complaint_id)
    if not permissions.can_add_attachments(current_user, complaint):
        abort(403)
    form = AttachmentsForm()
    return run_form(
        form, lambda: services.add_to_complaint(current_user, complaint, form.attachments.data),
        success=lambda added: _("%(count)d files added.", count=len(added)) if len(added) > 1
        else _("The file is added."),
        redirect_to=_to_evidence(complaint_id),
        render=shown_again(complaint, "attachments_form", form))


@bp.route("/complaints/<id:complaint_id>/attachments/<id:attachment_id>/delete",
          methods=["POST"])
@login_required
def delete(complaint_id: int, attachment_id: int):
    attachment = _attachment(complaint_id, attachment_id)
    if not permissions.can_remove_attachment(current_user, attachment):
        abort(403)
    form = ConfirmForm()
    return run_form(form, lambda: services.remove(current_user, attachment),
                    success=_("The file is removed."), redirect_to=_to_evidence(complaint_id))


@bp.route("/complaints/<id:complaint_id>/attachments/<id:attachment_id>/publish",
          methods=["POST"])
@login_required
@rate_limits.PUBLICATION_REQUESTS
def request_publication(complaint_id: int, attachment_id: int):
    attachment = _attachment(complaint_id, attachment_id)
    if not permissions.can_request_publication(current_user, attachment):
        abort(403)
    form = PublishImageForm()
    form.alt_text.id = f"alt-{attachment.id}"  # the page has one such form per image
    return run_form(
        form, lambda: services.request_publication(current_user, attachment, form.alt_text.data),
        success=_("A moderator will look at the image before it is shown publicly."),
        redirect_to=_to_evidence(complaint_id),
        render=lambda status, **extra: render_complaint(
            attachment.complaint, status, publish_form=form, publish_target=attachment.id,
            **extra))


@bp.route("/complaints/<id:complaint_id>/attachments/<id:attachment_id>/private",
          methods=["POST"])
@login_required
def make_private(complaint_id: int, attachment_id: int):
    attachment = _attachment(complaint_id, attachment_id)
    if not permissions.can_make_private(current_user, attachment):
        abort(403)
    form = ConfirmForm()
    return run_form(form, lambda: services.make_private(current_user, attachment),
                    success=_("The image is private again."),
                    redirect_to=_to_evidence(complaint_id))


# --- the moderators' queue ---------------------------------------------------------------------

@bp.route("/moderation/images")
@login_required
def queue():
    if not permissions.can_review_images(current_user):
        abort(403)
    return _queue_page(RefuseImageForm(formdata=None), None)


def _queue_page(refuse_form: RefuseImageForm, refusing: int | None, status: int = 200):
    return render_template(
        "evidence/queue.html", images=services.waiting_images(), tab="images",
        counts=moderation_queries.queue_counts(), refuse_form=refuse_form, refusing=refusing,
        ocr_available=ocr.available()), status


def _waiting(attachment_id: int) -> Attachment:
    if not permissions.can_review_images(current_user):
        abort(403)
    return db.get_or_404(Attachment, attachment_id)


@bp.route("/moderation/images/<id:attachment_id>/approve", methods=["POST"])
@login_required
def approve(attachment_id: int):
    attachment = _waiting(attachment_id)
    form = ConfirmForm()
    return run_form(form, lambda: services.approve(current_user, attachment),
                    success=_("The image is shown on the complaint's page."),
                    redirect_to=url_for("evidence.queue"))


@bp.route("/moderation/images/<id:attachment_id>/refuse", methods=["POST"])
@login_required
def refuse(attachment_id: int):
    attachment = _waiting(attachment_id)
    form = RefuseImageForm()
    form.reason.id = f"reason-{attachment.id}"  # the page has one such form per image
    return run_form(form, lambda: services.refuse(current_user, attachment, form.reason.data),
                    success=_("The image stays private; the author sees why."),
                    redirect_to=url_for("evidence.queue"), back=url_for("evidence.queue"),
                    render=lambda status, **extra: _queue_page(form, attachment.id, status))
