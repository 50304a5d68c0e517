"""The network as GraphML, for Gephi, Cytoscape and networkx.

Nodes are sources, actors, themes, claims and events, each with a ``type``
and a ``label`` (title, name or statement); node ids are ``<type>:<id>``.
Edges are directed and typed:

``position``  source → claim, with its ``stance``, ``verified`` and ``passage``
``mentions``  source → actor, ``weight`` = passages of the source naming the actor
``about``     claim → actor / theme / event, event → actor / theme
``describes`` source → event (an event's sources)

Made from kb.json's data, in kb.json's order with no timestamps, so the same
data gives the same bytes. Every id and text passes through :func:`_escaped`
(the keys and types are this module's constants).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, NamedTuple

NS = "http://graphml.graphdrawing.org/xmlns"
#: characters XML 1.0 does not allow, even escaped
XML_FORBIDDEN = re.compile("[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")


class Key(NamedTuple):
    id: str
    domain: str  # "node" or "edge"
    name: str
    type: str    # GraphML attr.type: string, boolean, int, double


KEYS = (
    Key("type", "node", "type", "string"), Key("label", "node", "label", "string"),
    Key("outlet", "node", "outlet", "string"), Key("published", "node", "published", "string"),
    Key("kind", "node", "kind", "string"), Key("status", "node", "status", "string"),
    Key("date", "node", "date", "string"), Key("url", "node", "url", "string"),
    # How a source is assessed, and a claim's verdict (sidecar and directive fields).
    Key("reliability", "node", "reliability", "string"),
    Key("credibility", "node", "credibility", "int"),
    Key("archive_url", "node", "archive_url", "string"),
    Key("language", "node", "language", "string"),
    Key("wikidata", "node", "wikidata", "string"), Key("verdict", "node", "verdict", "string"),
    Key("etype", "edge", "type", "string"), Key("stance", "edge", "stance", "string"),
    Key("verified", "edge", "verified", "boolean"), Key("passage", "edge", "passage", "string"),
    Key("weight", "edge", "weight", "double"),
)


_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def _escaped(value: Any) -> str:
    """A value as XML text or attribute value: escaped, and the characters
    XML cannot hold at all as U+FFFD."""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if XML_FORBIDDEN.search(text):
        text = XML_FORBIDDEN.sub("\ufffd", text)
    return text.translate(_ESCAPES) if _NEEDS_ESCAPE.search(text) else text


_NEEDS_ESCAPE = re.compile('[&<>"]')


class _Graph:
    """Writes nodes and edges as lines: at 10,000 sources the network has
    hundreds of thousands of edges, and building them as ElementTree elements
    cost several times the rest of the exports together."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        #: node id -> the id escaped; the ids of a source and an actor recur
        #: in hundreds of thousands of edges at 10,000 sources
        self.nodes: dict[str, str] = {}
        self.edges = 0

    def node(self, node_id: str, **data: Any) -> None:
        self.nodes[node_id] = escaped = _escaped(node_id)
        self.lines.append(f'    <node id="{escaped}">')
        self._data(data)
        self.lines.append("    </node>")

    def edge(self, source: str, target: str, **data: Any) -> None:
        nodes = self.nodes
        if source not in nodes or target not in nodes:
            return  # a link to an object that does not exist (warned as kb.ref)
        self.lines.append(f'    <edge id="e{self.edges}" source="{nodes[source]}" '
                          f'target="{nodes[target]}">')
        self.edges += 1
        self._data(data)
        self.lines.append("    </edge>")

    def _data(self, data: dict[str, Any]) -> None:
        for key, value in data.items():
            if value is not None and value != "":
                # A number needs no escaping; a bool is a number too, written as a word.
                text = (str(value) if type(value) in (int, float) else _escaped(value))
                self.lines.append(f'      <data key="{key}">{text}</data>')


class MentionEdge(NamedTuple):
    """A source -> actor edge as written, but for its number (edges are
    numbered in the order written, and these come last)."""

    target: str  #: the actor's node id
    body: str    #: the edge's text after ``<edge id="e<n>" ``


def source_nodes(sources: list[dict[str, Any]]) -> list[str]:
    """The sources' node lines, from kb.json's sources."""
    graph = _Graph()
    for s in sources:
        graph.node(f"source:{s['id']}", type="source", label=s["title"], outlet=s["outlet"],
                   published=s["published"], kind=s["kind"], url=s["page"],
                   reliability=s.get("reliability"), credibility=s.get("credibility"),
                   archive_url=s.get("archive_url"), language=s.get("language"))
    return graph.lines


def mention_edges(sources: list[dict[str, Any]]) -> list[MentionEdge]:
    """Each source's edges to the actors it names, weighted by the passages
    naming them."""
    edges = []
    for s in sources:
        source = _escaped(f"source:{s['id']}")
        named = Counter(m["actor"] for p in s["passages"] for m in p["mentions"])
        for actor_id in sorted(named):
            target = f"actor:{actor_id}"
            edges.append(MentionEdge(target, "\n".join([
                f'source="{source}" target="{_escaped(target)}">',
                '      <data key="etype">mentions</data>',
                f'      <data key="weight">{float(named[actor_id])}</data>', "    </edge>"])))
    return edges


def graphml_bytes(data: dict[str, Any], version: int) -> bytes:
    """The whole network from kb.json's ``data``."""
    sources = data.get("sources", [])
    return assembled(data, version, source_nodes(sources), [s["id"] for s in sources],
                     mention_edges(sources))


def assembled(data: dict[str, Any], version: int, source_lines: list[str],
              source_ids: list[str], mentions: list[MentionEdge]) -> bytes:
    """The network from the sources' nodes and mention edges, made by
    :func:`source_nodes` and :func:`mention_edges` (perhaps by an earlier
    build), and the curated objects of kb.json's ``data``."""
    graph = _Graph()
    head = ["<?xml version='1.0' encoding='utf-8'?>", f'<graphml xmlns="{NS}">']
    for key in (*KEYS, Key("version", "graph", "version", "int")):
        head.append(f'  <key id="{key.id}" for="{key.domain}" attr.name="{key.name}" '
                    f'attr.type="{key.type}" />')
    head += ['  <graph id="kb" edgedefault="directed">',
             f'    <data key="version">{version}</data>']
    graph.lines.extend(source_lines)
    for source_id in source_ids:
        node_id = f"source:{source_id}"
        graph.nodes[node_id] = _escaped(node_id)
    actors, claims = data.get("actors", []), data.get("claims", [])
    themes, events = data.get("themes", []), data.get("events", [])
    for a in actors:
        graph.node(f"actor:{a['id']}", type="actor", label=a["name"], kind=a["kind"],
                   url=a["page"], wikidata=a.get("wikidata"))
    for t in themes:
        graph.node(f"theme:{t['id']}", type="theme", label=t["title"], url=t["page"])
    for c in claims:
        graph.node(f"claim:{c['id']}", type="claim", label=c["statement"], status=c["status"],
                   url=c["page"], verdict=c.get("verdict"))
    for e in events:
        graph.node(f"event:{e['id']}", type="event", label=e["title"], kind=e["kind"],
                   date=e["date"], url=e["page"])
    for c in claims:
        for p in c["positions"]:
            graph.edge(f"source:{p['source']}", f"claim:{c['id']}", etype="position",
                       stance=p["stance"], verified=p["verified"], passage=p["passage"])
        for field, target in (("actors", "actor"), ("themes", "theme"), ("events", "event")):
            for linked in c[field]:
                graph.edge(f"claim:{c['id']}", f"{target}:{linked}", etype="about")
    for e in events:
        for field, target in (("actors", "actor"), ("themes", "theme")):
            for linked in e[field]:
                graph.edge(f"event:{e['id']}", f"{target}:{linked}", etype="about")
        # An event may name a source or one of its passages: one edge per source.
        for source_id in dict.fromkeys(linked.partition("/")[0] for linked in e["sources"]):
            graph.edge(f"source:{source_id}", f"event:{e['id']}", etype="describes")
    numbered = graph.edges
    for edge in mentions:
        if edge.target in graph.nodes:
            graph.lines.append(f'    <edge id="e{numbered}" {edge.body}')
            numbered += 1
    return "\n".join([*head, *graph.lines, "  </graph>", "</graphml>", ""]).encode("utf-8")
