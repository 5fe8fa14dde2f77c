"""The document filters every listing shares (dates, outlet, duplicates, language), as SQL."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DocumentFilters:
    date_from: str | None = None
    date_to: str | None = None
    outlet: str | None = None
    include_duplicates: bool = True
    include_non_arabic: bool = True

    def sql(self, alias: str = "d") -> tuple[list[str], list[Any]]:
        """WHERE conditions on the ``documents`` table (aliased ``alias``) and their parameters."""
        where: list[str] = []
        params: list[Any] = []
        if self.date_from:
            where.append(f"{alias}.published >= ?")
            params.append(self.date_from)
        if self.date_to:
            where.append(f"{alias}.published <= ?")
            params.append(self.date_to)
        if self.outlet:
            where.append(f"{alias}.outlet = ?")
            params.append(self.outlet)
        if not self.include_duplicates:
            where.append(f"{alias}.duplicate_of IS NULL")
        if not self.include_non_arabic:
            where.append(f"{alias}.non_arabic = 0")
        return where, params
