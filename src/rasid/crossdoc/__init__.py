"""Across documents: exact and near duplicates, embeddings, stories (see ``rasid.crossdoc.api``)."""
