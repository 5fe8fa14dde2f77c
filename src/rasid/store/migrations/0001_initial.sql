-- 0001_initial: documents, their annotations, rejected inputs, runs, keyword index.
CREATE TABLE runs (
    id            INTEGER PRIMARY KEY,
    command       TEXT NOT NULL,
    started_at    TEXT NOT NULL,
    finished_at   TEXT,
    stage_versions TEXT NOT NULL DEFAULT '{}',   -- JSON {stage: version}
    counts        TEXT NOT NULL DEFAULT '{}'     -- JSON {ingested, duplicates, rejected, ...}
);

CREATE TABLE documents (
    id            TEXT PRIMARY KEY,              -- first 16 hex of content_sha256
    content_sha256 TEXT NOT NULL UNIQUE,
    text          TEXT NOT NULL,                 -- raw text, verbatim
    source_path   TEXT,
    member        TEXT,                          -- archive member or record index
    format        TEXT,
    encoding      TEXT,
    url           TEXT,
    outlet        TEXT,
    title         TEXT,
    published     TEXT,                          -- ISO date or NULL
    published_confidence TEXT,
    language      TEXT,
    non_arabic    INTEGER NOT NULL DEFAULT 0,
    duplicate_of  TEXT REFERENCES documents(id),
    n_chars       INTEGER NOT NULL,
    run_id        INTEGER REFERENCES runs(id),
    ingested_at   TEXT NOT NULL,
    doc_json      TEXT NOT NULL                  -- the whole Document (rasid/schema/document.schema.json)
);
CREATE INDEX documents_published ON documents(published);
CREATE INDEX documents_outlet ON documents(outlet);

CREATE TABLE annotations (
    doc_id        TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    span_id       TEXT NOT NULL,
    layer         TEXT NOT NULL,
    label         TEXT NOT NULL DEFAULT '',
    start         INTEGER NOT NULL,
    end           INTEGER NOT NULL,
    producer      TEXT NOT NULL,                 -- stage@version
    text          TEXT NOT NULL,
    entity_id     TEXT,                          -- for entities, quotes (speaker) and events (source)
    attrs         TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (doc_id, span_id)
);
CREATE INDEX annotations_layer_label ON annotations(layer, label);
CREATE INDEX annotations_entity ON annotations(entity_id);

CREATE TABLE rejects (
    id            INTEGER PRIMARY KEY,
    source        TEXT NOT NULL,
    member        TEXT,
    reason        TEXT NOT NULL,
    detail        TEXT,
    run_id        INTEGER REFERENCES runs(id),
    rejected_at   TEXT NOT NULL
);
CREATE INDEX rejects_reason ON rejects(reason);

-- Keyword index over search keys (folded, clitic-stripped words), not the raw text:
-- snippets are cut from the raw text by rasid.search so they keep the original spelling.
CREATE VIRTUAL TABLE documents_fts USING fts5(
    doc_id UNINDEXED, title_keys, body_keys, tokenize = 'unicode61 remove_diacritics 0'
);
