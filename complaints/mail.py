"""Mail rendering and transport; services queue mail through complaints.notifications.outbox.

Messages are rendered from templates/mail/<name>.txt in the recipient's own language. With
MAIL_SERVER set, `transport` sends over SMTP; without it (development, tests) each message is
written to the log and, as an .eml file, to the MAIL_FOLDER (instance/mail/).
"""

from __future__ import annotations

import logging
import re
import smtplib
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale

log = logging.getLogger(__name__)

SMTP_TIMEOUT = 30


def render_message(template: str, locale: str, **context) -> tuple[str, str]:
    """Render a mail template; its first line is `Subject: …`, the rest is the body."""
    with force_locale(locale):
        text = render_template(f"mail/{template}.txt", **context)
    first, _, body = text.lstrip().partition("\n")
    subject = first.removeprefix("Subject:").strip()
    return subject, body.strip() + "\n"


def transport(message: EmailMessage) -> None:
    """Hand one message over: to the SMTP server when configured, else to the mail folder.

    Raises on failure (refused, unreachable, timed out); the outbox keeps the message and
    tries again later.
    """
    if current_app.config.get("MAIL_SERVER"):
        _send_smtp(message)
    else:
        _write_to_folder(message)


def _send_smtp(message: EmailMessage) -> None:
    config = current_app.config
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=SMTP_TIMEOUT) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)


def _write_to_folder(message: EmailMessage) -> None:
    folder = Path(current_app.config["MAIL_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    message_id = (message["Message-ID"] or "").strip("<>").partition("@")[0]
    name = re.sub(r"[^a-zA-Z0-9.@_-]", "_", f"{message_id}-{message['To']}")
    path = folder / f"{stamp}-{name}.eml"
    path.write_bytes(message.as_bytes())
    log.info("mail to %s: %s (%s)\n%s", message["To"], message["Subject"], path,
             message.get_content())
