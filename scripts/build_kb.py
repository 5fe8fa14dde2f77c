#!/usr/bin/env python3
"""Build the rasid actor knowledge base (``src/rasid/entities/data/actors.jsonl.gz``).

Sources (see ``src/rasid/entities/data/PROVENANCE.md``):

* ``actors_curated.yaml`` (in the package, hand-written, provenance ``curated``);
* ``gazetteer_iso_cldr/countries_ar.tsv`` (ISO 3166 / CLDR Arabic country names, provenance ``iso_cldr``);
* ``petrarch_arabic/dictionaries/actor_dict_ar_v4.txt`` (actors with date-bounded CAMEO role codes,
  MIT, provenance ``petrarch``) and ``agents.all.ar.txt`` (generic agent nouns, only used to reject
  dictionary entries that are descriptions rather than names);
* ``anetac/EN-AR_Named-entities.txt`` (EN-AR transliterations, no licence stated): used only to add
  Arabic spelling variants of the English names of curated persons (an exact full-name match), each
  alias marked with provenance ``anetac``.

Usage::

    python scripts/build_kb.py [--shared ../shared] [--out src/rasid/entities/data/actors.jsonl.gz]

The output is deterministic (sorted, fixed gzip mtime) so a rebuild without source changes is
byte-identical.
"""
from __future__ import annotations

import argparse
import gzip
import io
import json
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rasid.arabic.normalize import fold  # noqa: E402

KB_VERSION = "1"
DATA = ROOT / "src" / "rasid" / "entities" / "data"

# ISO3 codes whose KB id differs from the slug of the English short name
COUNTRY_ID_OVERRIDES = {"USA": "usa", "GBR": "uk", "RUS": "russia", "IRN": "iran", "SYR": "syria",
                        "PSE": "palestine", "ARE": "uae", "KOR": "south_korea", "PRK": "north_korea",
                        "TUR": "turkey", "SAU": "saudi_arabia"}

TRANSLITERATED_COUNTRIES = {"usa", "uk", "france", "russia", "germany", "italy", "spain", "canada", "australia",
                            "ukraine", "netherlands", "belgium", None}
NAME_PARTICLES = {fold(w) for w in ("عبد", "أبو", "ابو", "بن", "ابن", "بنت", "آل", "ال", "أم", "عبدال")}
ORG_FIRST_WORDS = {fold(w) for w in (
    "حركة منظمة حزب جبهة وزارة مجلس جيش كتائب تنظيم جماعة اتحاد وكالة جامعة شركة هيئة لجنة قوة قوات "
    "سرايا فيلق لواء جمعية مؤسسة مكتب محكمة نقابة بنك صندوق مركز دائرة مديرية قيادة حكومة برلمان "
    "تحالف ائتلاف كتلة تيار مجلس_أمن اتحاد إذاعة قناة صحيفة").split()}
ROLE_FIRST_WORDS = {fold(w) for w in (
    "رئيس وزير نائب سفير أمين ملك أمير شيخ خادم قائد زعيم مدير متحدث ناطق مرشد مسؤول عضو جنرال عقيد "
    "لواء مستشار محافظ سيد آية_الله").split()}


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_").lower()
    return text


def norm_key(text: str) -> str:
    return " ".join(fold(text).replace("_", " ").split())


# --------------------------------------------------------------------------- sources
def read_countries(path: Path) -> dict[str, dict]:
    out: dict[str, dict] = {}
    with path.open(encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        for line in fh:
            row = dict(zip(header, line.rstrip("\n").split("\t")))
            iso3 = row["alpha_3"]
            name_en = row["name_en"].split(",")[0].strip()
            cid = COUNTRY_ID_OVERRIDES.get(iso3) or slug(name_en)
            names = []
            for key in ("name_ar_cldr", "name_ar_iso3166"):
                for part in (row.get(key) or "").split("،"):
                    part = "".join(c for c in part if unicodedata.category(c) != "Mn").strip()
                    part = part.replace("جمهوريّة", "جمهورية")
                    if part and part not in names and "-" not in part:
                        names.append(part)
            if not names:
                continue
            out[iso3] = {
                "id": cid, "type": "GPE", "canonical_ar": names[0], "name_en": name_en, "iso3": iso3,
                "iso2": row["alpha_2"], "country": cid,
                "aliases": [{"text": n, "kind": "name", "provenance": "iso_cldr"} for n in names],
                "roles": [], "codes": [{"code": iso3, "provenance": "iso_cldr"}],
                "provenance": ["iso_cldr"],
            }
    return out


ENTRY_RE = re.compile(r"^(?P<name>[^\s\[#][^\[#]*?)\s*(?:\[(?P<code>[^\]]*)\])?\s*(?:#.*)?$")
CODE_RE = re.compile(r"\[(?P<body>[^\]]*)\]")


def parse_code(body: str) -> dict | None:
    body = body.strip()
    if not body:
        return None
    m = re.match(r"^(?P<code>[~A-Z]+)\s*(?P<dates>.*)$", body)
    if not m:
        return None
    code, dates = m.group("code"), m.group("dates").replace(" ", "")
    start = end = None

    def iso(d: str) -> str | None:
        if not re.fullmatch(r"\d{8}", d):
            return None
        if d.startswith(("1800", "2200")):  # PETRARCH "open" sentinels
            return None
        return f"{d[:4]}-{d[4:6]}-{d[6:]}"

    if dates.startswith(">"):
        start = iso(dates[1:])
    elif dates.startswith("<"):
        end = iso(dates[1:])
    elif "-" in dates:
        a, _, b = dates.partition("-")
        start, end = iso(a), iso(b)
    if start and end and end < start:  # a few PETRARCH ranges use 18000101 or are inverted
        end = None
    out = {"code": code, "provenance": "petrarch"}
    if start:
        out["start"] = start
    if end:
        out["end"] = end
    return out


def read_petrarch(path: Path) -> list[dict]:
    """Entries of actor_dict_ar_v4: {name (underscores -> spaces), codes[]}."""
    entries: list[dict] = []
    current: dict | None = None
    with path.open(encoding="utf-8") as fh:
        for raw in fh:
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if line[0] in " \t" and line.strip().startswith("["):
                if current is not None:
                    for m in CODE_RE.finditer(line):
                        c = parse_code(m.group("body"))
                        if c:
                            current["codes"].append(c)
                continue
            text = line.strip()
            name, _, rest = text.partition("[")
            name = name.strip().strip("_").replace("_", " ").strip()
            if not name:
                continue
            current = {"name": name, "codes": []}
            if rest:
                c = parse_code(rest.split("]")[0])
                if c:
                    current["codes"].append(c)
            entries.append(current)
    return entries


def read_agent_words(path: Path) -> set[str]:
    words: set[str] = set()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            arabic = re.findall(r"[\u0600-\u06FF]+", line)
            if arabic:
                words.add(fold(arabic[0]))
    return words


_FIRST = {"a": "اأآع", "b": "ب", "c": "كستش", "d": "د", "e": "اإ", "f": "ف", "g": "غجق", "h": "هح", "i": "اإ",
          "j": "جي", "k": "ك", "l": "ل", "m": "م", "n": "ن", "o": "اأ", "p": "ب", "q": "كق", "r": "ر", "s": "سشص",
          "t": "تثط", "u": "اأي", "v": "فڤ", "w": "و", "x": "اإك", "y": "ي", "z": "ز"}


def _first_letter_ok(en: str, ar: str) -> bool:
    """A transliteration starts with a letter that can spell the English initial."""
    return bool(en) and bool(ar) and ar[0] in _FIRST.get(en[0].lower(), "")


def read_anetac(path: Path) -> dict[str, list[str]]:
    """English full name (lowercase) -> Arabic spellings."""
    out: dict[str, list[str]] = defaultdict(list)
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.strip().split(" ", 1)
            if len(parts) < 2:
                continue
            rest = parts[1]
            m = re.search(r"[\u0600-\u06FF]", rest)
            if not m:
                continue
            en, ar = rest[:m.start()].strip().lower(), rest[m.start():].strip()
            ar = ar.replace("\u0640", "")
            if en and ar and ar not in out[en]:
                out[en].append(ar)
    return out


# --------------------------------------------------------------------------- build
def as_alias(a, provenance: str) -> dict:
    if isinstance(a, str):
        return {"text": a, "kind": "name", "provenance": provenance}
    out = {"text": a["text"], "kind": a.get("kind", "name"), "provenance": provenance}
    return out


def add_alias(entry: dict, alias: dict) -> None:
    key = norm_key(alias["text"])
    for a in entry["aliases"]:
        if norm_key(a["text"]) == key:
            return
    entry["aliases"].append(alias)


def build(shared: Path) -> tuple[list[dict], dict]:
    stats: dict[str, int] = defaultdict(int)
    curated = yaml.safe_load((DATA / "actors_curated.yaml").read_text(encoding="utf-8"))
    countries = read_countries(shared / "data" / "gazetteer_iso_cldr" / "countries_ar.tsv")
    stats["iso_cldr_countries"] = len(countries)

    kb: dict[str, dict] = {}
    iso3_to_id: dict[str, str] = {}
    for iso3, e in countries.items():
        kb[e["id"]] = e
        iso3_to_id[iso3] = e["id"]

    def merge_curated(item: dict, default_type: str) -> None:
        item = dict(item)
        iso3 = item.pop("iso3", None)
        eid = item.get("id") or (iso3_to_id.get(iso3) if iso3 else None)
        if iso3 and iso3 in iso3_to_id and iso3_to_id[iso3] != eid:
            # curated id wins: rename the ISO entry
            old = kb.pop(iso3_to_id[iso3])
            old["id"] = eid
            old["country"] = eid
            kb[eid] = old
            iso3_to_id[iso3] = eid
        entry = kb.get(eid)
        if entry is None:
            entry = {"id": eid, "type": item.get("type", default_type), "canonical_ar": "", "name_en": "",
                     "aliases": [], "roles": [], "codes": [], "provenance": []}
            kb[eid] = entry
        if "curated" not in entry["provenance"]:
            entry["provenance"].append("curated")
        for key in ("canonical_ar", "name_en", "country", "capital", "capital_of", "type"):
            if item.get(key):
                entry[key] = item[key]
        if iso3:
            entry["iso3"] = iso3
            entry.setdefault("country", eid)
        for key in ("nisba", "not_after", "not_before"):
            if item.get(key):
                entry[key] = list(item[key])
        if item.get("inst"):
            entry["inst"] = [list(x) for x in item["inst"]]
        if item.get("code"):
            entry["codes"].append({"code": item["code"], "provenance": "curated"})
        for a in item.get("aliases") or []:
            add_alias(entry, as_alias(a, "curated"))
        # the canonical name is matched only when the entry lists no aliases of its own (an ambiguous
        # canonical such as فتح or القاعدة is then kept for display and lookup only)
        if entry["canonical_ar"] and not any(norm_key(a["text"]) == norm_key(entry["canonical_ar"])
                                             for a in entry["aliases"]):
            entry["aliases"].append({"text": entry["canonical_ar"], "kind": "name" if not entry["aliases"] else "nomatch",
                                     "provenance": "curated"})
        for r in item.get("roles") or []:
            role = {k: (str(v) if v is not None and k in ("start", "end") else v) for k, v in r.items()}
            role.setdefault("start", None)
            role.setdefault("end", None)
            role["provenance"] = "curated"
            entry["roles"].append(role)
        stats["curated_entries"] += 1

    for item in curated.get("countries") or []:
        merge_curated(item, "GPE")
    for item in curated.get("places") or []:
        merge_curated(item, "GPE")
    for item in curated.get("organisations") or []:
        merge_curated(item, "ORG")
    for item in curated.get("persons") or []:
        merge_curated(item, "PER")

    # capital metonymy aliases on the country, from capital_of on city entries
    for e in list(kb.values()):
        if e.get("capital_of") and e["capital_of"] in kb:
            country = kb[e["capital_of"]]
            country.setdefault("capital", e["id"])
            add_alias(country, {"text": e["canonical_ar"], "kind": "capital_metonymy", "provenance": "curated"})

    # ------------------------------------------------------------------ PETRARCH
    alias_index: dict[str, str] = {}
    for e in kb.values():
        for a in e["aliases"]:
            alias_index.setdefault(norm_key(a["text"]), e["id"])
    agent_words = read_agent_words(shared / "data" / "petrarch_arabic" / "dictionaries" / "agents.all.ar.txt")
    petrarch = read_petrarch(shared / "data" / "petrarch_arabic" / "dictionaries" / "actor_dict_ar_v4.txt")
    stats["petrarch_entries_read"] = len(petrarch)
    by_name: dict[str, dict] = {}
    for p in petrarch:
        key = norm_key(p["name"])
        if key in by_name:
            for c in p["codes"]:
                if c not in by_name[key]["codes"]:
                    by_name[key]["codes"].append(c)
        else:
            by_name[key] = {"name": p["name"], "codes": list(p["codes"])}
    for key, p in sorted(by_name.items()):
        if not p["codes"]:
            continue
        if key in alias_index:  # enrich a curated/ISO entry with PETRARCH codes
            e = kb[alias_index[key]]
            for c in p["codes"]:
                if c not in e["codes"]:
                    e["codes"].append(c)
            if "petrarch" not in e["provenance"]:
                e["provenance"].append("petrarch")
            stats["petrarch_merged"] += 1
            continue
        toks = key.split()
        dated = any(c.get("start") or c.get("end") for c in p["codes"])
        if toks[0] in ROLE_FIRST_WORDS or toks[0] in agent_words and len(toks) == 1:
            stats["petrarch_skipped_descriptions"] += 1
            continue
        codes = [c["code"] for c in p["codes"]]
        if toks[0] in ORG_FIRST_WORDS:
            etype = "ORG"
        elif all(c in iso3_to_id for c in codes):  # a bare country code: a place (dated or not)
            etype = "GPE"
        elif any(c.endswith(("MED", "BUS", "EDU", "NGO")) for c in codes) and not set(toks) & NAME_PARTICLES:
            etype = "ORG"  # outlets, companies, universities (فوكس نيوز)
        elif dated and len(toks) >= 2 and all(c[:3] in iso3_to_id or c.startswith("IGO") for c in codes):
            etype = "PER"  # a person holds country-bound roles; bare sector codes (مدعي عام [JUD]) are descriptions
        else:
            stats["petrarch_skipped_untyped"] += 1
            continue
        cc = codes[0][:3]
        base = "petrarch_" + (slug(p["name"]) or "")
        eid = base if base != "petrarch_" else None
        if not eid:
            import hashlib
            eid = "petrarch_" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]
            country = iso3_to_id.get(cc)
            eid = (f"{etype.lower()}_{country}_" if country else f"{etype.lower()}_") + hashlib.sha1(
                key.encode("utf-8")).hexdigest()[:8]
        # PETRARCH forms are often lemmatised (no article, masculine nisba): a name of two or
        # more words is matched in text; single words and GPE lemma forms are kept as lookup only.
        # a person name needs two words besides particles (عبد العزيز alone is a name part)
        content = [t for t in toks if t not in NAME_PARTICLES]
        match = etype == "PER" and len(content) >= 2 or etype == "ORG" and len(toks) >= 2 and dated
        entry = {"id": eid, "type": etype, "canonical_ar": p["name"], "name_en": "",
                 "country": iso3_to_id.get(cc), "aliases": [
                     {"text": p["name"], "kind": "name" if match else "nomatch", "provenance": "petrarch"}],
                 "roles": [], "codes": p["codes"], "provenance": ["petrarch"]}
        if eid in kb:
            continue
        kb[eid] = entry
        alias_index[key] = eid
        stats[f"petrarch_new_{etype}"] += 1

    # ------------------------------------------------------------------ ANETAC variants
    anetac = read_anetac(shared / "data" / "anetac" / "EN-AR_Named-entities.txt")
    for e in kb.values():
        if e["type"] != "PER" or "curated" not in e["provenance"] or not e.get("name_en"):
            continue
        # transliterations of Western names only: Arabic and Persian names are spelt natively
        if e.get("country") not in TRANSLITERATED_COUNTRIES:
            continue
        en = re.sub(r"\s+", " ", re.sub(r"[^\w\s'-]", " ", e["name_en"])).strip().lower()
        variants = list(anetac.get(en, [])[:3])
        # ANETAC lists single names: respell one word of the canonical Arabic name at a time
        en_toks, ar_toks = en.split(), e["canonical_ar"].split()
        if len(en_toks) == len(ar_toks) >= 2:
            for k, tok in enumerate(en_toks):
                for ar in anetac.get(tok, [])[:2]:
                    if " " not in ar and _first_letter_ok(tok, ar) and len(ar) >= len(tok) // 2 + 1:
                        variants.append(" ".join(ar_toks[:k] + [ar] + ar_toks[k + 1:]))
        for ar in [v for v in variants if "اا" not in v][:6]:
            before = len(e["aliases"])
            add_alias(e, {"text": ar, "kind": "name", "provenance": "anetac"})
            stats["anetac_aliases"] += len(e["aliases"]) - before

    # roles: PETRARCH codes as role-like records for curated persons without curated code
    entries = sorted(kb.values(), key=lambda x: x["id"])
    for e in entries:
        e["provenance"] = sorted(set(e["provenance"]))
    stats["entries"] = len(entries)
    for t in ("PER", "ORG", "GPE", "LOC"):
        stats[f"type_{t}"] = sum(1 for e in entries if e["type"] == t)
    stats["aliases"] = sum(len(e["aliases"]) for e in entries)
    stats["entries_with_roles"] = sum(1 for e in entries if e["roles"])
    return entries, dict(stats)


def write(entries: list[dict], out: Path, stats: dict) -> None:
    buf = io.BytesIO()
    header = {"_kb": "rasid-actors", "version": KB_VERSION, "stats": stats}
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, filename="") as gz:
        gz.write((json.dumps(header, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8"))
        for e in entries:
            gz.write((json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8"))
    out.write_bytes(buf.getvalue())


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(ROOT / ".." / "shared"))
    ap.add_argument("--out", default=str(DATA / "actors.jsonl.gz"))
    args = ap.parse_args(argv)
    entries, stats = build(Path(args.shared))
    write(entries, Path(args.out), stats)
    for k, v in sorted(stats.items()):
        print(f"{k}\t{v}")
    print(f"wrote {args.out} ({Path(args.out).stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
