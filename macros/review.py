"""What is due for review, relative to the build date: the 待复核 page (docs/about/review.md).

Pure module: no MkDocs import.
- A phrase block is due when its `reviewed` date is more than 12 months before the build date.
- A term is due when the value in force for the site's report year was last `checked` before the later of
  12 months before the build date and 1 January of the report year: once `report_year` is set for a new
  season, every current value is checked again that year (CONTRIBUTING.md, "Time-bound terms").
"""

from __future__ import annotations

import calendar
import datetime

from .library import Library, Phrase
from .terms import Term, Terms, TermValue

REVIEW_MONTHS = 12


def months_before(day: datetime.date, months: int = REVIEW_MONTHS) -> datetime.date:
    """The same day `months` months earlier (the month's last day where it has no such day)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return datetime.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def phrases_due(library: Library, today: datetime.date) -> list[Phrase]:
    """Blocks reviewed more than 12 months before `today`, the oldest first."""
    cutoff = months_before(today)
    return sorted((p for p in library.phrases.values() if p.reviewed < cutoff), key=lambda p: (p.reviewed, p.id))


def terms_cutoff(terms: Terms, today: datetime.date) -> datetime.date:
    """A current value checked before this day is due."""
    return max(months_before(today), datetime.date(terms.report_year, 1, 1))


def terms_due(terms: Terms, today: datetime.date) -> list[tuple[Term, TermValue]]:
    """Each term whose value for the report year was last checked before `terms_cutoff`."""
    cutoff = terms_cutoff(terms, today)
    current = terms.current
    return [(term, current[key]) for key, term in terms.terms.items() if current[key].checked < cutoff]
