"""Due process records: statements of reasons, appeals against them, and notices.

Every decision that restricts someone (a complaint rejected, removed or redacted, a reply
removed, an account blocked, a claim refused, a notice dismissed) leaves one `Statement`
addressed to the one person it affects. That person may file one `Appeal` against it within
six months. A `Notice` is anyone's report, signed in or not, that a published complaint or
reply is illegal or against the house rules.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from complaints.accounts.models import User
from complaints.cases.models import Complaint
from complaints.clock import utcnow
from complaints.companies.models import Company
from complaints.extensions import UTCDateTime, db
from complaints.formats import lazy_gettext as _l
from complaints.threads.models import Reply

APPEAL_WINDOW = timedelta(days=183)  # six months


def new_key() -> str:
    """The unguessable part of a statement's address (/appeals/<key>)."""
    return secrets.token_urlsafe(16)


class Decision(StrEnum):
    """Every kind of restricting decision that carries a statement of reasons."""

    REJECT = "reject"
    REMOVE = "remove"
    REDACT = "redact"
    REMOVE_REPLY = "remove_reply"
    BAN = "ban"
    CLAIM_REFUSE = "claim_refuse"
    NOTICE_DISMISS = "notice_dismiss"


DECISION_LABELS = {
    Decision.REJECT: _l("Your complaint was not published"),
    Decision.REMOVE: _l("Your complaint was removed"),
    Decision.REDACT: _l("Your complaint was edited by a moderator"),
    Decision.REMOVE_REPLY: _l("Your reply was removed"),
    Decision.BAN: _l("Your account was blocked"),
    Decision.CLAIM_REFUSE: _l("Your claim on a company profile was refused"),
    Decision.NOTICE_DISMISS: _l("Your notice was dismissed"),
}


class Statement(db.Model):
    """A statement of reasons: what was decided, the facts, the ground, whether automated
    detection played a part, and where to appeal (`/appeals/<key>`).

    It is addressed to one person: a user (`user_id`), or, for a notifier who was not signed
    in, an e-mail address (`email`); the key in the mailed link is then their proof.
    """

    __tablename__ = "statements"
    __table_args__ = (Index("ix_statements_user_id_created_at", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(32), unique=True, default=new_key)
    decision: Mapped[str] = mapped_column(String(30))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    email: Mapped[str | None] = mapped_column(String(254))
    locale: Mapped[str] = mapped_column(String(5), default="nl")
    complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaints.id"), index=True)
    reply_id: Mapped[int | None] = mapped_column(ForeignKey("replies.id"))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"))
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"))
    notice_id: Mapped[int | None] = mapped_column(ForeignKey("notices.id"), index=True)
    # The text a redaction replaced, so an appeal that succeeds can put it back.
    revision_id: Mapped[int | None] = mapped_column(ForeignKey("complaint_revisions.id"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    facts: Mapped[str] = mapped_column(Text)
    ground: Mapped[str] = mapped_column(String(40))  # "rule:4" or "law:gdpr"; see `grounds`
    automated: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    complaint: Mapped[Complaint | None] = relationship()
    reply: Mapped[Reply | None] = relationship()
    company: Mapped[Company | None] = relationship()
    appeal: Mapped[Appeal | None] = relationship(back_populates="statement", uselist=False)

    @property
    def label(self) -> str:
        return str(DECISION_LABELS.get(Decision(self.decision), self.decision))

    @property
    def appeal_until(self) -> datetime:
        return self.created_at + APPEAL_WINDOW


class AppealOutcome(StrEnum):
    UPHELD = "upheld"  # the decision stands
    REVERSED = "reversed"  # the decision is undone


class Appeal(db.Model):
    """The affected person's objection to one statement (one per statement), decided with
    reasons by a moderator other than the one who made the decision."""

    __tablename__ = "appeals"
    __table_args__ = (Index("ix_appeals_decided_at_created_at", "decided_at", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statements.id"), unique=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    outcome: Mapped[str | None] = mapped_column(String(20))
    outcome_reason: Mapped[str | None] = mapped_column(Text)

    statement: Mapped[Statement] = relationship(back_populates="appeal")
    decided_by: Mapped[User | None] = relationship()

    @property
    def is_open(self) -> bool:
        return self.decided_at is None


class NoticeReason(StrEnum):
    PERSONAL_DATA = "personal_data"
    DEFAMATION = "defamation"
    THREAT_OR_HATE = "threat_or_hate"
    NOT_HELPDESK = "not_helpdesk"
    SPAM = "spam"
    OTHER = "other"


NOTICE_REASON_LABELS = {
    NoticeReason.PERSONAL_DATA: _l("Personal data"),
    NoticeReason.DEFAMATION: _l("Defamation"),
    NoticeReason.THREAT_OR_HATE: _l("Threat or hate"),
    NoticeReason.NOT_HELPDESK: _l("Not about a helpdesk experience"),
    NoticeReason.SPAM: _l("Spam"),
    NoticeReason.OTHER: _l("Something else"),
}


class NotifierKind(StrEnum):
    """Who sent a notice, as the transparency report counts them."""

    CONSUMER = "consumer"  # a signed-in person who does not speak for a company
    COMPANY = "company"  # a company's representative, or an address on a company's domain
    OTHER = "other"  # anyone else (a lawyer, a person named in a story)


NOTIFIER_KIND_LABELS = {
    NotifierKind.CONSUMER: _l("Consumer"),
    NotifierKind.COMPANY: _l("Company"),
    NotifierKind.OTHER: _l("Other"),
}


class NoticeStatus(StrEnum):
    UNCONFIRMED = "unconfirmed"  # waits for its sender to confirm their e-mail address
    OPEN = "open"  # in the moderators' queue
    ACTED = "acted"  # the item was removed or redacted
    DISMISSED = "dismissed"  # the item stays as it is


class Notice(db.Model):
    """A report that a published complaint or reply is illegal or breaks the house rules.

    The sender's name and address are for the moderators and the mail about the decision;
    the author of the item never learns them. `sender_company_id` is the company the sender
    speaks for, if any, so each company page can show how many notices its people sent.
    """

    __tablename__ = "notices"
    __table_args__ = (Index("ix_notices_status_confirmed_at", "status", "confirmed_at"),
                      Index("ix_notices_email_created_at", "email", "created_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(500))
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), index=True)
    reply_id: Mapped[int | None] = mapped_column(ForeignKey("replies.id"))
    reason: Mapped[str] = mapped_column(String(30))
    explanation: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254))
    locale: Mapped[str] = mapped_column(String(5), default="nl")
    good_faith: Mapped[bool] = mapped_column(Boolean, default=False)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    notifier_kind: Mapped[str] = mapped_column(String(20), default=NotifierKind.OTHER)
    sender_company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=NoticeStatus.UNCONFIRMED)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decision_reason: Mapped[str | None] = mapped_column(Text)

    complaint: Mapped[Complaint] = relationship()
    reply: Mapped[Reply | None] = relationship()
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])

    @property
    def reason_label(self) -> str:
        return str(NOTICE_REASON_LABELS.get(NoticeReason(self.reason), self.reason))
