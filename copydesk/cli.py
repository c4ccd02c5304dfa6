"""copydesk command line: check, docs, explain.

Nothing heavy is imported at module load (pandas and Great Expectations are imported
inside the commands that need them), so `copydesk --help` answers at once.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from copydesk import __version__

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    help="Validate news corpora: typos, boilerplate, missing attributions, inconsistent numbers.",
)

FORMATS = ("text", "json", "jsonl")
EXIT_USAGE = 2


def _fail(message: str) -> None:
    typer.echo(f"copydesk: {message}", err=True)
    raise typer.Exit(EXIT_USAGE)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"copydesk {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    """copydesk: the copy desk for news corpora."""


def _plan_outputs(formats: list[str], outputs: list[Path]) -> list[tuple[str, Path | None]]:
    """Pair formats with destinations: FMT=PATH explicitly, else --output files in order
    for machine-readable formats; text (and anything left) goes to stdout."""
    plan: list[tuple[str, Path | None]] = []
    pending = list(outputs)
    for spec in formats or ["text"]:
        name, _, path = spec.partition("=")
        if name not in FORMATS:
            _fail(f"unknown format {name!r}; choose from {', '.join(FORMATS)}")
        if path:
            plan.append((name, Path(path)))
        elif name != "text" and pending:
            plan.append((name, pending.pop(0)))
        else:
            plan.append((name, None))
    if pending:
        if len(plan) == 1 and plan[0][1] is None:
            plan[0] = (plan[0][0], pending.pop(0))
        else:
            _fail("more --output files than formats to write")
    if sum(dest is None for _, dest in plan) > 1:
        _fail("only one format can go to standard output; give the others =PATH or --output")
    return plan


def _progress(quiet: bool):
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    return Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
        console=console, transient=True, disable=quiet or not console.is_terminal,
    )


@app.command()
def check(
    paths: List[Path] = typer.Argument(..., help="Files or folders of articles (.txt, .jsonl, .json, .csv, .tsv, .parquet, .html)."),
    format: List[str] = typer.Option(["text"], "--format", "-f", help="text, json or jsonl; repeat for several, FMT=PATH to send one to a file."),
    output: List[Path] = typer.Option([], "--output", "-o", help="Write the (machine-readable) report to this file."),
    no_docs: bool = typer.Option(False, "--no-docs", help="Do not build Data Docs."),
    docs_dir: Optional[Path] = typer.Option(None, "--docs-dir", help="Where Data Docs go (default: reports/, or docs_dir in config)."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help="Exit 1 on findings at or above: error, warning, info or never (default: error)."),
    config: Optional[Path] = typer.Option(None, "--config", "-c", help="copydesk.toml or pyproject.toml to read (default: discovered from the working folder)."),
    suite: List[Path] = typer.Option([], "--suite", help="Suite JSON file or folder; a suite with a default suite's name replaces it, others are added."),
    limit: int = typer.Option(50, "--limit", help="Articles with findings shown in the text report."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Validate a corpus and report; exit 0 if all expectations are met, 1 if not, 2 on bad input."""
    from copydesk.config import ConfigError, load_config

    try:
        cfg = load_config(config)
    except ConfigError as exc:
        _fail(str(exc))
    gate = fail_on or cfg.fail_on
    if gate not in ("error", "warning", "info", "never"):
        _fail(f"--fail-on must be error, warning, info or never, not {gate!r}")
    plan = _plan_outputs(format, output)

    from copydesk.corpus import InputError, load_corpus
    from copydesk.engine import SuiteError, load_suite_dicts

    suite_paths = list(suite)
    if not suite_paths and cfg.suites:
        base = cfg.path.parent if cfg.path else Path.cwd()
        suite_paths = [base / cfg.suites]
    try:
        suites = load_suite_dicts(suite_paths)
    except SuiteError as exc:
        _fail(str(exc))

    with _progress(quiet) as progress:
        task = progress.add_task("reading articles", total=None)
        try:
            corpus = load_corpus(paths, cfg.fields)
        except InputError as exc:
            _fail(str(exc))
        progress.remove_task(task)
        if corpus.articles.empty:
            for err in corpus.ingest_errors:
                where = f"{err.file}:{err.line}" if err.line else err.file
                typer.echo(f"{where}: {err.error}", err=True)
            _fail("no articles to check" + (" (every record had an ingest error)" if corpus.ingest_errors else ""))

        from copydesk.engine import validate_corpus

        docs = None if no_docs else (docs_dir or Path(cfg.docs_dir))
        try:
            result = validate_corpus(corpus, cfg, suites, docs_dir=docs, progress=progress)
        except SuiteError as exc:
            _fail(str(exc))

    from copydesk.reports.report import build_report, exit_code

    report = build_report(corpus, result, fail_on=gate)
    for name, dest in plan:
        _emit(name, dest, report, corpus, limit)
    raise typer.Exit(exit_code(report))


def _emit(name: str, dest: Path | None, report: dict, corpus, limit: int) -> None:
    from copydesk.reports import report as rep

    if name == "text":
        from rich.console import Console

        from copydesk.reports.terminal import render

        if dest is None:
            console = Console()
            if not console.is_terminal:  # CI logs: wide enough for expectation names
                console = Console(width=max(console.width, 140))
            render(report, corpus, console, limit=limit)
        else:
            with open(dest, "w", encoding="utf-8") as fh:
                render(report, corpus, Console(file=fh, width=120, color_system=None), limit=limit)
        return
    writer = {"json": rep.write_json, "jsonl": rep.write_jsonl}[name]
    if dest is None:
        writer(report, sys.stdout)
    else:
        dest.parent.mkdir(parents=True, exist_ok=True)
        with open(dest, "w", encoding="utf-8") as fh:
            writer(report, fh)


@app.command()
def docs(
    paths: List[Path] = typer.Argument(..., help="Files or folders of articles."),
    docs_dir: Optional[Path] = typer.Option(None, "--docs-dir", help="Where Data Docs go (default: reports/)."),
    config: Optional[Path] = typer.Option(None, "--config", "-c"),
    suite: List[Path] = typer.Option([], "--suite"),
) -> None:
    """Validate a corpus and build Data Docs only (no terminal report); prints the index path."""
    from copydesk.config import ConfigError, load_config

    try:
        cfg = load_config(config)
    except ConfigError as exc:
        _fail(str(exc))
    from copydesk.corpus import InputError, load_corpus
    from copydesk.engine import SuiteError, load_suite_dicts, validate_corpus

    try:
        suites = load_suite_dicts(list(suite) or ([Path(cfg.suites)] if cfg.suites else []))
        corpus = load_corpus(paths, cfg.fields)
    except (SuiteError, InputError) as exc:
        _fail(str(exc))
    if corpus.articles.empty:
        _fail("no articles to check")
    result = validate_corpus(corpus, cfg, suites, docs_dir=docs_dir or Path(cfg.docs_dir))
    typer.echo(str(result.docs_index))


@app.command()
def explain(rule: Optional[str] = typer.Argument(None, help="A check (typos) or check/rule (boilerplate/phrase).")) -> None:
    """Explain what a rule checks and why; without RULE, list every rule."""
    from copydesk.validators import all_validators

    registry = all_validators()
    if rule is None:
        for check, cls in sorted(registry.items()):
            for r in cls.rules.values():
                typer.echo(f"{check}/{r.name:<22} {r.severity:<8} {r.summary.splitlines()[0][:90]}")
        return
    check, _, rule_name = rule.partition("/")
    if check not in registry:
        _fail(f"unknown check {check!r}; `copydesk explain` lists them")
    cls = registry[check]
    rules = [cls.rules[rule_name]] if rule_name else list(cls.rules.values())
    if rule_name and rule_name not in cls.rules:
        _fail(f"unknown rule {rule!r}; {check} has: {', '.join(cls.rules)}")
    doc = (cls.__module__ and sys.modules[cls.__module__].__doc__) or ""
    if not rule_name and doc:
        typer.echo(doc.strip() + "\n")
    for r in rules:
        typer.echo(f"{check}/{r.name}  (default severity: {r.severity})")
        typer.echo(f"  What: {r.summary}")
        typer.echo(f"  Why:  {r.why}")
        if r.example:
            typer.echo(f"  Example: {r.example}")
    settings = cls.defaults()
    if settings:
        typer.echo(f"\nSettings ([tool.copydesk.checks.{check}] in pyproject.toml or copydesk.toml):")
        for key, value in settings.items():
            typer.echo(f"  {key} = {value!r}")
    how = getattr(sys.modules[cls.__module__], "HOW_TO_ALLOW", None)
    if how:
        typer.echo("\n" + how.strip())


def main() -> None:
    app()


if __name__ == "__main__":
    main()
