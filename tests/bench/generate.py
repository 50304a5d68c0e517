"""Deterministic synthetic corpus for the build benchmark.

``generate(n, workdir)`` writes, under ``workdir``:

``articles/``
    ``n`` scraped-looking articles (``.txt``, 600–1200 words of body text
    each) with valid ``.yaml`` sidecars (schema in docs/guide/sources.md).
    Every body paragraph is one line of at least 30 words ending in a period,
    so the cleaner keeps it as a passage; around it sit site menus, repeated
    headlines, bylines, teasers, share buttons, advertisements, "read more"
    links, newsletter prompts, tag rows, author boxes, footers and reader
    comments, all shaped to match the cleaner's general rules
    (kb_ext/sources/clean.py). Actors are written in varying spellings:
    full names, surnames, Belarusian- and Polish-style transliterations,
    Cyrillic, possessives, titles and capitals.
``kb/``
    A kb_ext project (``kb_sources_dir = "../articles"``) with hundreds of
    ``kb:actor`` pages (with their aliases), tens of ``kb:theme`` pages, and
    ``kb:claim`` pages with thousands of ``kb:position`` entries in total. Each
    position quotes a real sentence (or part of one) of a generated article and
    cites the passage ``p<N>`` that contains it.
``plain/``
    A plain Sphinx + MyST project with the same article texts, one page per
    article in a flat toctree, same theme (furo), no kb_ext.
``plain-list/``
    The same pages again, but each an orphan linked from a bulleted list on
    the index page instead of a toctree: like the KB's source pages, which are
    listed by ``kb:index`` and are not in any toctree. With furo every page of
    ``plain/`` carries the whole flat toctree in its sidebar, which costs
    O(N) per page; ``plain-list/`` is the like-for-like baseline.
``bench.json``
    Counts, the extensions of both projects, and the edits ``run.py`` applies
    for its incremental builds.

Two corpus shapes (:data:`SHAPES`, ``corpus=`` / ``--corpus``):

``standard`` (the default)
    as above: 600–1200 words in about 13 passages an article, some 5.5 actor
    mentions a passage.
``short``
    3–6 passages of 150–300 words in all, with two to four actors named in
    every sentence (about 13 mentions a passage): besides the spellings
    above, Czech- and German-style romanisations (Lukašenko, Lukaschenko)
    and, in the four articles in ten whose sidecar gives a language that
    declines names (be, ru, pl, uk), declined forms (Kovalenki, России).
    Every such spelling is one that kb_ext's matcher attributes to its
    actor. Actors, claims, positions and the edits are made as for the
    standard corpus.

``bench.json`` also holds the corpus's ``shape`` (:func:`shape_stats`): mean
words and passages per article, mentions and actors per passage as
``kb_ext.derive.mentions.AliasMatcher`` finds them.

Everything is drawn from one ``random.Random`` seeded with ``(seed, n)`` (and
the corpus name, except for the standard corpus), and nothing iterates over a
set, so the same arguments give byte-identical files.

Run ``python -m tests.bench.generate N WORKDIR [--corpus short] [--verify]``; ``--verify``
re-classifies every article with kb_ext's cleaner and checks that its passages
are exactly the generated body paragraphs.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

SEED = 20261123
PROSE_MIN_WORDS = 30        # well above the cleaner's rule limits (≤ 25 words)
KB_EXTENSIONS = ["myst_parser", "sphinx_design", "kb_ext"]
PLAIN_EXTENSIONS = ["myst_parser"]

# -- word lists ---------------------------------------------------------------

FIRST_NAMES = [
    "Alexander", "Viktor", "Sergei", "Olga", "Maria", "Anna", "Ivan", "Dmitri", "Pavel",
    "Natalia", "Yuri", "Andrei", "Mikhail", "Tatiana", "Elena", "Oleg", "Igor", "Roman",
    "Kirill", "Svetlana", "Janusz", "Tomas", "Kristina", "Agnieszka", "Peter", "Helen",
    "Vladimir", "Ludmila", "Stanislav", "Valeria", "Gennady", "Irina", "Leonid", "Marina",
    "Nikolai", "Vera", "Boris", "Galina", "Artem", "Yana", "Vitaly", "Daria", "Ales",
    "Zmitser", "Ryhor", "Katsiaryna", "Uladzimir", "Siarhei", "Aliaksandr", "Palina",
]
ONSETS = ["b", "br", "d", "dr", "g", "gr", "k", "kr", "l", "m", "n", "p", "pr", "r", "s",
          "st", "t", "tr", "v", "z", "zh", "sh", "ch", "kh", "ts", "sl", "sm", "sk", "bel",
          "hor", "yar", "mal", "dub", "vol"]
VOWELS = ["a", "e", "i", "o", "u", "ya", "yu", "ie"]
CODAS = ["", "", "n", "r", "l", "v", "sh", "k", "m", "d"]
SURNAME_ENDINGS = ["enko", "enko", "ovich", "evich", "sky", "ov", "ev", "in", "uk", "chuk",
                   "ich", "ovsky", "yonak", "ets", "an", "ik"]
STATE_ENDINGS = ["ia", "ova", "enia", "aria", "istan", "onia", "avia", "eria"]
CITY_ENDINGS = ["sk", "grad", "ov", "ino", "polis", "ets", "ava", "burg", "ichy"]

TOPICS = [
    "the gas transit agreement", "the customs union", "potash exports", "the border crossings",
    "the new electoral law", "the coordination council", "the state budget",
    "energy subsidies", "the nuclear power plant", "the joint military exercises",
    "the visa regime", "the refinery contracts", "the privatisation programme",
    "the constitutional referendum", "the media law", "the sanctions package",
    "the loan agreement", "the integration roadmap", "the railway concession",
    "the grain corridor", "the pension reform", "the airspace ban", "the trade embargo",
    "the security pact", "the oil tax manoeuvre", "the single currency plan",
    "the airbase proposal", "the migrant crisis on the border", "the prisoner exchange",
    "the wage freeze", "the fertiliser quotas", "the treaty on the union state",
    "the language law", "the election observation mission", "the defence budget",
    "the debt restructuring", "the electricity tariffs", "the amnesty bill",
    "the ban on independent trade unions", "the transit fees", "the dairy import quotas",
    "the highway project", "the arms deliveries", "the student exchange programme",
]
TRANSITIVE = [
    "criticised", "praised", "accused", "warned", "thanked", "met", "urged", "rebuked",
    "courted", "threatened", "reassured", "congratulated", "challenged", "supported",
    "defended", "condemned", "lobbied", "consulted", "snubbed", "telephoned",
]
TOPIC_VERBS = [
    "signed", "rejected", "postponed", "endorsed", "questioned", "defended", "renegotiated",
    "blocked", "welcomed", "froze", "suspended", "announced", "revived", "scrapped",
    "extended", "ratified", "denounced", "delayed", "amended", "proposed",
]
ADVERBIALS = [
    "on Tuesday", "late on Friday", "during a televised address",
    "at a press conference in {city}", "in an interview with {media}",
    "after weeks of negotiations", "for the first time since {year}",
    "in a statement published on the ministry website", "at the summit in {city}",
    "behind closed doors", "without consulting parliament", "amid growing discontent",
    "on the sidelines of the forum in {city}", "in a rare public appearance",
    "shortly before the vote", "in remarks carried by state television",
    "during a visit to the {word} district", "at a meeting with factory workers in {city}",
]
CONSEQUENCES = [
    "a move that analysts said would deepen the country's dependence on {state}",
    "which critics described as a betrayal of national interests",
    "raising fresh doubts about the future of {topic}",
    "although few details were made public",
    "prompting a sharp response from {actor}",
    "a decision that surprised many observers in {city}",
    "which opposition figures dismissed as a publicity stunt",
    "and promised further talks before the end of {year}",
    "while officials in {city} declined to comment",
    "a step that could cost the treasury about {number} million dollars",
    "even though turnout in {word} was the lowest in years",
    "leaving the fate of {topic} unresolved",
]
GROUPS = [
    "the government", "opposition activists", "analysts", "diplomats", "the finance ministry",
    "local officials", "independent observers", "trade unions", "border guards",
    "state media", "lawmakers", "protesters", "business leaders", "regional governors",
    "economists", "human rights groups", "military commanders", "election officials",
    "students", "pensioners", "farmers in the {word} region", "workers at the {word} plant",
]
PREDICATES = [
    "remains the main source of friction between the two capitals",
    "has become a test of loyalty for the political elite",
    "was never as popular as official figures suggested",
    "depends on cheap energy and generous loans",
    "will shape relations for years to come",
    "has been quietly abandoned by both sides",
    "exposes how little room for manoeuvre is left",
    "is widely seen as a bargaining chip",
    "has cost the economy roughly {number} percent of output",
    "could collapse if the subsidies are withdrawn",
    "is more symbolic than practical",
    "was drafted with almost no public debate",
    "has divided the ruling coalition",
]
OPINIONS = [
    "believe", "argue", "suspect", "fear", "doubt", "insist", "claim", "expect", "warn",
]
SUBHEADINGS = [
    "A fragile balance", "What comes next", "The view from the capital", "Money and loyalty",
    "An old dispute returns", "Pressure from the neighbours", "The economic cost",
    "Reaction abroad", "Inside the ruling elite", "Voices from the street",
    "Security first", "A test for the opposition",
]
COMMENTS = [
    "This is exactly what I expected from them, nothing will change until the money runs out.",
    "The author forgets that the same thing happened ten years ago and nobody cared then.",
    "Another biased piece that ignores what ordinary people in the provinces actually think.",
    "Thank you for a balanced article, it is rare to read something so careful these days.",
    "Follow the money and you will understand every single decision described here.",
    "I lived there for years and the situation is far more complicated than this.",
]
COMMENTERS = ["Frank O'Hara", "Mikhail Petrov", "Jane Smith", "Observer 77", "Tom Riley",
              "Anna K", "Realist", "Piotr Nowak"]
OUTLET_WORDS = ["Herald", "Gazette", "Monitor", "Review", "Observer", "Times", "Digest",
                "Courier", "Bulletin", "Chronicle", "Post", "Journal"]
KINDS = ["news report", "news report", "opinion/analysis", "opinion/analysis",
         "state-owned media", "Q&A answer", "blog post", "interview"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
THEME_WORDS = [
    "Energy dependence", "Election disputes", "Sanctions", "Military cooperation",
    "Media freedom", "Border security", "Economic integration", "Civil society",
    "Diaspora politics", "Trade disputes", "Nuclear energy", "Migration", "Religion",
    "Language policy", "Labour unrest", "Foreign loans", "Regional alliances",
    "Cyber operations", "Agriculture", "Transport corridors", "Privatisation",
    "Repression", "Constitutional reform", "Historical memory", "Public health",
]
CLAIM_PREDICATES = [
    "depends on subsidies from {state}", "rigged the vote in {year}",
    "is preparing to host foreign troops", "secretly backed the protests",
    "will leave the customs union", "cannot survive without cheap gas",
    "ordered the crackdown on journalists", "is negotiating a new loan",
    "lost the support of the security services", "exaggerates the threat from the West",
    "profits from the sanctions", "controls the state media narrative",
    "blocked the prisoner exchange", "is losing influence in {city}",
]

# Real states and blocs with their usual spellings (name, kind, aliases, weight).
REAL_ACTORS = [
    ("russia", "Russia", "state", ["Russian Federation", "Russian", "Moscow", "Kremlin", "Россия",
                                   "Российская Федерация"], 40),
    ("belarus", "Belarus", "state", ["Republic of Belarus", "Belarusian", "Belorussia",
                                     "Byelorussia", "Minsk", "Беларусь", "Белоруссия",
                                     "Рэспубліка Беларусь"], 40),
    ("poland", "Poland", "state", ["Polish", "Warsaw", "Polska", "Польша"], 8),
    ("lithuania", "Lithuania", "state", ["Lithuanian", "Vilnius", "Lietuva", "Литва"], 6),
    ("ukraine", "Ukraine", "state", ["Ukrainian", "Kyiv", "Kiev", "Україна", "Украина"], 10),
    ("china", "China", "state", ["Chinese", "Beijing", "Китай"], 5),
    ("germany", "Germany", "state", ["German", "Berlin", "Германия"], 4),
    ("united-states", "United States", "state", ["US", "USA", "Washington", "American",
                                                  "США"], 8),
    ("eu", "European Union", "alliance", ["EU", "Brussels", "Евросоюз"], 10),
    ("nato", "NATO", "alliance", ["North Atlantic Alliance", "НАТО"], 6),
    ("un", "United Nations", "organisation", ["UN", "ООН"], 3),
    ("osce", "OSCE", "organisation", ["Organization for Security and Co-operation in Europe",
                                      "ОБСЕ"], 3),
]
REAL_CAPITALS = ["Moscow", "Minsk", "Warsaw", "Vilnius", "Kyiv", "Beijing", "Berlin",
                 "Washington", "Brussels", "Geneva"]
TITLES = {"person": ["President", "Minister", "Senator", "Governor", "Ambassador", "General",
                     "Mayor", "Deputy"]}

_CYRILLIC = [("shch", "щ"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"),
             ("ya", "я"), ("yu", "ю"), ("ie", "е"), ("a", "а"), ("b", "б"), ("v", "в"),
             ("g", "г"), ("d", "д"), ("e", "е"), ("z", "з"), ("i", "и"), ("y", "ы"),
             ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"),
             ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"), ("h", "х"),
             ("c", "к"), ("j", "й"), ("w", "в"), ("x", "кс"), ("q", "к")]


def cyrillic(text: str) -> str:
    """A plausible Cyrillic spelling of a romanised name."""
    words = []
    for word in text.split():
        lower, out, i = word.lower(), [], 0
        while i < len(lower):
            for latin, cyr in _CYRILLIC:
                if lower.startswith(latin, i):
                    out.append(cyr)
                    i += len(latin)
                    break
            else:
                out.append(lower[i])
                i += 1
        words.append("".join(out).capitalize())
    return " ".join(words)


def belarusian(text: str) -> str:
    """Belarusian Latin-style transliteration (Lukashenko → Lukašenka)."""
    text = re.sub(r"enko\b", "enka", text)
    text = re.sub(r"ov\b", "aŭ", text)
    return text.replace("sh", "š").replace("ch", "č").replace("zh", "ž").replace("kh", "ch")


def polish(text: str) -> str:
    """Polish-style transliteration (Lukashenko → Łukaszenka)."""
    text = re.sub(r"enko\b", "enka", text)
    text = re.sub(r"sky\b", "ski", text)
    text = text.replace("sh", "sz").replace("ch", "cz").replace("zh", "ż").replace("v", "w")
    return re.sub(r"^L", "Ł", text)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class Zipf:
    """Draw items with probability proportional to 1 / rank**s."""

    def __init__(self, items: list, s: float = 1.0, weights: list[float] | None = None):
        self.items = items
        weights = weights or [1 / (rank + 1) ** s for rank in range(len(items))]
        self.cum = list(itertools.accumulate(weights))

    def draw(self, rng: random.Random):
        return self.items[bisect.bisect(self.cum, rng.random() * self.cum[-1])]


@dataclass
class Actor:
    id: str
    name: str
    kind: str
    aliases: list[str]
    spellings: list[str]          # what articles write (name and aliases, plus titles)
    role: str = ""
    short: str = ""               # single-token spelling that may be edited away


@dataclass
class Article:
    index: int
    id: str
    title: str
    outlet: str
    author: str
    published: str
    stem: str
    paragraphs: list[list[str]] = field(default_factory=list)   # sentences per passage
    cast: list[Actor] = field(default_factory=list)
    language: str = "en"


@dataclass
class Corpus:
    n: int
    articles: list[Article]
    actors: list[Actor]
    themes: list[tuple[str, str, str]]
    claims: list[dict]
    manifest: dict
    shape: str = "standard"


# -- names ---------------------------------------------------------------------

def _fold_key(text: str) -> tuple[str, ...]:
    """The matcher's view of an alias (kb_ext folds case, diacritics, homoglyphs)."""
    from kb_ext.normalize import WORD, fold

    return tuple(WORD.findall(fold(text)))


class NameBook:
    """Hands out names whose every spelling is distinct for kb_ext's matcher."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.taken: set[tuple[str, ...]] = set()
        for word in itertools.chain(*(t.split() for t in TOPICS + GROUPS + PREDICATES)):
            self.taken.add(_fold_key(word))

    def free(self, *texts: str) -> bool:
        keys = [_fold_key(t) for t in texts]
        return all(k and k not in self.taken for k in keys) and len(set(keys)) == len(keys)

    def claim(self, *texts: str) -> None:
        self.taken.update(_fold_key(t) for t in texts)

    def root(self, syllables: int) -> str:
        rng = self.rng
        return "".join(rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS)
                       for _ in range(syllables))


def _person(book: NameBook, index: int) -> Actor:
    rng = book.rng
    while True:
        surname = (book.root(rng.choice((1, 2))) + rng.choice(SURNAME_ENDINGS)).capitalize()
        first = rng.choice(FIRST_NAMES)
        name = f"{first} {surname}"
        variants = list(dict.fromkeys(
            [surname, belarusian(surname), polish(surname), cyrillic(surname),
             f"{belarusian(first)} {belarusian(surname)}", cyrillic(name)]))
        keyed = {_fold_key(v): v for v in variants}   # variants may fold together
        variants = [v for k, v in keyed.items() if k != _fold_key(name)]
        if book.free(name, *variants):
            book.claim(name, *variants)
            break
    field_ = rng.choice(["the interior", "foreign affairs", "energy", "defence", "the economy",
                         "justice"])
    role = f"{rng.choice(TITLES['person'])} of {field_}"
    title = role.split(" of ")[0]
    spellings = [name, name, surname, surname, f"{title} {surname}", *variants]
    return Actor(f"{slug(surname)}-{index}", name, "person", variants, spellings, role, surname)


def _state(book: NameBook, index: int) -> tuple[Actor, str]:
    rng = book.rng
    while True:
        root = book.root(2).capitalize()
        name = root + rng.choice(STATE_ENDINGS)
        adjective = re.sub(r"(ia|a)$", "", name) + "ian"
        capital = (book.root(1) + rng.choice(CITY_ENDINGS)).capitalize()
        aliases = [f"Republic of {name}", adjective, capital, cyrillic(name), cyrillic(capital)]
        if book.free(name, *aliases):
            book.claim(name, *aliases)
            break
    spellings = [name, name, f"{adjective} officials", f"the {adjective} government",
                 f"officials in {capital}", capital, cyrillic(name)]
    return Actor(slug(name), name, "state", aliases, spellings), capital


def _organisation(book: NameBook, states: list[Actor], index: int) -> Actor:
    rng = book.rng
    shapes = [
        ("organisation", "{adj} Democratic Party"), ("organisation", "{adj} Workers' Union"),
        ("organisation", "Institute for {topic} Studies"), ("company", "{root} Energy"),
        ("company", "{root} Potash"), ("media", "{root} {outlet}"),
        ("organisation", "{adj} Human Rights Centre"), ("company", "{root} Railways"),
        ("organisation", "Movement for a Free {state}"), ("media", "Radio {root}"),
    ]
    while True:
        kind, shape = rng.choice(shapes)
        state = rng.choice(states)
        name = shape.format(adj=state.aliases[1], root=book.root(2).capitalize(),
                            topic=book.root(2).capitalize(), outlet=rng.choice(OUTLET_WORDS),
                            state=state.name)
        words = [w for w in re.findall(r"[A-Z]\w*", name)]
        acronym = "".join(w[0] for w in words)
        aliases = [acronym] if 3 <= len(acronym) <= 4 else []
        aliases.append(cyrillic(name))
        if book.free(name, *aliases):
            book.claim(name, *aliases)
            break
    spellings = [name, name, f"the {name}", *aliases]
    return Actor(f"{slug(name)}-{index}", name, kind, aliases, spellings)


def make_actors(rng: random.Random, count: int) -> tuple[list[Actor], list[str]]:
    book = NameBook(rng)
    actors, capitals = [], list(REAL_CAPITALS)
    for actor_id, name, kind, aliases, _weight in REAL_ACTORS:
        book.claim(name, *aliases)
        # Adjectives ("Belarusian") are aliases but read oddly as subjects.
        spellings = [name, name, *(a for a in aliases if not a.endswith(("ian", "ese", "an")))]
        if kind == "state":
            adjective = next(a for a in aliases if a.endswith(("ian", "ish", "ese", "an", "US")))
            spellings.append(f"the {adjective} government")
        actors.append(Actor(actor_id, name, kind, aliases, spellings))
    states = []
    for index in range(max(4, count // 12)):
        state, capital = _state(book, index)
        states.append(state)
        capitals.append(capital)
    actors += states
    organisations = [_organisation(book, states, i) for i in range(max(4, count // 5))]
    persons = [_person(book, i) for i in range(max(4, count - len(actors) - len(organisations)))]
    # Interleave so the most-mentioned actors are of every kind. The synthetic
    # states are now in the list twice, so they are drawn about twice as often
    # as their Zipf rank alone would give; pages and counts are per actor id.
    synthetic = states + organisations + persons
    rng.shuffle(synthetic)
    actors = actors + synthetic
    return actors, capitals


# -- article text --------------------------------------------------------------

class Writer:
    def __init__(self, rng: random.Random, actors: list[Actor], capitals: list[str],
                 n: int):
        self.rng = rng
        weights = [w for *_, w in REAL_ACTORS] + [
            20 / (rank + 1) ** 0.9 for rank in range(len(actors) - len(REAL_ACTORS))]
        self.actors = Zipf(actors, weights=weights)
        self.states = [a for a in actors if a.kind == "state"]
        self.capitals = capitals
        book = NameBook(rng)
        book.claim(*itertools.chain(*(a.spellings for a in actors)))
        words = []
        while len(words) < 2000 + 4 * n:
            word = book.root(rng.choice((2, 3))).capitalize()
            if book.free(word):
                book.claim(word)
                words.append(word)
        self.rare = Zipf(words, s=1.05)
        self.media = [f"the {book.root(1).capitalize()} {w}" for w in OUTLET_WORDS]

    def fill(self, template: str, cast: list[Actor]) -> str:
        rng = self.rng
        values = {
            "city": lambda: rng.choice(self.capitals),
            "media": lambda: rng.choice(self.media),
            "year": lambda: str(rng.randint(1994, 2024)),
            "word": lambda: self.rare.draw(rng),
            "state": lambda: rng.choice(self.states).name,
            "topic": lambda: rng.choice(TOPICS),
            "actor": lambda: self.mention(rng.choice(cast)),
            "number": lambda: str(rng.randint(2, 950)),
        }
        return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)](), template)

    def mention(self, actor: Actor) -> str:
        spelling = self.rng.choice(actor.spellings)
        if actor.kind == "person" and self.rng.random() < 0.15:
            spelling += "'s" if not spelling.endswith("s") else "'"
            spelling += " " + self.rng.choice(["government", "allies", "office", "critics"])
        return spelling

    def sentence(self, cast: list[Actor]) -> str:
        rng = self.rng
        a, b = rng.sample(cast, 2) if len(cast) > 1 else (cast[0], cast[0])
        shapes = [
            lambda: f"{self.mention(a)} {rng.choice(TRANSITIVE)} {self.mention(b)} "
                    f"{rng.choice(ADVERBIALS)}, {rng.choice(CONSEQUENCES)}",
            lambda: f"According to {self.mention(a)}, {rng.choice(TOPICS)} "
                    f"{rng.choice(PREDICATES)}",
            lambda: f"{self.mention(a)} {rng.choice(TOPIC_VERBS)} {rng.choice(TOPICS)} "
                    f"{rng.choice(ADVERBIALS)}, {rng.choice(CONSEQUENCES)}",
            lambda: f"{rng.choice(GROUPS)} in {rng.choice(self.capitals)} "
                    f"{rng.choice(OPINIONS)} that {rng.choice(TOPICS)} "
                    f"{rng.choice(PREDICATES)}, while {self.mention(b)} "
                    f"{rng.choice(TOPIC_VERBS)} {rng.choice(TOPICS)}",
            lambda: f"In {{year}}, {self.mention(a)} {rng.choice(TOPIC_VERBS)} "
                    f"{rng.choice(TOPICS)}, {rng.choice(CONSEQUENCES)}",
            lambda: f"For {rng.choice(GROUPS)}, the question is whether {self.mention(a)} "
                    f"will accept {rng.choice(TOPICS)} before {self.mention(b)} "
                    f"{rng.choice(TOPIC_VERBS)} it",
            lambda: f"Residents of {{word}} told {rng.choice(self.media)} that "
                    f"{rng.choice(TOPICS)} {rng.choice(PREDICATES)}",
        ]
        text = self.fill(rng.choice(shapes)(), cast)
        if rng.random() < 0.08 and a.kind == "person":
            text += f", {a.name} ({cyrillic(a.name)}) said"
        text = text[0].upper() + text[1:]
        return text + "."

    def paragraph(self, cast: list[Actor]) -> list[str]:
        sentences: list[str] = []
        while sum(len(s.split()) for s in sentences) < max(PROSE_MIN_WORDS + 2,
                                                           self.rng.randint(35, 90)):
            sentences.append(self.sentence(cast))
        return sentences


_DIGRAPHS = re.compile("shch|sh|ch|zh|kh", re.IGNORECASE)
_CZECH = {"shch": "šč", "sh": "š", "ch": "č", "zh": "ž", "kh": "ch"}
_GERMAN = {"shch": "schtsch", "sh": "sch", "ch": "tsch", "zh": "sch", "kh": "ch"}


def _respell(text: str, scheme: dict[str, str]) -> str:
    def spell(match: re.Match[str]) -> str:
        new = scheme[match.group().lower()]
        return new.capitalize() if match.group()[0].isupper() else new
    return _DIGRAPHS.sub(spell, text)


def czech(text: str) -> str:
    """Czech-style romanisation (Lukashenko → Lukašenko), not among the aliases."""
    return _respell(text, _CZECH)


def german(text: str) -> str:
    """German-style romanisation (Lukashenko → Lukaschenko), not among the aliases."""
    return _respell(text, _GERMAN)


DECLINED_PER_WORD = 2


def declensions(word: str) -> list[str]:
    """Case forms of a one-word name, roughly as Slavic texts write them
    (Kovalenka → Kovalenki, Prevchuk → Prevchukowi, Россия → России,
    Евросоюз → Евросоюзом); none for adjectives and words the endings do not fit."""
    last = word[-1].lower()
    if word.lower().endswith(("ian", "ese")):
        return []
    if re.search("[а-яёіў]", word.lower()):
        table = {"а": ["и", "у", "ой"], "я": ["и", "ю", "ей"], "ь": ["и"], "й": ["я", "ю"],
                 "о": ["а", "у"], "е": ["а", "у"]}
        consonant = ["а", "у", "ом", "е"]
        vowels = "аеёиоуыэюяіь"
    else:
        table = {"a": ["i", "u", "e"], "o": ["a", "u"]}
        consonant = ["a", "u", "owi", "em"]
        vowels = "aeiouy"
    if last in table:
        return [word[:-1] + ending for ending in table[last]]
    return [] if last in vowels else [word + ending for ending in consonant]
#: Sidecar languages of the short corpus's articles that decline names
#: (kb_ext looks for declined forms only in those: kb_ext/derive/spellings.py).
DECLINING = ["be", "ru", "pl", "uk"]


class DenseWriter(Writer):
    """The short corpus's prose: two to four actors named in every sentence,
    in more spellings than the standard corpus uses: Czech- and German-style
    romanisations (found by kb_ext's matcher without being aliases) and, in
    articles in a language that declines names, declined forms (Kovalenku,
    Коваленком, России). Only spellings that kb_ext's own matcher attributes
    to their actor, and to no other, are used."""

    def __init__(self, rng: random.Random, actors: list[Actor], capitals: list[str],
                 n: int):
        super().__init__(rng, actors, capitals, n)
        from kb_ext.derive.mentions import AliasMatcher

        matcher = AliasMatcher({a.id: (a.name, *a.aliases)
                                for a in sorted(actors, key=lambda a: a.id)})
        self.declining = False
        self.romanised: dict[str, list[str]] = {}
        self.declined: dict[str, list[str]] = {}
        real = {actor_id for actor_id, *_ in REAL_ACTORS}
        for actor in actors:
            written = {_fold_key(t) for t in (actor.name, *actor.aliases, *actor.spellings)}
            names = [actor.name, *actor.aliases]
            if actor.short:
                first = actor.name.removesuffix(" " + actor.short)
                names += [actor.short, f"{czech(first)} {czech(actor.short)}",
                          f"{german(first)} {german(actor.short)}"]
            romanised = []
            # Real states and blocs keep their usual spellings ("Chinese" is no "Činese").
            for text in dict.fromkeys(v for name in names if actor.id not in real
                                      for v in (czech(name), german(name))):
                if _fold_key(text) not in written and self._only(matcher, text, actor, False):
                    written.add(_fold_key(text))
                    romanised.append(text)
            self.romanised[actor.id] = romanised
            declined = []
            for word in dict.fromkeys(w for w in [*names, *romanised] if " " not in w and (
                    actor.id not in real or re.search("[а-яё]", w.lower()))):
                cases = declensions(word)
                turn = len(word) % max(1, len(cases))   # vary which cases come first
                cases = cases[turn:] + cases[:turn]
                forms: list[str] = []
                for form in cases:
                    if (len(forms) < DECLINED_PER_WORD and _fold_key(form) not in written
                            and self._only(matcher, form, actor, True) and not matcher.find(form)):
                        written.add(_fold_key(form))
                        forms.append(form)
                declined += forms
            self.declined[actor.id] = declined

    @staticmethod
    def _only(matcher: Any, text: str, actor: Actor, declined: bool) -> bool:
        return [m[0] for m in matcher.find(text, declined)] == [actor.id]

    def mention(self, actor: Actor) -> str:
        rng = self.rng
        roll = rng.random()
        if self.declining and self.declined[actor.id] and roll < 0.3:
            return rng.choice(self.declined[actor.id])
        if self.romanised[actor.id] and roll > 0.7:
            return rng.choice(self.romanised[actor.id])
        return super().mention(actor)

    def sentence(self, cast: list[Actor]) -> str:
        rng = self.rng
        a, b, c, d = rng.sample(cast, 4) if len(cast) >= 4 else rng.choices(cast, k=4)
        m = self.mention
        shapes = [
            lambda: f"{m(a)} and {m(b)} {rng.choice(TRANSITIVE)} {m(c)} "
                    f"{rng.choice(ADVERBIALS)}",
            lambda: f"{m(a)} {rng.choice(TOPIC_VERBS)} {rng.choice(TOPICS)} after talks with "
                    f"{m(b)} and {m(c)}",
            lambda: f"According to {m(a)}, {m(b)} {rng.choice(TRANSITIVE)} {m(c)} over "
                    f"{rng.choice(TOPICS)}",
            lambda: f"{m(a)} told {rng.choice(self.media)} that {m(b)} had "
                    f"{rng.choice(TRANSITIVE)} {m(c)}, {rng.choice(CONSEQUENCES)}",
            lambda: f"Officials close to {m(a)} said that {m(b)}, {m(c)} and {m(d)} "
                    f"{rng.choice(TOPIC_VERBS)} {rng.choice(TOPICS)}",
            lambda: f"{m(a)} {rng.choice(TRANSITIVE)} {m(b)}, and {m(c)} "
                    f"{rng.choice(TRANSITIVE)} {m(d)} {rng.choice(ADVERBIALS)}",
            lambda: f"While {m(a)} {rng.choice(TOPIC_VERBS)} {rng.choice(TOPICS)}, {m(b)} "
                    f"{rng.choice(TRANSITIVE)} {m(c)}",
            lambda: f"For {m(a)} and {m(b)}, {rng.choice(TOPICS)} {rng.choice(PREDICATES)}",
        ]
        text = self.fill(rng.choice(shapes)(), cast)
        if rng.random() < 0.1 and a.kind == "person":
            text += f", {a.name} ({cyrillic(a.name)}) said"
        return text[0].upper() + text[1:] + "."

    def sized_paragraph(self, cast: list[Actor], words: int) -> list[str]:
        sentences: list[str] = []
        while sum(len(s.split()) for s in sentences) < max(PROSE_MIN_WORDS + 2, words):
            sentences.append(self.sentence(cast))
        return sentences


@dataclass(frozen=True)
class Shape:
    """What the articles of a corpus look like."""

    name: str
    words: tuple[int, int]               # body words an article aims at
    cast: tuple[int, int]                # actors drawn for an article
    paragraphs: tuple[int, int] | None   # passages an article has (None: as many as fit)
    declining: float = 0.0               # share of articles in a language that declines


SHAPES = {
    # 600–1200 words in about 13 passages of 35–90 words; some 5.5 mentions a passage.
    "standard": Shape("standard", (600, 1200), (4, 9), None),
    # 3–6 short passages, 150–300 words in all, two to four actors in every
    # sentence; four in ten articles in a language that declines names.
    "short": Shape("short", (150, 300), (6, 12), (3, 6), 0.4),
}


def _title(rng: random.Random, cast: list[Actor]) -> str:
    actor = cast[0]
    name = actor.short or actor.name
    verb = rng.choice(["warns", "defends", "rejects", "backs", "questions", "revives",
                       "blocks", "welcomes"])
    topic = rng.choice(TOPICS).removeprefix("the ")
    words = f"{name} {verb} {topic}".split()[:9]
    return " ".join(words)[0].upper() + " ".join(words)[1:]


def render_article(rng: random.Random, article: Article, outlet: str, titles: list[str]
                   ) -> str:
    """Raw scraped text: header furniture, body with interruptions, footer, comments."""
    lines: list[str] = []

    def block(*texts: str) -> None:
        lines.extend(texts)
        lines.append("")

    header = []
    if rng.random() < 0.6:
        header.append(rng.choice(["Skip to content", "Toggle menu", "Menu", "Search"]))
    if rng.random() < 0.7:
        header.append("Home News Politics Economy World Opinion Video")
    header.append(rng.choice([f"{article.title} | {outlet}", f"{article.title} – {outlet}",
                              f"News / Politics / {article.title}"]))
    if article.author:
        header.append(f"By {article.author}")
    year, month, day = (article.published + "-01-01").split("-")[:3]
    header.append(f"Published {MONTHS[int(month) - 1]} {int(day)}, {year}")
    if rng.random() < 0.4:
        header += ["Share this:", "Facebook", "Twitter"]
    block(*header)
    first = " ".join(article.paragraphs[0])
    if rng.random() < 0.3:
        block(" ".join(first.split()[:rng.randint(9, 14)]).rstrip(",;:") + "...")
    interruptions = [
        lambda: "Advertisement", lambda: "ADVERTISEMENT", lambda: "Sponsored content",
        lambda: f"Read more: {rng.choice(titles)}", lambda: f"Read also: {rng.choice(titles)}",
        lambda: "Subscribe to our newsletter to get the latest news in your inbox",
        lambda: "Join our Telegram channel here", lambda: "Photo: Reuters",
        lambda: "Continue reading",
    ]
    headings = rng.sample(SUBHEADINGS, 2)
    for number, sentences in enumerate(article.paragraphs):
        if number and rng.random() < 0.08:
            block(rng.choice(interruptions)())
        if number and number % 7 == 0 and headings:
            block(headings.pop())
        block(" ".join(sentences))
    footer = ["Share this:", "Facebook", "Twitter", "WhatsApp", "Email", "Print"]
    if rng.random() < 0.5:
        footer += ["Related Posts", *rng.sample(titles, min(3, len(titles)))]
    block(*footer)
    tags = [a.name for a in article.cast[:3]]
    block("Tags: " + ", ".join(tags))
    if article.author:
        block(article.author, f"{article.author} is a senior fellow at the "
                              f"{outlet} Institute for Eastern Studies.")
    block(f"© {year} {outlet}. All rights reserved.", "Privacy Policy", "Terms of Use")
    if rng.random() < 0.35:
        comments = rng.randint(1, 4)
        block(rng.choice(["Leave a Reply", f"{comments} Comments"]))
        for _ in range(comments):
            block(rng.choice(COMMENTERS),
                  f"{rng.randint(1, 28):02d}-{rng.randint(1, 12):02d}-{year[2:]} "
                  f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}")
            block(rng.choice(COMMENTS))
            block("Reply")
        block("Your email address will not be published. Required fields are marked")
    return "\n".join(lines).rstrip("\n") + "\n"


def make_articles(rng: random.Random, writer: Writer, n: int,
                  shape: Shape = SHAPES["standard"]) -> list[Article]:
    outlets = [f"{writer.rare.items[i]} {rng.choice(OUTLET_WORDS)}" for i in range(40)]
    authors = [f"{rng.choice(FIRST_NAMES)} {writer.rare.items[40 + i]}" for i in range(60)]
    articles = []
    for index in range(n):
        cast: list[Actor] = []
        for _ in range(rng.randint(*shape.cast)):
            actor = writer.actors.draw(rng)
            if actor not in cast:
                cast.append(actor)
        if len(cast) < 2:
            cast.append(writer.states[index % len(writer.states)])
        outlet = outlets[int(len(outlets) * rng.random() ** 2)]
        year = rng.randint(2014, 2024)
        published = (f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                     if rng.random() < 0.8 else f"{year}-{rng.randint(1, 12):02d}")
        title = _title(rng, cast)
        source_id = f"{slug(outlet)}-{year}-{slug(' '.join(title.split()[:4]))}-{index:05d}"
        article = Article(index, source_id, title, outlet,
                          rng.choice(authors) if rng.random() < 0.6 else "", published,
                          f"{index:05d}_{rng.getrandbits(48):012x}", cast=cast)
        if shape.paragraphs is None:
            target = rng.randint(*shape.words)
            seen: set[str] = set()
            while sum(len(" ".join(p).split()) for p in article.paragraphs) < target:
                paragraph = writer.paragraph(cast)
                if " ".join(paragraph) not in seen:
                    seen.add(" ".join(paragraph))
                    article.paragraphs.append(paragraph)
        else:
            assert isinstance(writer, DenseWriter)
            if rng.random() < shape.declining:
                article.language = rng.choice(DECLINING)
            writer.declining = article.language in DECLINING
            count = rng.randint(*shape.paragraphs)
            words = rng.randint(*shape.words) // count
            texts: set[str] = set()
            while len(article.paragraphs) < count:
                paragraph = writer.sized_paragraph(cast, words)
                if " ".join(paragraph) not in texts:
                    texts.add(" ".join(paragraph))
                    article.paragraphs.append(paragraph)
        articles.append(article)
    return articles


def sidecar(rng: random.Random, article: Article) -> str:
    data = {
        "id": article.id,
        "title": article.title,
        "outlet": article.outlet,
        "kind": rng.choice(KINDS),
        "published": article.published,
        "language": article.language,
    }
    if len(article.published) < 10:
        data["published_approximate"] = True
    if article.author:
        data["author"] = article.author
    data["url"] = f"https://{slug(article.outlet)}.example.org/{article.id}"
    data["retrieved"] = "2026-11-01"
    data["perspective"] = (f"{article.outlet} is a synthetic outlet generated for the build "
                           f"benchmark; its editorial line is invented.")
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


# -- curated pages -------------------------------------------------------------

def _quote(rng: random.Random, sentence: str) -> str:
    words = sentence.rstrip(".").split()
    if rng.random() < 0.75 or len(words) < 12:
        return sentence
    length = rng.randint(8, 12)
    start = rng.randint(0, len(words) - length)
    return " ".join(words[start:start + length]).strip(",;:")


def make_curated(rng: random.Random, articles: list[Article], actors: list[Actor], n: int,
                 writer: Writer) -> tuple[list[tuple[str, str, str]], list[dict], set]:
    theme_count = min(60, max(5, n // 25))
    themes = []
    for index in range(theme_count):
        base = THEME_WORDS[index % len(THEME_WORDS)]
        title = base if index < len(THEME_WORDS) else f"{base} in {writer.rare.items[100 + index]}"
        themes.append((slug(title), title,
                       f"How the sources discuss {title.lower()} and who is involved."))
    claims: list[dict] = []
    cited: set[tuple[int, int]] = set()
    for index in range(max(4, n // 5)):
        subject = writer.actors.draw(rng)
        statement = writer.fill(f"{subject.name} {rng.choice(CLAIM_PREDICATES)}", [subject])
        statement = statement[0].upper() + statement[1:] + "."
        positions = []
        for _ in range(rng.randint(5, 25)):
            article = rng.choice(articles)
            number = rng.randrange(len(article.paragraphs))
            sentence = rng.choice(article.paragraphs[number])
            cited.add((article.index, number))
            stance = rng.choice(["supports", "supports", "disputes", "reports", "qualifies"])
            note = "Quoted from an interview." if rng.random() < 0.1 else ""
            positions.append((article.id, number + 1, stance, note, _quote(rng, sentence)))
        involved = list(dict.fromkeys([subject.id] + [rng.choice(actors).id
                                                      for _ in range(rng.randint(1, 4))]))
        claims.append({
            "id": f"claim-{index:05d}-{slug(statement)[:40].strip('-')}",
            "statement": statement,
            "status": rng.choice(["disputed", "contested", "uncontested"]),
            "themes": list(dict.fromkeys(rng.choice(themes)[0]
                                         for _ in range(rng.randint(1, 3)))),
            "actors": involved,
            "positions": positions,
        })
    return themes, claims, cited


def actor_page(actor: Actor, theme: tuple[str, str, str]) -> str:
    aliases = "; ".join(actor.aliases)
    lines = ["---", "orphan: true", "---", f"# {actor.name}", "",
             f":::{{kb:actor}} {actor.id}", f":name: {actor.name}", f":kind: {actor.kind}"]
    if aliases:
        lines.append(f":aliases: {aliases}")
    if actor.role:
        lines.append(f":roles: {actor.role}")
    lines += ["", f"{actor.name} appears in the synthetic benchmark corpus; see also "
                  f"{{kb:theme}}`{theme[0]}`.", ":::", ""]
    return "\n".join(lines)


def theme_page(theme: tuple[str, str, str]) -> str:
    theme_id, title, description = theme
    return "\n".join(["---", "orphan: true", "---", f"# {title}", "",
                      f":::{{kb:theme}} {theme_id}", f":title: {title}", "", description,
                      ":::", ""])


def claim_page(claim: dict) -> str:
    sources = list(dict.fromkeys(p[0] for p in claim["positions"]))[:2]
    lines = ["---", "orphan: true", "---", f"# {claim['statement']}", "",
             f"::::{{kb:claim}} {claim['id']}", f":statement: {claim['statement']}",
             f":status: {claim['status']}", f":themes: {'; '.join(claim['themes'])}",
             f":actors: {'; '.join(claim['actors'])}", "",
             "The claim is made or contested in "
             + " and ".join(f"{{kb:source}}`{s}`" for s in sources)
             + f"; it concerns {{kb:actor}}`{claim['actors'][0]}`.", ""]
    for source_id, number, stance, note, quote in claim["positions"]:
        lines += [f":::{{kb:position}} {source_id}/p{number}", f":stance: {stance}"]
        if note:
            lines.append(f":note: {note}")
        lines += [quote, ":::", ""]
    lines += ["::::", ""]
    return "\n".join(lines)


def conf_py(docstring: str, project: str, extensions: list[str], extra: str = "") -> str:
    """conf.py of a generated site; the KB and the plain sites differ only here."""
    return (f'''"""{docstring} (generated)."""

project = "{project}"
author = "kb_ext benchmark"
copyright = "2026, kb_ext benchmark"
extensions = {extensions!r}
{extra}myst_enable_extensions = ["colon_fence", "deflist"]
source_suffix = {{".md": "markdown"}}
exclude_patterns = ["_build"]
html_theme = "furo"
html_title = "{project}"
html_last_updated_fmt = None
''')


PLAIN_CONF = conf_py("The benchmark articles as a plain Sphinx + MyST site",
                     "Benchmark plain", PLAIN_EXTENSIONS)
KB_INDEX = """# Benchmark knowledge base

A synthetic corpus generated by `tests/bench/generate.py`.

```{kb:overview}
```

```{toctree}
:maxdepth: 1
:hidden:

sources/index
claims/index
matrix
actors/index
themes/index
```
"""


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _article_edit(articles: list[Article], cited: set, actors: list[Actor]) -> dict:
    """A copy-editing fix in an uncited passage of a middle article that drops
    the passage's only mention of one actor, so that actor's back-links change."""
    from kb_ext.derive.mentions import AliasMatcher
    from kb_ext.derive.spellings import DECLINING_LANGUAGES

    matcher = AliasMatcher({a.id: (a.name, *a.aliases) for a in actors})
    persons = {a.id: a for a in actors if a.kind == "person"}
    order = articles[len(articles) // 2:] + articles[:len(articles) // 2]
    for article in order:
        declined = article.language in DECLINING_LANGUAGES
        for number, sentences in enumerate(article.paragraphs):
            if (article.index, number) in cited:
                continue
            text = " ".join(sentences)
            found = [actor_id for actor_id, _, _ in matcher.find(text, declined)]
            for actor_id in dict.fromkeys(found):
                actor = persons.get(actor_id)
                if actor is None or found.count(actor_id) != 1:
                    continue
                for match in re.finditer(rf"(?<=[a-z,] ){re.escape(actor.short)} ", text):
                    new = text[:match.start()] + "officials " + text[match.end():]
                    return {"path": f"articles/{article.stem}.txt", "old": text, "new": new,
                            "source": article.id, "docname": f"sources/{article.id}",
                            "actor": actor.id, "passage": f"p{number + 1}"}
    # A small corpus of short, crowded passages may have no such surname: then
    # any actor named once in an uncited passage, in whatever spelling.
    from kb_ext.normalize import unify

    for article in order:
        declined = article.language in DECLINING_LANGUAGES
        for number, sentences in enumerate(article.paragraphs):
            text = " ".join(sentences)
            unified = unify(text)
            if (article.index, number) in cited or len(unified) != len(text):
                continue   # the matcher's offsets (into ``unified``) may not be the text's
            found = matcher.find(text, declined)
            ids = [actor_id for actor_id, _, _ in found]
            for actor_id, start, end in found:
                new = text[:start] + "officials" + text[end:]
                rest = [m[0] for m in matcher.find(new, declined)]
                if (re.fullmatch(r"[a-z,] ", text[start - 2:start]) and ids.count(actor_id) == 1
                        and unify(text[start:end]) ==
                        unified[start:end] and rest == [i for i in ids if i != actor_id]):
                    return {"path": f"articles/{article.stem}.txt", "old": text, "new": new,
                            "source": article.id, "docname": f"sources/{article.id}",
                            "actor": actor_id, "passage": f"p{number + 1}"}
    raise RuntimeError("no editable article paragraph found")


def shape_stats(articles: list[Article], actors: list[Actor]) -> dict[str, float]:
    """Means over the generated body text: words and passages per article, and
    actor mentions and distinct actors per passage as kb_ext's matcher finds
    them (declined forms only in articles in a language that declines names,
    as kb_ext/derive/mention_scan.py does)."""
    from kb_ext.derive.mentions import AliasMatcher
    from kb_ext.derive.spellings import DECLINING_LANGUAGES

    matcher = AliasMatcher({a.id: (a.name, *a.aliases)
                            for a in sorted(actors, key=lambda a: a.id)})
    passages = words = mentions = named = 0
    for article in articles:
        declined = article.language in DECLINING_LANGUAGES
        for sentences in article.paragraphs:
            text = " ".join(sentences)
            found = [actor_id for actor_id, _, _ in matcher.find(text, declined)]
            passages += 1
            words += len(text.split())
            mentions += len(found)
            named += len(set(found))
    return {"words_per_article": round(words / max(1, len(articles)), 1),
            "passages_per_article": round(passages / max(1, len(articles)), 2),
            "words_per_passage": round(words / max(1, passages), 1),
            "mentions_per_passage": round(mentions / max(1, passages), 2),
            "actors_per_passage": round(named / max(1, passages), 2),
            "mentions_per_100_words": round(100 * mentions / max(1, words), 2)}


def generate(n: int, workdir: Path, seed: int = SEED, corpus: str = "standard") -> Corpus:
    """Write the corpus for ``n`` articles into ``workdir`` (replacing it);
    ``corpus`` names its shape (:data:`SHAPES`)."""
    shape = SHAPES[corpus]
    # The standard corpus keeps the seed it always had (byte-identical files).
    rng = random.Random(f"{seed}-{n}" if corpus == "standard" else f"{seed}-{n}-{corpus}")
    for sub in ("articles", "kb", "plain", "plain-list"):
        shutil.rmtree(workdir / sub, ignore_errors=True)
    actor_count = min(600, max(20, int(n * 0.35)))
    actors, capitals = make_actors(rng, actor_count)
    writer = (Writer if shape.paragraphs is None else DenseWriter)(rng, actors, capitals, n)
    articles = make_articles(rng, writer, n, shape)
    titles = [a.title for a in articles]
    for article in articles:
        raw = render_article(rng, article, article.outlet, titles)
        _write(workdir / "articles" / f"{article.stem}.txt", raw)
        _write(workdir / "articles" / f"{article.stem}.yaml", sidecar(rng, article))
        _write(workdir / "plain" / "pages" / f"{article.id}.md",
               f"# {article.title}\n\n{raw}")
        _write(workdir / "plain-list" / "pages" / f"{article.id}.md",
               f"---\norphan: true\n---\n\n# {article.title}\n\n{raw}")
    themes, claims, cited = make_curated(rng, articles, actors, n, writer)

    kb = workdir / "kb"
    # The short corpus declares some of its English prose be/ru/pl/uk on purpose
    # (kb_ext looks for declined names by the sidecar's language), which kb_ext's
    # language check rightly reports: those warnings are the corpus's, not a bug.
    quiet = 'suppress_warnings = ["kb.sidecar"]\n' if shape.declining else ""
    _write(kb / "conf.py", conf_py("Synthetic knowledge base for the build benchmark",
                                   "Benchmark KB", KB_EXTENSIONS,
                                   'kb_sources_dir = "../articles"\n' + quiet))
    _write(kb / "index.md", KB_INDEX)
    _write(kb / "sources" / "index.md", "# Sources\n\n```{kb:index} source\n```\n")
    _write(kb / "actors" / "index.md", "# Actors\n\n```{kb:index} actor\n```\n")
    _write(kb / "themes" / "index.md", "# Themes\n\n```{kb:index} theme\n```\n")
    _write(kb / "claims" / "index.md", "# Claims\n\n```{kb:index} claim\n```\n")
    _write(kb / "matrix.md", "# Stance matrix\n\n```{kb:matrix}\n```\n")
    for index, actor in enumerate(actors):
        _write(kb / "actors" / f"{actor.id}.md", actor_page(actor, themes[index % len(themes)]))
    for theme in themes:
        _write(kb / "themes" / f"{theme[0]}.md", theme_page(theme))
    for claim in claims:
        _write(kb / "claims" / f"{claim['id']}.md", claim_page(claim))

    plain = workdir / "plain"
    _write(plain / "conf.py", PLAIN_CONF)
    _write(plain / "index.md", "# Benchmark articles\n\n```{toctree}\n:maxdepth: 1\n\n"
           + "".join(f"pages/{a.id}\n" for a in articles) + "```\n")

    plain_list = workdir / "plain-list"
    _write(plain_list / "conf.py", PLAIN_CONF)
    _write(plain_list / "index.md", "# Benchmark articles\n\n"
           + "".join(f"- {{doc}}`pages/{a.id}`\n" for a in articles))

    claim = claims[len(claims) // 2]
    source_id, number, stance, _note, _quote_text = claim["positions"][0]
    other = "disputes" if stance != "disputes" else "supports"
    manifest = {
        "n": n, "seed": seed, "corpus": corpus,
        "counts": {
            "articles": n,
            "passages": sum(len(a.paragraphs) for a in articles),
            "words": sum(len(" ".join(p).split()) for a in articles for p in a.paragraphs),
            "actors": len({actor.id for actor in actors}), "themes": len(themes),
            "claims": len(claims),
            "positions": sum(len(c["positions"]) for c in claims),
        },
        "shape": shape_stats(articles, actors),
        "kb_extensions": KB_EXTENSIONS, "plain_extensions": PLAIN_EXTENSIONS,
        "plain-list_extensions": PLAIN_EXTENSIONS,
        "edit_article": _article_edit(articles, cited, actors),
        "edit_claim": {"path": f"kb/claims/{claim['id']}.md",
                       "old": f"{{kb:position}} {source_id}/p{number}\n:stance: {stance}\n",
                       "new": f"{{kb:position}} {source_id}/p{number}\n:stance: {other}\n",
                       "claim": claim["id"], "docname": f"claims/{claim['id']}"},
    }
    (workdir / "bench.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return Corpus(n, articles, actors, themes, claims, manifest, corpus)


def verify_passages(corpus: Corpus, workdir: Path) -> list[str]:
    """Problems found when kb_ext's cleaner reads the generated articles back:
    each article's passages must be exactly its generated body paragraphs."""
    from kb_ext.sources.clean import PASSAGE, classify

    problems = []
    for article in corpus.articles:
        text = (workdir / "articles" / f"{article.stem}.txt").read_text(encoding="utf-8")
        got = [s.text for s in classify(text, article.title) if s.kind == PASSAGE]
        want = [" ".join(p) for p in article.paragraphs]
        if got != want:
            extra = [g for g in got if g not in want][:2]
            missing = [w for w in want if w not in got][:2]
            problems.append(f"{article.stem}: {len(got)} passages, expected {len(want)}; "
                            f"unexpected {extra!r}; missing {missing!r}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("workdir", type=Path)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--corpus", choices=list(SHAPES), default="standard",
                        help="article shape (default standard; short: 3-6 passages, "
                             "150-300 words, dense actor names)")
    parser.add_argument("--verify", action="store_true",
                        help="check every article's passages with kb_ext's cleaner")
    args = parser.parse_args(argv)
    corpus = generate(args.n, args.workdir, args.seed, args.corpus)
    print(json.dumps(corpus.manifest["counts"]))
    print(json.dumps(corpus.manifest["shape"]))
    if args.verify:
        problems = verify_passages(corpus, args.workdir)
        for problem in problems:
            print(problem)
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
