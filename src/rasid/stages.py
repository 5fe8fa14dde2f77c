"""The stages rasid ships, and the named pipelines built from them.

Stage modules are imported only when a pipeline is built (never at import time
of :mod:`rasid`), and each exports a module-level ``STAGE``.
"""
from __future__ import annotations

import importlib
from typing import Any, Sequence

from rasid.pipeline import Pipeline, Stage

#: Per-document stages in pipeline order, by module.
CLEAN_AND_METADATA = (
    "rasid.clean.lines",
    "rasid.clean.sentences",
    "rasid.metadata.dates",
    "rasid.metadata.title",
    "rasid.metadata.dateline",
    "rasid.metadata.published",
    "rasid.metadata.outlet",
)
ANALYSIS = (
    "rasid.entities.ner",
    "rasid.entities.gazetteer",
    "rasid.entities.link",
    "rasid.entities.link:STAGE_PERIOD",
    "rasid.quotes.extract",
    "rasid.timex.resolve",
    "rasid.quantities.extract",
    "rasid.events.code",
)

PROFILES: dict[str, tuple[str, ...]] = {
    # ingest + clean + metadata: what keyword search needs
    "metadata": CLEAN_AND_METADATA,
    # everything rasid extracts from one document
    "full": CLEAN_AND_METADATA + ANALYSIS,
}


def load_stage(path: str) -> Stage:
    """``package.module`` (its ``STAGE``) or ``package.module:NAME``."""
    module_name, _, attr = path.partition(":")
    module = importlib.import_module(module_name)
    stage = getattr(module, attr or "STAGE", None)
    if not isinstance(stage, Stage):
        raise TypeError(f"{path} is not a Stage")
    return stage


def stages_for(profile: str = "full") -> list[Stage]:
    try:
        modules = PROFILES[profile]
    except KeyError:
        raise ValueError(f"unknown pipeline profile {profile!r}; choose one of {', '.join(PROFILES)}") from None
    return [load_stage(m) for m in modules]


def build_pipeline(profile: str = "full", options: Any = None, extra: Sequence[Stage] = ()) -> Pipeline:
    """The checked pipeline of a profile (``full`` or ``metadata``), plus extra stages."""
    return Pipeline(stages_for(profile) + list(extra), options)
