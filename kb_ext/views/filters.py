"""Views narrowed to a question: the filter options of ``kb:index``,
``kb:matrix``, ``kb:network``, ``kb:timeline`` and ``kb:agreement``.

A filter is kept in the placeholder's argument (``source?theme=elections``),
so two pages asking the same question share one collected view. Collecting a
filtered view computes which sources, claims, positions, actors, events and
themes match (:func:`select`), then runs the view's own ``collect`` over a
context that shows only those (:mod:`.selection`); :mod:`.filtered` wraps
the four views so. The selection reads the domain and the evidence through the tracked wrappers,
so an edit that makes a source match, or stop matching, collects the view
again like any other read. What each option means is documented in
docs/guide/authoring.md ("Filtered views").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, urlencode

from ..diagnostics import warn
from ..knowledge.dates import parse_date
from ..knowledge.records import CLAIM_STATUSES, STANCES
from ..sources.sidecar import language_code

#: option -> the object type its values name (checked once all documents are read)
ID_OPTIONS = {"theme": "theme", "actor": "actor", "event": "event"}
#: options whose values are free text compared with the sidecar's field
TEXT_OPTIONS = ("outlet", "kind", "language")
#: options with a closed set of values (checked when the directive is read)
CHOICE_OPTIONS: dict[str, tuple[str, ...]] = {"stance": tuple(STANCES),
                                              "status": CLAIM_STATUSES}
DATE_OPTIONS = ("from", "to")
OPTIONS = (*ID_OPTIONS, *TEXT_OPTIONS, *CHOICE_OPTIONS, *DATE_OPTIONS)


class Filter(NamedTuple):
    """One question. Several values of one option: any of them; several options: all."""

    theme: tuple[str, ...] = ()
    actor: tuple[str, ...] = ()
    event: tuple[str, ...] = ()
    outlet: tuple[str, ...] = ()
    kind: tuple[str, ...] = ()
    language: tuple[str, ...] = ()
    stance: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    #: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, both ends included
    date_from: str = ""
    date_to: str = ""
    #: options written with no valid value (``:stance: praises``): such a view
    #: shows nothing rather than, unfiltered, the whole corpus under its title
    invalid: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return any(self)

    @property
    def on_sources(self) -> bool:
        """Whether a source's own metadata is asked about."""
        return bool(self.outlet or self.kind or self.language or self.date_from
                    or self.date_to)

    @property
    def on_claims(self) -> bool:
        return bool(self.theme or self.actor or self.event or self.status)


def _field(option: str) -> str:
    return {"from": "date_from", "to": "date_to"}.get(option, option)


def encode(base: str, question: Filter) -> str:
    """The placeholder argument: the view's own argument, then the filter."""
    if not question:
        return base
    pairs = []
    for option in OPTIONS:
        value = getattr(question, _field(option))
        if value:
            pairs.append((option, value if isinstance(value, str) else ",".join(value)))
    if question.invalid:
        pairs.append(("invalid", ",".join(question.invalid)))
    return f"{base}?{urlencode(pairs)}"


def decode(argument: str) -> tuple[str, Filter]:
    base, _, query = argument.partition("?")
    values: dict[str, Any] = {}
    for option, value in parse_qsl(query):
        field = _field(option)
        values[field] = value if option in DATE_OPTIONS else tuple(value.split(","))
    return base, Filter(**values)


def split_values(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip() for v in text.split(",") if v.strip()))


def _date_option(option: str, text: str, location: Any) -> str:
    value = parse_date(text)
    if value is None:
        warn("directive", f":{option}: {text.strip()!r} is not a date (YYYY, YYYY-MM or "
             "YYYY-MM-DD); the view shows nothing until it is fixed", location=location)
        return ""
    return value


def parse_options(options: Mapping[str, str], locate: Callable[[str], str], view: str
                  ) -> Filter:
    """A directive's filter options, checked for what can be checked while
    reading: values of closed sets and dates; ``locate(option)`` is the
    option's ``file:line``. Ids and sidecar values are checked once every
    document is read (:mod:`.filter_checks`). An option left with no valid
    value is kept in ``invalid``: the view then matches nothing."""
    values: dict[str, Any] = {}
    invalid: list[str] = []
    for option in OPTIONS:
        if option not in options:
            continue
        text = options[option] or ""
        if option in DATE_OPTIONS:
            values[_field(option)] = _date_option(option, text, locate(option))
            if not values[_field(option)]:
                invalid.append(option)
            continue
        found = split_values(text if option in TEXT_OPTIONS else text.lower())
        if option == "language":  # compared as sidecars store it: "DE" is "de"
            found = tuple(dict.fromkeys(map(language_code, found)))
        if not found:
            warn("directive", f"kb:{view} :{option}: has no value; the view shows nothing "
                 "until one is written", location=locate(option))
        allowed = CHOICE_OPTIONS.get(option)
        if allowed is not None:
            bad = [v for v in found if v not in allowed]
            kept = tuple(v for v in found if v in allowed)
            if bad:
                outcome = "ignored" if kept else "the view shows nothing until it is fixed"
                warn("directive", f"kb:{view} :{option}: {', '.join(map(repr, bad))} is not "
                     f"one of {', '.join(allowed)}; {outcome}", location=locate(option))
            found = kept
        values[option] = found
        if not found:
            invalid.append(option)
    question = Filter(**values, invalid=tuple(invalid))
    if question.date_from and question.date_to and question.date_to < question.date_from[
            :len(question.date_to)]:
        warn("directive", f"kb:{view} :from: {question.date_from} is after :to: "
             f"{question.date_to}: nothing can match", location=locate("from"))
    return question


def in_range(date: str, question: Filter, end: str = "") -> bool:
    """Whether ``date`` (to ``end``) meets the date range; an undated object never does.
    Dates of different precision compare on their common part: ``2020-08``
    is within ``:from: 2020``."""
    if not (question.date_from or question.date_to):
        return True
    if not date:
        return False
    last = end or date
    start, stop = question.date_from, question.date_to
    return ((not start or last[:len(start)] >= start[:len(last)])
            and (not stop or date[:len(stop)] <= stop[:len(date)]))


