"""Figures read from the database when Prometheus scrapes /metrics: the mail outbox's and the
webhooks' backlog and the age of their oldest waiting message, and when the scheduled commands
last succeeded.

They live in the database, not in a worker, so whichever worker is scraped reads the same
values; each is one small query along an index, cheap enough for a scrape every few seconds.
"""

from __future__ import annotations

import logging

from prometheus_client.core import GaugeMetricFamily
from sqlalchemy.exc import SQLAlchemyError

from complaints.clock import utcnow
from complaints.extensions import db
from complaints.notifications import jobs, outbox
from complaints.webhooks import delivery as webhooks

log = logging.getLogger(__name__)


class DatabaseGauges:
    """A collector for prometheus-client, run within the scrape's request."""

    def collect(self):
        try:
            queues = {"mail": outbox.backlog(), "webhooks": webhooks.backlog()}
            successes = jobs.last_successes()
        except SQLAlchemyError:
            # The request counts still go out (they matter most while the database is away);
            # /healthz and the absent series say the rest.
            db.session.rollback()
            log.warning("metrics: the database did not answer", exc_info=True)
            return
        now = utcnow()
        waiting = GaugeMetricFamily(
            "helpdeskhel_outbox_waiting_messages",
            "Messages not yet delivered (failed ones that will be retried included), by queue.",
            labels=["queue"])
        oldest = GaugeMetricFamily(
            "helpdeskhel_outbox_oldest_waiting_age_seconds",
            "Seconds since the oldest undelivered message was queued; 0 when none waits.",
            labels=["queue"])
        for queue, (count, first) in queues.items():
            waiting.add_metric([queue], count)
            oldest.add_metric([queue], max((now - first).total_seconds(), 0) if first else 0)
        last = GaugeMetricFamily(
            "helpdeskhel_job_last_success_timestamp_seconds",
            "When a scheduled command last ran to its end (Unix time); 0 if it never has.",
            labels=["job"])
        for job, at in successes.items():
            last.add_metric([job], at.timestamp() if at else 0)
        yield from (waiting, oldest, last)
