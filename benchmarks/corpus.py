"""Write a benchmark site: N use cases x R retrospectives x L lessons, in three flavours.

The flavours carry the same text (titles, paragraphs, list items, options) and
differ only in how it is marked up:

- ``ilc``: this project's directives: a ``usecase-canvas`` per use case page, one
  ``retrospective`` per page with ``:usecase:``, lessons with themes, current and
  aspect, ``{lesson}``/``{usecase}`` roles across use cases, a lessons page with
  ``{lessons}`` listings (all plus a few filters) and a ``{usecases}`` overview.
- ``plain``: the same text as plain MyST: headings, lists, static tables and
  plain links. The floor: what the same site costs without any extension.
- ``needs``: the same information modelled with sphinx-needs: need types for use
  cases, retrospectives and lessons, fields, link types, ``{need}`` roles and
  ``needtable``/``needlist`` listings.

Everything is derived from one seeded random generator, so a size and a seed
always give byte-identical files. Usage::

    python benchmarks/corpus.py OUTDIR --usecases 50 --retros 3 --lessons 3 [--seed 1]

writes OUTDIR/ilc, OUTDIR/plain, OUTDIR/needs and OUTDIR/manifest.json (which
lesson the benchmark edits, and where each flavour shows the lessons listing).
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

FLAVOURS = ("ilc", "plain", "needs")

# -- Dutch-looking filler -------------------------------------------------

PLACES = [
    "Almere", "Dronten", "Lelystad", "Zwolle", "Deventer", "Apeldoorn", "Arnhem", "Nijmegen", "Utrecht",
    "Amersfoort", "Gouda", "Leiden", "Haarlem", "Alkmaar", "Hoorn", "Enkhuizen", "Den Helder", "Assen",
    "Emmen", "Groningen", "Leeuwarden", "Sneek", "Heerenveen", "Meppel", "Kampen", "Harderwijk", "Ede",
    "Wageningen", "Tiel", "Zutphen", "Doetinchem", "Enschede", "Hengelo", "Almelo", "Breda", "Tilburg",
    "Eindhoven", "Helmond", "Venlo", "Roermond", "Maastricht", "Middelburg", "Vlissingen", "Goes",
    "Dordrecht", "Delft", "Zoetermeer", "Schiedam", "Zaanstad", "Purmerend", "Emmeloord", "Urk",
]
TOPICS = [
    "Wateroverlast", "Bodemdaling", "Hittestress", "Woningbouw", "Energietransitie", "Stikstof",
    "Verkeersveiligheid", "Bereikbaarheid", "Droogte", "Natuurherstel", "Geluidhinder", "Luchtkwaliteit",
    "Leegstand", "Zonneparken", "Windenergie", "Netcongestie", "Grondwater", "Dijkversterking",
    "Bedrijventerreinen", "Recreatiedruk", "Bodemkwaliteit", "Biodiversiteit", "Laadinfrastructuur",
]
ORGANISATIONS = [
    "Gemeente {place}", "Provincie Flevoland", "Provincie Overijssel", "Provincie Gelderland",
    "Waterschap Zuiderzeeland", "Waterschap Vallei en Veluwe", "Rijkswaterstaat", "Kadaster", "Geonovum",
    "Omgevingsdienst {place}", "Veiligheidsregio", "Netbeheerder", "Woningcorporatie {place}", "GGD",
]
WORDS = (
    "de het een en van in op voor met bij over naar door tussen zonder samen eerst daarna ook nog "
    "gemeente provincie waterschap inwoners bewoners team beleid data kaart model tweeling gegevens "
    "besluit opgave vraagstuk doel waarde draagvlak vertrouwen eigenaarschap samenwerking afspraken "
    "planning prototype gebruikers beleidsmakers specialisten ontwikkelaars bestuurders partners "
    "informatie bronnen kwaliteit actualiteit scenario berekening risico maatregel investering "
    "wijk buurt straat polder dijk riool bodem water hitte energie verkeer natuur woning gebied "
    "laten zien kiezen bepalen afwegen bespreken vastleggen delen toetsen meten verbeteren "
    "duidelijk snel zorgvuldig open eerlijk onderbouwd gezamenlijk regionaal lokaal digitaal "
    "wekelijks tijdig vroeg laat belangrijk lastig nieuw bestaand beschikbaar nodig mogelijk"
).split()
VERBS = ["Beleg", "Maak", "Betrek", "Leg", "Toets", "Deel", "Bespreek", "Kies", "Plan", "Organiseer",
         "Begin", "Houd", "Zorg voor", "Vraag", "Toon", "Bouw", "Regel", "Veranker", "Meet", "Benoem"]
OBJECTS = ["het eigenaarschap", "de afspraken over data", "de beleidsmakers", "de rol van het waterschap",
           "de kwaliteit van de bronnen", "de aannames van het model", "het mandaat", "de planning",
           "de onderstroom", "de verwachtingen", "de gebruikers", "het beheer", "de bestuurders",
           "de begrippen", "de scenario's", "de kosten", "de privacy", "de uitleg bij de kaart",
           "de inwoners", "de capaciteit", "de keuzes", "de risico's", "het prototype", "de licenties"]
QUALIFIERS = ["vroeg in het proces", "bij de opgave", "voordat je bouwt", "samen met de partners",
              "in gewone taal", "per sprint", "in het retrospectief", "vóór de workshops",
              "bij elke oplevering", "met een vaste contactpersoon", "op bestuurlijk niveau",
              "in de ontwikkelfase", "na elke bui", "met de vakafdeling", "in een overeenkomst",
              "voor de hele regio", "stap voor stap", "zonder haast", "met een kleine groep", "openlijk"]
THEMES = ["eigenaarschap", "samenwerking", "data", "besluitvorming", "draagvlak", "competenties",
          "techniek", "organisatie"]
PHASES = ["voorbereiding", "workshops", "beschrijving", "ontwikkeling", "verankering"]
PHASE_LABELS = {
    "voorbereiding": "Usecase selecteren en team vormen",
    "workshops": "Workshopreeks met het usecasecanvas",
    "beschrijving": "Usecasebeschrijving",
    "ontwikkeling": "Ontwikkeling met periodieke retrospectieven",
    "verankering": "In gebruik nemen en verankeren",
}
STATUSES = ["actief", "gepauzeerd", "afgerond"]
ROLES = ["projectleider", "procesbegeleider", "inhoudelijk begeleider", "ontwikkelaar", "beleidsadviseur",
         "eigenaar van het vraagstuk", "GIS-specialist", "data-engineer", "hydroloog"]
DATA_SOURCES = ["AHN4", "BGT", "BAG", "BRT", "BRO", "CBS wijken en buurten", "Klimaateffectatlas",
                "KNMI-scenario's", "rioleringsgegevens", "meldingen openbare ruimte", "luchtfoto's",
                "grondwatermeetnet", "verkeerstellingen", "energielabels"]
# The canvas blocks in schema order, with their Dutch labels (data/canvas.yaml).
BLOCKS = [
    ("vraagstuk", "Maatschappelijk vraagstuk", "text"),
    ("doel", "Maatschappelijk doel", "text"),
    ("belanghebbenden", "Belanghebbenden", "list"),
    ("team", "Usecaseteam", "list"),
    ("activiteiten", "Activiteiten", "list"),
    ("besluiten", "Besluiten", "list"),
    ("informatiebehoefte", "Informatiebehoefte", "list"),
    ("databronnen", "Databronnen", "list"),
    ("functionaliteit", "Wat moet de digitale tweeling kunnen", "text"),
    ("praktijk", "De tweeling in de praktijk", "text"),
    ("publieke-waarde", "Publieke waarde", "text"),
    ("draagvlak", "Legitimiteit en draagvlak", "text"),
    ("capaciteit", "Operationele capaciteit", "text"),
    ("lessen", "Lessen", "text"),
]
STROOM_LABELS = {"boven": "bovenstroom", "onder": "onderstroom"}
STATUS_LABELS = {s: s for s in STATUSES}

#: the filtered listings on the lessons page: (heading, filter key, value, layout)
LESSON_FILTERS = [
    ("Eigenaarschap", "thema", "eigenaarschap", "list"),
    ("Data", "thema", "data", "list"),
    ("Lessen over de onderstroom", "stroom", "onder", "cards"),
    ("Technologische lessen", "aspect", "technologisch", "table"),
]


# -- the site as data -----------------------------------------------------

@dataclass
class Lesson:
    id: str
    title: str
    text: str
    themes: list[str]
    stroom: str
    aspect: str
    refers_to: "Lesson | None" = None  # a lesson of another use case named in the text
    usecase: "UseCase | None" = None
    retro: "Retro | None" = None


@dataclass
class Retro:
    number: int
    title: str
    date: str
    phase: str
    participants: list[str]
    intro: str
    bovenstroom: list[str]
    onderstroom: list[str]
    acties: list[str]
    #: what became of the previous retrospective's first action (none in the first)
    follow_up: str = ""
    lessons: list[Lesson] = field(default_factory=list)
    usecase: "UseCase | None" = None

    @property
    def docname(self) -> str:
        return f"retrospectief-{self.number}"

    def action_id(self, number: int | None = None) -> str:
        """The id of this retrospective's first action (of another one of its use case's, by number)."""
        return f"{self.usecase.id}-r{self.number if number is None else number}-a1"

    @property
    def anchor(self) -> str:
        # the anchor the ilc extension gives a retrospective (core/reading.py)
        return f"retrospective-{self.date}-{slug(self.title)}"


@dataclass
class UseCase:
    id: str
    title: str
    owner: str
    partners: list[str]
    phase: str
    status: str
    start: str
    tags: list[str]
    intro: str
    blocks: dict[str, object]
    retros: list[Retro] = field(default_factory=list)

    @property
    def folder(self) -> str:
        return self.id


def slug(text: str) -> str:
    import re
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


class Filler:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)

    def sentence(self, lo: int = 8, hi: int = 16) -> str:
        words = [self.rng.choice(WORDS) for _ in range(self.rng.randint(lo, hi))]
        return words[0].capitalize() + " " + " ".join(words[1:]) + "."

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def items(self, n: int, lo: int = 6, hi: int = 12) -> list[str]:
        return [self.sentence(lo, hi) for _ in range(n)]


def build_site(n_usecases: int, n_retros: int, n_lessons: int, seed: int = 1) -> list[UseCase]:
    f = Filler(seed)
    rng = f.rng
    usecases: list[UseCase] = []
    titles: set[str] = set()
    all_lessons: list[Lesson] = []
    for i in range(1, n_usecases + 1):
        place = PLACES[(i - 1) % len(PLACES)]
        topic = rng.choice(TOPICS)
        title = f"{topic} in {place}"
        ident = f"{slug(title)}-{i:03d}"
        title = f"{title} ({i})"
        orgs = [o.format(place=place) for o in rng.sample(ORGANISATIONS, 3)]
        start = datetime.date(2022, 1, 1) + datetime.timedelta(days=rng.randint(0, 500))
        blocks: dict[str, object] = {}
        for key, _label, kind in BLOCKS:
            if kind == "list":
                if key == "databronnen":
                    blocks[key] = rng.sample(DATA_SOURCES, 4)
                elif key == "team":
                    blocks[key] = [f"{r.capitalize()} ({rng.choice(orgs)})" for r in rng.sample(ROLES, 4)]
                else:
                    blocks[key] = f.items(4)
            else:
                blocks[key] = f.paragraph(4 if key in ("vraagstuk", "functionaliteit") else 2)
        uc = UseCase(
            id=ident, title=title, owner=orgs[0], partners=orgs[1:], phase=rng.choice(PHASES[2:]),
            status=rng.choice(STATUSES), start=start.isoformat(), tags=rng.sample(THEMES, 2),
            intro=f.paragraph(3), blocks=blocks,
        )
        for k in range(1, n_retros + 1):
            date = start + datetime.timedelta(days=60 * k)
            retro = Retro(
                number=k, title=f"Retrospectief {k}: {rng.choice(OBJECTS)} {rng.choice(QUALIFIERS)}",
                date=date.isoformat(), phase=rng.choice(PHASES[1:]),
                participants=rng.sample(ROLES, 4), intro=f.paragraph(2),
                bovenstroom=f.items(3), onderstroom=f.items(3), acties=f.items(2), usecase=uc,
                follow_up=f.sentence() if k > 1 else "",
            )
            for j in range(1, n_lessons + 1):
                while True:
                    lt = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(QUALIFIERS)}"
                    if lt not in titles:
                        break
                    lt = f"{lt} ({i}.{k}.{j})"
                    if lt not in titles:
                        break
                titles.add(lt)
                lesson = Lesson(
                    id=f"{slug(lt)[:40].strip('-')}-{i:03d}-{k}-{j}", title=lt, text=f.paragraph(3),
                    themes=sorted(rng.sample(THEMES, 2)), stroom=rng.choice(["boven", "onder"]),
                    aspect=rng.choice(["sociaal", "sociaal", "sociaal", "technologisch"]),
                    usecase=uc, retro=retro,
                )
                retro.lessons.append(lesson)
            # the first lesson of each retrospective learns from an earlier use case
            earlier = [les for les in all_lessons if les.usecase is not uc]
            if earlier and retro.lessons:
                retro.lessons[0].refers_to = rng.choice(earlier)
            all_lessons.extend(retro.lessons)
            uc.retros.append(retro)
        usecases.append(uc)
    return usecases


def all_lessons(usecases: list[UseCase]) -> list[Lesson]:
    return [les for uc in usecases for r in uc.retros for les in r.lessons]


def edit_target(usecases: list[UseCase]) -> Lesson:
    """The lesson the benchmark edits: one that another use case refers to, in the middle of the site."""
    referenced = {id(les.refers_to): les.refers_to for les in all_lessons(usecases) if les.refers_to}
    middle = usecases[len(usecases) // 2]
    for uc in usecases[len(usecases) // 2:] + usecases:
        for retro in uc.retros:
            for les in retro.lessons:
                if id(les) in referenced:
                    return les
    return middle.retros[0].lessons[0]


def lesson_sort_key(les: Lesson):
    # the order of the ilc listings (listing.match_lessons): use case id, date, title, id
    return (les.usecase.id, les.retro.date, les.title, les.id)


def matches(les: Lesson, key: str, value: str) -> bool:
    if key == "thema":
        return value in les.themes
    return getattr(les, key) == value


# -- shared pieces ----------------------------------------------------------

def yaml_str(text: str) -> str:
    """A YAML double-quoted scalar (the filler never needs more)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def conf_py(flavour: str) -> str:
    common = (
        f'"""Benchmark site, flavour {flavour!r} (generated by benchmarks/corpus.py)."""\n\n'
        'project = "ILC benchmark"\n'
        'author = "benchmark"\n'
        'language = "nl"\n'
        'html_theme = "alabaster"\n'
        'html_copy_source = False\n'
        'exclude_patterns = ["_build"]\n'
        'suppress_warnings = ["myst.header"]\n'
        # alabaster's default sidebar renders the whole site's toctree on every page,
        # a cost that grows with pages x pages and is the same in every flavour; the
        # per-page sidebars keep the theme out of the measurement
        'html_sidebars = {"**": ["localtoc.html", "relations.html", "searchbox.html"]}\n'
    )
    if flavour == "ilc":
        return common + (
            'extensions = ["ilc_canvas"]\n'
            f"ilc_lesson_themes = {THEMES!r}\n"
            # another organisation's small site, read from a folder (bench.py edits one of its lessons)
            f"ilc_sites = {{{OTHER_SITE!r}: ('https://example.org/elders/', '../{OTHER_SITE}')}}\n"
        )
    if flavour == "plain":
        return common + 'extensions = ["myst_parser"]\n'
    return common + (
        'extensions = ["myst_parser", "sphinx_needs"]\n'
        'needs_id_required = True\n'
        'needs_id_regex = r"^[a-z0-9]+(-[a-z0-9]+)*$"\n'
        'needs_types = [\n'
        '    {"directive": "usecase", "title": "Usecase", "prefix": "UC_", "color": "#BFD8D2", "style": "node"},\n'
        '    {"directive": "retrospective", "title": "Retrospectief", "prefix": "RETRO_", "color": "#FEDCD2", "style": "node"},\n'
        '    {"directive": "lesson", "title": "Les", "prefix": "LES_", "color": "#DF744A", "style": "node"},\n'
        ']\n'
        'needs_fields = {\n'
        + "".join(f'    "{name}": {{"description": "{name}", "nullable": True}},\n' for name in
                  ("owner", "partners", "phase", "start", "date", "participants"))
        + '    "stroom": {"description": "stroom", "nullable": True, "schema": {"type": "string", "enum": ["bovenstroom", "onderstroom"]}},\n'
        '    "aspect": {"description": "aspect", "nullable": True, "schema": {"type": "string", "enum": ["sociaal", "technologisch"]}},\n'
        '    "status": {"schema": {"type": "string", "enum": ["actief", "gepauzeerd", "afgerond"]}},\n'
        f'    "tags": {{"schema": {{"type": "array", "items": {{"type": "string", "enum": {THEMES!r}}}}}}},\n'
        '}\n'
        'needs_links = {\n'
        '    "usecase": {"incoming": "retrospectieven", "outgoing": "usecase"},\n'
        '    "retrospective": {"incoming": "lessen", "outgoing": "retrospectief"},\n'
        '}\n'
        'needs_table_style = "table"\n'
    )


def root_index() -> str:
    return (
        "# ILC benchmark\n\n"
        "Deze site is gegenereerd voor het meten van de bouwtijd.\n\n"
        "```{toctree}\n:maxdepth: 1\n\nusecases/index\nlessen\n```\n"
    )


def rel(from_folder: bool, uc: UseCase, page: str, anchor: str = "") -> str:
    """A relative Markdown link target to a page of a use case, from a use case page or from the root."""
    prefix = "../" if from_folder else "usecases/"
    target = f"{prefix}{uc.folder}/{page}.md"
    return f"{target}#{anchor}" if anchor else target


# -- flavour: ilc -----------------------------------------------------------

class IlcFlavour:
    name = "ilc"

    def usecase_page(self, uc: UseCase) -> str:
        out = [f"# {uc.title}\n", f"{uc.intro}\n",
               f"```{{usecase-canvas}} {uc.title}", f":id: {uc.id}", f":owner: {uc.owner}",
               f":partners: {', '.join(uc.partners)}", f":phase: {uc.phase}", f":status: {uc.status}",
               f":start: {uc.start}", f":tags: {', '.join(uc.tags)}", ""]
        for key, _label, kind in BLOCKS:
            value = uc.blocks[key]
            if kind == "list":
                out.append(f"{key}:")
                out.extend(f"  - {yaml_str(item)}" for item in value)
            else:
                out.append(f"{key}: {yaml_str(value)}")
        out.append("```\n")
        out.append(toctree(uc))
        return "\n".join(out)

    def lesson_text(self, les: Lesson) -> str:
        if les.refers_to is None:
            return les.text
        return f"{les.text} Vergelijk {{lesson}}`{les.refers_to.id}` uit {{usecase}}`{les.refers_to.usecase.id}`."

    def retro_page(self, uc: UseCase, retro: Retro) -> str:
        out = [f"# {retro.title}\n", f"{retro.intro} Zie ook {{usecase}}`{uc.id}`.\n",
               f"```{{retrospective}} {retro.title}", f":usecase: {uc.id}", f":date: {retro.date}",
               f":phase: {retro.phase}", f":participants: {', '.join(retro.participants)}", ""]
        for key in ("bovenstroom", "onderstroom"):
            out.append(f"{key}:")
            out.extend(f"  - {yaml_str(item)}" for item in getattr(retro, key))
        if retro.follow_up:  # one report on the previous retrospective's first action
            out += ["opvolging:", f"  - actie: {retro.action_id(retro.number - 1)}", "    status: gedaan",
                    f"    toelichting: {yaml_str(retro.follow_up)}"]
        first, *rest = retro.acties  # the first action has an id, an owner and a due date
        out += ["acties:", f"  - id: {retro.action_id()}", f"    actie: {yaml_str(first)}",
                f"    eigenaar: {retro.participants[0]}", f"    gereed: {retro.date}"]
        out.extend(f"  - {yaml_str(item)}" for item in rest)
        out.append("lessen:")
        for les in retro.lessons:
            out += [f"  - id: {les.id}", f"    titel: {yaml_str(les.title)}",
                    f"    tekst: {yaml_str(self.lesson_text(les))}",
                    f"    thema: [{', '.join(les.themes)}]", f"    stroom: {les.stroom}", f"    aspect: {les.aspect}"]
        out.append("```\n")
        return "\n".join(out)

    def usecases_index(self, usecases: list[UseCase]) -> str:
        return ("# Usecases\n\nAlle usecases met hun eigenaar, fase, status en aantallen.\n\n"
                "```{usecases}\n```\n\n" + toctree_all(usecases))

    def lessons_page(self, usecases: list[UseCase]) -> str:
        out = ["# Geleerde lessen\n", "Alle lessen uit alle usecases.\n", "## Alle lessen\n",
               "```{lessons}\n:layout: table\n```\n", "## Per kenmerk\n"]
        for heading, key, value, layout in LESSON_FILTERS:
            out.append(f"### {heading}\n\n```{{lessons}}\n:{key}: {value}\n:layout: {layout}\n```\n")
        return "\n".join(out)


# -- flavour: plain ---------------------------------------------------------

class PlainFlavour:
    name = "plain"

    def usecase_page(self, uc: UseCase) -> str:
        out = [f"# {uc.title}\n", f"{uc.intro}\n", f"## {uc.title}\n",
               f"- **Eigenaar**: {uc.owner}", f"- **Partners**: {', '.join(uc.partners)}",
               f"- **Fase**: {PHASE_LABELS[uc.phase]}", f"- **Status**: {uc.status}",
               f"- **Start**: {uc.start}", f"- **Tags**: {', '.join(uc.tags)}", ""]
        for key, label, kind in BLOCKS:
            out.append(f"### {label}\n")
            value = uc.blocks[key]
            if kind == "list":
                out.extend(f"- {item}" for item in value)
                out.append("")
            else:
                out.append(f"{value}\n")
        out.append("### Retrospectieven\n")
        for retro in uc.retros:
            out.append(f"- {retro.date}: [{retro.title}]({retro.docname}.md#{uc.id}-{retro.docname})")
            out.extend(f"  - [{les.title}]({retro.docname}.md#lesson-{les.id})" for les in retro.lessons)
        out.append("")
        out.append(toctree(uc))
        return "\n".join(out)

    def lesson_text(self, les: Lesson) -> str:
        if les.refers_to is None:
            return les.text
        other = les.refers_to
        return (f"{les.text} Vergelijk [{other.title}]({rel(True, other.usecase, other.retro.docname, 'lesson-' + other.id)})"
                f" uit [{other.usecase.title}]({rel(True, other.usecase, 'index')}).")

    def retro_page(self, uc: UseCase, retro: Retro) -> str:
        out = [f"# {retro.title}\n", f"{retro.intro} Zie ook [{uc.title}](index.md).\n",
               f"({uc.id}-{retro.docname})=", f"## {retro.title}\n",
               f"- **Usecase**: [{uc.title}](index.md)", f"- **Datum**: {retro.date}",
               f"- **Fase**: {PHASE_LABELS[retro.phase]}", f"- **Deelnemers**: {', '.join(retro.participants)}", ""]
        for key, label in (("bovenstroom", "Bovenstroom"), ("onderstroom", "Onderstroom"), ("acties", "Acties")):
            out.append(f"### {label}\n")
            out.extend(f"- {item}" for item in getattr(retro, key))
            out.append("")
        if retro.follow_up:
            out += ["### Opvolging\n", f"- {retro.action_id(retro.number - 1)}: gedaan. {retro.follow_up}", ""]
        out.append("### Lessen\n")
        for les in retro.lessons:
            out += [f"(lesson-{les.id})=", f"#### {les.title}\n", f"{self.lesson_text(les)}\n",
                    f"- **Thema's**: {', '.join(les.themes)}", f"- **Stroom**: {STROOM_LABELS[les.stroom]}",
                    f"- **Aspect**: {les.aspect}", ""]
        return "\n".join(out)

    def usecases_index(self, usecases: list[UseCase]) -> str:
        out = ["# Usecases\n", "Alle usecases met hun eigenaar, fase, status en aantallen.\n",
               "| Usecase | Eigenaar | Fase | Status | Retrospectieven | Lessen |",
               "| --- | --- | --- | --- | --- | --- |"]
        for uc in sorted(usecases, key=lambda u: (u.title, u.id)):
            out.append(f"| [{uc.title}]({uc.folder}/index.md) | {uc.owner} | {PHASE_LABELS[uc.phase]} | {uc.status} | "
                       f"{len(uc.retros)} | {sum(len(r.lessons) for r in uc.retros)} |")
        out.append("")
        return "\n".join(out) + "\n" + toctree_all(usecases)

    def _link(self, les: Lesson) -> str:
        return f"[{les.title}]({rel(False, les.usecase, les.retro.docname, 'lesson-' + les.id)})"

    def _uc_link(self, uc: UseCase) -> str:
        return f"[{uc.title}]({rel(False, uc, 'index')})"

    def _table(self, lessons: list[Lesson]) -> list[str]:
        out = ["| Titel | Usecase | Datum | Thema's | Stroom | Aspect |", "| --- | --- | --- | --- | --- | --- |"]
        for les in lessons:
            out.append(f"| {self._link(les)} | {self._uc_link(les.usecase)} | {les.retro.date} | "
                       f"{', '.join(les.themes)} | {STROOM_LABELS[les.stroom]} | {les.aspect} |")
        return out + [""]

    def lessons_page(self, usecases: list[UseCase]) -> str:
        lessons = sorted(all_lessons(usecases), key=lesson_sort_key)
        out = ["# Geleerde lessen\n", "Alle lessen uit alle usecases.\n", "## Alle lessen\n"]
        out += self._table(lessons)
        out.append("## Per kenmerk\n")
        for heading, key, value, layout in LESSON_FILTERS:
            out.append(f"### {heading}\n")
            chosen = [les for les in lessons if matches(les, key, value)]
            if layout == "table":
                out += self._table(chosen)
            elif layout == "cards":
                for les in chosen:
                    out += [f"- **{self._link(les)}**", "",
                            f"  Usecase: {self._uc_link(les.usecase)} · Datum: {les.retro.date} · "
                            f"Thema's: {', '.join(les.themes)} · Stroom: {STROOM_LABELS[les.stroom]} · "
                            f"Aspect: {les.aspect}", ""]
            else:
                out += [f"- {self._link(les)} ({self._uc_link(les.usecase)}, {les.retro.date})" for les in chosen]
                out.append("")
        return "\n".join(out)


# -- flavour: sphinx-needs --------------------------------------------------

class NeedsFlavour:
    name = "needs"

    def usecase_page(self, uc: UseCase) -> str:
        out = [f"# {uc.title}\n", f"{uc.intro}\n",
               f"```{{usecase}} {uc.title}", f":id: {uc.id}", f":status: {uc.status}",
               f":tags: {', '.join(uc.tags)}", f":owner: {uc.owner}", f":partners: {', '.join(uc.partners)}",
               f":phase: {PHASE_LABELS[uc.phase]}", f":start: {uc.start}", "",
               f"{uc.blocks['vraagstuk']}", "```\n"]
        for key, label, kind in BLOCKS:
            if key == "vraagstuk":
                continue
            out.append(f"## {label}\n")
            value = uc.blocks[key]
            if kind == "list":
                out.extend(f"- {item}" for item in value)
                out.append("")
            else:
                out.append(f"{value}\n")
        out.append(toctree(uc))
        return "\n".join(out)

    def retro_page(self, uc: UseCase, retro: Retro) -> str:
        rid = f"{uc.id}-retro-{retro.number}"
        out = [f"# {retro.title}\n",
               f"```{{retrospective}} {retro.title}", f":id: {rid}", f":usecase: {uc.id}",
               f":date: {retro.date}", f":phase: {PHASE_LABELS[retro.phase]}",
               f":participants: {', '.join(retro.participants)}", "",
               f"{retro.intro} Zie ook {{need}}`{uc.id}`.", "```\n"]
        for key, label in (("bovenstroom", "Bovenstroom"), ("onderstroom", "Onderstroom"), ("acties", "Acties")):
            out.append(f"## {label}\n")
            out.extend(f"- {item}" for item in getattr(retro, key))
            out.append("")
        if retro.follow_up:
            out += ["## Opvolging\n", f"- {retro.action_id(retro.number - 1)}: gedaan. {retro.follow_up}", ""]
        out.append("## Lessen\n")
        for les in retro.lessons:
            text = les.text
            options = [f":id: {les.id}", f":retrospective: {rid}", f":tags: {', '.join(les.themes)}",
                       f":stroom: {STROOM_LABELS[les.stroom]}", f":aspect: {les.aspect}", f":date: {retro.date}"]
            if les.refers_to is not None:
                other = les.refers_to
                text = f"{text} Vergelijk {{need}}`{other.id}` uit {{need}}`{other.usecase.id}`."
                options.append(f":links: {other.id}")
            out += [f"```{{lesson}} {les.title}", *options, "", text, "```\n"]
        return "\n".join(out)

    def usecases_index(self, usecases: list[UseCase]) -> str:
        return ("# Usecases\n\nAlle usecases met hun eigenaar, fase, status en aantallen.\n\n"
                "```{needtable}\n:types: usecase\n:columns: title as \"Usecase\"; owner as \"Eigenaar\"; "
                "phase as \"Fase\"; status as \"Status\"; usecase_back as \"Retrospectieven\"\n"
                ":sort: title\n```\n\n" + toctree_all(usecases))

    def lessons_page(self, usecases: list[UseCase]) -> str:
        columns = (':columns: title as "Titel"; retrospective as "Retrospectief"; date as "Datum"; '
                   'tags as "Thema\'s"; stroom as "Stroom"; aspect as "Aspect"')
        out = ["# Geleerde lessen\n", "Alle lessen uit alle usecases.\n", "## Alle lessen\n",
               f"```{{needtable}}\n:types: lesson\n{columns}\n```\n", "## Per kenmerk\n"]
        for heading, key, value, layout in LESSON_FILTERS:
            if key == "thema":
                flt = f":tags: {value}"
            else:
                flt = f":filter: {key} == \"{STROOM_LABELS.get(value, value) if key == 'stroom' else value}\""
            if layout == "list":
                out.append(f"### {heading}\n\n```{{needlist}}\n:types: lesson\n{flt}\n```\n")
            else:
                out.append(f"### {heading}\n\n```{{needtable}}\n:types: lesson\n{flt}\n{columns}\n```\n")
        return "\n".join(out)


def toctree(uc: UseCase) -> str:
    return "```{toctree}\n:maxdepth: 1\n\n" + "\n".join(r.docname for r in uc.retros) + "\n```\n"


def toctree_all(usecases: list[UseCase]) -> str:
    return "```{toctree}\n:maxdepth: 1\n\n" + "\n".join(f"{uc.folder}/index" for uc in usecases) + "\n```\n"


FLAVOUR_WRITERS = {"ilc": IlcFlavour(), "plain": PlainFlavour(), "needs": NeedsFlavour()}


# -- writing ----------------------------------------------------------------

def write_flavour(root: Path, flavour: str, usecases: list[UseCase]) -> None:
    writer = FLAVOUR_WRITERS[flavour]
    if root.exists():
        shutil.rmtree(root)
    (root / "usecases").mkdir(parents=True)
    (root / "conf.py").write_text(conf_py(flavour), encoding="utf-8")
    (root / "index.md").write_text(root_index(), encoding="utf-8")
    (root / "usecases" / "index.md").write_text(writer.usecases_index(usecases), encoding="utf-8")
    (root / "lessen.md").write_text(writer.lessons_page(usecases), encoding="utf-8")
    for uc in usecases:
        folder = root / "usecases" / uc.folder
        folder.mkdir()
        (folder / "index.md").write_text(writer.usecase_page(uc), encoding="utf-8")
        for retro in uc.retros:
            (folder / f"{retro.docname}.md").write_text(writer.retro_page(uc, retro), encoding="utf-8")


OTHER_SITE = "elders"


def write_other_site(folder: Path, seed: int) -> dict:
    """Another site's exports (`_ilc/*.json`, as this package writes them): 5 use cases of
    4 lessons each, which the ilc flavour's listings show next to its own."""
    usecases = build_site(5, 1, 4, seed + 1000)
    exported_usecases, exported_lessons = [], []
    for uc in usecases:
        exported_usecases.append({"id": uc.id, "title": uc.title, "owner": uc.owner, "phase": "ontwikkeling",
                                  "status": "actief", "start": "2024-01-01", "tags": [], "url": f"{uc.folder}/index.html"})
        for les in all_lessons([uc]):
            exported_lessons.append({"id": les.id, "title": les.title, "text": les.text, "themes": list(les.themes),
                                     "stroom": les.stroom, "aspect": les.aspect, "usecase": uc.id,
                                     "retrospective": les.retro.docname, "date": les.retro.date, "phase": "ontwikkeling",
                                     "url": f"{uc.folder}/{les.retro.docname}.html#lesson-{les.id}"})
    (folder / "_ilc").mkdir(parents=True, exist_ok=True)
    for key, records in (("usecases", exported_usecases), ("lessons", exported_lessons)):
        document = {"schema_version": 1, key: records}
        (folder / "_ilc" / f"{key}.json").write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    first = exported_lessons[0]
    return {"path": f"{OTHER_SITE}/_ilc/lessons.json", "lesson_id": first["id"], "title": first["title"]}


def write_corpus(outdir: Path, n_usecases: int, n_retros: int, n_lessons: int, seed: int = 1,
                 flavours=FLAVOURS) -> dict:
    usecases = build_site(n_usecases, n_retros, n_lessons, seed)
    outdir.mkdir(parents=True, exist_ok=True)
    for flavour in flavours:
        write_flavour(outdir / flavour, flavour, usecases)
    target = edit_target(usecases)
    referrers = [f"usecases/{les.usecase.folder}/{les.retro.docname}.md"
                 for les in all_lessons(usecases) if les.refers_to is target]
    title_line = {
        # the exact text in each flavour's source that holds the lesson's title
        "ilc": f"    titel: {yaml_str(target.title)}",
        "plain": f"#### {target.title}",
        "needs": f"```{{lesson}} {target.title}",
    }
    manifest = {
        "shape": {"usecases": n_usecases, "retrospectives": n_retros, "lessons": n_lessons, "seed": seed},
        "pages": 3 + n_usecases * (1 + n_retros),
        "lessons_total": n_usecases * n_retros * n_lessons,
        "edit": {
            "lesson_id": target.id,
            "title": target.title,
            "source": f"usecases/{target.usecase.folder}/{target.retro.docname}.md",
            "title_line": title_line,
            "referenced_from": referrers,  # the pages whose text names the lesson with a role
            "text": target.text,  # the lesson's text, the same in every flavour's source
        },
        # the built page that lists every lesson
        "lessons_page": "lessen.html",
    }
    if "ilc" in flavours:
        manifest["remote_edit"] = write_other_site(outdir / OTHER_SITE, seed)
    (outdir / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--usecases", type=int, default=50)
    parser.add_argument("--retros", type=int, default=3)
    parser.add_argument("--lessons", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--flavour", action="append", choices=FLAVOURS)
    args = parser.parse_args(argv)
    manifest = write_corpus(args.outdir, args.usecases, args.retros, args.lessons, args.seed,
                            tuple(args.flavour or FLAVOURS))
    print(json.dumps(manifest, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
