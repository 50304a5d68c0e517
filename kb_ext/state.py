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

    def evidence(self) -> Evidence:
        """This build's derived evidence, derived on first use when
        env-get-updated had no reason to (nothing was read)."""
        state = self.build
        if state.evidence is None:
            state.evidence = derive(self.domain)
        return state.evidence

    def rederive(self) -> Evidence:
        """Derive again from the domain as it is now (after reading)."""
        state = self.build
        state.evidence = derive(self.domain)
        state.collected = {}
        return state.evidence
