-- 0003_entities: one row per entity id seen in any document, and the names it was written with.
-- Mentions themselves are rows of annotations (layer = 'entities'); these tables are kept
-- up to date by Store.write_document in the same transaction.
CREATE TABLE entities (
    id            TEXT PRIMARY KEY,              -- knowledge-base id, or a stable id made from the normalised name
    type          TEXT NOT NULL,                 -- PER / ORG / GPE / LOC
    name          TEXT NOT NULL,                 -- the longest name seen
    mentions      INTEGER NOT NULL DEFAULT 0,
    documents     INTEGER NOT NULL DEFAULT 0,
    first_published TEXT,
    last_published  TEXT
);
CREATE INDEX entities_type ON entities(type);

CREATE TABLE entity_aliases (
    entity_id     TEXT NOT NULL REFERENCES entities(id),
    alias         TEXT NOT NULL,
    form          TEXT NOT NULL DEFAULT '',      -- NAM / INST / ADJ / NOM
    mentions      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (entity_id, alias, form)
);
