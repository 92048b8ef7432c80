"""The default sectors and categories of SPEC.md, with Dutch and English labels.

The initial migration inserts the same rows (migrations are frozen copies; a test checks they
agree). After that the lists are data: moderators can extend them.
"""

from __future__ import annotations

from sqlalchemy import select

from complaints.extensions import db

DEFAULT_SECTORS: list[tuple[str, str, str]] = [
    ("telecom", "Telecom en internet", "Telecom and internet"),
    ("energy", "Energie", "Energy"),
    ("finance", "Bank en verzekering", "Banking and insurance"),
    ("government", "Overheid", "Government"),
    ("travel", "Reizen en vervoer", "Travel and transport"),
    ("retail", "Winkels en webwinkels", "Retail and web shops"),
    ("electronics", "Elektronica", "Electronics"),
    ("health", "Zorg", "Health"),
    ("other", "Overig", "Other"),
]

DEFAULT_CATEGORIES: list[tuple[str, str, str]] = [
    ("reachability", "Bereikbaarheid", "Reachability"),
    ("billing", "Facturen en incasso", "Billing and direct debit"),
    ("delivery", "Levering en installatie", "Delivery and installation"),
    ("outage", "Defect of storing", "Faulty product or service outage"),
    ("contract", "Contract, overstappen en opzeggen", "Contract, switching and cancelling"),
    ("advice", "Verkeerd of onvolledig advies", "Wrong or incomplete advice"),
    ("privacy", "Privacy", "Privacy"),
    ("other", "Overig", "Other"),
]


def install_reference_data() -> None:
    """Insert any default sector or category that is missing (used by tests and seeding)."""
    from complaints.cases.models import Category
    from complaints.companies.models import Sector

    for model, rows in ((Sector, DEFAULT_SECTORS), (Category, DEFAULT_CATEGORIES)):
        existing = set(db.session.scalars(select(model.slug)))
        for position, (slug, label_nl, label_en) in enumerate(rows, start=1):
            if slug not in existing:
                db.session.add(
                    model(slug=slug, label_nl=label_nl, label_en=label_en, position=position)
                )
    db.session.commit()
