"""Stages and the pipeline that chains them.

A stage is a pure function of a document: it reads the layers and facts it
declares in ``requires``, adds those it declares in ``assigns`` and depends on
nothing else (no shared state), so a batch can be mapped over processes or a
distributed engine. The contract is checked when the pipeline is built, not
half-way through a batch.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Sequence

from rasid.document import Document

#: What a freshly read document already has.
BASE_PROVIDES = ("text", "meta")


class PipelineError(ValueError):
    """A pipeline whose stages do not fit together."""


@dataclass(frozen=True)
class Stage:
    """One step: ``func(doc, options)`` adds ``assigns`` given ``requires``."""

    name: str
    version: str
    func: Callable[[Document, Any], None]
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()
    description: str = ""

    @property
    def producer(self) -> str:
        return f"{self.name}@{self.version}"

    def __call__(self, doc: Document, options: Any = None) -> Document:
        missing = [r for r in self.requires if r not in BASE_PROVIDES and not doc.has(r)]
        if missing:
            raise PipelineError(f"stage {self.name!r} needs {', '.join(missing)}, which document {doc.id} lacks")
        self.func(doc, options)
        doc.mark_produced(self.assigns)
        doc.meta.setdefault("stages", {})[self.name] = self.version
        return doc


@dataclass
class StageTiming:
    seconds: dict[str, float] = field(default_factory=dict)
    calls: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, seconds: float) -> None:
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds
        self.calls[name] = self.calls.get(name, 0) + 1


class Pipeline:
    """An ordered list of stages whose contract has been checked."""

    def __init__(self, stages: Sequence[Stage], options: Any = None):
        check_contract(stages)
        self.stages = list(stages)
        self.options = options
        self.timing = StageTiming()

    @property
    def versions(self) -> dict[str, str]:
        return {s.name: s.version for s in self.stages}

    def __call__(self, doc: Document) -> Document:
        for stage in self.stages:
            t0 = time.perf_counter()
            stage(doc, self.options)
            self.timing.add(stage.name, time.perf_counter() - t0)
        return doc

    def run_many(self, docs: Iterable[Document]) -> Iterable[Document]:
        for doc in docs:
            yield self(doc)

    def __getstate__(self) -> dict[str, Any]:
        # timing is per process; everything else is plain data and module-level functions
        return {"stages": self.stages, "options": self.options}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.stages = state["stages"]
        self.options = state["options"]
        self.timing = StageTiming()


def check_contract(stages: Sequence[Stage]) -> None:
    """Raise PipelineError naming the first stage whose needs no earlier stage meets."""
    available = set(BASE_PROVIDES)
    names_seen: set[str] = set()
    providers = {a: s.name for s in stages for a in s.assigns}
    for stage in stages:
        if stage.name in names_seen:
            raise PipelineError(f"stage {stage.name!r} appears twice")
        names_seen.add(stage.name)
        for need in stage.requires:
            if need not in available:
                hint = (f"; {providers[need]!r} adds it and must come before {stage.name!r}"
                        if need in providers else "; no stage in this pipeline adds it")
                raise PipelineError(f"stage {stage.name!r} needs {need!r}, which no earlier stage adds{hint}")
        available.update(stage.assigns)
