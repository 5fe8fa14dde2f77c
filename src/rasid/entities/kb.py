"""The actor knowledge base: entities with aliases, types, affiliations and dated roles.

The shipped file ``data/actors.jsonl.gz`` is built by ``scripts/build_kb.py`` from hand-curated
entries (``data/actors_curated.yaml``), ISO/CLDR country names and the PETRARCH Arabic actor
dictionary (see ``data/PROVENANCE.md``). :func:`load_kb` reads it (cached) and can lay a user's
YAML or CSV file over it::

    kb = load_kb()                       # shipped KB, cached
    kb = load_kb(["my_actors.yaml"])     # shipped KB + overlay (same id: fields replaced/extended)
    kb.get("fuad_masum").roles
    kb.holders("president", "iraq", "2016-05-01")   # -> [Entity fuad_masum]

Overlay formats. YAML: a list of entries, or a mapping with any of the sections ``countries``,
``places``, ``organisations``, ``persons`` (the curated-file layout). An entry has ``id`` and any of
``type, canonical_ar, name_en, country, aliases, roles, nisba, capital_of, inst``; aliases are
strings or ``{text, kind}``. CSV: columns ``id,type,canonical_ar,name_en,country,aliases`` (aliases
separated by ``|``) and optionally ``role,of,start,end``.
"""
from __future__ import annotations

import csv
import gzip
import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from rasid.arabic.normalize import fold

KB_FILE = "actors.jsonl.gz"

#: Alias kinds the gazetteer matches in text. ``short`` forms are matched only inside a document
#: that names the entity in full; ``capital_metonymy`` and ``nomatch`` are lookup only.
MATCHED_KINDS = frozenset({"name", "acronym", "variant"})


#: role codes of institutions named by a designation and a nisba (rasid.entities.gazetteer INST_HEADS);
#: ``ministry`` stands for any ``<country>_ministry_<words>``
INSTITUTION_ROLE_CODES = {"government": "GOV", "authorities": "GOV", "presidency": "GOV", "ministry": "GOV",
                          "foreign_ministry": "GOV", "interior_ministry": "GOV", "defence_ministry": "MIL",
                          "forces": "MIL", "army": "MIL", "air_force": "MIL", "navy": "MIL", "police": "COP",
                          "intelligence": "SPY", "parliament": "LEG", "opposition": "OPP"}


#: (``defence_ministry`` is tried before ``ministry``)
_KINDS_LONGEST_FIRST = tuple(sorted(INSTITUTION_ROLE_CODES, key=len, reverse=True))


def norm_name(text: str) -> str:
    """The matching key of a name: folded, underscores and runs of spaces collapsed."""
    return " ".join(fold(text).replace("_", " ").replace("ـ", "").split())


def _date_bounds(date: str) -> tuple[str, str]:
    """First and last ISO day of a date of any granularity (YYYY, YYYY-MM, YYYY-MM-DD)."""
    d = date[:10]
    if len(d) == 4:
        return d + "-01-01", d + "-12-31"
    if len(d) == 7:
        return d + "-01", d + "-31"
    return d, d


@dataclass
class Role:
    role: str
    of: str | None = None
    at: str | None = None
    start: str | None = None
    end: str | None = None
    code: str | None = None
    provenance: str = "curated"
    note: str | None = None

    def active(self, date: str | None) -> bool:
        """True when ``date`` (ISO, any granularity) falls in [start, end]."""
        if not date:
            return False
        lo, hi = _date_bounds(date)
        if self.start and hi < self.start:
            return False
        if self.end and lo > self.end:
            return False
        return True

    def overlaps(self, lo: str, hi: str) -> bool:
        return not ((self.start and hi < self.start) or (self.end and lo > self.end))


@dataclass
class Entity:
    id: str
    type: str
    canonical_ar: str = ""
    name_en: str = ""
    country: str | None = None
    aliases: list[dict[str, Any]] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    codes: list[dict[str, Any]] = field(default_factory=list)
    provenance: list[str] = field(default_factory=list)
    nisba: list[str] = field(default_factory=list)
    capital: str | None = None
    capital_of: str | None = None
    inst: list[list[str]] = field(default_factory=list)
    not_after: list[str] = field(default_factory=list)
    not_before: list[str] = field(default_factory=list)
    iso3: str | None = None

    def names(self, kinds: Iterable[str] = MATCHED_KINDS) -> list[str]:
        kinds = set(kinds)
        return [a["text"] for a in self.aliases if a.get("kind", "name") in kinds]

    def roles_at(self, date: str | None) -> list[Role]:
        return [r for r in self.roles if r.active(date)]

    def to_dict(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if v not in (None, [], "")}
        out["roles"] = [{k: v for k, v in r.__dict__.items() if v is not None} for r in self.roles]
        return out


_ENTITY_FIELDS = set(Entity.__dataclass_fields__)
_ROLE_FIELDS = set(Role.__dataclass_fields__)


def _role(data: dict[str, Any]) -> Role:
    d = {k: (str(v) if k in ("start", "end") and v is not None else v) for k, v in data.items() if k in _ROLE_FIELDS}
    return Role(**d)


def _alias(a: Any, provenance: str) -> dict[str, Any]:
    if isinstance(a, str):
        return {"text": a, "kind": "name", "provenance": provenance}
    return {"text": a["text"], "kind": a.get("kind", "name"), "provenance": a.get("provenance", provenance)}


class KnowledgeBase:
    """Entities by id, with lookups by normalised alias and by role."""

    def __init__(self, entities: Iterable[Entity] = (), version: str = ""):
        self.version = version
        self.entities: dict[str, Entity] = {}
        for e in entities:
            self.entities[e.id] = e
        self._reindex()

    # ------------------------------------------------------------------ index
    def _reindex(self) -> None:
        self.by_alias: dict[str, list[str]] = {}
        self.by_nisba: dict[str, str] = {}
        self.by_inst: dict[tuple[str, str], str] = {}
        for e in self.entities.values():
            for a in e.aliases:
                key = norm_name(a["text"])
                if key:
                    ids = self.by_alias.setdefault(key, [])
                    if e.id not in ids:
                        ids.append(e.id)
            for n in e.nisba:
                self.by_nisba.setdefault(norm_name(n), e.id)
            for pair in e.inst:
                if len(pair) == 2:
                    self.by_inst[(pair[0], pair[1])] = e.id

    def __len__(self) -> int:
        return len(self.entities)

    def __iter__(self) -> Iterator[Entity]:
        return iter(self.entities.values())

    def __contains__(self, eid: str) -> bool:
        return eid in self.entities

    def get(self, eid: str | None) -> Entity | None:
        return self.entities.get(eid) if eid else None

    def institution_code(self, eid: str | None) -> str | None:
        """PETRARCH-style code of an institution the gazetteer composed from a designation and a
        country's nisba and the knowledge base does not list (``syria_opposition`` -> ``SYR OPP``)."""
        if not eid or eid in self.entities:
            return None
        for kind in _KINDS_LONGEST_FIRST:
            country = eid[:-len(kind) - 1] if eid.endswith("_" + kind) else None
            if kind == "ministry" and eid.count("_ministry_") == 1:
                country = eid.split("_ministry_")[0]
            state = self.entities.get(country) if country else None
            if state is not None and state.iso3:
                return f"{state.iso3.upper()} {INSTITUTION_ROLE_CODES[kind]}"
        return None

    def lookup(self, name: str, type: str | None = None) -> list[Entity]:
        """Entities with this name or alias (any kind), best (curated) first."""
        ids = self.by_alias.get(norm_name(name), [])
        out = [self.entities[i] for i in ids if type is None or self.entities[i].type == type]
        return sorted(out, key=lambda e: ("curated" not in e.provenance, e.id))

    def holders(self, role: str, of: str | None, date: str | None, at: str | None = None) -> list[Entity]:
        """Persons holding ``role`` of ``of`` (posted ``at``) on ``date``."""
        out = []
        for e in self.entities.values():
            for r in e.roles:
                if r.role == role and (of is None or r.of == of) and (at is None or r.at in (None, at)) \
                        and r.active(date):
                    out.append(e)
                    break
        return out

    def role_holders_any_time(self, role: str, of: str | None) -> list[Entity]:
        return [e for e in self.entities.values() if any(r.role == role and (of is None or r.of == of)
                                                          for r in e.roles)]

    # ------------------------------------------------------------------ overlay
    def overlay(self, items: Iterable[dict[str, Any]], provenance: str = "user") -> None:
        """Add or update entries. Lists (aliases, roles, nisba) are extended, scalars replaced."""
        for item in items:
            eid = item.get("id")
            if not eid:
                continue
            e = self.entities.get(eid)
            if e is None:
                e = Entity(id=eid, type=item.get("type", "PER"))
                self.entities[eid] = e
            for key, value in item.items():
                if key in ("id",) or key not in _ENTITY_FIELDS or value in (None, ""):
                    continue
                if key == "aliases":
                    have = {norm_name(a["text"]) for a in e.aliases}
                    for a in value:
                        a = _alias(a, provenance)
                        if norm_name(a["text"]) not in have:
                            e.aliases.append(a)
                            have.add(norm_name(a["text"]))
                elif key == "roles":
                    for r in value:
                        r = dict(r)
                        r.setdefault("provenance", provenance)
                        e.roles.append(_role(r))
                elif key in ("nisba", "inst", "not_after", "not_before", "codes"):
                    getattr(e, key).extend(value)
                else:
                    setattr(e, key, value)
            if e.canonical_ar and not any(norm_name(a["text"]) == norm_name(e.canonical_ar) for a in e.aliases):
                e.aliases.insert(0, {"text": e.canonical_ar, "kind": "name", "provenance": provenance})
            if provenance not in e.provenance:
                e.provenance.append(provenance)
        self._reindex()


# --------------------------------------------------------------------------- loading
def _entity_from_dict(d: dict[str, Any]) -> Entity:
    d = dict(d)
    roles = [_role(r) for r in d.pop("roles", []) or []]
    e = Entity(**{k: v for k, v in d.items() if k in _ENTITY_FIELDS and k != "roles"})
    e.roles = roles
    return e


def read_kb_file(path: Path | None = None) -> tuple[list[Entity], dict[str, Any]]:
    if path is None:
        raw = resources.files("rasid.entities.data").joinpath(KB_FILE).read_bytes()
    else:
        raw = Path(path).read_bytes()
    header: dict[str, Any] = {}
    entities = []
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        if not line.strip():
            continue
        d = json.loads(line)
        if "_kb" in d:
            header = d
            continue
        entities.append(_entity_from_dict(d))
    return entities, header


def _read_overlay(path: Path) -> list[dict[str, Any]]:
    path = Path(path)
    if path.suffix.lower() in (".yaml", ".yml", ".json"):
        import yaml

        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        if isinstance(data, dict):
            items: list[dict[str, Any]] = []
            for section, default_type in (("countries", "GPE"), ("places", "GPE"), ("organisations", "ORG"),
                                          ("organizations", "ORG"), ("persons", "PER"), ("entities", None)):
                for it in data.get(section) or []:
                    it = dict(it)
                    if default_type and "type" not in it:
                        it["type"] = default_type
                    items.append(it)
            return items
        return [dict(x) for x in data]
    if path.suffix.lower() in (".csv", ".tsv"):
        items = []
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh, delimiter="\t" if path.suffix.lower() == ".tsv" else ",")
            for row in reader:
                row = {k.strip(): (v or "").strip() for k, v in row.items() if k}
                it: dict[str, Any] = {k: row[k] for k in ("id", "type", "canonical_ar", "name_en", "country")
                                      if row.get(k)}
                if row.get("aliases"):
                    it["aliases"] = [a.strip() for a in row["aliases"].split("|") if a.strip()]
                if row.get("role"):
                    it["roles"] = [{"role": row["role"], "of": row.get("of") or None,
                                    "start": row.get("start") or None, "end": row.get("end") or None}]
                items.append(it)
        return items
    raise ValueError(f"unsupported KB overlay format: {path}")


@lru_cache(maxsize=1)
def _default_kb() -> KnowledgeBase:
    entities, header = read_kb_file()
    return KnowledgeBase(entities, version=str(header.get("version", "")))


def load_kb(extra_paths: Sequence[str | Path] = ()) -> KnowledgeBase:
    """The shipped KB (cached) or, with ``extra_paths``, a fresh copy with those files laid over it."""
    if not extra_paths:
        return _default_kb()
    entities, header = read_kb_file()
    kb = KnowledgeBase(entities, version=str(header.get("version", "")))
    for p in extra_paths:
        kb.overlay(_read_overlay(Path(p)), provenance=f"user:{Path(p).name}")
    return kb
