"""Sign-up, sign-in, e-mail verification, password reset and the account page."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_login import current_user, login_required, login_user, logout_user

from complaints import rate_limits
from complaints.accounts import action_needed, privacy, services
from complaints.accounts.forms import (
    ChangePasswordForm,
    ConfirmForm,
    DeleteAccountForm,
    LoginForm,
    RegisterForm,
    ResetPasswordForm,
    ResetRequestForm,
)
from complaints.accounts.models import User
from complaints.cases import queries as case_queries
from complaints.clock import utcnow
from complaints.dueprocess import statements
from complaints.errors import DomainError
from complaints.formats import gettext as _
from complaints.forms_flow import run_form
from complaints.pagination import paginate
from complaints.urls import safe_next

bp = Blueprint("accounts", __name__)


@bp.app_template_global()
def action_needed_count() -> int:
    """How many things wait for the signed-in person (the header's "Actie nodig"); asked once
    per request, whatever the page and its partials ask."""
    if "action_needed_count" not in g:
        g.action_needed_count = action_needed.count_for(current_user)
    return g.action_needed_count


def _fresh_session() -> None:
    """Start a new session at sign-in and sign-out (no fixation), keeping the language."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


@bp.route("/auth/register", methods=["GET", "POST"])
@rate_limits.SIGN_UP
def register():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.account"))
    form = RegisterForm()

    def sign_up() -> None:
        user = services.register_user(form.email.data, form.display_name.data,
                                      form.password.data, locale=str(get_locale()))
        if user is not None:  # None: the address has an account already, which is mailed
            login_user(user)
        session["registered_email"] = form.email.data.strip()

    return run_form(form, sign_up, success=None, redirect_to=url_for("accounts.check_mail"),
                    render="accounts/register.html")


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
@rate_limits.SIGN_IN
def login():
    next_url = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url or url_for("accounts.account"))
    form = LoginForm()

    def sign_in() -> User:
        user = services.authenticate(form.email.data, form.password.data)
        lang = session.get("lang")
        # Work begun before signing in (a complaint draft: session keys "draft:…") is kept.
        begun = {key: value for key, value in session.items() if key.startswith("draft:")}
        _fresh_session()
        session.update(begun)
        login_user(user, remember=form.remember.data)
        if lang:  # a language chosen before signing in is kept on the account
            services.save_locale(user, lang)
        return user

    return run_form(form, sign_in,
                    success=lambda user: _("Welcome back, %(name)s.",
                                           name=user.display_name.rstrip(".")),
                    redirect_to=next_url or url_for("accounts.account"),
                    render="accounts/login.html", next_url=next_url)


@bp.route("/auth/logout", methods=["GET", "POST"])
def logout():
    if request.method == "GET" and not current_user.is_authenticated:
        return redirect(url_for("pages.home"))

    def sign_out() -> None:
        if current_user.is_authenticated:
            services.end_sessions(current_user)
        logout_user()
        _fresh_session()

    return run_form(ConfirmForm(), sign_out,
                    success=_("You are signed out, here and on your other devices."),
                    redirect_to=url_for("pages.home"), render="accounts/logout.html")


@bp.route("/auth/reset", methods=["GET", "POST"])
@rate_limits.PASSWORD_RESET
def reset_request():
    form = ResetRequestForm()
    return run_form(form, lambda: services.request_password_reset(form.email.data),
                    success=None, redirect_to=url_for("accounts.reset_sent"),
                    render="accounts/reset_request.html")


@bp.route("/auth/reset/sent")
def reset_sent():
    """The same page whether or not the address has an account: it tells nobody which do."""
    return render_template("accounts/reset_sent.html")


@bp.route("/auth/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    try:
        services.user_for_reset_token(token)
    except DomainError as error:
        return render_template("accounts/link_invalid.html", message=error.message), 400
    form = ResetPasswordForm()

    def new_password() -> None:
        user = services.reset_password(token, form.password.data)
        _fresh_session()
        login_user(user)

    return run_form(form, new_password,
                    success=_("Your password is changed and you are signed in."),
                    redirect_to=url_for("accounts.account"),
                    render="accounts/reset_password.html")


@bp.route("/account")
@login_required
def account():
    page = paginate(case_queries.authored_by(current_user.id))
    waiting = action_needed.items_for(current_user)
    g.action_needed_count = len(waiting)
    unread = {item.complaint_id: item for item in waiting
              if item.kind == action_needed.Kind.UNREAD_MESSAGES}
    return render_template("accounts/account.html", page=page, form=ConfirmForm(),
                           waiting=waiting, unread=unread, situation=action_needed.situation,
                           decisions=statements.for_user(current_user), now=utcnow())


@bp.route("/account/resend-verification", methods=["POST"])
@login_required
@rate_limits.VERIFICATION_MAIL
def resend_verification():
    return run_form(ConfirmForm(), lambda: services.resend_verification(current_user),
                    success=_("We sent a new verification link to %(email)s.",
                              email=current_user.email),
                    redirect_to=url_for("accounts.account"), category="info")


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()

    def change() -> None:
        services.change_password(current_user, form.current_password.data,
                                 form.new_password.data)
        login_user(current_user._get_current_object())  # the new session stamp

    return run_form(form, change,
                    success=_("Your password is changed. Other devices are signed out."),
                    redirect_to=url_for("accounts.account"),
                    render="accounts/change_password.html")


@bp.route("/account/export")
@login_required
@rate_limits.DATA_EXPORT
def export():
    """All my data as a zip: the JSON and the originals of my files."""
    filename = f"helpdeskhel-{utcnow():%Y-%m-%d}.zip"
    return Response(
        privacy.export_archive(current_user),
        mimetype="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{filename}"',
                 "Cache-Control": "no-store"},
    )


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
@rate_limits.ACCOUNT_DELETION
def delete_account():
    form = DeleteAccountForm()

    def delete() -> None:
        privacy.delete_account(current_user, form.password.data,
                               keep_complaints=form.keep_complaints.data == "keep")
        logout_user()
        _fresh_session()

    return run_form(form, delete,
                    success=_("Your account is deleted. Thank you for using Helpdeskhel."),
                    redirect_to=url_for("pages.home"), render="accounts/delete.html")
