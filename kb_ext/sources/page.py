"""The ``kb:source`` directive: one article rendered as a citable page.

Article text only ever becomes ``Text`` nodes, so markup inside a scraped
article (HTML, MyST, reST) is shown, never interpreted.
"""

from __future__ import annotations

import copy
import hashlib
from pathlib import Path

from docutils import nodes
from sphinx.environment import BuildEnvironment
from sphinx.parsers import Parser
from sphinx.util.docutils import SphinxDirective

from .._compat import builder_name
from ..compact import kb_passage
from ..diagnostics import warn
from ..knowledge.check_builder import KbCheckBuilder
from ..knowledge.domain import kb_domain
from ..knowledge.records import PassageRecord, SourceMeta, SourceRecord
from ..nodes import kb_placeholder
from .card import provenance_card
from .clean import BLANK, COMMENT, HEADING, PASSAGE, REMOVED, Segment
from .clean_wrap import ends_open
from .controls import count_controls, shown
from .curate import (
    apply_corrections,
    combine,
    outlet_corrections,
    sidecar_corrections,
)
from .cut_sentences import join_cut_sentences
from .discovery import PAGES_DIR, STUB_FILETYPE, stub_source_id
from .extract_lock import check_extraction
from .formats import EXTRACT_CACHE, SourceText, cleaned_segments, read_source
from .furniture import learnt_for, remove_learnt
from .ingest import PAGE_KEYS, RawArticle
from .language import LanguageCheck, check_language
from .page_lines import curator_notes, line_range, removed_block
from .page_meta import (
    extract_digest,
    extraction_note,
    left_out_block,
    merged,
)
from .sidecar import REQUIRED, Sidecar, load_sidecar

TITLE_FALLBACK_CHARS = 120


def passage_anchor(number: int) -> str:
    return f"p{number}"


def _title(sidecar: Sidecar, segments: list[Segment], source_id: str) -> str:
    """The sidecar's title, else the first line the cleaner kept (not a cookie
    banner or a menu), else the first line of all."""
    if sidecar.get("title"):
        return sidecar.get("title")
    kept = [s for s in segments if s.kind in (HEADING, PASSAGE)] or [
        s for s in segments if s.kind != BLANK]
    for segment in kept:
        for line in segment.lines:
            if line.strip():
                # Shown as the page shows it: control characters as symbols.
                return shown(line.strip()[:TITLE_FALLBACK_CHARS])
    return source_id


def passages_digest(source_id: str, segments: list[Segment]) -> str:
    """A digest of the passages as the page numbers them: their ids and texts."""
    digest = hashlib.sha256(source_id.encode())
    passages = (s for s in segments if s.kind == PASSAGE)
    for number, segment in enumerate(passages, start=1):
        text = segment.text.encode("utf-8", "surrogatepass")
        digest.update(f"\0{passage_anchor(number)}\0{len(text)}\0".encode())
        digest.update(text)
    return digest.hexdigest()


def article_text(segments: list[Segment]) -> str:
    return "\n".join(s.text for s in segments if s.kind == PASSAGE)


def build_meta(source_id: str, article: RawArticle, sidecar: Sidecar,
               segments: list[Segment], language: LanguageCheck | None = None,
               extractor: str = "", page_fields: tuple[str, ...] = ()) -> SourceMeta:
    """The source's metadata; ``language`` is the sidecar's language as checked
    against the text (:func:`.language.check_language`), else the sidecar's;
    ``page_fields`` are the keys a web page or PDF gave where the sidecar is silent."""
    words = sum(len(s.text.split()) for s in segments if s.kind == PASSAGE)
    removed = sum(len(s.lines) for s in segments if s.kind == REMOVED)
    return SourceMeta(
        id=source_id,
        title=_title(sidecar, segments, source_id),
        outlet=sidecar.get("outlet") or "Unknown outlet",
        kind=sidecar.get("kind") or "unspecified",
        author=sidecar.get("author"),
        published=sidecar.get("published"),
        published_approximate=bool(sidecar.get("published_approximate", False)),
        url=sidecar.get("url"),
        language=(language.language or "") if language else sidecar.get("language"),
        retrieved=sidecar.get("retrieved"),
        perspective=sidecar.get("perspective"),
        raw_path=str(article.path),
        sidecar_path=str(sidecar.path or ""),
        sha256=article.sha256,
        words=words,
        removed_lines=removed,
        passages_digest=passages_digest(source_id, segments),
        extractor=extractor,
        page_fields=page_fields,
        extract_digest=extract_digest(segments) if extractor else "",
        reliability=sidecar.get("reliability"),
        credibility=sidecar.get("credibility", 0),
        assessment_note=sidecar.get("assessment_note"),
        archive_url=sidecar.get("archive_url"),
        extra=sidecar.extra,
    )


class SourcePage:
    """Builds the page of one article, for the ``kb:source`` directive and for
    the generated ``sources/<id>`` pages (:class:`SourceStubParser`)."""

    def __init__(self, env: BuildEnvironment, document: nodes.document,
                 location: str | tuple[str, int], generated: bool = False) -> None:
        self.env = env
        self.document = document
        self.location = location
        #: True when the document is a generated page holding this article alone.
        self.generated = generated

    def build(self, source_id: str) -> list[nodes.Node]:
        # By id: the page's own name does not choose the article (a page file
        # or directive naming another source shows that source).
        entry = kb_domain(self.env).caches.found_sources.get(f"{PAGES_DIR}/{source_id}")
        if entry is None:
            warn("ref", f"no article with id {source_id!r} in kb_sources_dir",
                 location=self.location)
            return []
        raw_path = Path(entry.raw_path)
        sidecar_path = Path(entry.sidecar_path) if entry.sidecar_path else None
        self.env.note_dependency(str(raw_path))
        if sidecar_path:
            self.env.note_dependency(str(sidecar_path))
        sidecar = load_sidecar(sidecar_path, self.env.config.kb_sidecar_fields)
        # A web page's or PDF's own metadata fills what the sidecar does not
        # give; the rest is not read (a page's date search is costly).
        source = read_source(raw_path, [key for key in PAGE_KEYS if not sidecar.get(key)],
                             Path(self.env.doctreedir) / EXTRACT_CACHE)
        article = source.article
        sidecar, page_fields = merged(sidecar, source)
        segments = cleaned_segments(source, sidecar.get("title"))
        segments = remove_learnt(segments, learnt_for(self.env, sidecar.get("outlet"),
                                                      sidecar.get("url")))
        segments = join_cut_sentences(self._curated(segments, article, sidecar,
                                                    source.extractor))
        language = check_language(sidecar.get("language") or None, article_text(segments),
                                  by_page="language" in page_fields)
        self._report(source, sidecar, raw_path, segments, language, page_fields)
        meta = build_meta(source_id, article, sidecar, segments, language, source.extractor,
                          page_fields)
        if source.extractor:
            check_extraction(self.env, meta, sum(s.kind == PASSAGE for s in segments))
        return [self._page(meta, source, segments, language.detected)]

    def _curated(self, segments: list[Segment], article: RawArticle, sidecar: Sidecar,
                 extractor: str) -> list[Segment]:
        """The curator's corrections (sidecar, then ``kb_outlet_cleaning``),
        after the automatic rules; their problems are the sidecar's."""
        corrections, problems = sidecar_corrections(sidecar, article.text.count("\n") + 1,
                                                    "extracted text" if extractor else "article")
        sidecar.problems.extend(problems)
        outlet = outlet_corrections(self.env.config.kb_outlet_cleaning,
                                    sidecar.get("outlet"), sidecar.get("url"))
        return apply_corrections(segments, combine(corrections, outlet))

    def _report(self, source: SourceText, sidecar: Sidecar, raw_path: Path,
                segments: list[Segment], language: LanguageCheck,
                page_fields: tuple[str, ...]) -> None:
        for line, message in source.article.problems:
            warn("source", f"{message}", location=(raw_path, line))
        # What the file itself supplies: the id (from the file name), a title
        # (its first kept line), a language the identifier is sure of, and a
        # web page's or PDF's own metadata (whose kind only the curator knows).
        found = {key for key in PAGE_KEYS if source.meta.get(key)}
        if language.detected:
            found.add("language")
        if source.extractor:  # the id is the file name's; the kind only the curator knows
            found |= {"id", "kind"}
        for line, message in sidecar.problems:
            warn("sidecar", message, location=(sidecar.path, line))
        if sidecar.path is None:
            found.add("id")
            if any(s.kind in (HEADING, PASSAGE) for s in segments):
                found.add("title")
            missing = [key for key in REQUIRED if key not in found]
            if missing and not source.empty_reason:  # one warning, naming only what is missing
                warn("sidecar", "no metadata sidecar (expected "
                     f"{raw_path.with_suffix('.yaml').name}); not found: {', '.join(missing)}; "
                     "defaults used", location=(raw_path, 1))
        else:
            missing = [key for key in sidecar.missing if key not in found]
            if missing:
                warn("sidecar", f"missing required key(s): {', '.join(missing)}",
                     location=(sidecar.path, 1))
        if language.problem:
            where = ((raw_path, 1) if "language" in page_fields
                     else (sidecar.path, sidecar.line("language")))
            warn("sidecar", language.problem, location=where)

    def _page(self, meta: SourceMeta, source: SourceText, segments: list[Segment],
              language_detected: bool = False) -> nodes.section:
        article = source.article
        node_id = f"kb-source-{meta.id}"
        section = nodes.section(ids=[node_id], classes=["kb-source"])
        if self.generated and builder_name(self.env) == KbCheckBuilder.name:
            # Checks read the domain's records only, never the page: without
            # its nodes Sphinx's transforms and pickling have almost nothing
            # to walk (docs/guide/benchmarks.md, "make check"). The title
            # stays: Sphinx records it for the page.
            section += nodes.title("", shown(meta.title))
            self._note(meta, segments, node_id)
            return section
        # Source text is evidence: no typographic rewriting of its quotes or dashes.
        section["support_smartquotes"] = False
        if self.generated:
            # A generated page is this section alone: switching SmartQuotes off
            # for the document spares its walk over every text node (Sphinx's
            # documented switch for extensions). On a copy: Sphinx 8 shares one
            # settings object between the documents it reads.
            self.document.settings = copy.copy(self.document.settings)
            self.document.settings.smart_quotes = False
        section += nodes.title("", shown(meta.title))
        passages = [s for s in segments if s.kind == PASSAGE]
        notes = list(article.notes)
        controls = count_controls(article.text)
        if controls:
            notes.append(f"{controls} control characters shown as symbols (␀ = U+0000)")
        notes += curator_notes(segments)
        if source.extractor:
            notes.append(extraction_note(source))
        if source.empty_reason and passages:
            notes.append(source.empty_reason)
        section += provenance_card(meta, notes, len(passages), language_detected)

        body = nodes.container(classes=["kb-article"])
        number = 0
        for segment in segments:
            if segment.kind == HEADING:
                body += nodes.rubric("", shown(segment.text), classes=["kb-heading"])
            elif segment.kind == PASSAGE:
                number += 1
                body += self._passage(passage_anchor(number), number, segment,
                                      "Link to this passage" + (
                                          f" ({line_range(segment)} of the extracted text)"
                                          if source.extractor else ""))
        if not passages:
            body += nodes.paragraph("", source.empty_reason or "This article has no text.",
                                    classes=["kb-empty"])
        section += body
        # After the article, so that search snippets quote the article's own words first.
        section += kb_placeholder(kind="source", argument=meta.id)
        section += kb_placeholder(kind="neighbourhood", argument=f"source:{meta.id}")
        self._note(meta, segments, node_id)

        comments = [s for s in segments if s.kind == COMMENT]
        if comments:
            section += self._comments(comments)
        if any(s.kind == REMOVED for s in segments):
            section += removed_block(segments, bool(source.extractor))
        if source.left_out:
            section += left_out_block(source.left_out)
        return section

    def _note(self, meta: SourceMeta, segments: list[Segment], node_id: str) -> None:
        """Record the source, its passages and its page's placeholders in the domain."""
        domain = kb_domain(self.env)
        docname = self.env.docname
        records: dict[str, PassageRecord] = {}
        number = 0
        # Whether the last passage ends mid-sentence, and lines were removed after it.
        open_sentence = cut = False
        for segment in segments:
            if segment.kind == PASSAGE:
                number += 1
                anchor = passage_anchor(number)
                records[f"{meta.id}/{anchor}"] = PassageRecord(
                    docname, anchor, meta.id, number, segment.text,
                    (segment.start, segment.end), open_sentence and cut)
                open_sentence = ends_open(segment.text)
            if segment.kind == REMOVED:
                cut = True
            else:
                cut = False
                open_sentence = open_sentence and segment.kind == PASSAGE
        domain.note_placeholder(docname, "source", meta.id)
        domain.note_placeholder(docname, "neighbourhood", f"source:{meta.id}")
        record = SourceRecord(docname, node_id, meta, tuple(records), self._line())
        # Passages too, even when another page shows the same source: of two
        # pages, the domain uses the one whose name sorts first for the source
        # and for each passage alike, and keeps the other for when it goes.
        domain.note_object("source", meta.id, record)
        for full_id, passage in records.items():
            domain.note_object("passage", full_id, passage)

    def _line(self) -> int:
        """The line of the page that shows the source (0: unknown)."""
        if isinstance(self.location, tuple):
            return self.location[1] or 0
        line = self.location.rpartition(":")[2]
        return int(line) if line.isdigit() else 0

    @staticmethod
    def _passage(anchor: str, number: int, segment: Segment, title: str,
                 prefix: str = "¶") -> kb_passage:
        passage = kb_passage("", " " + shown(segment.text), ids=[anchor], classes=["kb-passage"],
                             mark=f"{prefix}{number}", mark_title=title)
        if segment.reason:  # a line the cleaner removed and the curator kept, and where
            passage += nodes.inline("", f" [{segment.reason}]", classes=["kb-curated"])
        return passage

    def _comments(self, comments: list[Segment]) -> nodes.section:
        section = nodes.section(ids=["reader-comments"], classes=["kb-comments"])
        section += nodes.title("", "Reader comments (not part of the article)")
        section += nodes.paragraph(
            "", "Readers' comments scraped with the page. They are kept as evidence of the "
            "page's reception but are not the outlet's text and are never cited as its passages.",
            classes=["kb-comments-note"])
        for number, segment in enumerate(comments, start=1):
            section += self._passage(f"c{number}", number, segment, "Link to this comment", "c")
        return section


class SourceDirective(SphinxDirective):
    """Render one article, by id, from the sources folder."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        return SourcePage(self.env, self.state.document,
                          self.get_location()).build(self.arguments[0])


class SourceStubParser(Parser):
    """Reads a generated ``sources/<id>`` page file (see :func:`.discovery.stub_text`)
    straight into the article's nodes: a generated page needs none of a markup
    parser's work, which at 10,000 sources was a sizeable part of reading."""

    supported = (STUB_FILETYPE,)

    def parse(self, inputstring: str, document: nodes.document) -> None:
        self.setup_parse(inputstring, document)
        env: BuildEnvironment = document.settings.env
        source_id, line = stub_source_id(inputstring)
        # The page is not in any toctree; "orphan" in its metadata says so.
        document += nodes.docinfo("", nodes.field("", nodes.field_name("", "orphan"),
                                                  nodes.field_body()))
        if source_id is None:
            warn("ref", "source page file names no source (expected a line "
                 "'source: <id>')", location=(env.docname, line))
        else:
            page = SourcePage(env, document, (env.docname, line), generated=True)
            document.extend(page.build(source_id))
        self.finish_parse()
