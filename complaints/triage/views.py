"""Triage pages for moderators: publish a page of low-risk stories in one action, decide on
near-duplicate groups, keep the word list. The lanes themselves are the queue
(`moderation.queue`)."""

from __future__ import annotations

from flask import Blueprint, flash, render_template, url_for
from flask_login import current_user

from complaints.accounts.forms import ConfirmForm
from complaints.cases.models import Complaint
from complaints.cases.workflow import STATUS_LABELS
from complaints.errors import DomainError
from complaints.extensions import db
from complaints.formats import gettext as _
from complaints.formats import ngettext
from complaints.forms_flow import run_form
from complaints.moderation import queries as moderation_queries
from complaints.moderation.access import moderators_only
from complaints.pagination import paginate
from complaints.triage import queries, services
from complaints.triage.forms import (
    ID_MAX,
    BatchApproveForm,
    HoldGroupForm,
    MergeGroupForm,
    WordForm,
)
from complaints.triage.models import DuplicateGroup, RiskLevel, RiskWord

bp = Blueprint("triage", __name__, url_prefix="/moderation")
bp.before_request(moderators_only)


def _low_lane() -> str:
    return url_for("moderation.queue", lane=RiskLevel.LOW)


@bp.route("/batch-approve", methods=["POST"])
def approve_batch():
    form = BatchApproveForm()
    return run_form(form, lambda: services.approve_batch(current_user, form.items.data),
                    success=_batch_message, redirect_to=_low_lane())


def _batch_message(outcome: services.BatchOutcome) -> str | None:
    for complaint_id, why in outcome.refused:
        flash(_("Story #%(id)d was not published: %(why)s", id=complaint_id, why=why), "error")
    if outcome.already:
        flash(_already(outcome.already).strip(), "info")
    if not outcome.published:
        return None
    return ngettext("%(num)d story is published; its author has been told.",
                    "%(num)d stories are published; their authors have been told.",
                    len(outcome.published))


@bp.route("/groups")
def groups():
    counts = moderation_queries.queue_counts()
    page = paginate(queries.waiting_groups(with_total=True), size="queue", rows=True)
    group_ids = [row.DuplicateGroup.id for row in page.items]
    members = queries.members_of(group_ids)
    total = page.items[0].total if page.items else 0  # every row carries the count
    return render_template(
        "triage/groups.html", page=page, counts=counts, tab="pending",
        lane_counts=queries.lane_counts(), group_count=total,
        members=members,
        reasons=queries.for_page([m.complaint for g in members.values() for m in g]).reasons,
        status_names={status: str(label) for status, label in STATUS_LABELS.items()},
        # Each group's forms are these two with its number for GROUP (the ground's list is
        # long: rendered once for the page).
        merge_form=MergeGroupForm(prefix="gGROUP"), hold_form=HoldGroupForm(prefix="hGROUP"))


@bp.route("/groups/<id:group_id>/merge", methods=["POST"])
def merge_group(group_id: int):
    group = db.get_or_404(DuplicateGroup, group_id)
    form = MergeGroupForm(prefix=f"g{group_id}")
    return run_form(
        form, lambda: services.merge_into(current_user, group, _lead(form.lead.data),
                                          ground=form.ground.data, shown=form.shown.data),
        success=lambda outcome: ngettext(
            "The story is published; %(num)d other story became “me too” on it and its "
            "author has been told.",
            "The story is published; %(num)d other stories became “me too” on it and their "
            "authors have been told.", len(outcome.merged)) + _already(outcome.already),
        redirect_to=url_for("triage.groups"))


def _lead(complaint_id: int | None) -> Complaint:
    lead = (db.session.get(Complaint, complaint_id)
            if complaint_id and 0 < complaint_id <= ID_MAX else None)
    if lead is None:
        raise DomainError(_("Choose a story of this group."), "lead")
    return lead


def _already(ids: list[int]) -> str:
    if not ids:
        return ""
    return " " + ngettext("%(num)d story was handled by another moderator, or changed, since "
                          "this page was shown; nothing was done to it: %(ids)s.",
                          "%(num)d stories were handled by another moderator, or changed, "
                          "since this page was shown; nothing was done to them: %(ids)s.",
                          len(ids), ids=", ".join(f"#{i}" for i in ids))


@bp.route("/groups/<id:group_id>/hold", methods=["POST"])
def hold_group(group_id: int):
    group = db.get_or_404(DuplicateGroup, group_id)
    form = HoldGroupForm(prefix=f"h{group_id}")
    return run_form(
        form, lambda: services.hold_group(current_user, group, form.note.data or ""),
        success=lambda moved: ngettext(
            "The group is held as a suspected campaign: %(num)d waiting story moved to the "
            "high-risk lane.",
            "The group is held as a suspected campaign: %(num)d waiting stories moved to the "
            "high-risk lane.", moved),
        redirect_to=url_for("triage.groups"))


@bp.route("/words", methods=["GET", "POST"])
def words():
    form = WordForm()
    return run_form(
        form, lambda: services.add_word(current_user, form.term.data, form.language.data,
                                        form.severity.data),
        success=_("The word is on the list; stories submitted from now on are checked for it."),
        redirect_to=url_for("triage.words"), render="triage/words.html", tab="words",
        words=queries.words(), counts=moderation_queries.queue_counts(),
        remove_form=ConfirmForm())


@bp.route("/words/<id:word_id>/remove", methods=["POST"])
def remove_word(word_id: int):
    word = db.get_or_404(RiskWord, word_id)
    return run_form(ConfirmForm(), lambda: services.remove_word(current_user, word),
                    success=_("The word is off the list."),
                    redirect_to=url_for("triage.words"))
