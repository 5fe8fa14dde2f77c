-- 0004_annotation_doc_index: per-document layer look-ups (the sentence around a quote, a document's
-- entities) must not scan a whole layer through annotations_layer_label.
CREATE INDEX annotations_doc_layer ON annotations(doc_id, layer, start);
