"""Public replies, private messages, "ik ook" support and the contact ledger of a complaint."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from complaints.accounts.models import User
from complaints.cases.models import Complaint
from complaints.clock import utcnow
from complaints.extensions import UTCDateTime, db
from complaints.formats import lazy_gettext as _l
from complaints.webcare.models import Representative


class Voice(StrEnum):
    """Who speaks in a thread: the consumer who complained, the company, or moderation."""

    CONSUMER = "consumer"
    COMPANY = "company"
    MODERATOR = "moderator"


class Reply(db.Model):
    """One public message in the thread under a complaint.

    Company replies keep the representative's name and job title as they were when written,
    so the thread still reads right after someone changes job or leaves the team.
    """

    __tablename__ = "replies"
    __table_args__ = (Index("ix_replies_complaint_id_created_at", "complaint_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    voice: Mapped[str] = mapped_column(String(20))
    representative_id: Mapped[int | None] = mapped_column(ForeignKey("representatives.id"))
    signature_name: Mapped[str | None] = mapped_column(String(80))
    signature_title: Mapped[str | None] = mapped_column(String(80))
    body_source: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    pii_redactions: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Hidden by a moderator: the thread says so and why, the text is no longer shown.
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    removal_reason: Mapped[str | None] = mapped_column(Text)

    complaint: Mapped[Complaint] = relationship()
    author: Mapped[User] = relationship()
    representative: Mapped[Representative | None] = relationship()

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None


class PrivateMessage(db.Model):
    """A message between the author and the company's representatives about one complaint.

    Seen only by them and by moderators (whose reads are logged); never in feeds, open data
    or search. Confidential details belong here, so the text is not redacted.
    """

    __tablename__ = "private_messages"
    __table_args__ = (Index("ix_private_messages_complaint_id_created_at", "complaint_id",
                            "created_at"),
                      # A representative's unread messages ("Actie nodig" on every page they
                      # open): the consumers' messages to their company since they joined,
                      # read from the messages, not from all the company's complaints.
                      Index("ix_private_messages_company_id_voice_created_at", "company_id",
                            "voice", "created_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"))
    # The complaint's company, copied when the message is stored (`_copy_company`) and moved
    # with its complaints by a merge.
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"))
    sender_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    voice: Mapped[str] = mapped_column(String(20))
    representative_id: Mapped[int | None] = mapped_column(ForeignKey("representatives.id"))
    signature_name: Mapped[str | None] = mapped_column(String(80))
    body_source: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    complaint: Mapped[Complaint] = relationship()
    sender: Mapped[User] = relationship()


@event.listens_for(PrivateMessage, "before_insert")
def _copy_company(_mapper, connection, message: PrivateMessage) -> None:
    if message.company_id is None:
        message.company_id = connection.scalar(
            select(Complaint.company_id).where(Complaint.id == message.complaint_id))


class PrivateRead(db.Model):
    """How far one person read the private messages of one complaint: the newest message id
    they had seen when they last opened the conversation. One row per person and complaint,
    not per message; messages from the other side with a higher id are unread."""

    __tablename__ = "private_reads"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), primary_key=True)
    last_message_id: Mapped[int] = mapped_column(Integer)
    read_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Support(db.Model):
    """"Ik ook": a signed-in person had the same problem. One per person per complaint; the
    complaint keeps the count."""

    __tablename__ = "supports"
    __table_args__ = (UniqueConstraint("complaint_id", "user_id",
                                       name="uq_supports_complaint_id_user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Channel(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    CHAT = "chat"
    SOCIAL = "social"
    SHOP = "shop"
    LETTER = "letter"


CHANNEL_LABELS = {
    Channel.PHONE: _l("Phone"),
    Channel.EMAIL: _l("E-mail"),
    Channel.CHAT: _l("Chat"),
    Channel.SOCIAL: _l("Social media"),
    Channel.SHOP: _l("Shop"),
    Channel.LETTER: _l("Letter"),
}


class ContactEntry(db.Model):
    """One earlier contact the author logged: when, how, how long they waited, whether they
    reached a person, and the company's ticket number (shown only to the author and the
    company's representatives)."""

    __tablename__ = "contact_entries"
    __table_args__ = (Index("ix_contact_entries_complaint_id_contacted_on", "complaint_id",
                            "contacted_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"))
    contacted_on: Mapped[date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(20))
    minutes_waited: Mapped[int | None] = mapped_column(Integer)
    reached_human: Mapped[bool] = mapped_column(Boolean, default=False)
    ticket_number: Mapped[str] = mapped_column(String(60), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def channel_label(self) -> str:
        return str(CHANNEL_LABELS.get(Channel(self.channel), self.channel))
