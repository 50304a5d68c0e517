"""Directives for curated knowledge: actors, themes, claims, positions and
events. Each records its object in the domain and leaves a placeholder for the
object's generated sections.

Options are validated here; bad values warn (``kb.directive``) and fall back
to a default so the page still builds.
"""

from __future__ import annotations

import re

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from ..diagnostics import warn
from ..nodes import badge
from .aliases import alias_problem
from .dates import parse_date
from .directive_base import KbDirective, KbObjectDirective, split_list, xref, xref_line
from .domain import kb_domain
from .quoting import quote_problem
from .records import (
    ACTOR_KINDS,
    CLAIM_STATUSES,
    EVENT_KINDS,
    STANCES,
    ActorRecord,
    ClaimRecord,
    EventRecord,
    PositionRecord,
    ThemeRecord,
)

WIKIDATA_ID = re.compile(r"^Q[1-9][0-9]*\Z")
WIKIDATA_URI = "https://www.wikidata.org/wiki/"


class ActorDirective(KbObjectDirective):
    objtype = "actor"
    option_spec = {
        "name": directives.unchanged_required,
        "kind": directives.unchanged,
        "aliases": directives.unchanged,
        "roles": directives.unchanged,
        "wikidata": directives.unchanged,
    }

    def wikidata(self) -> str:
        """The :wikidata: Q-number, or "" (with a warning when it is not one)."""
        raw = self.options.get("wikidata", "").strip()
        if raw and not WIKIDATA_ID.fullmatch(raw):
            warn("directive", f"kb:actor :wikidata: {raw!r} is not a Wikidata item id "
                 "(Q followed by a number, such as Q42); left out",
                 location=self.option_location("wikidata"))
            return ""
        return raw

    def run(self) -> list[nodes.Node]:
        actor_id = self.object_id()
        name = self.options.get("name", "").strip() or actor_id
        kind = self.choice("kind", ACTOR_KINDS, "other")
        aliases = self.aliases(actor_id, name)
        roles = split_list(self.options.get("roles"))
        container = self.container(actor_id)
        head = nodes.paragraph(classes=["kb-object-head"])
        head += badge(kind, "kb-kind", f"kb-kind-{kind}")
        head += nodes.Text(" ")
        head += nodes.strong("", name)
        container += head
        fields = nodes.field_list(classes=["kb-actor-fields"])
        if aliases:
            fields += nodes.field("", nodes.field_name("", "Also written"),
                                  nodes.field_body("", nodes.paragraph("", "; ".join(aliases),
                                                                       classes=["kb-aliases"])))
        if roles:
            items = nodes.bullet_list()
            for role in roles:
                items += nodes.list_item("", nodes.paragraph("", role))
            fields += nodes.field("", nodes.field_name("", "Roles"), nodes.field_body("", items))
        wikidata = self.wikidata()
        if wikidata:
            uri = WIKIDATA_URI + wikidata
            link = nodes.reference(wikidata, wikidata, refuri=uri, classes=["kb-wikidata"])
            fields += nodes.field("", nodes.field_name("", "Wikidata"),
                                  nodes.field_body("", nodes.paragraph("", "", link)))
        if len(fields):
            container += fields
        self.description(container)
        self.placeholder(container, actor_id)
        record = ActorRecord(self.env.docname, container["ids"][0], actor_id, name, kind,
                             aliases, roles, "\n".join(self.content).strip(), self.lineno,
                             wikidata)
        kb_domain(self.env).note_object("actor", actor_id, record, location=self.get_location())
        return [container]


    def aliases(self, actor_id: str, name: str) -> tuple[str, ...]:
        """The :aliases: that can name the actor; each other one warns (kb.alias)."""
        kept = []
        for alias in split_list(self.options.get("aliases")):
            problem = alias_problem(alias)
            if problem:
                warn("alias", f"alias {alias!r} of actor {actor_id!r} {problem}; ignored",
                     location=self.option_location("aliases"))
            elif alias != name:
                kept.append(alias)
        return tuple(kept)


class ThemeDirective(KbObjectDirective):
    objtype = "theme"
    option_spec = {"title": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        theme_id = self.object_id()
        title = self.options.get("title", "").strip() or theme_id
        container = self.container(theme_id)
        self.description(container)
        self.placeholder(container, theme_id)
        record = ThemeRecord(self.env.docname, container["ids"][0], theme_id, title,
                             "\n".join(self.content).strip(), self.lineno)
        kb_domain(self.env).note_object("theme", theme_id, record, location=self.get_location())
        return [container]


class ClaimDirective(KbObjectDirective):
    objtype = "claim"
    option_spec = {
        "statement": directives.unchanged_required,
        "status": directives.unchanged,
        "themes": directives.unchanged,
        "actors": directives.unchanged,
        "events": directives.unchanged,
        "verdict": directives.unchanged,
        "reviewer": directives.unchanged,
        "reviewed": directives.unchanged,
    }

    def verdict(self) -> tuple[str, str, str]:
        """(verdict, reviewer, reviewed): a rating from ``kb_verdict_scale``,
        or nothing; a reviewer or date without a verdict is reported and left out."""
        scale = list(self.config.kb_verdict_scale)
        raw = " ".join(self.options.get("verdict", "").split())
        verdict = next((word for word in scale if word.lower() == raw.lower()), "")
        if raw and not verdict:
            warn("directive", f"kb:claim :verdict: {raw!r} is not on kb_verdict_scale "
                 f"({', '.join(scale)}); left out", location=self.option_location("verdict"))
        reviewer = " ".join(self.options.get("reviewer", "").split())
        reviewed_raw = self.options.get("reviewed", "").strip()
        reviewed = parse_date(reviewed_raw) or "" if reviewed_raw else ""
        if reviewed_raw and not reviewed:
            warn("directive", f"kb:claim :reviewed: {reviewed_raw!r} is not a date "
                 "(YYYY, YYYY-MM or YYYY-MM-DD); left out",
                 location=self.option_location("reviewed"))
        if not verdict and (reviewer or reviewed) and not raw:
            warn("directive", "kb:claim :reviewer: and :reviewed: need a :verdict:; left out",
                 location=self.option_location("reviewer" if reviewer else "reviewed"))
        return (verdict, reviewer, reviewed) if verdict else ("", "", "")

    def verdict_line(self, verdict: str, reviewer: str, reviewed: str) -> nodes.paragraph:
        line = nodes.paragraph(classes=["kb-verdict"])
        line += nodes.strong("", "Verdict: ")
        line += badge(verdict, "kb-verdict-rating",
                      "kb-verdict-" + re.sub(r"[^a-z0-9]+", "-", verdict.lower()).strip("-"))
        by = ", ".join(part for part in (f"by {reviewer}" if reviewer else "",
                                         reviewed) if part)
        if by:
            line += nodes.Text(f" ({by})")
        return line

    def run(self) -> list[nodes.Node]:
        claim_id = self.object_id()
        statement = " ".join(self.options.get("statement", "").split())
        if not statement:
            warn("directive", f"kb:claim {claim_id!r} has no :statement:",
                 location=self.get_location())
            statement = claim_id
        status = self.choice("status", CLAIM_STATUSES, "disputed")
        themes = split_list(self.options.get("themes"))
        actors = split_list(self.options.get("actors"))
        events = split_list(self.options.get("events"))
        container = self.container(claim_id)
        lead = nodes.paragraph(classes=["kb-statement"])
        lead += badge(status, "kb-status", f"kb-status-{status}")
        lead += nodes.Text(" ")
        lead += nodes.strong("", statement)
        container += lead
        verdict, reviewer, reviewed = self.verdict()
        if verdict:
            container += self.verdict_line(verdict, reviewer, reviewed)
        if themes:
            container += xref_line(self, "Themes", "theme", themes, "themes")
        if actors:
            container += xref_line(self, "Actors", "actor", actors, "actors")
        if events:
            container += xref_line(self, "Events", "event", events, "events")
        self.env.temp_data["kb:claim"] = claim_id
        try:
            self.description(container)
        finally:
            self.env.temp_data.pop("kb:claim", None)
        self.placeholder(container, claim_id)
        record = ClaimRecord(self.env.docname, container["ids"][0], claim_id, statement, status,
                             themes, actors, self.lineno, events, verdict, reviewer, reviewed)
        kb_domain(self.env).note_object("claim", claim_id, record, location=self.get_location())
        return [container]


class PositionDirective(KbDirective):
    """One source's position on the enclosing claim; the content is the quote."""

    required_arguments = 1
    has_content = True
    option_spec = {"stance": directives.unchanged_required, "note": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        claim_id = self.env.temp_data.get("kb:claim")
        if claim_id is None:
            warn("directive", "kb:position must be inside a kb:claim", location=self.get_location())
            return []
        target = self.arguments[0].strip().replace("#", "/")
        # A target naming no passage is reported once all sources are read,
        # with where the quote is (check_position).
        source_id, _, passage = target.partition("/")
        stance = self.options.get("stance", "").strip().lower()
        if stance not in STANCES:
            # Kept as written and shown as such: guessing a stance would
            # publish one the curator never chose.
            warn("directive", f"kb:position :stance: {stance!r} is not one of "
                 f"{', '.join(STANCES)}; the position is not counted as evidence",
                 location=self.option_location("stance"))
        quote = " ".join("\n".join(self.content).split())
        problem = quote_problem(quote)
        if problem:
            # Kept, shown and exported, but never counted as verified evidence.
            warn("quote", f"kb:position {target!r} {problem}; it is not counted as evidence",
                 location=self.get_location())
        # Numbered per claim id in the document, so that a second definition
        # of a claim in one file does not reuse (and overwrite) the first's.
        numbers = self.env.temp_data.get("kb:positions")
        if not isinstance(numbers, dict):
            numbers = self.env.temp_data["kb:positions"] = {}
        number = numbers[claim_id] = numbers.get(claim_id, 0) + 1
        # The file and line it is written at: an included file's, not the page's.
        path, line = self.get_source_info()
        record = PositionRecord(self.env.docname, f"kb-pos-{claim_id}-{number}", claim_id,
                                source_id, passage, quote, stance,
                                " ".join(self.options.get("note", "").split()),
                                line or self.lineno, path or "")
        kb_domain(self.env).note_position(record)
        return []


class EventDirective(KbObjectDirective):
    """A dated happening: an election, a referendum, a summit, a crackdown."""

    objtype = "event"
    option_spec = {
        "title": directives.unchanged_required,
        "date": directives.unchanged_required,
        "end": directives.unchanged,
        "kind": directives.unchanged,
        "place": directives.unchanged,
        "actors": directives.unchanged,
        "themes": directives.unchanged,
        "sources": directives.unchanged,
    }

    def sources_line(self, targets: tuple[str, ...]) -> nodes.paragraph:
        """Passages (``<source>/p<N>``) or whole sources that describe the
        event: each source named once, followed by its passages' marks."""
        by_source: dict[str, list[str]] = {}
        for target in targets:
            source_id, _, passage = target.partition("/")
            by_source.setdefault(source_id, []).extend([passage] if passage else [])
        paragraph = nodes.paragraph(classes=["kb-source-list"])
        paragraph += nodes.strong("", "Sources: ")
        for index, (source_id, passages) in enumerate(by_source.items()):
            if index:
                paragraph += nodes.Text("; ")
            source_link = xref(self, "source", source_id, option="sources")
            # An unknown source is reported once, by its passages' links.
            source_link["kb_quiet"] = bool(passages)
            paragraph += source_link
            for number, passage in enumerate(passages):
                paragraph += nodes.Text(", " if number else " ")
                paragraph += xref(self, "passage", f"{source_id}/{passage}",
                                  title=f"¶{passage.removeprefix('p')}", option="sources")
        return paragraph

    def date(self, option: str) -> str:
        raw = self.options.get(option, "").strip()
        if not raw:
            return ""
        date = parse_date(raw)
        if date is None:
            warn("directive", f"kb:event :{option}: {raw!r} is not a date (YYYY, YYYY-MM or "
                 "YYYY-MM-DD); left out", location=self.option_location(option))
            return ""
        return date

    def run(self) -> list[nodes.Node]:
        event_id = self.object_id()
        title = " ".join(self.options.get("title", "").split()) or event_id
        date = self.date("date")
        if not date and "date" not in self.options:
            warn("directive", f"kb:event {event_id!r} has no :date:", location=self.get_location())
        end = self.date("end")
        if end and date and end < date[:len(end)]:
            warn("directive", f"kb:event {event_id!r} ends ({end}) before it starts ({date}); "
                 "the end is left out", location=self.get_location())
            end = ""
        kind = self.choice("kind", EVENT_KINDS, "other")
        place = " ".join(self.options.get("place", "").split())
        actors = split_list(self.options.get("actors"))
        themes = split_list(self.options.get("themes"))
        sources = tuple(s.replace("#", "/") for s in split_list(self.options.get("sources")))
        container = self.container(event_id)
        head = nodes.paragraph(classes=["kb-object-head"])
        head += badge(kind, "kb-kind", f"kb-kind-{kind}")
        head += nodes.Text(" ")
        head += nodes.strong("", title)
        record = EventRecord(self.env.docname, container["ids"][0], event_id, title, date, end,
                             kind, place, actors, themes, sources,
                             "\n".join(self.content).strip(), self.lineno)
        when = record.date_label or "date unknown"
        head += nodes.Text(f" — {when}" + (f", {place}" if place else ""))
        container += head
        if actors:
            container += xref_line(self, "Actors", "actor", actors, "actors")
        if themes:
            container += xref_line(self, "Themes", "theme", themes, "themes")
        if sources:
            container += self.sources_line(sources)
        self.description(container)
        self.placeholder(container, event_id)
        kb_domain(self.env).note_object("event", event_id, record, location=self.get_location())
        return [container]


#: directive name -> class, for every object type written by hand
OBJECT_DIRECTIVES: dict[str, type[SphinxDirective]] = {
    "actor": ActorDirective,
    "theme": ThemeDirective,
    "claim": ClaimDirective,
    "position": PositionDirective,
    "event": EventDirective,
}
