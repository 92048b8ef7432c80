"""The complaint page, built in one place for every view that shows it.

The page itself (`cases.views.show`) and every form on it (a reply, a private message, the
resolve form, the contact ledger, in `threads.views` and `cases.views`) render the same page;
a form that was refused comes back in place with its errors and status 422. This module is a
page builder, not a view, so both features import it without importing each other's views.
"""

from __future__ import annotations

from flask import abort, render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user

from complaints import permissions
from complaints.accounts.forms import ConfirmForm
from complaints.cases import queries
from complaints.cases.models import Complaint
from complaints.cases.workflow import Status
from complaints.evidence import ocr
from complaints.evidence import services as evidence
from complaints.evidence.forms import AttachmentsForm, PublishImageForm
from complaints.extensions import db
from complaints.threads import services as threads
from complaints.threads.forms import ContactForm, PrivateMessageForm, ReplyForm, ResolveForm
from complaints.triage.waits import typical_wait_minutes


def visible_complaint(complaint_id: int) -> Complaint:
    """The complaint behind a URL, or 404 when it does not exist or is not for this person."""
    complaint = db.get_or_404(Complaint, complaint_id)
    if not permissions.can_view_complaint(current_user, complaint):
        abort(404)
    return complaint


def render_complaint(complaint: Complaint, status: int = 200, **forms) -> ResponseReturnValue:
    """The complaint page: the story, its thread, and for each person the forms they may use.

    Views that handle a form on this page call it with their bound form, so errors show in
    place (`reply_form=form`, status 422).
    """
    user = current_user
    history = queries.history(complaint, full=permissions.can_view_full_history(user, complaint))
    private = None
    if permissions.can_read_private(user, complaint) and not \
            permissions.reads_private_as_moderator(user, complaint):
        private = threads.read_private_messages(user, complaint)
    files = evidence.all_of(complaint)
    context = {
        "evidence": [file for file in files if file.message_id is None
                     and permissions.can_view_attachment(user, file)],
        "message_files": evidence.by_message(files) if private is not None else {},
        "attachments_form": AttachmentsForm(formdata=None),
        "publish_form": PublishImageForm(formdata=None), "publish_target": None,
        "max_files": evidence.MAX_FILES, "pii_labels": evidence.FINDING_LABELS,
        "ocr_available": ocr.available() if permissions.is_author(user, complaint) else False,
        "complaint": complaint, "history": history, "confirm_form": ConfirmForm(),
        "replies": threads.thread(complaint), "private_messages": private,
        "contacts": threads.contacts(complaint),
        "supported": threads.has_supported(user, complaint),
        "reply_form": ReplyForm(formdata=None), "message_form": PrivateMessageForm(formdata=None),
        "resolve_form": ResolveForm(formdata=None), "contact_form": ContactForm(formdata=None),
        "reply_error": None,
        # Quoted to the author of a waiting complaint: how long moderation usually takes.
        "typical_wait": typical_wait_minutes() if complaint.status == Status.PENDING else None,
    }
    context.update(forms)
    return render_template("cases/show.html", **context), status


def shown_again(complaint: Complaint, form_name: str, form):
    """`run_form`'s `render` for a form on the complaint page: the page with `form` in place."""
    return lambda status, **extra: render_complaint(complaint, status, **{form_name: form},
                                                    **extra)
