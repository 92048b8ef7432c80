"""An attachment: one file of evidence on a complaint or on a private message about it.

The row says what the file is and where its bytes are kept (`original_key`, and for an image
`copy_key`, the re-encoded copy everyone but its uploader sees); the bytes themselves are in
the storage (`evidence.storage`). An image may be shown publicly once its uploader, the
author, asked for it, the text read from it held no personal data and a moderator agreed.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from complaints.accounts.models import User
from complaints.cases.models import Complaint
from complaints.clock import utcnow
from complaints.evidence.files import CONTENT_TYPES, Kind
from complaints.extensions import UTCDateTime, db
from complaints.formats import lazy_gettext as _l
from complaints.threads.models import PrivateMessage


class Publication(StrEnum):
    """Whether an image shows on the public complaint page."""

    PRIVATE = "private"
    REQUESTED = "requested"  # the author asked; waits for a moderator
    PUBLIC = "public"
    REFUSED = "refused"


class TextCheck(StrEnum):
    """What reading the text in an image (OCR) found, when its author asked to show it."""

    CLEAN = "clean"  # text read, no personal data in it
    FINDINGS = "findings"  # personal data in the text: it cannot be public
    UNREAD = "unread"  # no OCR on this server: a moderator reads it by eye


KIND_LABELS = {Kind.JPEG: "JPEG", Kind.PNG: "PNG", Kind.WEBP: "WebP", Kind.PDF: "PDF"}
PUBLICATION_LABELS = {
    Publication.PRIVATE: _l("Private"),
    Publication.REQUESTED: _l("Waiting for a moderator to show it publicly"),
    Publication.PUBLIC: _l("Shown publicly"),
    Publication.REFUSED: _l("Not shown publicly"),
}
ALT_TEXT_MAX = 250


class Attachment(db.Model):
    __tablename__ = "attachments"
    __table_args__ = (
        Index("ix_attachments_complaint_id_id", "complaint_id", "id"),
        # The moderators' queue of images to show: the waiting ones, oldest first.
        Index("ix_attachments_publication_requested_at", "publication", "requested_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"))
    # Set when the file came with a private message (then only the people of that
    # conversation see it, and it is never public).
    message_id: Mapped[int | None] = mapped_column(ForeignKey("private_messages.id"),
                                                   index=True)
    uploader_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    size: Mapped[int] = mapped_column(Integer)  # bytes of the original
    width: Mapped[int | None] = mapped_column(Integer)  # of the copy, for an image
    height: Mapped[int | None] = mapped_column(Integer)
    original_key: Mapped[str] = mapped_column(String(40))
    copy_key: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    publication: Mapped[str] = mapped_column(String(20), default=Publication.PRIVATE)
    alt_text: Mapped[str | None] = mapped_column(String(ALT_TEXT_MAX))
    requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    text_check: Mapped[str | None] = mapped_column(String(20))
    # What the personal-data guard found in the image's text: [{"kind": …, "text": …}].
    text_findings: Mapped[list | None] = mapped_column(JSON)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    refusal_reason: Mapped[str | None] = mapped_column(Text)

    complaint: Mapped[Complaint] = relationship()
    message: Mapped[PrivateMessage | None] = relationship()
    uploader: Mapped[User] = relationship(foreign_keys=[uploader_id])

    @property
    def is_image(self) -> bool:
        return self.kind != Kind.PDF

    @property
    def is_public(self) -> bool:
        return self.publication == Publication.PUBLIC

    @property
    def is_waiting(self) -> bool:
        return self.publication == Publication.REQUESTED

    @property
    def is_on_request(self) -> bool:
        """Shown publicly or waiting to be: the author may take it back."""
        return self.publication in (Publication.REQUESTED, Publication.PUBLIC)

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[Kind(self.kind)]

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[Kind(self.kind)]

    @property
    def publication_label(self) -> str:
        return str(PUBLICATION_LABELS[Publication(self.publication)])

    def stored_keys(self) -> list[str]:
        """The keys of its original and, for an image, of its copy."""
        return [key for key in (self.original_key, self.copy_key) if key]
