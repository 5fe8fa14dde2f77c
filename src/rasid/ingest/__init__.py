"""Ingest: files, archives, feeds and crawls -> Documents (or Rejects saying why not).

    from rasid.ingest import iter_items, Document, Reject
    for item in iter_items(["news/", "crawl.warc.gz", "-"], settings):
        if isinstance(item, Reject): ...

See :mod:`rasid.ingest.readers` (formats and ``meta`` keys), :mod:`rasid.ingest.encoding`
(decoding and the newline decision) and :mod:`rasid.ingest.language`.
"""
from rasid.document import Document
from rasid.ingest.encoding import Decoded, DecodeError, decode_bytes
from rasid.ingest.items import REJECT_REASONS, IngestItem, Reject
from rasid.ingest.language import identify, tag_language
from rasid.ingest.readers import document_from_text, iter_items, read_bytes, read_path, source_of

__all__ = [
    "Document", "Reject", "IngestItem", "REJECT_REASONS", "Decoded", "DecodeError", "decode_bytes",
    "identify", "tag_language", "iter_items", "read_path", "read_bytes", "document_from_text", "source_of",
]
