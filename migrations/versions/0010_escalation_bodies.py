"""The escalation bodies: the reference table of next steps, shipped filled

Inserts the Dutch bodies a consumer can take a complaint to (a frozen copy of
complaints.reference.DEFAULT_ESCALATION_BODIES; a test checks that they agree), linked to the
default sectors and categories by slug.

Revision ID: 0010_escalation_bodies
Revises: 0009_outcomes
Create Date: 2026-12-07 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_escalation_bodies'
down_revision = '0009_outcomes'
branch_labels = None
depends_on = None

# The places a consumer can take a complaint next (SPEC "Next steps"), in the order of this
# list within each kind. `sectors` and `categories` are slugs of the default ones; empty means
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


BODIES = [
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


bodies = sa.table(
    'escalation_bodies',
    sa.column('id', sa.Integer), sa.column('slug', sa.String), sa.column('name', sa.String),
    sa.column('kind', sa.String), sa.column('url', sa.String),
    sa.column('membership_required', sa.Boolean),
    sa.column('cost_nl', sa.Text), sa.column('cost_en', sa.Text),
    sa.column('time_limit_nl', sa.Text), sa.column('time_limit_en', sa.Text),
    sa.column('description_nl', sa.Text), sa.column('description_en', sa.Text),
    sa.column('position', sa.Integer), sa.column('active', sa.Boolean),
)
body_sectors = sa.table('escalation_body_sectors', sa.column('body_id', sa.Integer),
                        sa.column('sector_id', sa.Integer))
body_categories = sa.table('escalation_body_categories', sa.column('body_id', sa.Integer),
                           sa.column('category_id', sa.Integer))


def upgrade():
    connection = op.get_bind()
    sectors = dict(connection.execute(sa.text("SELECT slug, id FROM sectors")).all())
    categories = dict(connection.execute(sa.text("SELECT slug, id FROM categories")).all())
    taken = set(connection.execute(sa.text("SELECT slug FROM escalation_bodies")).scalars())
    for position, row in enumerate(BODIES, start=1):
        if row["slug"] in taken:
            continue
        values = {k: v for k, v in row.items() if k not in ("sectors", "categories")}
        connection.execute(bodies.insert().values(**values, position=position, active=True))
        body_id = connection.execute(sa.select(bodies.c.id).where(
            bodies.c.slug == row["slug"])).scalar_one()
        links = [{"body_id": body_id, "sector_id": sectors[slug]}
                 for slug in row["sectors"] if slug in sectors]
        if links:
            connection.execute(body_sectors.insert(), links)
        links = [{"body_id": body_id, "category_id": categories[slug]}
                 for slug in row["categories"] if slug in categories]
        if links:
            connection.execute(body_categories.insert(), links)


def downgrade():
    """Removes the shipped bodies; an escalation to one keeps the body's name."""
    connection = op.get_bind()
    slugs = [row["slug"] for row in BODIES]
    ids = sa.select(bodies.c.id).where(bodies.c.slug.in_(slugs)).scalar_subquery()
    escalations = sa.table('escalations', sa.column('body_id', sa.Integer),
                           sa.column('body_name', sa.String))
    connection.execute(escalations.update().where(escalations.c.body_id.in_(ids)).values(
        body_name=sa.select(bodies.c.name).where(bodies.c.id == escalations.c.body_id)
        .scalar_subquery(), body_id=None))
    memberships = sa.table('company_memberships', sa.column('body_id', sa.Integer))
    for table in (memberships, body_sectors, body_categories):
        connection.execute(table.delete().where(table.c.body_id.in_(ids)))
    connection.execute(bodies.delete().where(bodies.c.slug.in_(slugs)))
