"""What a build knows, in one typed place.

The domain holds what documents contributed (pickled with the environment);
:class:`BuildState` holds what this build computed (derived evidence, the
collected views, the labels it published, which documents it read), kept
off the environment so the pickle stays small. Every part of kb_ext reaches
both through :class:`KnowledgeBase`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from sphinx.application import Sphinx

from .derive.evidence import Evidence, derive
from .diagnostics import recording, replay
from .knowledge.check_builder import KbCheckBuilder
from .knowledge.domain import KbDomain, kb_domain
from .knowledge.records import Placeholder


@dataclass
class BuildState:
    """This build's results; a new build (a new application) starts empty."""

    evidence: Evidence | None = None
    #: what each placeholder shows, collected on env-get-updated and rendered as is
    collected: dict[Placeholder, object] = field(default_factory=dict)
    #: std labels this process published for writing
    published_labels: list[str] = field(default_factory=list)
    #: True until env-get-outdated has checked for an unfinished earlier build
    pending: bool = True
    #: documents read or removed; None before env-get-outdated
    changed: set[str] | None = None
    #: what reading changed, as dependency keys (kb_ext.views.tracking); None: unknown
    changed_keys: set[str] | None = None
    #: whether this build ran the checks after reading (kb_ext.knowledge.report)
    checked: bool = False
    #: whether this build said what deriving warns (derived, or said again)
    derived_warned: bool = False


_STATES: WeakKeyDictionary[Sphinx, BuildState] = WeakKeyDictionary()


class KnowledgeBase:
    """Typed access to a build's knowledge: the domain's stores and caches,
    this build's state, and the one evidence view every output reads."""

    def __init__(self, app: Sphinx) -> None:
        self.app = app

    @property
    def domain(self) -> KbDomain:
        return kb_domain(self.app.env)

    @property
    def build(self) -> BuildState:
        state = _STATES.get(self.app)
        if state is None:
            state = _STATES[self.app] = BuildState()
        return state

    @property
    def writes_pages(self) -> bool:
        """False for the ``kbcheck`` builder (kb_ext.knowledge.check_builder),
        which only checks: what only pages show need not be derived."""
        return self.app.builder.name != KbCheckBuilder.name

    def evidence(self) -> Evidence:
        """This build's derived evidence, derived on first use when
        env-get-updated had no reason to (nothing was read)."""
        state = self.build
        if state.evidence is None:
            # Its warnings were said again from the last derive (replay_derived).
            with recording(quiet=state.derived_warned):
                state.evidence = derive(self.domain, mentions=self.writes_pages)
            state.derived_warned = True
        return state.evidence

    def rederive(self) -> Evidence:
        """Derive again from the domain as it is now (after reading); what it
        warns is kept, to be said again by a build that does not derive."""
        state = self.build
        with recording(quiet=state.derived_warned) as warned:
            state.evidence = derive(self.domain, mentions=self.writes_pages)
        self.domain.derived_warnings = tuple(warned)
        state.derived_warned = True
        state.collected = {}
        return state.evidence

    def replay_derived(self) -> None:
        """On a build that does not derive again: what the last derive warned."""
        state = self.build
        if not state.derived_warned:
            state.derived_warned = True
            replay(self.domain.derived_warnings)
