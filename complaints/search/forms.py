"""The search form: words and filters, read from the query string (GET, so no CSRF)."""

from __future__ import annotations

from datetime import timedelta

from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import SelectField, StringField
from wtforms.validators import Length, Optional, ValidationError

from complaints.cases import queries as case_queries
from complaints.cases.forms import no_control_characters
from complaints.cases.workflow import PUBLIC_STATUSES, STATUS_LABELS, Status
from complaints.clock import today
from complaints.companies.models import Company, CompanyStatus
from complaints.companies.services import fold, get_by_slug, sectors
from complaints.extensions import db
from complaints.figures.services import WINDOWS
from complaints.formats import lazy_gettext as _l
from complaints.rankings.queries import WINDOW_LABELS
from complaints.search.engines import Filters
from complaints.search.parser import MAX_CHARS
from complaints.search.queries import SORTS

LONGEST_INPUT = 2000  # longer than this is not a search but an attack; refused with 400


class SearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Search for"), validators=[Optional(), Length(max=LONGEST_INPUT)],
                    description=_l("Words that must occur; \"quotes\" for exact words in a row, "
                                   "a minus sign before a word to leave it out."))
    company = StringField(_l("Company"), validators=[Optional(), Length(max=120)],
                          description=_l("Name of one company, or leave empty."))
    sector = SelectField(_l("Sector"), validators=[Optional()])
    category = SelectField(_l("Category"), validators=[Optional()])
    status = SelectField(_l("Status"), validators=[Optional()])
    window = SelectField(_l("Published"), validators=[Optional()])
    sort = SelectField(_l("Order"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.company_row: Company | None = None
        self.sector.choices = [("", _l("All sectors"))] + [(s.slug, s.label) for s in sectors()]
        self.category.choices = [("", _l("All categories"))] + [
            (c.slug, c.label) for c in case_queries.categories()]
        self.status.choices = [("", _l("All statuses"))] + [
            (s.value, STATUS_LABELS[s]) for s in Status if s in PUBLIC_STATUSES]
        self.window.choices = [("all", _l("Any time"))] + [
            (key, label) for key, label in WINDOW_LABELS.items() if key != "all"]
        self.sort.choices = [("relevance", _l("Best match")), ("newest", _l("Newest first"))]

    def validate_company(self, field) -> None:
        """A company slug (from a link) or a company name as typed; it must be listed."""
        typed = (field.data or "").strip()
        if not typed:
            return
        no_control_characters(self, field)  # a NUL would reach the database
        company = get_by_slug(typed)
        if company is None:
            company = db.session.scalar(select(Company).where(
                Company.name_key == fold(typed), Company.status == CompanyStatus.LISTED))
        if company is None or not company.is_listed:
            raise ValidationError(_l("We know no company by that name. Look it up in the "
                                     "company directory, or leave this field empty."))
        self.company_row = company

    @property
    def query_text(self) -> str:
        return (self.q.data or "")[:MAX_CHARS * 2]

    @property
    def sort_key(self) -> str:
        return self.sort.data if self.sort.data in SORTS else "relevance"

    def filters(self) -> Filters:
        sector = next((s for s in sectors() if s.slug == self.sector.data), None)
        category = case_queries.category_by_slug(self.category.data) if self.category.data \
            else None
        days = WINDOWS.get(self.window.data or "all")
        return Filters(
            company_id=self.company_row.id if self.company_row else None,
            sector_id=sector.id if sector else None,
            category_id=category.id if category else None,
            status=self.status.data or None,
            since=today() - timedelta(days=days - 1) if days else None,
        )

    @property
    def active_filters(self) -> bool:
        return any((self.company.data, self.sector.data, self.category.data, self.status.data,
                    self.window.data not in (None, "", "all")))
