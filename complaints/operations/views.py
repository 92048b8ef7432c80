"""/metrics for the operators' Prometheus, from the addresses METRICS_ALLOWED names only."""

from __future__ import annotations

from flask import Blueprint, abort, request

from complaints import metrics
from complaints.extensions import limiter
from complaints.operations.gauges import DatabaseGauges
from complaints.permissions import can_read_metrics

bp = Blueprint("operations", __name__)


@bp.route("/metrics")
@limiter.exempt  # Prometheus scrapes every few seconds; no limit added later may stop it
@metrics.unmeasured
def metrics_page():
    # 404, not 403: from anywhere else the page does not exist.
    if not can_read_metrics(request.remote_addr):
        abort(404)
    body, content_type = metrics.exposition(DatabaseGauges())
    return body, 200, {"Content-Type": content_type, "Cache-Control": "no-store"}
