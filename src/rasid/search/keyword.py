"""Arabic-aware keyword search over SQLite FTS5.

The index holds *search keys* (folded letters, proclitics and the article
stripped, competing spellings unified: see :func:`rasid.arabic.tokens.search_key`),
so ``التحالف`` finds ``والتحالف`` and ``للتحالف``, and ``امريكا`` finds
``أمريكا`` and ``أميركا``. Ranking is FTS5's BM25 (title keys weigh more).
Snippets are cut from the raw text and highlight the raw words whose key
matched, so they keep the original spelling.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rasid.arabic.tokens import WORD_RE, search_key
from rasid.document import Document
from rasid.store.filters import DocumentFilters

CONTENT_LABELS = {"title", "body"}
_FTS_SPECIAL = re.compile(r'["*^:()+\-]')


def content_ranges(doc: Document) -> list[tuple[int, int]]:
    """Character ranges of title/body lines (the whole text when lines are unlabelled)."""
    lines = doc.spans("lines")
    if not lines:
        return [(0, len(doc.text))]
    return [(s.start, s.end) for s in lines if s.label in CONTENT_LABELS]


def index_keys(doc: Document) -> tuple[str, str]:
    """(title keys, body keys) as space-separated search keys."""
    title = doc.fact("title") or doc.meta.get("title") or ""
    title_keys = " ".join(map(search_key, WORD_RE.findall(title)))
    body: list[str] = []
    title_span = doc.spans("title")
    for start, end in content_ranges(doc):
        if title_span and title_span[0].start == start:
            continue
        body.extend(map(search_key, WORD_RE.findall(doc.text, start, end)))
    return title_keys, " ".join(body)


def query_keys(query: str) -> list[str]:
    return [search_key(m.group()) for m in WORD_RE.finditer(query)]


def fts_expression(query: str, mode: str = "all") -> str:
    """An FTS5 MATCH expression: every (or any) query key, each as a quoted phrase.

    A quoted multi-word query ``"الحوار الاستراتيجي"`` becomes a phrase.
    """
    parts: list[str] = []
    for phrase in re.findall(r'"([^"]+)"', query):
        keys = query_keys(phrase)
        if keys:
            parts.append('"' + " ".join(keys) + '"')
    rest = re.sub(r'"[^"]*"', " ", query)
    parts.extend('"' + _FTS_SPECIAL.sub("", k) + '"' for k in query_keys(rest) if _FTS_SPECIAL.sub("", k))
    joiner = " OR " if mode == "any" else " AND "
    return joiner.join(parts)


@dataclass
class SearchHit:
    doc_id: str
    score: float
    title: str | None
    published: str | None
    outlet: str | None
    snippet: str
    highlights: list[tuple[int, int]] = field(default_factory=list)  # raw offsets of matched words

    def to_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "score": round(self.score, 4), "title": self.title,
                "published": self.published, "outlet": self.outlet, "snippet": self.snippet,
                "highlights": [list(h) for h in self.highlights]}


#: The filters a search takes (kept under this name for callers of the search API).
SearchFilters = DocumentFilters


def make_snippet(doc: Document, keys: set[str], width: int = 24, mark: tuple[str, str] = ("[", "]")
                 ) -> tuple[str, list[tuple[int, int]]]:
    """A window of about ``width`` words of title/body text around the densest match, matched words marked.

    Only title and body lines are quoted: the gap between two lines (page chrome in between) is
    shown as `` · ``, never copied from the raw text.
    """
    words: list[tuple[int, int, int]] = []  # start, end, range index
    for n, (start, end) in enumerate(content_ranges(doc)):
        words.extend((m.start(), m.end(), n) for m in WORD_RE.finditer(doc.text, start, end))
    if not words:
        return "", []
    hits = [i for i, (s, e, _) in enumerate(words) if search_key(doc.text[s:e]) in keys]
    best = hits[0] if hits else 0
    if hits:
        best_count = 0
        for i in hits:
            count = sum(1 for j in hits if i <= j < i + width)
            if count > best_count:
                best, best_count = i, count
    lo = max(0, best - width // 4) if hits else 0
    hi = min(len(words), lo + width)
    window = words[lo:hi]
    out: list[str] = []
    marked: list[tuple[int, int]] = []
    for k, (s, e, n) in enumerate(window):
        if k:
            prev_s, prev_e, prev_n = window[k - 1]
            out.append(doc.text[prev_e:s].replace("\n", " ") if n == prev_n else " · ")
        if search_key(doc.text[s:e]) in keys:
            out.append(mark[0] + doc.text[s:e] + mark[1])
            marked.append((s, e))
        else:
            out.append(doc.text[s:e])
    prefix = "… " if lo > 0 else ""
    suffix = " …" if hi < len(words) else ""
    return prefix + "".join(out) + suffix, marked


def search(store: Any, query: str, filters: SearchFilters = SearchFilters(), limit: int = 20, offset: int = 0,
           mode: str = "all", snippet_tokens: int = 24) -> list[SearchHit]:
    """Ranked documents matching ``query`` (BM25), with snippets in the original spelling."""
    expression = fts_expression(query, mode)
    if not expression:
        return []
    conditions, values = filters.sql("d")
    where = ["documents_fts MATCH ?", *conditions]
    params: list[Any] = [expression, *values]
    sql = ("SELECT d.id, d.title, d.published, d.outlet, bm25(documents_fts, 0.0, 3.0, 1.0) AS score, d.doc_json"
           " FROM documents_fts JOIN documents d ON d.id = documents_fts.doc_id WHERE " + " AND ".join(where)
           + " ORDER BY score LIMIT ? OFFSET ?")
    params += [limit, offset]
    keys = set(query_keys(query.replace('"', " ")))
    hits = []
    for row in store.conn.execute(sql, params):
        doc = Document.from_json(row["doc_json"])
        snippet, marked = make_snippet(doc, keys, snippet_tokens)
        hits.append(SearchHit(doc_id=row["id"], score=-float(row["score"]), title=row["title"],
                              published=row["published"], outlet=row["outlet"], snippet=snippet, highlights=marked))
    return hits


def count_matches(store: Any, query: str, mode: str = "all") -> int:
    expression = fts_expression(query, mode)
    if not expression:
        return 0
    return int(store.conn.execute("SELECT COUNT(*) FROM documents_fts WHERE documents_fts MATCH ?",
                                  (expression,)).fetchone()[0])
