"""Evidence: checking uploaded files, keeping them, showing an image publicly, forgetting them.

Files are checked completely before anything is kept (`read_uploads`): a form with one bad
file keeps none of them. Inside `with keeping() as files:`, `files.keep` writes the originals
and copies to the storage and adds their rows to the caller's transaction; when the block
fails before its commit, the session is rolled back and the files written are deleted again,
so neither a row without its file nor a file without its row is left. Files whose rows are
deleted (a file removed, an account deleted) are discarded after the commit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import FileStorage

from complaints import permissions, pii
from complaints.accounts.models import User
from complaints.cases.models import Complaint
from complaints.clock import utcnow
from complaints.errors import AlreadyHandled, DomainError, NotAllowed
from complaints.evidence import ocr, storage
from complaints.evidence.files import CONTENT_TYPES, MAX_BYTES, Examined, Refusal, examine
from complaints.evidence.models import ALT_TEXT_MAX, Attachment, Publication, TextCheck
from complaints.extensions import db
from complaints.formats import gettext as _
from complaints.moderation.log import record
from complaints.moderation.models import ModAction
from complaints.threads.models import PrivateMessage

MAX_FILES = 5  # per complaint, and per private message
# The request size the forms that take files accept: their files and the rest of the form.
UPLOAD_REQUEST_MAX = MAX_FILES * MAX_BYTES + 2 * 1024 * 1024
REFUSAL_REASON_MAX = 500
# What the guard found in an image, named on its page (`text_findings` keeps the kind's value).
FINDING_LABELS = {str(kind): label for kind, label in pii.KIND_LABELS.items()}


@dataclass(frozen=True)
class Upload:
    """A checked file, ready to be kept."""

    name: str  # as the person's device called it, for messages only (never stored)
    data: bytes
    examined: Examined


def _shown_name(filename: str | None) -> str:
    name = re.sub(r"[\x00-\x1f\x7f]", "", (filename or "").replace("\\", "/").rsplit("/")[-1])
    return name[:60] + ("…" if len(name) > 60 else "") or _("the file")


def _refusal(reason: str, name: str) -> str:
    if reason == "size":
        return _("“%(name)s” is larger than %(mb)d MB.", name=name, mb=MAX_BYTES // 2**20)
    if reason == "empty":
        return _("“%(name)s” is empty.", name=name)
    return _("“%(name)s” is not a JPEG, PNG, WebP or PDF file (we read the file itself, not "
             "its name).", name=name)


def _check_count(already: int, adding: int, field: str = "attachments") -> None:
    if already + adding <= MAX_FILES:
        return
    if already:
        raise DomainError(_("At most %(max)d files per complaint: you can add %(left)d more.",
                            max=MAX_FILES, left=max(MAX_FILES - already, 0)), field)
    raise DomainError(_("At most %(max)d files at once.", max=MAX_FILES), field)


def chosen_files(files: Iterable[FileStorage | None]) -> list[FileStorage]:
    """The files a file field really carries (an empty field sends one part without a name)."""
    return [file for file in files if isinstance(file, FileStorage) and file.filename]


def read_uploads(files: Iterable[FileStorage | None], *, already: int = 0,
                 field: str = "attachments") -> list[Upload]:
    """Read and check every chosen file; `DomainError` on `field` naming each one refused, or
    when there would be more than MAX_FILES (`already` counts the ones kept before)."""
    chosen = chosen_files(files)
    _check_count(already, len(chosen), field)
    uploads, refused = [], []
    for file in chosen:
        name = _shown_name(file.filename)
        data = file.stream.read(MAX_BYTES + 1)
        try:
            uploads.append(Upload(name, data, examine(data)))
        except Refusal as refusal:
            refused.append(_refusal(refusal.reason, name))
    if refused:
        error = DomainError(refused[0], field)
        error.errors = [(field, message) for message in refused]
        raise error
    return uploads


class Keeping:
    """The files written for one transaction, so they can be deleted if it does not commit."""

    def __init__(self) -> None:
        self.keys: list[str] = []

    def keep(self, uploads: list[Upload], *, complaint: Complaint, uploader: User,
             message: PrivateMessage | None = None) -> list[Attachment]:
        """Write the files to the storage and add their rows to the session."""
        store = storage.current()
        attachments = []
        for upload in uploads:
            examined = upload.examined
            original = store.put(upload.data, CONTENT_TYPES[examined.kind])
            self.keys.append(original)
            copy = None
            if examined.copy is not None:
                copy = store.put(examined.copy, "image/webp")
                self.keys.append(copy)
            attachment = Attachment(
                complaint=complaint, message=message, uploader_id=uploader.id,
                kind=examined.kind, size=len(upload.data), width=examined.width,
                height=examined.height, original_key=original, copy_key=copy,
                publication=Publication.PRIVATE)
            db.session.add(attachment)
            attachments.append(attachment)
        return attachments


@contextmanager
def keeping() -> Iterator[Keeping]:
    """Around writing files and the commit of their rows: if anything in the block fails, the
    session is rolled back and the files already written are deleted again."""
    batch = Keeping()
    try:
        yield batch
    except BaseException:
        db.session.rollback()
        discard(batch.keys)
        raise


def discard(keys: Iterable[str]) -> None:
    """Delete files from the storage; one that cannot be deleted is logged, not raised (its
    row is gone, so nothing serves it)."""
    store = storage.current()
    for key in keys:
        try:
            store.delete(key)
        except Exception:  # a file left over must not undo what was decided
            current_app.logger.warning("evidence file %s not deleted", key, exc_info=True)


def count_for(complaint: Complaint) -> int:
    """The files of the complaint itself (not those of its private messages)."""
    return db.session.scalar(select(func.count()).select_from(Attachment).where(
        Attachment.complaint_id == complaint.id, Attachment.message_id.is_(None))) or 0


def add_to_complaint(user: User, complaint: Complaint, files: Iterable[FileStorage | None]
                     ) -> list[Attachment]:
    """The author adds files to their complaint after sending it."""
    if not permissions.can_add_attachments(user, complaint):
        raise NotAllowed(_("You cannot add files to this complaint."))
    uploads = read_uploads(files, already=count_for(complaint))
    if not uploads:
        raise DomainError(_("Choose one or more files."), "attachments")
    with keeping() as kept:
        # Counted again under a lock of the complaint's row (PostgreSQL), so two uploads at
        # once cannot pass the limit together.
        db.session.execute(select(Complaint.id).where(Complaint.id == complaint.id)
                           .with_for_update())
        _check_count(count_for(complaint), len(uploads))
        attachments = kept.keep(uploads, complaint=complaint, uploader=user)
        db.session.commit()
    return attachments


def remove(user: User, attachment: Attachment) -> None:
    """Its uploader deletes a file: the row and both files go."""
    if not permissions.can_remove_attachment(user, attachment):
        raise NotAllowed(_("You cannot remove this file."))
    keys = attachment.stored_keys()
    db.session.delete(attachment)
    db.session.commit()
    discard(keys)


# --- lists for the pages ------------------------------------------------------------------------

def all_of(complaint: Complaint) -> list[Attachment]:
    """Every file of the complaint and of its private messages, oldest first (one query for
    the page, which shows each to whom it is for)."""
    return list(db.session.scalars(select(Attachment).where(
        Attachment.complaint_id == complaint.id).order_by(Attachment.id)))


def by_message(attachments: Iterable[Attachment]) -> dict[int, list[Attachment]]:
    """The files of private messages, by message id."""
    grouped: dict[int, list[Attachment]] = {}
    for attachment in attachments:
        if attachment.message_id is not None:
            grouped.setdefault(attachment.message_id, []).append(attachment)
    return grouped


def of_uploader(user: User) -> list[Attachment]:
    return list(db.session.scalars(select(Attachment).where(Attachment.uploader_id == user.id)
                                   .order_by(Attachment.id)))


def file_for(user: User | None, attachment: Attachment) -> tuple[bytes, str]:
    """The bytes this person gets of the file, and their type: the uploader their original,
    everyone else the re-encoded copy of an image (a PDF has only its original)."""
    store = storage.current()
    if attachment.copy_key and not permissions.sees_original(user, attachment):
        found = store.get(attachment.copy_key), "image/webp"
    else:
        found = store.get(attachment.original_key), attachment.content_type
    if attachment.message_id is not None and \
            permissions.reads_private_as_moderator(user, attachment.complaint):
        # A file of a private conversation is part of it: its reading is logged like theirs.
        record(ModAction.PRIVATE_READ, actor=user, complaint=attachment.complaint,
               public=False, private_note=f"file {attachment.id}")
        db.session.commit()
    return found


# --- showing an image publicly -----------------------------------------------------------------

def request_publication(user: User, attachment: Attachment, alt_text: str) -> Attachment:
    """The author asks to show an image on the public page, with a description for people who
    cannot see it. Its text is read (OCR) and passed through the personal-data guard first:
    with findings it cannot be public, and the author is told what was found."""
    if not permissions.can_request_publication(user, attachment):
        raise NotAllowed(_("You cannot ask to show this file publicly."))
    alt_text = " ".join((alt_text or "").split())
    if not alt_text:
        raise DomainError(_("Describe what the image shows, for people who cannot see it."),
                          "alt_text")
    if len(alt_text) > ALT_TEXT_MAX:
        raise DomainError(_("At most %(max)d characters.", max=ALT_TEXT_MAX), "alt_text")
    company = attachment.complaint.company
    domains = tuple(domain.domain for domain in company.domains)
    found_in_alt = pii.find_personal_data(alt_text, domains, company.office_address)
    if found_in_alt:
        raise DomainError(_("The description contains: %(items)s. Leave personal data out.",
                            items=pii.describe(found_in_alt)), "alt_text")
    try:
        image = storage.current().get(attachment.copy_key)
    except storage.Missing:
        raise DomainError(_("This file is no longer there; add it again.")) from None
    try:
        text = ocr.read_text(image)
    except ocr.Unreadable:
        current_app.logger.warning("OCR failed on attachment %s", attachment.id, exc_info=True)
        text = None
    findings = pii.find_personal_data(text, domains, company.office_address) if text else []
    attachment.alt_text = alt_text
    attachment.requested_at = utcnow()
    attachment.decided_at = attachment.decided_by_id = attachment.refusal_reason = None
    attachment.text_check = (TextCheck.UNREAD if text is None else
                             TextCheck.FINDINGS if findings else TextCheck.CLEAN)
    attachment.text_findings = [{"kind": str(f.kind), "text": f.text}
                                for f in findings] or None
    # With findings it stays private; what was found is kept for the author and moderators.
    attachment.publication = Publication.PRIVATE if findings else Publication.REQUESTED
    db.session.commit()
    if findings:
        raise ImageHoldsPersonalData(findings)
    return attachment


class ImageHoldsPersonalData(DomainError):
    """OCR read personal data in the image: it stays private. Nothing else was changed than
    the record of what was found, which the moderators see too."""

    def __init__(self, findings: list[pii.Finding]):
        super().__init__(_("The image shows personal data (%(items)s), so it cannot be shown "
                           "publicly. It stays visible to the company and the moderators.",
                           items=pii.describe(findings)))


def make_private(user: User, attachment: Attachment) -> None:
    """The author takes back the request, or stops showing a public image."""
    if not permissions.can_make_private(user, attachment):
        raise NotAllowed(_("This file is not shown publicly."))
    attachment.publication = Publication.PRIVATE
    attachment.requested_at = None
    db.session.commit()


def waiting_images() -> list[Attachment]:
    """The moderators' queue, with each image's complaint (and its company) in one more
    query, not one per image."""
    return list(db.session.scalars(select(Attachment).where(
        Attachment.publication == Publication.REQUESTED)
        .options(selectinload(Attachment.complaint))
        .order_by(Attachment.requested_at, Attachment.id)))


def _check_moderator(moderator: User) -> None:
    if not permissions.can_moderate(moderator):
        raise NotAllowed(_("Only moderators decide which images are shown."))


def _decide(moderator: User, attachment: Attachment, publication: Publication,
            **values) -> None:
    """Move a waiting image to `publication`, only if it still waits: the author may have
    taken the request back, or another moderator decided, since the page was shown."""
    result = db.session.execute(
        update(Attachment).where(Attachment.id == attachment.id,
                                 Attachment.publication == Publication.REQUESTED)
        .values(publication=publication, decided_at=utcnow(), decided_by_id=moderator.id,
                **values),
        execution_options={"synchronize_session": False})
    if result.rowcount != 1:
        db.session.rollback()
        raise AlreadyHandled(_("Someone else handled this image first, or its author took "
                               "the request back."))


def approve(moderator: User, attachment: Attachment) -> None:
    """A moderator shows the image on the public page."""
    _check_moderator(moderator)
    if attachment.text_check == TextCheck.FINDINGS:
        raise DomainError(_("The text in this image holds personal data: it cannot be shown."))
    _decide(moderator, attachment, Publication.PUBLIC)
    record(ModAction.IMAGE_APPROVE, actor=moderator, complaint=attachment.complaint,
           public=False, private_note=f"attachment {attachment.id}")
    db.session.commit()


def refuse(moderator: User, attachment: Attachment, reason: str) -> None:
    """A moderator keeps the image private, saying why (the author reads it)."""
    _check_moderator(moderator)
    reason = (reason or "").strip()[:REFUSAL_REASON_MAX]
    if not reason:
        raise DomainError(_("Say why, for the author."), "reason")
    _decide(moderator, attachment, Publication.REFUSED, refusal_reason=reason)
    record(ModAction.IMAGE_REFUSE, actor=moderator, complaint=attachment.complaint,
           public=False, private_note=f"attachment {attachment.id}: {reason}")
    db.session.commit()


# --- a person's files: export and deletion -------------------------------------------------------

def forget_uploader(user: User) -> list[str]:
    """Delete the rows of everything `user` uploaded, in the caller's transaction; the keys
    of their files are returned, to be discarded once that commits."""
    keys = []
    for attachment in of_uploader(user):
        keys += attachment.stored_keys()
        db.session.delete(attachment)
    return keys


# --- the storage and the rows agree -------------------------------------------------------------

@dataclass(frozen=True)
class Survey:
    """What `survey` found: files no row names (left by a process that died between writing a
    file and committing its row) and rows whose file is gone."""

    files: int
    orphans: list[str]  # keys older than the grace period, with no row
    missing: list[int]  # attachment ids whose original or copy is not in the storage


def survey(grace: timedelta = timedelta(hours=24)) -> Survey:
    """Compare the storage with the attachments table. A file younger than `grace` is never
    an orphan: its upload may still be committing."""
    named: dict[str, int] = {}
    for attachment_id, original, copy in db.session.execute(
            select(Attachment.id, Attachment.original_key, Attachment.copy_key)):
        named[original] = attachment_id
        if copy:
            named[copy] = attachment_id
    cutoff = utcnow() - grace
    seen, orphans = set(), []
    for key, written in storage.current().stored():
        seen.add(key)
        if key not in named and written < cutoff:
            orphans.append(key)
    missing = sorted({attachment_id for key, attachment_id in named.items()
                      if key not in seen})
    return Survey(files=len(seen), orphans=sorted(orphans), missing=missing)
