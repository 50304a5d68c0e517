"""Directives for curated knowledge: actors, themes, claims, positions and
events. Each records its object in the domain and leaves a placeholder for the
object's generated sections.

Options are validated here; bad values warn (``kb.directive``) and fall back
to a default so the page still builds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from ..diagnostics import warn
from ..nodes import badge, kb_placeholder
from ..sources.sidecar import ID_PATTERN, slugify
from .aliases import alias_problem
from .dates import parse_date
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


def split_list(text: str | None) -> tuple[str, ...]:
    """Split a ``;``- or newline-separated option into clean items."""
    if not text:
        return ()
    items = (item.strip() for chunk in text.split("\n") for item in chunk.split(";"))
    return tuple(dict.fromkeys(item for item in items if item))


def xref(directive: SphinxDirective, objtype: str, target: str, title: str = ""
         ) -> addnodes.pending_xref:
    """A link to an object, shown by its name, or by ``title`` when given."""
    node = addnodes.pending_xref("", nodes.inline("", title or target), refdomain="kb",
                                 reftype=objtype, reftarget=target, refexplicit=bool(title),
                                 refwarn=True, refdoc=directive.env.docname)
    directive.set_source_info(node)
    # Noted even with a title: the link's target decides whether the page is rewritten.
    kb_domain(directive.env).note_reference(directive.env.docname, objtype, target)
    return node


def xref_line(directive: SphinxDirective, label: str, objtype: str,
              targets: tuple[str, ...]) -> nodes.paragraph:
    paragraph = nodes.paragraph(classes=[f"kb-{objtype}-list"])
    paragraph += nodes.strong("", f"{label}: ")
    for index, target in enumerate(targets):
        if index:
            paragraph += nodes.Text(", ")
        paragraph += xref(directive, objtype, target)
    return paragraph


class UnknownOption(str):
    """The value of an option a kb directive does not have."""


def _unknown_option(value: str) -> UnknownOption:
    return UnknownOption(value or "")  # MyST gives None for an empty value


class OptionSpec(dict[str, Callable[[str], Any]]):
    """A kb directive's options, which also takes any other option (marked
    :class:`UnknownOption`): the directive then reports it (one kb.directive
    warning at its line) and ignores it, where the parser would warn in its
    own words or drop the whole object."""

    def __missing__(self, key: str) -> Callable[[str], Any]:
        return _unknown_option


class KbDirective(SphinxDirective):
    """Shared by every kb directive: the argument (an id or a passage) is the
    whole first line, spaces included, so that a mistyped id is corrected
    with a warning rather than the directive refused; unknown options warn."""

    final_argument_whitespace = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.option_spec is not None and not isinstance(cls.option_spec, OptionSpec):
            cls.option_spec = OptionSpec(cls.option_spec)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key in [k for k, v in self.options.items() if isinstance(v, UnknownOption)]:
            del self.options[key]
            known = ", ".join(f":{k}:" for k in self.option_spec or {})
            warn("directive", f"{self.name} has no option :{key}: (its options: {known}); "
                 "ignored", location=self.option_location(key))

    def option_location(self, key: str) -> str:
        """``file:line`` of an option (of the directive when not found)."""
        source, line = self.get_source_info()
        option = re.compile(rf"\s*:?{re.escape(key)}\s*:")
        for offset, text in enumerate(self.block_text.splitlines()[1:], start=1):
            if option.match(text):
                return f"{source}:{line + offset}"
        return self.get_location()


class KbObjectDirective(KbDirective):
    """Shared parts: a validated id, the object's container and placeholder."""

    required_arguments = 1
    has_content = True
    objtype = ""

    def object_id(self) -> str:
        raw = self.arguments[0].strip()
        if ID_PATTERN.match(raw):
            return raw
        fixed = slugify(raw) if re.search("[a-z0-9]", raw.lower()) else self.objtype
        warn("directive", f"kb:{self.objtype} id {raw!r} must use only a-z, 0-9 and '-'; "
             f"using {fixed!r}", location=self.get_location())
        return fixed

    def choice(self, option: str, allowed: tuple[str, ...], default: str) -> str:
        value = self.options.get(option, default).strip().lower()
        if value not in allowed:
            warn("directive", f"kb:{self.objtype} :{option}: {value!r} is not one of "
                 f"{', '.join(allowed)}; using {default!r}", location=self.get_location())
            return default
        return value

    def container(self, object_id: str) -> nodes.container:
        node_id = f"kb-{self.objtype}-{object_id}"
        container = nodes.container(ids=[node_id], classes=["kb-object", f"kb-{self.objtype}"])
        self.set_source_info(container)
        return container

    def description(self, container: nodes.Element) -> None:
        if self.content:
            self.state.nested_parse(self.content, self.content_offset, container)

    def placeholder(self, container: nodes.Element, object_id: str) -> None:
        container += kb_placeholder(kind=self.objtype, argument=object_id)
        kb_domain(self.env).note_placeholder(self.env.docname, self.objtype, object_id)


class ActorDirective(KbObjectDirective):
    objtype = "actor"
    option_spec = {
        "name": directives.unchanged_required,
        "kind": directives.unchanged,
        "aliases": directives.unchanged,
        "roles": directives.unchanged,
    }

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
        if len(fields):
            container += fields
        self.description(container)
        self.placeholder(container, actor_id)
        record = ActorRecord(self.env.docname, container["ids"][0], actor_id, name, kind,
                             aliases, roles, "\n".join(self.content).strip(), self.lineno)
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
    }

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
        if themes:
            container += xref_line(self, "Themes", "theme", themes)
        if actors:
            container += xref_line(self, "Actors", "actor", actors)
        if events:
            container += xref_line(self, "Events", "event", events)
        self.env.temp_data["kb:claim"] = claim_id
        try:
            self.description(container)
        finally:
            self.env.temp_data.pop("kb:claim", None)
        self.placeholder(container, claim_id)
        record = ClaimRecord(self.env.docname, container["ids"][0], claim_id, statement, status,
                             themes, actors, self.lineno, events)
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
            warn("directive", f"kb:position :stance: {stance!r} is not one of "
                 f"{', '.join(STANCES)}; using 'reports'", location=self.get_location())
            stance = "reports"
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
        record = PositionRecord(self.env.docname, f"kb-pos-{claim_id}-{number}", claim_id,
                                source_id, passage, quote, stance,
                                " ".join(self.options.get("note", "").split()), self.lineno)
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
            source_link = xref(self, "source", source_id)
            # An unknown source is reported once, by its passages' links.
            source_link["kb_quiet"] = bool(passages)
            paragraph += source_link
            for number, passage in enumerate(passages):
                paragraph += nodes.Text(", " if number else " ")
                paragraph += xref(self, "passage", f"{source_id}/{passage}",
                                  title=f"¶{passage.removeprefix('p')}")
        return paragraph

    def date(self, option: str) -> str:
        raw = self.options.get(option, "").strip()
        if not raw:
            return ""
        date = parse_date(raw)
        if date is None:
            warn("directive", f"kb:event :{option}: {raw!r} is not a date (YYYY, YYYY-MM or "
                 "YYYY-MM-DD); left out", location=self.get_location())
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
            container += xref_line(self, "Actors", "actor", actors)
        if themes:
            container += xref_line(self, "Themes", "theme", themes)
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
