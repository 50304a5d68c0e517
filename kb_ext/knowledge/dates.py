"""Dates as the knowledge base writes them: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""

from __future__ import annotations

import datetime
import re

# ASCII digits only: dates are compared as text, and "２０２０" (full-width)
# would sort after every ASCII date.
DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def parse_date(text: str) -> str | None:
    """``text`` if it is a real date at one of the three precisions, else None
    (no year 0000, month 00 or day 00)."""
    match = DATE.fullmatch(text.strip())
    if not match:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        datetime.date(year or 0, 1 if month is None else month, 1 if day is None else day)
    except ValueError:
        return None
    return match.group(0)


def date_value(published: str) -> float | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as a fractional year (mid-period)."""
    match = DATE.match(published or "")
    if not match:
        return None
    year, month, day = match.group(1), match.group(2), match.group(3)
    if not month:
        return int(year) + 0.5
    days = (int(day) - 0.5) / 31 if day else 0.5
    return round(int(year) + (int(month) - 1 + days) / 12, 4)
