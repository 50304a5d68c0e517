"""The curator's corrections to the cleaning, applied after the automatic rules.

A sidecar may name raw lines (``keep_lines: [12, 40-42]``, ``remove_lines``)
and patterns (``keep_patterns``, ``remove_patterns``: regular expressions
searched in each raw line); ``kb_outlet_cleaning`` in conf.py gives patterns
for all pages of an outlet (by its name or its URL's host). A kept line
becomes a passage marked "kept by the curator", a removed one is listed with
the removed lines as "removed by the curator", each with where the decision
was written, so the cleaning stays visible. Line numbers win over patterns;
a line both kept and removed by number is a problem and left as it was.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from ..normalize import url_host
from .clean import BLANK, COMMENT, HEADING, PASSAGE, REMOVED, Segment
from .sidecar import CURATION_FIELDS, Sidecar, short_repr

PATTERN_KEYS = ("keep_patterns", "remove_patterns")
KEPT = "kept by the curator"
REMOVED_BY = "removed by the curator"
_RANGE = re.compile(r"^\s*(\d+)\s*(?:[-–]\s*(\d+)\s*)?$")
#: A range this long is a typo, not a decision ("12-40000").
MAX_RANGE = 10_000


class Rule(NamedTuple):
    pattern: re.Pattern[str]
    where: str


class Corrections(NamedTuple):
    keep_lines: dict[int, str]        # raw line number → where it was decided
    remove_lines: dict[int, str]
    keep_patterns: tuple[Rule, ...]
    remove_patterns: tuple[Rule, ...]

    def __bool__(self) -> bool:
        return any(self)


NONE = Corrections({}, {}, (), ())


def compile_patterns(value: Any, key: str) -> tuple[list[re.Pattern[str]], list[str]]:
    """``value`` (a pattern or a list of them) compiled, and a problem for each
    that is not a string or not a regular expression."""
    items = value if isinstance(value, list) else [value]
    patterns, problems = [], []
    for item in items:
        if not isinstance(item, str) or not item:
            problems.append(f"{key}: {short_repr(item)} is not a pattern (a non-empty string); "
                            "ignored")
            continue
        try:
            pattern = re.compile(item)
        except re.error as exc:
            problems.append(f"{key}: {short_repr(item)} is not a regular expression ({exc}); "
                            "ignored")
            continue
        # Found in an empty line, it is found in every line: "x*" would remove the article.
        if pattern.search("") is not None:
            problems.append(f"{key}: {short_repr(item)} matches an empty text, so every line; "
                            "ignored")
            continue
        patterns.append(pattern)
    return patterns, problems


def _line_numbers(value: Any, key: str, last: int, text: str) -> tuple[list[int], list[str]]:
    items = value if isinstance(value, list) else [value]
    numbers: list[int] = []
    problems: list[str] = []
    for item in items:
        if isinstance(item, int) and not isinstance(item, bool):
            first, end = item, item
        elif isinstance(item, str) and _RANGE.match(item):
            found = _RANGE.match(item)
            assert found is not None
            first = int(found.group(1))
            end = int(found.group(2) or first)
        else:
            problems.append(f"{key}: {short_repr(item)} is not a line number or a range such "
                            "as 40-42; ignored")
            continue
        if first < 1 or end < first or end - first > MAX_RANGE:
            problems.append(f"{key}: {short_repr(item)} is not a range of lines; ignored")
        elif end > last:
            problems.append(f"{key}: {short_repr(item)} is past the {text}'s last line "
                            f"({last}); ignored" + (
                                "; line numbers count lines of the text extracted from the "
                                "file (the source page shows them), not of the file"
                                if text != "article" else ""))
        else:
            numbers.extend(range(first, end + 1))
    return numbers, problems


def sidecar_corrections(sidecar: Sidecar, last_line: int, text: str = "article"
                        ) -> tuple[Corrections, list[tuple[int, str]]]:
    """The sidecar's corrections, and its problems as (sidecar line, message);
    ``text`` names what the line numbers count: the article, or for a web page
    or PDF the extracted text."""
    problems: list[tuple[int, str]] = []
    lines: dict[str, dict[int, str]] = {"keep_lines": {}, "remove_lines": {}}
    rules: dict[str, tuple[Rule, ...]] = {"keep_patterns": (), "remove_patterns": ()}
    name = sidecar.path.name if sidecar.path else "sidecar"
    for key in CURATION_FIELDS:
        if key not in sidecar.values:
            continue
        line = sidecar.line(key)
        where = f"{name} line {line}"
        if key in lines:
            numbers, found = _line_numbers(sidecar.values[key], key, last_line, text)
            lines[key] = dict.fromkeys(numbers, where)
        else:
            patterns, found = compile_patterns(sidecar.values[key], key)
            rules[key] = tuple(Rule(p, f"{where}: {p.pattern}") for p in patterns)
        problems.extend((line, message) for message in found)
    both = sorted(set(lines["keep_lines"]) & set(lines["remove_lines"]))
    if both:
        problems.append((sidecar.line("remove_lines"),
                         f"line(s) {', '.join(map(str, both))} are in both keep_lines and "
                         "remove_lines; left as the cleaner had them"))
        for number in both:
            del lines["keep_lines"][number], lines["remove_lines"][number]
    return Corrections(lines["keep_lines"], lines["remove_lines"], rules["keep_patterns"],
                       rules["remove_patterns"]), problems


def outlet_corrections(setting: dict[str, dict[str, list[str]]], outlet: str,
                       url: str) -> Corrections:
    """The patterns ``kb_outlet_cleaning`` gives for this outlet name or URL host
    (the setting as :func:`kb_ext.config.validate` left it: valid patterns only)."""
    host = url_host(url)
    keep: list[Rule] = []
    remove: list[Rule] = []
    for name, patterns in setting.items():
        key = name.casefold().removeprefix("www.")
        if key != outlet.casefold() and not (host and (host == key or host.endswith("." + key))):
            continue
        where = f"kb_outlet_cleaning[{name!r}]"
        # re caches compiled patterns: compiling per page costs a look-up.
        keep += [Rule(re.compile(p), f"{where}: {p}") for p in patterns.get("keep_patterns", [])]
        remove += [Rule(re.compile(p), f"{where}: {p}")
                   for p in patterns.get("remove_patterns", [])]
    return Corrections({}, {}, tuple(keep), tuple(remove))


def combine(first: Corrections, then: Corrections) -> Corrections:
    """The sidecar's corrections before the outlet's."""
    return Corrections({**then.keep_lines, **first.keep_lines},
                       {**then.remove_lines, **first.remove_lines},
                       first.keep_patterns + then.keep_patterns,
                       first.remove_patterns + then.remove_patterns)


def _decision(kind: str, number: int, line: str, c: Corrections) -> tuple[str, str] | None:
    if kind == BLANK or not line.strip():
        return None
    shown_kept = kind in (PASSAGE, HEADING, COMMENT)
    if number in c.keep_lines:
        return None if shown_kept else (PASSAGE, f"{KEPT} ({c.keep_lines[number]})")
    if number in c.remove_lines:
        return (REMOVED, f"{REMOVED_BY} ({c.remove_lines[number]})") if shown_kept else None
    if kind == REMOVED:
        rule = next((r for r in c.keep_patterns if r.pattern.search(line)), None)
        return (PASSAGE, f"{KEPT} ({rule.where})") if rule else None
    rule = next((r for r in c.remove_patterns if r.pattern.search(line)), None)
    return (REMOVED, f"{REMOVED_BY} ({rule.where})") if rule else None


def apply_corrections(segments: list[Segment], corrections: Corrections) -> list[Segment]:
    """``segments`` with the curator's decisions: a segment with a line decided
    is split around it; each kept line is a passage of its own, removed lines
    in a row are one removed segment."""
    if not corrections:
        return segments
    result: list[Segment] = []
    for segment in segments:
        decided = [_decision(segment.kind, segment.start + i, line, corrections)
                   for i, line in enumerate(segment.lines)]
        if not any(decided):
            result.append(segment)
            continue
        run: list[str] = []
        run_start, run_kind = segment.start, (segment.kind, segment.reason)
        for offset, (line, decision) in enumerate(zip(segment.lines, decided, strict=True)):
            kind = decision or (segment.kind, segment.reason)
            joins = run and kind == run_kind and not (decision and decision[0] == PASSAGE)
            if run and not joins:
                result.append(Segment(run_kind[0], run_start, tuple(run), run_kind[1]))
                run = []
            if not run:
                run_start, run_kind = segment.start + offset, kind
            run.append(line)
        result.append(Segment(run_kind[0], run_start, tuple(run), run_kind[1]))
    return result


def curated_lines(segments: list[Segment]) -> tuple[list[Segment], list[Segment]]:
    """The segments the curator kept, and those the curator removed."""
    kept = [s for s in segments if s.kind == PASSAGE and s.reason.startswith(KEPT)]
    removed = [s for s in segments if s.kind == REMOVED and s.reason.startswith(REMOVED_BY)]
    return kept, removed
