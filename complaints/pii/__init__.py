"""Personal data in text that is about to become public: detection, requests for it, the guard.

- detection.py finds personal data and redacts it: pure text processing, no Flask;
- asking.py tells when a company's public reply asks the consumer to post personal data;
- guard.py is what services call before anything is stored as public text: it names what was
  found in the writer's language and refuses, or redacts with their consent.

Everything public is importable from here: `from complaints import pii; pii.guard_fields(...)`.
"""

from complaints.pii.asking import asks_for_personal_data
from complaints.pii.detection import (
    MARKER,
    Finding,
    Kind,
    find_personal_data,
    marker_spans,
    redact,
    redact_with_findings,
)
from complaints.pii.guard import (
    KIND_LABELS,
    Guarded,
    PersonalDataFound,
    count_by_kind,
    describe,
    guard_fields,
    merge_counts,
    scan_complaint,
)

__all__ = [
    "KIND_LABELS",
    "MARKER",
    "Finding",
    "Guarded",
    "Kind",
    "PersonalDataFound",
    "asks_for_personal_data",
    "count_by_kind",
    "describe",
    "find_personal_data",
    "guard_fields",
    "marker_spans",
    "merge_counts",
    "redact",
    "redact_with_findings",
    "scan_complaint",
]
