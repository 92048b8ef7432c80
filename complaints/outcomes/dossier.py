"""The dossier: everything a disputes body asks for about one complaint, on one printable page
and as a PDF.

It gathers the complaint, its timeline, the contact ledger (with ticket numbers), the public
thread, the private messages, the promises with their outcome and the escalations, in one
query each (no lazy loading per row). Only the author and moderators may open it; a moderator
opening it reads the private messages, which leaves a (non-public) line in the moderation log,
as reading them on the complaint page does.

The PDF is drawn by WeasyPrint from the same content. WeasyPrint is told to fetch nothing from
the network: `LocalFiles` serves the files under our own `static/` folder and refuses every
other URL.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask import render_template, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from complaints import permissions
from complaints.accounts.models import User
from complaints.cases.models import Complaint, ComplaintEvent
from complaints.clock import today, utcnow
from complaints.evidence import services as evidence
from complaints.evidence import storage as evidence_storage
from complaints.evidence.models import Attachment
from complaints.extensions import db
from complaints.formats import lazy_gettext as _l
from complaints.moderation.log import record
from complaints.moderation.models import ModAction
from complaints.outcomes.models import Escalation, Promise
from complaints.outcomes.promises import PromiseState, euros
from complaints.outcomes.promises import state as promise_state
from complaints.threads.models import ContactEntry, PrivateMessage, Reply

# A promise as the dossier states it: kept or not (the author's answer), or still open.
PROMISE_STATE_LABELS = {
    PromiseState.KEPT: _l("Kept"),
    PromiseState.NOT_KEPT: _l("Not kept"),
    PromiseState.PENDING: _l("Not due yet"),
    PromiseState.WAITING: _l("Due; no answer yet"),
}


@dataclass(frozen=True)
class PromiseLine:
    promise: Promise
    made_at: datetime | None  # when the reply that carried it was posted
    amount: str | None  # "€ 40,00" for money promises
    state: PromiseState

    @property
    def state_label(self) -> str:
        return str(PROMISE_STATE_LABELS[self.state])


@dataclass(frozen=True)
class Dossier:
    complaint: Complaint
    events: list[ComplaintEvent]
    contacts: list[ContactEntry]
    replies: list[Reply]
    private_messages: list[PrivateMessage]
    promises: list[PromiseLine]
    escalations: list[Escalation]
    files: list[Attachment]  # of the complaint and of its private messages
    made_at: datetime
    page_url: str  # the complaint's own page on the site


def gather(user: User, complaint: Complaint) -> Dossier:
    """The dossier of `complaint` for `user` (the author or a moderator: check
    `permissions.can_view_dossier` first). A moderator who is not part of the conversation
    reads its private messages here, so the read is logged like any other."""
    events = list(db.session.scalars(
        select(ComplaintEvent).where(ComplaintEvent.complaint_id == complaint.id)
        .order_by(ComplaintEvent.id)))  # as they happened, like the complaint page
    contacts = list(db.session.scalars(
        select(ContactEntry).where(ContactEntry.complaint_id == complaint.id)
        .order_by(ContactEntry.contacted_on, ContactEntry.id)))
    replies = list(db.session.scalars(
        select(Reply).where(Reply.complaint_id == complaint.id)
        .order_by(Reply.created_at, Reply.id)))
    messages = list(db.session.scalars(
        select(PrivateMessage).where(PrivateMessage.complaint_id == complaint.id)
        .order_by(PrivateMessage.created_at, PrivateMessage.id)))
    promises = list(db.session.scalars(
        select(Promise).where(Promise.complaint_id == complaint.id)
        .order_by(Promise.due_on, Promise.id)))
    escalations = list(db.session.scalars(
        select(Escalation).where(Escalation.complaint_id == complaint.id)
        .options(selectinload(Escalation.body))
        .order_by(Escalation.escalated_on, Escalation.id)))

    posted = {reply.id: reply.created_at for reply in replies}
    on = today()
    lines = [PromiseLine(promise=promise, made_at=posted.get(promise.reply_id),
                         amount=euros(promise.amount_cents) if promise.is_money else None,
                         state=promise_state(promise, on))
             for promise in promises]
    if permissions.reads_private_as_moderator(user, complaint):
        record(ModAction.PRIVATE_READ, actor=user, complaint=complaint, public=False,
               private_note=f"dossier: {len(messages)} messages")
        db.session.commit()
    return Dossier(complaint=complaint, events=events, contacts=contacts, replies=replies,
                   private_messages=messages, promises=lines, escalations=escalations,
                   files=[file for file in evidence.all_of(complaint)
                          if permissions.can_view_attachment(user, file)],
                   made_at=utcnow(),
                   page_url=url_for("cases.show", complaint_id=complaint.id, _external=True))


# --- the PDF --------------------------------------------------------------------------------

def pdf_filename(complaint: Complaint) -> str:
    return f"helpdeskhel-dossier-{complaint.id}.pdf"


def render_pdf(dossier: Dossier, static_folder: str) -> bytes:
    """The dossier as an A4 PDF. Its stylesheet is `static/css/dossier-pdf.css`, read from
    disk, and its images are the copies of the evidence images (without metadata), read from
    the storage as `evidence:<id>`; nothing is fetched from the network."""
    from weasyprint import HTML  # imported here: loading Pango costs time the pages need not

    images = {}
    store = evidence_storage.current()
    for file in dossier.files:
        if file.copy_key:
            try:
                images[f"evidence:{file.id}"] = store.get(file.copy_key)
            except evidence_storage.Missing:
                continue
    html = render_template("outcomes/dossier_pdf.html", dossier=dossier,
                           evidence_src=lambda file: f"evidence:{file.id}")
    folder = Path(static_folder).resolve()
    return HTML(string=html, base_url=folder.as_uri() + "/",
                url_fetcher=_local_fetcher(folder, images)).write_pdf()


def _local_fetcher(folder: Path, images: dict[str, bytes]):
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalFiles(URLFetcher):
        """Serves the evidence images and files under `folder` (our static files), and
        refuses any other URL."""

        def fetch(self, url: str, headers=None) -> URLFetcherResponse:
            if url in images:
                return URLFetcherResponse(url, body=images[url],
                                          headers={"Content-Type": "image/webp"})
            if not url.startswith("file://"):
                raise ValueError(f"the dossier's PDF fetches nothing from elsewhere: {url}")
            path = Path(url.removeprefix("file://").split("?")[0].split("#")[0]).resolve()
            if not path.is_relative_to(folder) or not path.is_file():
                raise ValueError(f"not one of our static files: {url}")
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=path.read_bytes(),
                                      headers={"Content-Type": mime})

    return LocalFiles(allowed_protocols={"file"})
