"""The default sectors, categories and rejection reasons, with Dutch and English labels.

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

# Why a moderator did not publish a complaint; the author reads the label in their language.
DEFAULT_REJECTION_REASONS: list[tuple[str, str, str]] = [
    ("not_helpdesk", "Het gaat niet over een ervaring met de klantenservice van een bedrijf",
     "It is not about an experience with a company's customer service"),
    ("personal_data", "Het bevat persoonsgegevens die we niet kunnen weghalen zonder dat het "
     "verhaal verloren gaat",
     "It contains personal data that we cannot remove without losing the story"),
    ("abusive", "Het is beledigend, of beschuldigt personen bij naam",
     "It is abusive, or accuses named people"),
    ("spam", "Het is spam of reclame", "It is spam or advertising"),
    ("duplicate", "Het herhaalt een klacht die je al hebt ingediend",
     "It repeats a complaint you already submitted"),
    ("unclear", "Het is te onduidelijk wat er is gebeurd", "It is too unclear what happened"),
    ("other", "Een andere reden, hieronder toegelicht", "Another reason, explained below"),
]


def install_reference_data() -> None:
    """Insert any default sector, category or rejection reason that is missing."""
    from complaints.cases.models import Category
    from complaints.companies.models import Sector
    from complaints.moderation.models import RejectionReason

    for model, rows in ((Sector, DEFAULT_SECTORS), (Category, DEFAULT_CATEGORIES),
                        (RejectionReason, DEFAULT_REJECTION_REASONS)):
        existing = set(db.session.scalars(select(model.slug)))
        for position, (slug, label_nl, label_en) in enumerate(rows, start=1):
            if slug not in existing:
                db.session.add(
                    model(slug=slug, label_nl=label_nl, label_en=label_en, position=position)
                )
    db.session.commit()
