-- 0002_crossdoc: duplicates (exact and near), MinHash signatures, embedding cache, stories.

-- The same text seen again from another source (another outlet, URL or file). The document
-- itself is stored once (content_sha256 is unique); each other source is recorded here.
CREATE TABLE exact_sources (
    id            INTEGER PRIMARY KEY,
    content_sha256 TEXT NOT NULL,                -- = documents.content_sha256 of the stored copy
    source_path   TEXT NOT NULL DEFAULT '',
    member        TEXT NOT NULL DEFAULT '',
    url           TEXT NOT NULL DEFAULT '',
    outlet        TEXT,
    title         TEXT,
    published     TEXT,
    seen_at       TEXT NOT NULL,
    UNIQUE (content_sha256, source_path, member, url)
);
CREATE INDEX exact_sources_sha ON exact_sources(content_sha256);

-- MinHash signature of a document's folded title+body word shingles (uint32 little-endian array).
CREATE TABLE doc_minhash (
    doc_id        TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    num_perm      INTEGER NOT NULL,
    seed          INTEGER NOT NULL,
    shingle_size  INTEGER NOT NULL,
    n_shingles    INTEGER NOT NULL,
    hashvalues    BLOB                            -- NULL when the text is too short to compare
);

-- A near (or exact) duplicate linked to its original; documents.duplicate_of mirrors original_id.
CREATE TABLE duplicates (
    doc_id        TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    original_id   TEXT NOT NULL REFERENCES documents(id),
    matched_id    TEXT NOT NULL REFERENCES documents(id), -- the copy it matched best (often the original)
    kind          TEXT NOT NULL,                  -- near
    similarity    REAL NOT NULL,                  -- MinHash estimate of the shingle Jaccard with matched_id
    method        TEXT NOT NULL,                  -- e.g. minhash:w3:p128
    detected_at   TEXT NOT NULL
);
CREATE INDEX duplicates_original ON duplicates(original_id);

-- Spans (quotes, events) of a duplicate that repeat a span of its original.
CREATE TABLE span_same_as (
    doc_id        TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    span_id       TEXT NOT NULL,
    original_id   TEXT NOT NULL REFERENCES documents(id),
    original_span_id TEXT NOT NULL,
    similarity    REAL NOT NULL,
    PRIMARY KEY (doc_id, span_id)
);

-- Embeddings cache keyed by content hash and model (vectors: little-endian float16 arrays).
CREATE TABLE doc_embeddings (
    content_sha256 TEXT NOT NULL,
    model         TEXT NOT NULL,
    dim           INTEGER NOT NULL,
    vector        BLOB NOT NULL,                  -- document vector, L2-normalised
    n_sentences   INTEGER NOT NULL,
    sentences     TEXT NOT NULL,                  -- JSON [[start, end], ...] raw offsets
    sentence_vectors BLOB NOT NULL,               -- n_sentences x dim, L2-normalised
    created_at    TEXT NOT NULL,
    PRIMARY KEY (content_sha256, model)
);

-- Stories: documents reporting the same development, grown incrementally.
CREATE TABLE stories (
    id            INTEGER PRIMARY KEY,
    label         TEXT NOT NULL DEFAULT '',
    first_published TEXT,
    last_published TEXT,
    n_docs        INTEGER NOT NULL DEFAULT 0,
    outlets       TEXT NOT NULL DEFAULT '[]',     -- JSON list
    model         TEXT NOT NULL,
    centroid      BLOB NOT NULL,                  -- float32, sum of member vectors (not normalised)
    entities      TEXT NOT NULL DEFAULT '{}',     -- JSON {entity_id: documents}
    terms         TEXT NOT NULL DEFAULT '{}',     -- JSON {search key: documents}
    summary       TEXT NOT NULL DEFAULT '[]',     -- JSON [{doc_id, start, end, text, score}]
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX stories_last ON stories(last_published);

CREATE TABLE story_documents (
    doc_id        TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    story_id      INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    score         REAL NOT NULL,                  -- the join score (1.0 for the document that opened it)
    added_at      TEXT NOT NULL
);
CREATE INDEX story_documents_story ON story_documents(story_id);
