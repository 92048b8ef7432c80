"""Claims review: moderators decide the claims whose work e-mail did not match a company
domain (a claim that matches is approved by its mailed link alone, in `webcare`)."""

from __future__ import annotations

from flask import Blueprint, render_template, url_for
from flask_login import current_user

from complaints.accounts.forms import ConfirmForm
from complaints.extensions import db
from complaints.formats import gettext as _
from complaints.forms_flow import run_form
from complaints.moderation import queries
from complaints.moderation.access import moderators_only
from complaints.pagination import paginate
from complaints.webcare import queries as webcare_queries
from complaints.webcare import services as webcare
from complaints.webcare.forms import RefuseClaimForm
from complaints.webcare.models import Claim

bp = Blueprint("claims_review", __name__, url_prefix="/moderation/claims")
bp.before_request(moderators_only)


@bp.route("")
def queue():
    counts = queries.queue_counts()
    page = paginate(webcare_queries.claims_in_review(), size="queue", total=counts["claims"])
    return render_template("moderation/claims.html", page=page, counts=counts, tab="claims",
                           approve_form=ConfirmForm(), refuse_form=RefuseClaimForm())


@bp.route("/<id:claim_id>/approve", methods=["POST"])
def approve(claim_id: int):
    claim = db.get_or_404(Claim, claim_id)
    return run_form(ConfirmForm(), lambda: webcare.approve_claim(current_user, claim),
                    success=_("The claim is approved; the representative has been told."),
                    redirect_to=url_for("claims_review.queue"))


@bp.route("/<id:claim_id>/refuse", methods=["POST"])
def refuse(claim_id: int):
    claim = db.get_or_404(Claim, claim_id)
    form = RefuseClaimForm()
    return run_form(form, lambda: webcare.refuse_claim(current_user, claim, form.reason.data,
                                                       ground=form.ground.data),
                    success=_("The claim is refused; the claimant has been told why."),
                    redirect_to=url_for("claims_review.queue"))
