"""Moderation records: the action log, its monthly counts, flags, and rejection reasons."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from complaints.accounts.models import User
from complaints.cases.models import Complaint
from complaints.clock import utcnow
from complaints.companies.models import Company, LabelledMixin
from complaints.extensions import UTCDateTime, db
from complaints.formats import lazy_gettext as _l
from complaints.threads.models import Reply


class ModAction(StrEnum):
    """Every kind of row in the moderation log."""

    APPROVE = "approve"
    REJECT = "reject"
    EDIT = "edit"
    REMOVE = "remove"
    BAN = "ban"
    UNBAN = "unban"
    DISMISS_FLAGS = "dismiss_flags"
    COMPANY_APPROVE = "company_approve"
    COMPANY_RENAME = "company_rename"
    COMPANY_MERGE = "company_merge"
    COMPANY_REVIEW = "company_review"
    COMPANY_REVIEW_END = "company_review_end"
    CLAIM_APPROVE = "claim_approve"
    CLAIM_REFUSE = "claim_refuse"
    REPLY_REMOVE = "reply_remove"
    PRIVATE_READ = "private_read"
    ACCOUNT_DELETED = "account_deleted"
    APPEAL_UPHELD = "appeal_upheld"
    APPEAL_REVERSED = "appeal_reversed"
    HOLD_CAMPAIGN = "hold_campaign"
    IMAGE_APPROVE = "image_approve"
    IMAGE_REFUSE = "image_refuse"


MOD_ACTION_LABELS = {
    ModAction.APPROVE: _l("Complaint published"),
    ModAction.REJECT: _l("Complaint not published"),
    ModAction.EDIT: _l("Complaint edited"),
    ModAction.REMOVE: _l("Complaint removed"),
    ModAction.BAN: _l("User blocked"),
    ModAction.UNBAN: _l("User unblocked"),
    ModAction.DISMISS_FLAGS: _l("Reports dismissed"),
    ModAction.COMPANY_APPROVE: _l("Company listed"),
    ModAction.COMPANY_RENAME: _l("Company renamed"),
    ModAction.COMPANY_MERGE: _l("Company merged"),
    ModAction.COMPANY_REVIEW: _l("Score put under review"),
    ModAction.COMPANY_REVIEW_END: _l("Review of the score ended"),
    ModAction.CLAIM_APPROVE: _l("Representative approved"),
    ModAction.CLAIM_REFUSE: _l("Claim refused"),
    ModAction.REPLY_REMOVE: _l("Reply removed"),
    ModAction.PRIVATE_READ: _l("Private messages read"),
    ModAction.ACCOUNT_DELETED: _l("Account deleted"),
    ModAction.APPEAL_UPHELD: _l("Decision upheld on appeal"),
    ModAction.APPEAL_REVERSED: _l("Decision reversed on appeal"),
    ModAction.HOLD_CAMPAIGN: _l("Held as a suspected campaign"),
    ModAction.IMAGE_APPROVE: _l("Image shown publicly"),
    ModAction.IMAGE_REFUSE: _l("Image kept private"),
}


# Kept for the audit but never shown on the public page nor counted in the report.
PRIVATE_ACTIONS = frozenset({ModAction.ACCOUNT_DELETED, ModAction.PRIVATE_READ,
                             ModAction.HOLD_CAMPAIGN, ModAction.IMAGE_APPROVE,
                             ModAction.IMAGE_REFUSE})


class ModerationAction(db.Model):
    """One row per moderator action: who, what, on exactly one target, why, when.

    `public_reason` is shown on /moderation-log; `private_note` and the actor only to
    moderators. Rows with `public` false (an account deletion, a private message read) are
    kept for the audit but never shown on the public page.
    """

    __tablename__ = "moderation_actions"
    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN complaint_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN user_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN company_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN reply_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_target",
        ),
        Index("ix_moderation_actions_public_created_at", "public", "created_at"),
        Index("ix_moderation_actions_action_created_at", "action", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(30))
    complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaints.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)
    reply_id: Mapped[int | None] = mapped_column(ForeignKey("replies.id"), index=True)
    public_reason: Mapped[str | None] = mapped_column(Text)
    private_note: Mapped[str | None] = mapped_column(Text)
    public: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    complaint: Mapped[Complaint | None] = relationship()
    target_user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    company: Mapped[Company | None] = relationship()
    reply: Mapped[Reply | None] = relationship()

    @property
    def label(self) -> str:
        return str(MOD_ACTION_LABELS.get(ModAction(self.action), self.action))


class ModerationMonthlyCount(db.Model):
    """Public actions per month and kind, kept up to date with each log row (the transparency
    report reads these instead of counting the log)."""

    __tablename__ = "moderation_monthly_counts"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # "2026-11"
    action: Mapped[str] = mapped_column(String(30), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class FlagReason(StrEnum):
    PERSONAL_DATA = "personal_data"
    ABUSIVE = "abusive"
    NOT_HELPDESK = "not_helpdesk"
    SPAM = "spam"
    WRONG_COMPANY = "wrong_company"
    DUPLICATE = "duplicate"


FLAG_REASON_LABELS = {
    FlagReason.PERSONAL_DATA: _l("It contains personal data"),
    FlagReason.ABUSIVE: _l("It is defamatory or abusive"),
    FlagReason.NOT_HELPDESK: _l("It is not about a helpdesk experience"),
    FlagReason.SPAM: _l("It is spam or advertising"),
    FlagReason.WRONG_COMPANY: _l("It is about another company"),
    FlagReason.DUPLICATE: _l("It is a duplicate"),
}


class FlagStatus(StrEnum):
    OPEN = "open"
    DISMISSED = "dismissed"
    ACTIONED = "actioned"


class Flag(db.Model):
    """A signed-in person's report that a complaint or a reply breaks the rules; one per person
    per item. A report on a reply also names the reply's complaint."""

    __tablename__ = "flags"
    __table_args__ = (
        Index("uq_flags_complaint_id_user_id", "complaint_id", "user_id", unique=True,
              sqlite_where=text("reply_id IS NULL"), postgresql_where=text("reply_id IS NULL")),
        Index("uq_flags_reply_id_user_id", "reply_id", "user_id", unique=True,
              sqlite_where=text("reply_id IS NOT NULL"),
              postgresql_where=text("reply_id IS NOT NULL")),
        Index("ix_flags_status_created_at", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), index=True)
    reply_id: Mapped[int | None] = mapped_column(ForeignKey("replies.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # The company the reporter speaks for, if any: company pages show what their people report.
    sender_company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)
    reason: Mapped[str] = mapped_column(String(30))
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default=FlagStatus.OPEN)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    complaint: Mapped[Complaint] = relationship()
    reply: Mapped[Reply | None] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])

    @property
    def reason_label(self) -> str:
        return str(FLAG_REASON_LABELS.get(FlagReason(self.reason), self.reason))


class RejectionReason(LabelledMixin, db.Model):
    """Why a complaint was not published; a list moderators can extend."""

    __tablename__ = "rejection_reasons"

    id: Mapped[int] = mapped_column(primary_key=True)
    label_nl: Mapped[str] = mapped_column(String(200))
    label_en: Mapped[str] = mapped_column(String(200))

    def label_for(self, locale: str) -> str:
        return self.label_en if locale == "en" else self.label_nl
