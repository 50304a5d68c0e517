"""What every kb directive shares: option lists, links to other objects,
unknown options reported as ``kb.directive`` warnings at their own line, and
the id, container and placeholder of an object directive."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from ..diagnostics import warn
from ..nodes import kb_placeholder
from ..sources.sidecar import ID_PATTERN, slugify
from .domain import kb_domain


def split_list(text: str | None) -> tuple[str, ...]:
    """Split a ``;``- or newline-separated option into clean items."""
    if not text:
        return ()
    items = (item.strip() for chunk in text.split("\n") for item in chunk.split(";"))
    return tuple(dict.fromkeys(item for item in items if item))


def xref(directive: SphinxDirective, objtype: str, target: str, title: str = "",
         option: str = "") -> addnodes.pending_xref:
    """A link to an object, shown by its name, or by ``title`` when given;
    located at the line of ``option`` when it comes from one."""
    node = addnodes.pending_xref("", nodes.inline("", title or target), refdomain="kb",
                                 reftype=objtype, reftarget=target, refexplicit=bool(title),
                                 refwarn=True, refdoc=directive.env.docname)
    directive.set_source_info(node)
    if option and isinstance(directive, KbDirective):
        node.line = directive.option_line(option)
    # Noted even with a title: the link's target decides whether the page is rewritten.
    kb_domain(directive.env).note_reference(directive.env.docname, objtype, target)
    return node


def xref_line(directive: SphinxDirective, label: str, objtype: str,
              targets: tuple[str, ...], option: str = "") -> nodes.paragraph:
    paragraph = nodes.paragraph(classes=[f"kb-{objtype}-list"])
    paragraph += nodes.strong("", f"{label}: ")
    for index, target in enumerate(targets):
        if index:
            paragraph += nodes.Text(", ")
        paragraph += xref(directive, objtype, target, option=option)
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

    def option_line(self, key: str) -> int:
        """The line of an option in its file (the directive's when not found):
        the directive's first line plus the option's place in its block."""
        line = self.get_source_info()[1] or 0
        option = re.compile(rf"\s*:?{re.escape(key)}\s*:")
        for offset, text in enumerate(self.block_text.splitlines()[1:], start=1):
            if option.match(text):
                return line + offset
        return line

    def option_location(self, key: str) -> str:
        """``file:line`` of an option (of the directive when not found)."""
        return f"{self.get_source_info()[0]}:{self.option_line(key)}"


#: the object types whose pages show their neighbourhood
NEIGHBOURHOODS = ("actor", "claim", "event")


class KbObjectDirective(KbDirective):
    """Shared parts: a validated id, the object's container and placeholder."""

    required_arguments = 1
    has_content = True
    objtype = ""

    def object_id(self) -> str:
        raw = self.arguments[0].strip()
        if ID_PATTERN.match(raw):
            return raw
        fixed = slugify(raw, fallback=self.objtype)
        warn("directive", f"kb:{self.objtype} id {raw!r} must use only a-z, 0-9 and '-'; "
             f"using {fixed!r}", location=self.get_location())
        return fixed

    def choice(self, option: str, allowed: tuple[str, ...], default: str) -> str:
        value = self.options.get(option, default).strip().lower()
        if value not in allowed:
            warn("directive", f"kb:{self.objtype} :{option}: {value!r} is not one of "
                 f"{', '.join(allowed)}; using {default!r}",
                 location=self.option_location(option))
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
        domain = kb_domain(self.env)
        container += kb_placeholder(kind=self.objtype, argument=object_id)
        domain.note_placeholder(self.env.docname, self.objtype, object_id)
        if self.objtype in NEIGHBOURHOODS:  # its picture (views/neighbourhood.py)
            argument = f"{self.objtype}:{object_id}"
            container += kb_placeholder(kind="neighbourhood", argument=argument)
            domain.note_placeholder(self.env.docname, "neighbourhood", argument)
