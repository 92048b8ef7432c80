"""Sign-up, sign-in, e-mail verification, password reset and the account page."""

from __future__ import annotations

import json

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from complaints.accounts import privacy, services
from complaints.accounts.forms import (
    ChangePasswordForm,
    ConfirmForm,
    DeleteAccountForm,
    LoginForm,
    RegisterForm,
    ResetPasswordForm,
    ResetRequestForm,
)
from complaints.cases import queries as case_queries
from complaints.clock import utcnow
from complaints.errors import DomainError, populate_errors
from complaints.extensions import limiter
from complaints.pagination import paginate
from complaints.urls import safe_next

bp = Blueprint("accounts", __name__)


def _post_only() -> bool:
    """Rate limits count attempts (POST), not visits to the form."""
    return request.method != "POST"


def _fresh_session() -> None:
    """Start a new session at sign-in and sign-out (no fixation), keeping the language."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


@bp.route("/auth/register", methods=["GET", "POST"])
@limiter.limit("10 per hour", exempt_when=_post_only)
def register():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.account"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = services.register_user(form.email.data, form.display_name.data,
                                          form.password.data, locale=str(get_locale()))
        except DomainError as error:
            populate_errors(form, error)
        else:
            if user is not None:
                login_user(user)
            session["registered_email"] = form.email.data.strip()
            return redirect(url_for("accounts.check_mail"))
    return render_template("accounts/register.html", form=form), 422 if form.errors else 200


@bp.route("/auth/check-mail")
def check_mail():
    return render_template("accounts/check_mail.html", email=session.get("registered_email"))


@bp.route("/auth/verify/<token>")
def verify_email(token: str):
    try:
        user = services.verify_email(token)
    except DomainError as error:
        return render_template("accounts/link_invalid.html", message=error.message), 400
    flash(_("Thank you, your e-mail address is verified. You can now submit complaints."),
          "success")
    if current_user.is_authenticated and current_user.id == user.id:
        return redirect(url_for("cases.new"))
    return redirect(url_for("accounts.login", next=url_for("cases.new")))


@bp.route("/auth/login", methods=["GET", "POST"])
@limiter.limit("10 per minute;50 per hour", exempt_when=_post_only)
def login():
    next_url = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url or url_for("accounts.account"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data)
        except DomainError as error:
            populate_errors(form, error)
        else:
            _fresh_session()
            login_user(user, remember=form.remember.data)
            if session.get("lang"):  # a language chosen before signing in is kept on the account
                services.save_locale(user, session["lang"])
            flash(_("Welcome back, %(name)s.", name=user.display_name), "success")
            return redirect(next_url or url_for("accounts.account"))
    status = 422 if form.errors else 200
    return render_template("accounts/login.html", form=form, next_url=next_url), status


@bp.route("/auth/logout", methods=["GET", "POST"])
def logout():
    form = ConfirmForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        if current_user.is_authenticated:
            services.end_sessions(current_user)
        logout_user()
        _fresh_session()
        flash(_("You are signed out, here and on your other devices."), "success")
        return redirect(url_for("pages.home"))
    if not current_user.is_authenticated:
        return redirect(url_for("pages.home"))
    return render_template("accounts/logout.html", form=form)


@bp.route("/auth/reset", methods=["GET", "POST"])
@limiter.limit("5 per minute;20 per hour", exempt_when=_post_only)
def reset_request():
    form = ResetRequestForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        return render_template("accounts/reset_sent.html")
    return render_template("accounts/reset_request.html", form=form), 422 if form.errors else 200


@bp.route("/auth/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    try:
        services.user_for_reset_token(token)
    except DomainError as error:
        return render_template("accounts/link_invalid.html", message=error.message), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            user = services.reset_password(token, form.password.data)
        except DomainError as error:
            populate_errors(form, error)
        else:
            _fresh_session()
            login_user(user)
            flash(_("Your password is changed and you are signed in."), "success")
            return redirect(url_for("accounts.account"))
    return render_template("accounts/reset_password.html", form=form), 422 if form.errors else 200


@bp.route("/account")
@login_required
def account():
    page = paginate(case_queries.authored_by(current_user.id), per_page=20)
    return render_template("accounts/account.html", page=page, form=ConfirmForm())


@bp.route("/account/resend-verification", methods=["POST"])
@login_required
@limiter.limit("5 per hour")
def resend_verification():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.resend_verification(current_user)
    except DomainError as error:
        flash(error.message, "info")
    else:
        flash(_("We sent a new verification link to %(email)s.", email=current_user.email),
              "success")
    return redirect(url_for("accounts.account"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data,
                                     form.new_password.data)
        except DomainError as error:
            populate_errors(form, error)
        else:
            login_user(current_user._get_current_object())  # the new session stamp
            flash(_("Your password is changed. Other devices are signed out."), "success")
            return redirect(url_for("accounts.account"))
    status = 422 if form.errors else 200
    return render_template("accounts/change_password.html", form=form), status


@bp.route("/account/export")
@login_required
@limiter.limit("10 per hour")
def export():
    """All my data as a JSON download."""
    data = privacy.export_data(current_user)
    filename = f"helpdeskhel-{utcnow():%Y-%m-%d}.json"
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{filename}"',
                 "Cache-Control": "no-store"},
    )


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per hour", exempt_when=_post_only)
def delete_account():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            privacy.delete_account(current_user, form.password.data,
                                   keep_complaints=form.keep_complaints.data == "keep")
        except DomainError as error:
            populate_errors(form, error)
        else:
            logout_user()
            _fresh_session()
            flash(_("Your account is deleted. Thank you for using Helpdeskhel."), "success")
            return redirect(url_for("pages.home"), 303)
    status = 422 if form.errors or form.form_errors else 200
    return render_template("accounts/delete.html", form=form), status
