"""The forms of evidence: the file field (on the complaint form, the private message form and
its own), the request to show an image publicly, and the moderator's refusal."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import MultipleFileField, TextAreaField
from wtforms.validators import DataRequired, Length

from complaints.evidence.files import MAX_BYTES
from complaints.evidence.models import ALT_TEXT_MAX
from complaints.evidence.services import MAX_FILES, REFUSAL_REASON_MAX
from complaints.formats import lazy_gettext as _l

ACCEPT = "image/jpeg,image/png,image/webp,application/pdf,.jpg,.jpeg,.png,.webp,.pdf"


def attachments_field(label=None, description=None, **options) -> MultipleFileField:
    """The `attachments` field: several files at once, checked by `services.read_uploads`.
    A page with two such forms gives them their own ids (`id=`)."""
    return MultipleFileField(
        label or _l("Evidence (optional)"),
        description=description or _l(
            "Screenshots, letters or invoices: JPEG, PNG, WebP or PDF, at most %(files)d files "
            "of %(mb)d MB each. Only you, the company and the moderators see them, and photos "
            "reach the company without their location and camera details.",
            files=MAX_FILES, mb=MAX_BYTES // 2**20),
        render_kw={"accept": ACCEPT}, **options)


class AttachmentsForm(FlaskForm):
    attachments = attachments_field(_l("Add files"), id="more-files")


class PublishImageForm(FlaskForm):
    alt_text = TextAreaField(
        _l("What does the image show?"),
        validators=[DataRequired(message=_l("Describe what the image shows, for people who "
                                            "cannot see it.")),
                    Length(max=ALT_TEXT_MAX, message=_l("At most %(max)d characters.",
                                                        max=ALT_TEXT_MAX))],
        description=_l("A short description for people who cannot see the image, such as "
                       "“The invoice of March with the same costs charged twice”."),
        render_kw={"rows": 2, "maxlength": ALT_TEXT_MAX})


class RefuseImageForm(FlaskForm):
    reason = TextAreaField(
        _l("Why not? (the author reads this)"),
        validators=[DataRequired(message=_l("Say why, for the author.")),
                    Length(max=REFUSAL_REASON_MAX, message=_l("At most %(max)d characters.",
                                                              max=REFUSAL_REASON_MAX))],
        render_kw={"rows": 2})
