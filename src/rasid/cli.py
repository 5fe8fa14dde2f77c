"""Command line: a thin layer over importable functions (``rasid.api`` and friends).

Every command shares the same options object (:class:`rasid.config.Settings`):
packaged defaults, a ``--config`` file laid over them, then the command's own
flags. Errors are one clear line on stderr and exit status 2.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Optional

import typer

from rasid import api

app = typer.Typer(add_completion=False, no_args_is_help=True, help="rasid: Arabic news intelligence.")

DbOption = typer.Option(None, "--db", help="SQLite database (default: [store] path in the config).")
ConfigOption = typer.Option(None, "--config", help="A TOML file laid over the packaged defaults.")


class CliError(Exception):
    """An error to report as one line."""


def _settings(config: Optional[Path], **values: Any):
    from rasid.config import load_settings
    return load_settings(config, {k: v for k, v in values.items() if v is not None})


def _echo_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=1, default=str))


@app.command()
def ingest(paths: list[str] = typer.Argument(..., help="Files, directories, archives, or - for stdin."),
           db: Optional[Path] = DbOption, config: Optional[Path] = ConfigOption,
           profile: str = typer.Option("full", help="Pipeline: full (all extractors) or metadata (clean + metadata)."),
           workers: Optional[int] = typer.Option(None, help="Worker processes for the per-document stages."),
           quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar.")) -> None:
    """Read, analyse and store documents; print ingested / duplicates / rejected."""
    settings = _settings(config, **{"store.path": str(db) if db else None, "ingest.workers": workers})
    bar = None if quiet else _ProgressLine()
    report = api.ingest_paths(paths, settings, profile=profile, progress=bar)
    if bar:
        bar.close()
    typer.echo(report.summary())
    for reason, n in sorted(report.reject_reasons.items()):
        typer.echo(f"  rejected ({reason}): {n}")


class _ProgressLine:
    def __init__(self) -> None:
        self.active = sys.stderr.isatty()

    def __call__(self, report: Any) -> None:
        if self.active:
            rate = report.read / report.seconds if report.seconds else 0.0
            sys.stderr.write(f"\r  read {report.read}  stored {report.ingested}  duplicates {report.duplicates}"
                             f"  rejected {report.rejected}  ({rate:.0f}/s)")
            sys.stderr.flush()

    def close(self) -> None:
        if self.active:
            sys.stderr.write("\n")


@app.command()
def show(doc: str = typer.Argument(..., help="Document id (or unique prefix, or source file name)."),
         db: Optional[Path] = DbOption, config: Optional[Path] = ConfigOption,
         as_json: bool = typer.Option(False, "--json", help="The whole document with every annotation."),
         raw: bool = typer.Option(False, "--raw", help="Print the raw text only.")) -> None:
    """Show a document: clean text with its annotations."""
    settings = _settings(config, **{"store.path": str(db) if db else None})
    document = api.get_document(settings, doc)
    if as_json:
        _echo_json(document.to_dict())
    elif raw:
        typer.echo(document.text)
    else:
        typer.echo(api.render_document(document))


@app.command()
def search(query: str = typer.Argument(...), db: Optional[Path] = DbOption, config: Optional[Path] = ConfigOption,
           date_from: Optional[str] = typer.Option(None, "--from", help="Earliest publication date (ISO)."),
           date_to: Optional[str] = typer.Option(None, "--to", help="Latest publication date (ISO)."),
           outlet: Optional[str] = typer.Option(None, help="Only this outlet."),
           limit: int = typer.Option(10, help="Number of results."),
           any_word: bool = typer.Option(False, "--any", help="Match any word instead of all."),
           no_duplicates: bool = typer.Option(False, "--no-duplicates", help="Hide near-duplicate copies."),
           semantic: bool = typer.Option(False, "--semantic", help="By meaning, in any language (needs rasid[semantic])."),
           as_json: bool = typer.Option(False, "--json")) -> None:
    """Keyword search (Arabic-aware, BM25) with snippets in the original spelling, or --semantic."""
    settings = _settings(config, **{"store.path": str(db) if db else None})
    if semantic:
        from rasid.crossdoc import api as xapi
        found = xapi.semantic_search(settings, query, k=limit, date_from=date_from, date_to=date_to, outlet=outlet,
                                     include_duplicates=not no_duplicates)
        _echo_json(found) if as_json else typer.echo(xapi.format_hits(found))
        return
    hits = api.keyword_search(settings, query, date_from=date_from, date_to=date_to, outlet=outlet, limit=limit,
                              mode="any" if any_word else "all", include_duplicates=not no_duplicates)
    if as_json:
        _echo_json([h.to_dict() for h in hits])
        return
    if not hits:
        typer.echo("no match")
    for h in hits:
        typer.echo(f"{h.doc_id}  {h.published or '----------'}  {h.outlet or ''}  {h.title or ''}")
        typer.echo(f"    {h.snippet}")


@app.command()
def stats(db: Optional[Path] = DbOption, config: Optional[Path] = ConfigOption,
          as_json: bool = typer.Option(False, "--json")) -> None:
    """Counts of documents, annotations, outlets and rejects."""
    settings = _settings(config, **{"store.path": str(db) if db else None})
    data = api.stats(settings)
    if as_json:
        _echo_json(data)
        return
    for key, value in data.items():
        if isinstance(value, dict):
            typer.echo(f"{key}:")
            for k, v in value.items():
                typer.echo(f"  {k}: {v}")
        else:
            typer.echo(f"{key}: {value}")


@app.command()
def export(out: Path = typer.Option(..., "--out", help="Output file."),
           fmt: str = typer.Option("jsonl", "--format", help="jsonl, csv or parquet."),
           layer: str = typer.Option("documents", help="documents, or an annotation layer (entities, quotes, events...)."),
           db: Optional[Path] = DbOption, config: Optional[Path] = ConfigOption) -> None:
    """Export documents or one annotation layer."""
    settings = _settings(config, **{"store.path": str(db) if db else None})
    n = api.export(settings, out, fmt, layer)
    typer.echo(f"wrote {n} rows to {out}")


@app.command()
def annotate(files: list[Path] = typer.Argument(...), out: Path = typer.Option(..., "--out"),
             config: Optional[Path] = ConfigOption) -> None:
    """Write one prediction file per input (shared/gold/SCHEMA.md §14 format)."""
    settings = _settings(config)
    rejected: list = []
    written = api.annotate_files(files, out, settings, rejected=rejected)
    for path, reasons in rejected:
        typer.echo(f"rejected {path}: {reasons}", err=True)
    typer.echo(f"wrote {len(written)} prediction files to {out}" +
               (f"; {len(rejected)} input files rejected (listed above, no prediction written)" if rejected else ""))


@app.command("eval")
def eval_cmd(gold: Path = typer.Option(..., "--gold"), pred: Path = typer.Option(..., "--pred"),
             as_json: bool = typer.Option(False, "--json"),
             minimums: Optional[Path] = typer.Option(None, "--min", help="TOML of minimum scores; fail if below.")) -> None:
    """Score predictions against gold (the same figures as the reference scorer)."""
    from rasid.evaluation.scorer import format_report, score_dirs
    report = score_dirs(str(gold), str(pred))
    typer.echo(json.dumps(report, indent=1) if as_json else format_report(report))
    if minimums:
        failures = api.check_minimums(report, minimums)
        for line in failures:
            typer.echo(f"BELOW MINIMUM: {line}", err=True)
        if failures:
            raise typer.Exit(1)


@app.command("ner-eval")
def ner_eval(file: Path = typer.Argument(..., help="token tag file, ANERcorp format.")) -> None:
    """Entity-level precision/recall/F1 of the shipped NER model on a CoNLL-style file."""
    from rasid.entities.ner_eval import evaluate_conll, format_report
    if not file.is_file():
        raise CliError(f"{file} does not exist")
    typer.echo(format_report(evaluate_conll(str(file))))


@app.command("eval-plover")
def eval_plover(folder: Path = typer.Argument(..., help="Folder in the layout of petrarch_arabic/events_dev."),
                config: Optional[Path] = ConfigOption) -> None:
    """Event-coding accuracy on PLOVER gold sentences (per type: correct, missed, false positives)."""
    from rasid.events.plover_eval import evaluate_dir, format_report
    if not folder.is_dir():
        raise CliError(f"{folder} is not a folder")
    typer.echo(format_report(evaluate_dir(str(folder), options=_settings(config))))


@app.command()
def quotes(speaker: Optional[str] = typer.Option(None, help="Speaker name or entity id."),
           about: Optional[str] = typer.Option(None, help="A word the quote contains."),
           date_from: Optional[str] = typer.Option(None, "--from"), date_to: Optional[str] = typer.Option(None, "--to"),
           limit: int = typer.Option(50), db: Optional[Path] = DbOption, config: Optional[Path] = ConfigOption,
           as_json: bool = typer.Option(False, "--json")) -> None:
    """Who said what, when, in which outlet, with the source sentence."""
    settings = _settings(config, **{"store.path": str(db) if db else None})
    rows = api.list_quotes(settings, speaker=speaker, about=about, date_from=date_from, date_to=date_to, limit=limit)
    if as_json:
        _echo_json(rows)
        return
    if not rows:
        typer.echo("no quotes")
    for q in rows:
        typer.echo(f"{q['published'] or '----------'}  {q['outlet'] or ''}  {q['speaker'] or '(unknown speaker)'}"
                   f" [{q['kind']}] {q['cue'] or ''}")
        typer.echo(f"    «{q['content']}»")
        typer.echo(f"    doc {q['doc_id']} @{q['start']}")


@app.command()
def events(actor: Optional[str] = typer.Option(None, help="Entity id or name (as source or target)."),
           type_: Optional[str] = typer.Option(None, "--type", help="PLOVER type, e.g. ASSAULT."),
           date_from: Optional[str] = typer.Option(None, "--from"), date_to: Optional[str] = typer.Option(None, "--to"),
           no_duplicates: bool = typer.Option(False, "--no-duplicates", help="Leave out near-duplicate copies."),
           out: Optional[Path] = typer.Option(None, "--out", help="Write the event table to this file."),
           fmt: str = typer.Option("csv", "--format", help="csv, jsonl or parquet (with --out)."),
           limit: int = typer.Option(100, help="Rows shown (all are written with --out)."),
           min_confidence: str = typer.Option("low", "--min-confidence",
                                              help="low (every coded event), medium or high (reported occurrences)."),
           db: Optional[Path] = DbOption, config: Optional[Path] = ConfigOption,
           as_json: bool = typer.Option(False, "--json")) -> None:
    """Coded events: date, source, type, target, location, negation, modality, outlet and the sentence."""
    settings = _settings(config, **{"store.path": str(db) if db else None})
    try:
        rows = api.event_table(settings, actor=actor, type_=type_, date_from=date_from, date_to=date_to,
                               include_duplicates=not no_duplicates, min_confidence=min_confidence)
    except ValueError as e:
        raise typer.BadParameter(str(e), param_hint="--min-confidence") from None
    if out:
        n = api.write_table(rows, out, fmt, api.EVENT_COLUMNS)
        typer.echo(f"wrote {n} events to {out}")
        return
    if as_json:
        _echo_json(rows[:limit])
        return
    if not rows:
        typer.echo("no events")
    for r in rows[:limit]:
        neg = "NOT " if r["negated"] else ""
        typer.echo(f"{r['date'] or '----------'}  {neg}{r['type']:<9} {r['source_name'] or '-'} → {r['target_name'] or '-'}"
                   f"  [{r['modality']}] «{r['trigger']}»  {r['outlet'] or ''} {r['doc_id']}")


@app.command()
def entities(db: Optional[Path] = DbOption, config: Optional[Path] = ConfigOption,
             type_: Optional[str] = typer.Option(None, "--type", help="PER, ORG, GPE, LOC or TITLE."),
             limit: int = typer.Option(50), as_json: bool = typer.Option(False, "--json")) -> None:
    """Entities with mention and document counts."""
    settings = _settings(config, **{"store.path": str(db) if db else None})
    rows = api.list_entities(settings, type_=type_, limit=limit)
    if as_json:
        _echo_json(rows)
        return
    for r in rows:
        typer.echo(f"{r['entity_id']:<32} {r['type']:<5} {r['mentions']:>5} mentions {r['documents']:>4} docs  {r['name']}")


@app.command()
def entity(name: str = typer.Argument(...), db: Optional[Path] = DbOption, config: Optional[Path] = ConfigOption,
           as_json: bool = typer.Option(False, "--json")) -> None:
    """One entity: aliases, roles, documents."""
    settings = _settings(config, **{"store.path": str(db) if db else None})
    data = api.entity_profile(settings, name)
    if as_json:
        _echo_json(data)
        return
    typer.echo(f"{data['entity_id']}  ({data.get('type')})  {data.get('name')}")
    if data.get("name_en"):
        typer.echo(f"  English: {data['name_en']}")
    typer.echo("  aliases seen: " + "، ".join(data.get("aliases", [])))
    for role in data.get("roles", []):
        typer.echo(f"  role: {role}")
    typer.echo(f"  documents ({len(data.get('documents', []))}):")
    for d in data.get("documents", []):
        typer.echo(f"    {d['doc_id']}  {d['published'] or '----------'}  {d['title'] or ''}  ({d['mentions']} mentions)")


@app.command()
def timeline(entity: str = typer.Argument(..., help="Entity id or name."),
             with_: Optional[str] = typer.Option(None, "--with", help="Only what concerns this other entity, with the relation over time."),
             period: str = typer.Option("month", help="month, quarter or year (relation with --with)."),
             no_duplicates: bool = typer.Option(False, "--no-duplicates"),
             affiliates: bool = typer.Option(False, "--affiliates", help="Count the entity's officials and state bodies as the entity."),
             db: Optional[Path] = DbOption, config: Optional[Path] = ConfigOption,
             as_json: bool = typer.Option(False, "--json")) -> None:
    """An entity's statements, events and roles in date order, each with its outlet and source sentence."""
    from rasid.crossdoc.timeline import run_timeline
    settings = _settings(config, **{"store.path": str(db) if db else None})
    # a pair's thread includes what the two sides' officials and bodies said and did
    affiliates = affiliates or bool(with_)
    typer.echo(run_timeline(settings.get("store.path"), entity, with_, period, not no_duplicates, affiliates, as_json))


@app.command()
def relation(a: str = typer.Argument(...), b: str = typer.Argument(...),
             period: str = typer.Option("month", help="month, quarter or year."),
             with_duplicates: bool = typer.Option(False, "--with-duplicates"),
             negated: str = typer.Option("ignore", help="ignore or invert negated events."),
             db: Optional[Path] = DbOption, config: Optional[Path] = ConfigOption,
             as_json: bool = typer.Option(False, "--json")) -> None:
    """Events between two actors per period with a cooperation–conflict score."""
    from rasid.crossdoc.relations import run_relation
    settings = _settings(config, **{"store.path": str(db) if db else None})
    typer.echo(run_relation(settings.get("store.path"), a, b, period, with_duplicates, True, negated, as_json))


@app.command()
def contradictions(entity: Optional[str] = typer.Argument(None), topic: Optional[str] = typer.Option(None),
                   tolerance: float = typer.Option(0.2, help="Relative difference for two figures to conflict."),
                   max_days: int = typer.Option(90, help="Only compare reports this close in time."),
                   with_duplicates: bool = typer.Option(False, "--with-duplicates"),
                   db: Optional[Path] = DbOption, config: Optional[Path] = ConfigOption,
                   as_json: bool = typer.Option(False, "--json")) -> None:
    """An actor's opposite stances over time, and sources disagreeing on a figure or an event."""
    from rasid.crossdoc.contradictions import run_contradictions
    settings = _settings(config, **{"store.path": str(db) if db else None})
    typer.echo(run_contradictions(settings.get("store.path"), entity, topic, with_duplicates, tolerance, max_days,
                                  as_json))


# ------------------------------------------------------------------ across documents (rasid.crossdoc)
@app.command()
def duplicates(db: Optional[Path] = DbOption, config: Optional[Path] = ConfigOption,
               limit: int = typer.Option(100, help="Number of links shown."),
               kind: Optional[str] = typer.Option(None, help="near or exact (default: both)."),
               as_json: bool = typer.Option(False, "--json")) -> None:
    """Near duplicates (with similarity) and exact copies from other sources, each linked to its original."""
    from rasid.crossdoc import api as xapi
    data = xapi.duplicates(_settings(config, **{"store.path": str(db) if db else None}), limit=limit, kind=kind)
    _echo_json(data) if as_json else typer.echo(xapi.format_duplicates(data))


@app.command()
def stories(db: Optional[Path] = DbOption, config: Optional[Path] = ConfigOption,
            limit: int = typer.Option(20), min_docs: int = typer.Option(2, "--min-docs"),
            date_from: Optional[str] = typer.Option(None, "--from"), date_to: Optional[str] = typer.Option(None, "--to"),
            recent: bool = typer.Option(False, "--recent", help="Latest first instead of largest first."),
            as_json: bool = typer.Option(False, "--json")) -> None:
    """Stories: documents reporting the same development across outlets and days."""
    from rasid.crossdoc import api as xapi
    rows = xapi.stories(_settings(config, **{"store.path": str(db) if db else None}), limit=limit, min_docs=min_docs,
                        date_from=date_from, date_to=date_to, order="recent" if recent else "size")
    _echo_json(rows) if as_json else typer.echo(xapi.format_stories(rows))


@app.command()
def story(story_id: int = typer.Argument(...), db: Optional[Path] = DbOption, config: Optional[Path] = ConfigOption,
          as_json: bool = typer.Option(False, "--json")) -> None:
    """One story: label, dates, outlets, summary sentences (with source and offsets), documents."""
    from rasid.crossdoc import api as xapi
    data = xapi.story(_settings(config, **{"store.path": str(db) if db else None}), story_id)
    _echo_json(data) if as_json else typer.echo(xapi.format_story(data))


@app.command()
def similar(doc: str = typer.Argument(..., help="Document id (or unique prefix, or source file name)."),
            db: Optional[Path] = DbOption, config: Optional[Path] = ConfigOption, limit: int = typer.Option(10),
            as_json: bool = typer.Option(False, "--json")) -> None:
    """More like this: the documents nearest in meaning."""
    from rasid.crossdoc import api as xapi
    hits = xapi.similar(_settings(config, **{"store.path": str(db) if db else None}), doc, k=limit)
    _echo_json(hits) if as_json else typer.echo(xapi.format_hits(hits))


@app.command()
def serve(db: Optional[Path] = DbOption, config: Optional[Path] = ConfigOption,
          host: str = typer.Option("127.0.0.1", help="Address to listen on (loopback by default)."),
          port: int = typer.Option(8000), token: Optional[str] = typer.Option(
              None, envvar="RASID_API_TOKEN", help="Allow POST /api/ingest with this bearer token.")) -> None:
    """Start the HTTP API and web interface on the database (read-only unless a token is set)."""
    settings = _settings(config, **{"store.path": str(db) if db else None})
    try:
        import uvicorn
        from rasid.web.app import create_app
    except ImportError:
        raise CliError("the web interface needs the 'web' extra: pip install 'rasid[web]'") from None
    if not Path(settings.get("store.path")).exists():
        raise CliError(f"database {settings.get('store.path')} does not exist; run `rasid ingest` first")
    uvicorn.run(create_app(settings, ingest_token=token), host=host, port=port, log_level="warning")


@app.command()
def demo(db: Optional[Path] = DbOption, config: Optional[Path] = ConfigOption) -> None:
    """Ingest the bundled example articles and print what rasid found."""
    settings = _settings(config, **{"store.path": str(db) if db else None})
    typer.echo(api.run_demo(settings))


def main() -> None:
    import sqlite3

    from rasid.config import ConfigError
    from rasid.pipeline import PipelineError
    from rasid.store import StoreError
    try:
        app(standalone_mode=False)
    except (CliError, ConfigError, PipelineError, StoreError, OSError, ValueError, ImportError) as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except sqlite3.Error as exc:
        typer.echo(f"error: database: {exc}", err=True)
        sys.exit(2)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("aborted", err=True)
        sys.exit(1)
    except Exception as exc:  # click usage errors
        import click
        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        raise


if __name__ == "__main__":
    main()
