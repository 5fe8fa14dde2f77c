"""What the readers yield: a :class:`~rasid.document.Document` or a :class:`Reject`."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Union

from rasid.document import Document

#: Every reason a reader may give (the ``reason`` of a :class:`Reject`).
REJECT_REASONS = {
    "missing": "the path does not exist or cannot be opened",
    "binary": "bytes that are not text (NUL or control bytes)",
    "empty": "no text, or fewer than ingest.min_chars non-space characters",
    "undecodable": "text in no encoding rasid can identify",
    "oversize": "larger than ingest.max_bytes (not read)",
    "unsupported": "a format rasid does not read (PDF, images, office files, non-HTML web records...)",
    "malformed_html": "HTML the extractor could not parse",
    "malformed_json": "JSON that does not parse (records before the error are kept)",
    "malformed_csv": "CSV that does not parse (rows before the error are kept)",
    "malformed_warc": "a WARC that cannot be read further (records before the error are kept)",
    "truncated_archive": "a zip/gzip archive that is cut or corrupt",
    "bad_record": "one record of a feed without usable text or of the wrong shape",
    "http_error": "a WARC response whose HTTP status is not 2xx",
    "too_deep": "archives nested deeper than rasid follows",
}


@dataclass
class Reject:
    """An input that did not become a document, and why.

    ``source`` says where (``path``, ``path!member``, ``path!member#record``),
    ``reason`` is one of :data:`REJECT_REASONS`, ``detail`` is for humans.
    ``meta`` carries the same location keys a Document would have
    (``source_path``, ``member``, ``record``, ``format``, ``url``).
    """

    source: str
    reason: str
    detail: str = ""
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "reason": self.reason, "detail": self.detail, "meta": self.meta}


IngestItem = Union[Document, Reject]
