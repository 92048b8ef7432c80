"""The four events as the services raise them, and what each body's `data` holds.

Each function is called by the service that makes the change, before its commit, and queues
a delivery for every endpoint of the company that chose the event (nothing, and no work,
when none did). The data is what the company's representatives see on the site and through
the API, in the API's own shapes (`api.schemas`): the published story, a public reply, the
author's public answer, the company's own promise; never the author's name or e-mail.
"""

from __future__ import annotations

from flask import url_for

from complaints.api.schemas import ComplaintSchema, ReplySchema
from complaints.cases.models import Complaint
from complaints.outcomes.models import Promise
from complaints.threads.models import Reply
from complaints.webhooks.models import Event
from complaints.webhooks.services import queue_event, subscribers

_COMPLAINT = ComplaintSchema()
_REPLY = ReplySchema()


def _complaint_ref(complaint: Complaint) -> dict:
    return {"id": complaint.id, "title": complaint.title, "status": str(complaint.status),
            "url": url_for("cases.show", complaint_id=complaint.id, _external=True)}


def complaint_published(complaint: Complaint) -> None:
    """A complaint about the company was published (moderation.approve_complaint)."""
    endpoints = subscribers(complaint.company_id, Event.NEW_COMPLAINT)
    if endpoints:
        queue_event(complaint.company_id, Event.NEW_COMPLAINT,
                    {"complaint": _COMPLAINT.dump(complaint)},
                    dedupe_key=f"complaint:{complaint.id}", endpoints=endpoints)


def consumer_replied(complaint: Complaint, reply: Reply) -> None:
    """The author posted a public reply (threads.post_reply); `reply` is flushed."""
    endpoints = subscribers(complaint.company_id, Event.CONSUMER_REPLY)
    if endpoints:
        data = _REPLY.dump(reply)
        data["url"] = url_for("cases.show", complaint_id=complaint.id,
                              _anchor=f"reply-{reply.id}", _external=True)
        queue_event(complaint.company_id, Event.CONSUMER_REPLY,
                    {"complaint": _complaint_ref(complaint), "reply": data},
                    dedupe_key=f"reply:{reply.id}", endpoints=endpoints)


def resolution_answered(complaint: Complaint, *, solved: bool) -> None:
    """The author answered "is it solved?" (threads.answer_resolution_question). With yes,
    the rating and closing word the complaint page shows come along."""
    endpoints = subscribers(complaint.company_id, Event.RESOLUTION_ANSWER)
    if endpoints:
        answer: dict = {"solved": solved}
        if solved:
            answer.update(rating=complaint.rating, closing_note=complaint.closing_note)
        queue_event(complaint.company_id, Event.RESOLUTION_ANSWER,
                    {"complaint": _complaint_ref(complaint), "answer": answer},
                    endpoints=endpoints)


def promise_due(promise: Promise) -> None:
    """A promise in a company reply fell due (outcomes.promises.ask_due_promises): the author
    is asked whether it was kept, and the company is told it is due."""
    endpoints = subscribers(promise.company_id, Event.PROMISE_DUE)
    if endpoints:
        complaint = promise.complaint
        data = {"id": promise.id, "kind": promise.kind, "due": promise.due_on.isoformat(),
                "amount": (f"{promise.amount_cents // 100}.{promise.amount_cents % 100:02d}"
                           if promise.amount_cents is not None else None),
                "reply_id": promise.reply_id,
                "url": url_for("cases.show", complaint_id=complaint.id,
                               _anchor=f"reply-{promise.reply_id}", _external=True)}
        queue_event(promise.company_id, Event.PROMISE_DUE,
                    {"complaint": _complaint_ref(complaint), "promise": data},
                    dedupe_key=f"promise:{promise.id}", endpoints=endpoints)
