"""The default sectors, categories, rejection reasons and escalation bodies, in Dutch and English.

The migrations insert the same rows (migrations are frozen copies; a test checks they
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


# The places a consumer can take a complaint next (SPEC "Next steps"), in the order of this
# list within each kind. `sectors` and `categories` are slugs of the lists above; empty means
# every one. A body with `membership_required` is shown only for companies that declare on their
# profile that they are a member. The texts are general on purpose: where a branch's rules
# differ, they say so and point to them. Moderators keep the table up to date after this.
_GC_COST_NL = ("Je betaalt klachtengeld, meestal enkele tientallen euro's. Krijg je gelijk, "
               "dan betaalt het bedrijf het je terug. Het precieze bedrag staat in de regels "
               "van de commissie.")
_GC_COST_EN = ("You pay a complaint fee, usually a few tens of euros. If you are proved right, "
               "the company pays it back. The exact amount is in the committee's rules.")
_GC_TIME_NL = ("Eerst klaag je bij het bedrijf zelf. Daarna meestal binnen 12 maanden nadat je "
               "bij het bedrijf klaagde; kijk in de regels van de commissie.")
_GC_TIME_EN = ("First complain to the company itself. Then usually within 12 months of your "
               "complaint to the company; check the committee's rules.")


def _committee(slug: str, branch_nl: str, path: str, sectors: tuple[str, ...],
               about_nl: str, about_en: str) -> dict:
    return {
        "slug": slug, "name": f"De Geschillencommissie {branch_nl}", "kind": "disputes",
        "url": f"https://www.degeschillencommissie.nl/over-ons/commissies/{path}/",
        "membership_required": True, "sectors": sectors, "categories": (),
        "cost_nl": _GC_COST_NL, "cost_en": _GC_COST_EN,
        "time_limit_nl": _GC_TIME_NL, "time_limit_en": _GC_TIME_EN,
        "description_nl": about_nl + " Een onafhankelijke commissie doet een bindende "
                                     "uitspraak; alleen als het bedrijf bij haar is "
                                     "aangesloten.",
        "description_en": about_en + " An independent committee gives a binding decision; "
                                     "only when the company is a member.",
    }


DEFAULT_ESCALATION_BODIES: list[dict] = [
    _committee("gc-energie", "Energie", "energie", ("energy",),
               "Voor geschillen met je energieleverancier of netbeheerder over stroom, gas of "
               "warmte.",
               "For disputes with your energy supplier or grid operator about electricity, "
               "gas or heating."),
    _committee("gc-telecommunicatie", "Telecommunicatie", "telecommunicatie", ("telecom",),
               "Voor geschillen over je abonnement voor telefoon, internet of tv.",
               "For disputes about your phone, internet or TV subscription."),
    _committee("gc-reizen", "Reizen", "reizen", ("travel",),
               "Voor geschillen over een reis die je boekte bij een aangesloten reisorganisatie.",
               "For disputes about a trip you booked with a member travel company."),
    _committee("gc-openbaar-vervoer", "Openbaar Vervoer", "openbaar-vervoer", ("travel",),
               "Voor geschillen met een vervoerder over trein, bus, tram of metro.",
               "For disputes with a carrier about trains, buses, trams or the metro."),
    _committee("gc-thuiswinkel", "Thuiswinkel", "thuiswinkel", ("retail", "electronics"),
               "Voor geschillen over een aankoop bij een webwinkel met het Thuiswinkel "
               "Waarborg.",
               "For disputes about a purchase from a web shop with the Thuiswinkel Waarborg "
               "seal."),
    _committee("gc-zorg", "Zorg", "zorg", ("health",),
               "Voor geschillen met een zorgaanbieder, bijvoorbeeld over een behandeling of een "
               "rekening.",
               "For disputes with a care provider, for example about a treatment or a bill."),
    {
        "slug": "kifid", "name": "Kifid (Klachteninstituut Financiële Dienstverlening)",
        "kind": "disputes", "url": "https://www.kifid.nl/", "membership_required": False,
        "sectors": ("finance",), "categories": (),
        "cost_nl": "Voor consumenten gratis.",
        "cost_en": "Free for consumers.",
        "time_limit_nl": "Eerst klaag je bij het financiële bedrijf zelf. Daarna meestal binnen "
                         "een jaar nadat je daar klaagde, of binnen drie maanden na het "
                         "definitieve antwoord als het bedrijf je op die termijn wees; kijk in "
                         "de regels van Kifid.",
        "time_limit_en": "First complain to the financial firm itself. Then usually within a "
                         "year of that complaint, or within three months of its final answer "
                         "if the firm pointed you to that limit; check Kifid's rules.",
        "description_nl": "Voor klachten over een bank, verzekeraar, kredietverstrekker of "
                          "financieel adviseur. Financiële bedrijven moeten bij Kifid "
                          "aangesloten zijn.",
        "description_en": "For complaints about a bank, insurer, lender or financial adviser. "
                          "Financial firms must be affiliated with Kifid.",
    },
    {
        "slug": "nationale-ombudsman", "name": "De Nationale ombudsman", "kind": "ombudsman",
        "url": "https://www.nationaleombudsman.nl/", "membership_required": False,
        "sectors": ("government",), "categories": (),
        "cost_nl": "Gratis.",
        "cost_en": "Free.",
        "time_limit_nl": "Eerst klaag je bij de overheidsinstantie zelf. Daarna binnen een jaar "
                         "nadat die je klacht heeft afgehandeld.",
        "time_limit_en": "First complain to the government body itself. Then within a year of "
                         "its handling of your complaint.",
        "description_nl": "Voor klachten over hoe een overheidsinstantie je behandelde, zoals "
                          "de Belastingdienst, het UWV of je gemeente. Sommige gemeenten hebben "
                          "een eigen ombudsman.",
        "description_en": "For complaints about how a government body treated you, such as the "
                          "tax office, the UWV or your municipality. Some municipalities have "
                          "their own ombudsman.",
    },
    {
        "slug": "consuwijzer", "name": "ConsuWijzer (ACM)", "kind": "regulator",
        "url": "https://www.consuwijzer.nl/", "membership_required": False,
        "sectors": (), "categories": (),
        "cost_nl": "Gratis.",
        "cost_en": "Free.",
        "time_limit_nl": "Geen termijn; meld het liefst zo snel mogelijk.",
        "time_limit_en": "No time limit; report it as soon as you can.",
        "description_nl": "Het loket van de Autoriteit Consument & Markt: meld een oneerlijke "
                          "handelspraktijk en krijg advies en voorbeeldbrieven. De ACM lost je "
                          "eigen geschil niet op, maar gebruikt meldingen bij haar toezicht.",
        "description_en": "The desk of the Netherlands Authority for Consumers and Markets: "
                          "report an unfair practice and get advice and model letters. The ACM "
                          "does not settle your own dispute, but uses reports in its "
                          "supervision.",
    },
    {
        "slug": "autoriteit-persoonsgegevens", "name": "Autoriteit Persoonsgegevens",
        "kind": "privacy", "url": "https://www.autoriteitpersoonsgegevens.nl/",
        "membership_required": False, "sectors": (), "categories": ("privacy",),
        "cost_nl": "Gratis.",
        "cost_en": "Free.",
        "time_limit_nl": "Geen vaste termijn. Vraag eerst de organisatie zelf om inzage, "
                         "correctie of verwijdering, en klaag daarna niet te laat.",
        "time_limit_en": "No fixed time limit. First ask the organisation itself for access, "
                         "correction or deletion, and do not wait too long after that.",
        "description_nl": "Voor klachten over hoe een organisatie met je persoonsgegevens "
                          "omgaat.",
        "description_en": "For complaints about how an organisation handles your personal "
                          "data.",
    },
    {
        "slug": "juridisch-loket", "name": "Het Juridisch Loket", "kind": "advice",
        "url": "https://www.juridischloket.nl/", "membership_required": False,
        "sectors": (), "categories": (),
        "cost_nl": "Gratis.",
        "cost_en": "Free.",
        "time_limit_nl": "Geen; let wel op de termijnen van je eigen zaak.",
        "time_limit_en": "None; but mind the time limits of your own case.",
        "description_nl": "Gratis juridisch advies per telefoon, chat of op een vestiging: "
                          "wat je rechten zijn en welke route bij je zaak past.",
        "description_en": "Free legal advice by phone, chat or at an office: what your rights "
                          "are and which route fits your case.",
    },
    {
        "slug": "kantonrechter", "name": "De kantonrechter", "kind": "court",
        "url": "https://www.rechtspraak.nl/", "membership_required": False,
        "sectors": (), "categories": (),
        "cost_nl": "Je betaalt griffierecht; hoeveel hangt af van het bedrag dat je vordert. "
                   "Verlies je, dan kun je ook kosten van het bedrijf moeten betalen.",
        "cost_en": "You pay a court fee (griffierecht); how much depends on the amount you "
                   "claim. If you lose, you may also have to pay some of the company's costs.",
        "time_limit_nl": "Een vordering verjaart na een wettelijke termijn, vaak twee of vijf "
                         "jaar. Vraag bij twijfel advies aan het Juridisch Loket.",
        "time_limit_en": "A claim lapses after a time set by law, often two or five years. "
                         "When in doubt, ask Het Juridisch Loket.",
        "description_nl": "De laatste route: de rechter beslist. Voor vorderingen tot € 25.000 "
                          "heb je geen advocaat nodig.",
        "description_en": "The last route: a judge decides. For claims up to € 25,000 you do "
                          "not need a lawyer.",
    },
]


# The word list triage starts with (moderators extend it on /moderation/words): words that ask
# for a look (abusive) and accusations of a crime (possibly defamatory: a high risk). A "*" at
# the end matches any ending. Migration 0011 keeps a frozen copy; a test checks they agree.
DEFAULT_RISK_WORDS: list[tuple[str, str, str]] = [
    ("klootzak*", "nl", "abusive"),
    ("kutbedrijf*", "nl", "abusive"),
    ("kankerbedrijf*", "nl", "abusive"),
    ("tyfus*", "nl", "abusive"),
    ("tering*", "nl", "abusive"),
    ("idioten", "nl", "abusive"),
    ("debielen", "nl", "abusive"),
    ("mongolen", "nl", "abusive"),
    ("hoeren*", "nl", "abusive"),
    ("sukkels", "nl", "abusive"),
    ("fuck*", "en", "abusive"),
    ("asshole*", "en", "abusive"),
    ("bastards", "en", "abusive"),
    ("morons", "en", "abusive"),
    ("scumbag*", "en", "abusive"),
    ("oplichter*", "nl", "defamatory"),
    ("fraudeurs", "nl", "defamatory"),
    ("criminelen", "nl", "defamatory"),
    ("dieven*", "nl", "defamatory"),
    ("boeven*", "nl", "defamatory"),
    ("maffia*", "nl", "defamatory"),
    ("witwassers", "nl", "defamatory"),
    ("scammer*", "en", "defamatory"),
    ("fraudsters", "en", "defamatory"),
    ("crooks", "en", "defamatory"),
    ("thieves", "en", "defamatory"),
    ("criminals", "en", "defamatory"),
]


def install_reference_data() -> None:
    """Insert any default sector, category, rejection reason or escalation body that is
    missing."""
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
    db.session.flush()
    _install_escalation_bodies()
    _install_risk_words()
    db.session.commit()


def _install_risk_words() -> None:
    """The default word list, when the list is empty (a word a moderator took off stays off)."""
    from complaints.triage.models import RiskWord

    if db.session.scalar(select(RiskWord.id).limit(1)) is None:
        db.session.add_all(RiskWord(term=term, language=language, severity=severity)
                           for term, language, severity in DEFAULT_RISK_WORDS)


def _install_escalation_bodies() -> None:
    """The default escalation bodies missing by slug, with their sectors and categories."""
    from complaints.cases.models import Category
    from complaints.companies.models import Sector
    from complaints.outcomes.models import EscalationBody

    existing = set(db.session.scalars(select(EscalationBody.slug)))
    missing = [row for row in DEFAULT_ESCALATION_BODIES if row["slug"] not in existing]
    if not missing:
        return
    sectors = {s.slug: s for s in db.session.scalars(select(Sector))}
    categories = {c.slug: c for c in db.session.scalars(select(Category))}
    for position, row in enumerate(DEFAULT_ESCALATION_BODIES, start=1):
        if row in missing:
            values = {k: v for k, v in row.items() if k not in ("sectors", "categories")}
            db.session.add(EscalationBody(
                **values, position=position, active=True,
                sectors=[sectors[slug] for slug in row["sectors"] if slug in sectors],
                categories=[categories[slug] for slug in row["categories"]
                            if slug in categories]))
