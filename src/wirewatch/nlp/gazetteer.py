"""The actor gazetteer: countries, people, organisations and IGOs from the package's data files.

Files (``countries.tsv``, ``places.tsv``: demonyms, capitals, cities and regions of one country,
``igos.tsv``, ``organisations.tsv``, ``people.tsv``, ``sectors.tsv``; tab-separated, ``#`` comments,
``|``-separated lists) live in ``wirewatch/data/actors/``;
users add their own with ``WIREWATCH_ACTORS_EXTRA=/path/a.tsv:/path/b.tsv`` (same columns as
``people.tsv`` or ``organisations.tsv``, told apart by their first id: ``person:`` or another).
Everything is loaded once per process.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..model import Actor

DATA = Path(__file__).resolve().parent.parent / "data" / "actors"

#: Aliases that only make sense in context ("the North" in an article about Korea): resolved by the stage.
CONTEXTUAL = {"the north": "PRK", "the south": "KOR"}


@dataclass(frozen=True)
class Entry:
    """One alias of one actor. ``how``: name, alias, demonym, capital, metonym, surname, unique_surname."""

    actor: Actor
    how: str
    label: str


def _rows(path: Path) -> list[list[str]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        out.append(line.split("\t"))
    return out


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


_POSSESSIVE = re.compile(r"'s?$")
_CHUNK = re.compile(r"[\s\-]+")


def first_chunk(key: str) -> str:
    """The first word of a lookup form, hyphens counted as spaces ("al-qaeda" -> "al")."""
    return _CHUNK.split(key, 1)[0]


def chunks(key: str) -> list[str]:
    """The words of a lookup form, hyphens counted as spaces ("al-qaeda" -> ["al", "qaeda"])."""
    return _CHUNK.split(key)


@functools.lru_cache(maxsize=1 << 16)
def norm(text: str) -> str:
    """Lookup form of a name: casefolded, curly quotes straightened, a possessive and 'the' dropped.

    Cached: the same words and names recur in every article.
    """
    text = text.replace("’", "'").replace("‘", "'").strip()
    text = _POSSESSIVE.sub("", text)
    return " ".join(text.casefold().split())


class Gazetteer:
    """Alias -> entries, and actor id -> Actor."""

    def __init__(self) -> None:
        self.aliases: dict[str, list[Entry]] = {}
        self.actors: dict[str, Actor] = {}
        self.sectors: list[tuple[str, str]] = []
        self.max_words = 1
        #: lookup form -> the alias as written in the data (its casing repairs badly cased text)
        self.surfaces: dict[str, str] = {}

    def add(self, alias: str, entry: Entry) -> None:
        key = norm(alias)
        if not key:
            return
        bucket = self.aliases.setdefault(key, [])
        if any(c.isupper() for c in alias) and key not in self.surfaces:
            self.surfaces[key] = alias.strip()
        if all(e.actor.id != entry.actor.id for e in bucket):
            bucket.append(entry)
        self.max_words = max(self.max_words, len(key.split()))

    def lookup(self, text: str) -> list[Entry]:
        key = norm(text)
        found = self.aliases.get(key)
        if found is None and key.startswith("the "):
            found = self.aliases.get(key[4:])
        return found or []

    def country(self, code: str) -> Actor | None:
        return self.actors.get(code)

    def sector_actor(self, code: str, sector: str) -> Actor:
        base = self.actors.get(code)
        name = base.name if base else code
        return Actor(id=f"{code}.{sector}", name=f"{name} ({sector})", kind="group", country=code, sector=sector)


def _load_countries(g: Gazetteer, path: Path) -> None:
    for row in _rows(path):
        row += [""] * (6 - len(row))
        code, name, aliases, demonyms, capital, metonyms = row[:6]
        actor = Actor(id=code, name=name, kind="country", country=code)
        g.actors[code] = actor
        g.add(name, Entry(actor, "name", "GPE"))
        for alias in _split(aliases):
            if norm(alias) not in CONTEXTUAL:
                g.add(alias, Entry(actor, "alias", "GPE"))
        for demonym in _split(demonyms):
            g.add(demonym, Entry(actor, "demonym", "NORP"))
        if capital:
            g.add(capital, Entry(actor, "capital", "GPE"))
        for metonym in _split(metonyms):
            g.add(metonym, Entry(actor, "metonym", "ORG"))


#: places.tsv kinds -> (Entry.how, label).
PLACE_KINDS = {"demonym": ("demonym", "NORP"), "capital": ("capital", "GPE"), "city": ("city", "GPE"),
               "region": ("region", "GPE"), "metonym": ("metonym", "ORG")}


def _load_places(g: Gazetteer, path: Path) -> None:
    """Demonyms, capitals, cities and regions of one country (rows of unknown countries are skipped)."""
    for row in _rows(path):
        row += [""] * (3 - len(row))
        name, code, kind = (v.strip() for v in row[:3])
        actor = g.actors.get(code)
        if actor is None or kind not in PLACE_KINDS:
            continue
        how, label = PLACE_KINDS[kind]
        g.add(name, Entry(actor, how, label))


def _load_people(g: Gazetteer, path: Path) -> None:
    for row in _rows(path):
        row += [""] * (8 - len(row))
        pid, name, country, role, sector, _start, _end, aliases = row[:8]
        code = country if not country.startswith("igo:") else None
        actor = Actor(id=pid, name=name, kind="person", country=code, sector=sector or None, role=role or None)
        g.actors[pid] = actor
        g.add(name, Entry(actor, "name", "PERSON"))
        for alias in _split(aliases):
            unique = alias.endswith("*")
            alias = alias.rstrip("*")
            how = "unique_surname" if unique else ("surname" if len(alias.split()) == 1 else "alias")
            g.add(alias, Entry(actor, how, "PERSON"))


def _load_orgs(g: Gazetteer, path: Path) -> None:
    for row in _rows(path):
        row += [""] * (6 - len(row))
        oid, name, kind, country, sector, aliases = row[:6]
        actor = Actor(id=oid, name=name, kind=kind or "organisation", country=country or None, sector=sector or None)
        g.actors[oid] = actor
        for alias in [name, *_split(aliases)]:
            g.add(alias, Entry(actor, "name", "ORG"))


def _load_igos(g: Gazetteer, path: Path) -> None:
    for row in _rows(path):
        row += [""] * (3 - len(row))
        iid, name, aliases = row[:3]
        actor = Actor(id=iid, name=name, kind="igo")
        g.actors[iid] = actor
        for alias in [name, *_split(aliases)]:
            g.add(alias, Entry(actor, "name", "ORG"))


def _load_sectors(g: Gazetteer, path: Path) -> None:
    pairs = [(norm(noun), row[0]) for row in _rows(path) for noun in _split(row[1])]
    g.sectors = sorted(pairs, key=lambda p: -len(p[0]))


@functools.lru_cache(maxsize=1)
def load() -> Gazetteer:
    """The gazetteer (package data plus ``$WIREWATCH_ACTORS_EXTRA`` files), built once per process."""
    g = Gazetteer()
    _load_countries(g, DATA / "countries.tsv")
    _load_places(g, DATA / "places.tsv")
    _load_igos(g, DATA / "igos.tsv")
    _load_orgs(g, DATA / "organisations.tsv")
    _load_people(g, DATA / "people.tsv")
    _load_sectors(g, DATA / "sectors.tsv")
    for extra in filter(None, os.environ.get("WIREWATCH_ACTORS_EXTRA", "").split(os.pathsep)):
        path = Path(extra)
        rows = _rows(path)
        if rows and rows[0][0].startswith("person:"):
            _load_people(g, path)
        else:
            _load_orgs(g, path)
    return g
