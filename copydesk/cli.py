"""copydesk command line: check, baseline, init, docs, explain.

Nothing heavy is imported at module load (pandas and Great Expectations are imported
inside the commands that need them), so `copydesk --help` answers at once.
"""

from __future__ import annotations

import sys
import textwrap
import time
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

FORMATS = ("text", "json", "jsonl", "junit", "sarif", "github", "concise", "gitlab")
# GitHub workflow commands are lines the runner picks out of the log, so they can share
# standard output with the human-readable text report; other formats need a file each.
SHARE_STDOUT = ("text", "github")
EXIT_USAGE = 2


def _fail(message: str) -> None:
    from copydesk.reports.safe import for_log  # messages may quote file names or file content

    typer.echo(for_log(f"copydesk: {message}"), err=True)
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
        elif name not in SHARE_STDOUT and pending:
            plan.append((name, pending.pop(0)))
        else:
            plan.append((name, None))
    if pending:
        if len(plan) == 1 and plan[0][1] is None:
            plan[0] = (plan[0][0], pending.pop(0))
        else:
            _fail("more --output files than formats to write")
    to_stdout = [name for name, dest in plan if dest is None]
    if len(to_stdout) > 1 and (len(set(to_stdout)) < len(to_stdout) or not set(to_stdout) <= set(SHARE_STDOUT)):
        _fail("only one format can go to standard output (or text with github); "
              "give the others =PATH or --output")
    return plan


class _Log:
    """Messages on stderr: `note` unless --quiet, `info` only with --verbose (plain lines
    with timings, readable in CI logs where the progress bar stays silent)."""

    def __init__(self, quiet: bool, verbose: bool):
        self.quiet, self.verbose = quiet, verbose and not quiet
        self.t0 = time.perf_counter()

    def note(self, message: str) -> None:
        if not self.quiet:
            typer.echo(f"copydesk: {message}", err=True)

    def info(self, message: str) -> None:
        if self.verbose:
            typer.echo(f"copydesk: [{time.perf_counter() - self.t0:6.1f}s] {message}", err=True)


def _progress(enabled: bool | None, quiet: bool):
    """A rich progress bar on stderr: shown when stderr is a terminal (or --progress),
    never with --quiet or --no-progress."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    show = (console.is_terminal if enabled is None else enabled) and not quiet
    return Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=console, transient=True, disable=not show,
    )


# shared by check, baseline and docs
JOBS_OPTION = typer.Option(0, "--jobs", "-j", metavar="N",
                           help="Worker processes for the checks (pandas engine): 0 = every core (default), "
                                "1 = this process only; the findings are the same whatever N.")
EXCLUDE_OPTION = typer.Option([], "--exclude", metavar="PATTERN",
                              help="Skip files or folders matching this pattern (fnmatch, on the path below the "
                                   "folder given or any of its names; repeatable; adds to exclude in configuration).")
STDIN_FORMAT_OPTION = typer.Option("jsonl", "--stdin-format",
                                   help="Format of standard input when a path is -: jsonl, csv, tsv, txt or json.")


SELECT_OPTION = typer.Option([], "--select", metavar="RULES",
                             help="Report only these checks or check/rules (repeat or separate with commas).")
IGNORE_OPTION = typer.Option([], "--ignore", metavar="RULES",
                             help="Do not report these checks or check/rules (repeat or separate with commas).")


def _selection(select: list[str], ignore: list[str]):
    """The --select/--ignore rule selection (exit 2 naming the known rules on a bad name)."""
    from copydesk.rules import RuleNameError, RuleSelection

    try:
        return RuleSelection.from_options(select, ignore)
    except RuleNameError as exc:
        _fail(str(exc))


def _setup(config: Path | None, suite: list[Path], paths: list[Path] | None = None):
    """Configuration and suite dictionaries (exit 2 on errors). Without --config the
    configuration is found upwards from the first checked path, then from the working folder."""
    from copydesk.config import ConfigError, load_config
    from copydesk.engine import SuiteError, load_suite_dicts

    start = next((Path(p) for p in paths or [] if str(p) != "-" and Path(p).exists()), None)
    try:
        cfg = load_config(config, start=start)
    except ConfigError as exc:
        _fail(str(exc))
    suite_paths = list(suite)
    if not suite_paths and cfg.suites:
        base = cfg.path.parent if cfg.path else Path.cwd()
        suite_paths = [base / cfg.suites]
    try:
        suites = load_suite_dicts(suite_paths)
    except SuiteError as exc:
        _fail(str(exc))
    return cfg, suites


def _load(paths: list[Path], cfg, progress, log: _Log, exclude: list[str] = (), stdin_format: str = "jsonl"):
    from copydesk.corpus import InputError, load_corpus

    task = progress.add_task("reading articles", total=None)

    def on_file(done: int, total: int) -> None:
        progress.update(task, completed=done, total=total)

    try:
        corpus = load_corpus(paths, cfg.fields, on_file=on_file, max_record_bytes=cfg.max_record_bytes,
                             exclude=[*cfg.exclude, *exclude], stdin_format=stdin_format)
    except (InputError, ValueError) as exc:  # ValueError: an unknown --stdin-format
        _fail(str(exc))
    progress.remove_task(task)
    if corpus.articles.empty:
        from copydesk.reports.safe import for_terminal, guard_line

        for err in corpus.ingest_errors:
            where = f"{err.file}:{err.line}" if err.line else err.file
            typer.echo(guard_line(for_terminal(f"{where}: {err.error}")), err=True)
        _fail("no articles to check" + (" (every record had an ingest error)" if corpus.ingest_errors else ""))
    log.info(f"read {len(corpus.articles)} articles from {len(corpus.files)} files "
             f"({len(corpus.ingest_errors)} ingest errors)")
    return corpus


def _owned_docs_dir(docs: Path | None) -> Path | None:
    """The Data Docs folder, checked before any work (exit 2 when copydesk does not own it:
    it never builds into a folder of files it did not write)."""
    if docs is not None:
        from copydesk.backends.gx.datadocs import DocsDirError, check_docs_dir

        try:
            check_docs_dir(docs)
        except DocsDirError as exc:
            _fail(str(exc))
    return docs


def _validate(corpus, cfg, suites, docs, progress, log: _Log, only: set[str] | None = None, selection=None,
              jobs: int = 1):
    from copydesk.engine import RunResult, SuiteError, validate_corpus
    from copydesk.backends.gx.datadocs import DocsDirError

    if only is not None and not only:
        return RunResult([], [])  # nothing changed: no suite has rows to check
    try:
        result = validate_corpus(corpus, cfg, suites, docs_dir=docs, progress=progress, only_articles=only,
                                 selection=selection, jobs=jobs)
    except (SuiteError, DocsDirError) as exc:
        _fail(str(exc))
    log.info(f"validated: {len(result.outcomes)} expectations, {len(result.findings)} findings")
    return result


def _spark_check(paths, cfg, suites, docs, progress, log: _Log, exclude, stdin_format, selection, master):
    """Read and validate on Spark (copydesk/backends/spark/): (the corpus the report reads,
    the RunResult, the corpus-wide counts when Spark read the corpus)."""
    from copydesk.backends.gx.datadocs import DocsDirError
    from copydesk.backends.spark import master as resolve_master
    from copydesk.backends.spark.check import validate_spark
    from copydesk.backends.spark.inputs import spark_read
    from copydesk.backends.spark.session import get_session
    from copydesk.corpus import InputError
    from copydesk.engine import SuiteError
    from pyspark.sql import SparkSession  # there: the caller checked (require_pyspark)

    task = progress.add_task("starting Spark", total=None)
    started = time.perf_counter()
    ours = SparkSession.getActiveSession() is None  # else spark-submit's (or a caller's) to stop
    spark = get_session(master)
    log.info(f"Spark {spark.version} on {spark.sparkContext.master} ({time.perf_counter() - started:.1f}s)")
    progress.update(task, description="reading articles")
    try:
        source = spark_read(spark, paths, cfg.fields, cfg.max_record_bytes, [*cfg.exclude, *exclude], stdin_format)
    except (InputError, ValueError) as exc:
        _fail(str(exc))
    progress.remove_task(task)
    count = len(source.corpus.articles) if source.local else source.articles.count()
    if not count:
        from copydesk.reports.safe import for_terminal, guard_line

        for err in source.corpus.ingest_errors:
            where = f"{err.file}:{err.line}" if err.line else err.file
            typer.echo(guard_line(for_terminal(f"{where}: {err.error}")), err=True)
        _fail("no articles to check" + (" (every record had an ingest error)" if source.corpus.ingest_errors else ""))
    log.info(f"read {count} articles from {len(source.corpus.files)} files "
             f"({len(source.corpus.ingest_errors)} ingest errors; "
             f"{'copydesk readers on the driver' if source.local else 'read by Spark'})")
    try:
        result, corpus, totals = validate_spark(spark, source, cfg, suites, docs, progress, selection,
                                                note=log.note if not log.quiet else None)
    except (SuiteError, DocsDirError) as exc:
        _fail(str(exc))
    finally:
        if ours:  # a clean stop: a cluster's executors are told, not left to find the driver gone
            spark.stop()
    log.info(f"validated on Spark: {len(result.outcomes)} expectations, {len(result.findings)} findings")
    return corpus, result, totals


@app.command()
def check(
    paths: List[Path] = typer.Argument(..., help="Files, folders or quoted globs of articles (.txt, .jsonl, .json, .csv, "
                                            ".tsv, .parquet, .html, .warc, and .gz/.bz2/.xz/.zst of the text kinds); "
                                            "- reads standard input."),
    format: List[str] = typer.Option(
        ["text"], "--format", "-f",
        help="text, json, jsonl, junit, sarif, github, concise (path:line:col: severity check/rule message) "
             "or gitlab (Code Quality JSON); repeat for several, FMT=PATH to send one to a file."),
    output: List[Path] = typer.Option([], "--output", "-o", help="Write the (machine-readable) report to this file."),
    no_docs: bool = typer.Option(False, "--no-docs", help="Do not build Data Docs."),
    docs_dir: Optional[Path] = typer.Option(None, "--docs-dir", help="Where Data Docs go (default: reports/, or docs_dir in config)."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help="Exit 1 on findings at or above: error, warning, info or never (default: error)."),
    config: Optional[Path] = typer.Option(None, "--config", "-c", help="copydesk.toml or pyproject.toml to read (default: found upwards from the "
                                                                  "first checked path, then from the working folder)."),
    suite: List[Path] = typer.Option([], "--suite", help="Suite JSON file or folder; a suite with a default suite's name replaces it, others are added."),
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="Baseline file (from `copydesk baseline`): only findings not in it count."),
    changed_since: Optional[str] = typer.Option(None, "--changed-since", metavar="REF",
                                                help="Check only articles in files added or modified since this git ref "
                                                     "(corpus-wide context still comes from every article)."),
    limit: int = typer.Option(50, "--limit", help="Articles with findings shown in the text report."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no messages on stderr."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log each stage with timings on stderr."),
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress",
                                            help="Force the progress bar on or off (default: on when stderr is a terminal)."),
    select: List[str] = SELECT_OPTION,
    ignore: List[str] = IGNORE_OPTION,
    show_statistics: bool = typer.Option(False, "--statistics", help="Count findings per rule, source and file in the "
                                    "text report (the JSON report always has them in `summary`)."),
    exclude: List[str] = EXCLUDE_OPTION,
    stdin_format: str = STDIN_FORMAT_OPTION,
    engine: str = typer.Option("pandas", "--engine", help="pandas (one machine, the default) or spark "
                               "(pip install 'copydesk[spark]'; the same checks and findings, on a Spark cluster)."),
    spark_master: Optional[str] = typer.Option(None, "--spark-master", metavar="URL",
                                               help="Spark master for --engine spark: local[*] (default, or "
                                                    "$COPYDESK_SPARK_MASTER), spark://host:7077, yarn, ..."),
    jobs: int = JOBS_OPTION,
) -> None:
    """Validate a corpus and report; exit 0 if all expectations are met, 1 if not, 2 on bad input."""
    log = _Log(quiet, verbose)
    if jobs < 0:
        _fail(f"--jobs must be 0 (every core) or a positive number, not {jobs}")
    if engine not in ("pandas", "spark"):
        _fail(f"--engine must be pandas or spark, not {engine!r}")
    if engine == "spark":
        from copydesk.backends.spark import SparkUnavailable, require_pyspark

        try:
            require_pyspark()
        except SparkUnavailable as exc:
            _fail(str(exc))
        if changed_since is not None:
            _fail("--changed-since is not supported with --engine spark (use the pandas engine)")
    elif spark_master is not None:
        _fail("--spark-master needs --engine spark")
    cfg, suites = _setup(config, suite, paths)
    selection = _selection(select, ignore)
    gate = fail_on or cfg.fail_on
    if gate not in ("error", "warning", "info", "never"):
        _fail(f"--fail-on must be error, warning, info or never, not {gate!r}")
    plan = _plan_outputs(format, output)
    for _name, dest in plan:
        if dest is not None and dest.is_dir():
            _fail(f"{dest}: is a folder; give the report a file name")
    docs = _owned_docs_dir(None if no_docs else (docs_dir or Path(cfg.docs_dir)))

    known = None
    if baseline is not None:
        from copydesk.baseline import BaselineError, load_baseline

        try:
            known = load_baseline(baseline)
        except BaselineError as exc:
            _fail(str(exc))
    changes = None
    if changed_since is not None:
        from copydesk.changed import GitError, changed_files

        try:
            changes = changed_files(paths, changed_since)
        except GitError as exc:
            _fail(str(exc))
        log.info(f"{len(changes.files)} files added or modified since {changed_since}")

    totals = only = None
    with _progress(progress, quiet) as bar:
        if engine == "spark":
            corpus, result, totals = _spark_check(paths, cfg, suites, docs, bar, log, exclude, stdin_format,
                                                  selection, spark_master)
        else:
            corpus = _load(paths, cfg, bar, log, exclude, stdin_format)
            if changes is not None:
                from copydesk.changed import changed_articles

                only = changed_articles(corpus, changes)
                log.info(f"checking {len(only)} of {len(corpus.articles)} articles (changed since {changed_since})")
                if not only:
                    log.note(f"no articles changed since {changed_since}; nothing to check")
            result = _validate(corpus, cfg, suites, docs, bar, log, only, selection, jobs)

    match = None
    if known is not None:
        from copydesk.baseline import apply_baseline

        match = apply_baseline(known, result.findings, only, {o.check for o in result.outcomes if o.check})
        result.findings = match.new
        log.info(f"baseline {baseline}: {len(match.known)} known findings, {len(match.new)} new, "
                 f"{len(match.fixed)} entries no longer found")

    report_corpus = corpus
    if changes is not None:
        import dataclasses

        from copydesk.changed import in_changes

        report_corpus = dataclasses.replace(corpus, ingest_errors=[
            e for e in corpus.ingest_errors if in_changes(corpus, changes, e.file, e.line)])

    from copydesk.reports.report import build_report, exit_code

    report = build_report(report_corpus, result, fail_on=gate)
    if totals is not None:  # Spark read the corpus: the driver holds only the flagged articles
        report["corpus"].update(totals)
    if changes is not None:
        root = corpus.root or Path.cwd()
        report["scope"] = {
            "changed_since": changed_since,
            "articles_checked": len(only),
            "articles_total": int(len(corpus.articles)),
            "files_changed": [f for f in corpus.files if (root / f).resolve() in changes.files],
        }
    if match is not None:
        report["baseline"] = {"file": str(baseline), "known": len(match.known), "new": len(match.new),
                              "fixed": match.fixed}
    from copydesk.reports.statistics import article_sources, statistics

    report["summary"].update(statistics(report["findings"], article_sources(corpus)))
    if selection:
        report["selection"] = {"select": sorted(selection.select), "ignore": sorted(selection.ignore)}
    report["outputs"] = {name: str(dest) for name, dest in plan if dest is not None}
    for name, dest in plan:
        _emit(name, dest, report, corpus, limit, show_statistics)
    _step_summary(report, plan, log)
    raise typer.Exit(exit_code(report))


def _step_summary(report: dict, plan, log: _Log) -> None:
    """Append the Markdown summary to $GITHUB_STEP_SUMMARY (GitHub Actions) when it is set."""
    from copydesk.reports.step_summary import append_step_summary

    where = [f"{dest} ({name})" for name, dest in plan if dest is not None]
    if report.get("data_docs"):
        where.append(f"Data Docs {report['data_docs']}")
    try:
        append_step_summary(report, "; ".join(where) or None)
    except OSError as exc:
        log.note(f"cannot append to GITHUB_STEP_SUMMARY: {exc}")


def _text_extras(report: dict, console) -> None:
    """Lines the terminal report adds for --changed-since and --baseline runs (untrusted
    values made safe as in the report itself: copydesk/reports/safe.py)."""
    from copydesk.reports.terminal import guarded, safe_text

    with guarded(console):
        scope = report.get("scope")
        if scope:
            console.print(safe_text(f"  checked {scope['articles_checked']} of {scope['articles_total']} articles "
                                    f"(in files changed since {scope['changed_since']}: "
                                    f"{len(scope['files_changed'])} files)", style="dim"))
        base = report.get("baseline")
        if base:
            console.print(safe_text(f"  baseline {base['file']}: {base['known']} known findings not shown, "
                                    f"{base['new']} new", style="dim"))
            fixed = base["fixed"]
            if fixed:
                console.print(safe_text(f"  {len(fixed)} baseline entries are no longer found; tighten the "
                                        "baseline with `copydesk baseline`:", style="yellow"))
                for e in fixed[:10]:
                    snippet = e["text"] if len(e["text"]) <= 70 else e["text"][:69] + "…"
                    console.print(safe_text(f"    {e['article_id']}  {e['rule']}  “{snippet}”", style="dim"))
                if len(fixed) > 10:
                    console.print(safe_text(f"    … and {len(fixed) - 10} more (--format json lists all)",
                                            style="dim"))


def _emit(name: str, dest: Path | None, report: dict, corpus, limit: int, statistics: bool = False) -> None:
    """Render one format to stdout or to `dest`; a file is written to a temporary file next
    to it and renamed into place, so a crash or Ctrl-C leaves the previous report whole."""
    from copydesk.fsutil import atomic_open

    if name == "text":
        from rich.console import Console

        from copydesk.reports.terminal import render

        def _write(console):
            options = {"statistics": True} if statistics else {}
            render(report, corpus, console, limit=limit, **options)
            _text_extras(report, console)

        if dest is None:
            console = Console()
            if not console.is_terminal:  # CI logs: wide enough for expectation names
                console = Console(width=max(console.width, 140))
            _write(console)
        else:
            with atomic_open(dest) as fh:
                _write(Console(file=fh, width=120, color_system=None))
        return
    writer = _writer(name)
    if dest is None:
        writer(report, sys.stdout)
        sys.stdout.flush()
    else:
        with atomic_open(dest) as fh:
            writer(report, fh)


def _writer(name: str):
    if name == "json":
        from copydesk.reports.report import write_json as writer
    elif name == "jsonl":
        from copydesk.reports.report import write_jsonl as writer
    elif name == "junit":
        from copydesk.reports.junit import write_junit as writer
    elif name == "sarif":
        from copydesk.reports.sarif import write_sarif as writer
    elif name == "concise":
        from copydesk.reports.concise import write_concise as writer
    elif name == "gitlab":
        from copydesk.reports.gitlab import write_gitlab as writer
    else:
        from copydesk.reports.github import write_github as writer
    return writer


@app.command("baseline")
def baseline_cmd(
    paths: List[Path] = typer.Argument(..., help="Files or folders of articles."),
    output: Path = typer.Option(Path("copydesk-baseline.json"), "--output", "-o", help="Baseline file to write."),
    config: Optional[Path] = typer.Option(None, "--config", "-c", help="copydesk.toml or pyproject.toml to read."),
    suite: List[Path] = typer.Option([], "--suite", help="Suite JSON file or folder (as for check)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no messages on stderr."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log each stage with timings on stderr."),
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress", help="Force the progress bar on or off."),
    exclude: List[str] = EXCLUDE_OPTION,
    stdin_format: str = STDIN_FORMAT_OPTION,
    select: List[str] = SELECT_OPTION,
    ignore: List[str] = IGNORE_OPTION,
    jobs: int = JOBS_OPTION,
) -> None:
    """Write today's findings to a baseline file; `check --baseline FILE` then fails only on new ones.

    Findings are keyed on article id + rule + matched text (not line numbers), so edits
    elsewhere do not make known findings new. Commit the file; rerun to tighten it.
    """
    from copydesk.baseline import write_baseline

    log = _Log(quiet, verbose)
    cfg, suites = _setup(config, suite, paths)
    selection = _selection(select, ignore)
    with _progress(progress, quiet) as bar:
        corpus = _load(paths, cfg, bar, log, exclude, stdin_format)
        result = _validate(corpus, cfg, suites, None, bar, log, selection=selection, jobs=jobs)
    doc = write_baseline(result.findings, output)
    log.note(f"wrote {len(result.findings)} findings ({len(doc['findings'])} entries) "
             f"from {len(corpus.articles)} articles to {output}")


@app.command()
def init(
    directory: Path = typer.Argument(Path("."), help="The corpus repository (default: the working folder)."),
    corpus: Optional[str] = typer.Option(None, "--corpus", help="Corpus folder inside it, as CI should check it "
                                         "(default: corpus/, articles/ or data/ if present, else .)."),
    force: bool = typer.Option(False, "--force", help="Overwrite files that already exist."),
) -> None:
    """Set up a corpus repository: commented copydesk.toml, editable suites in expectations/,
    a GitHub Actions workflow (SARIF to code scanning, Data Docs as an artifact) and a
    pre-commit configuration."""
    from copydesk.scaffold import ScaffoldError, init_project

    try:
        written = init_project(directory, corpus=corpus, force=force)
    except ScaffoldError as exc:
        _fail(str(exc))
    for path, status in written:
        typer.echo(f"{status:>8}  {path}")
    typer.echo("\nNext: edit copydesk.toml and expectations/, run `copydesk check` on the corpus, "
               "and `copydesk baseline` to accept today's findings.")


@app.command()
def docs(
    paths: List[Path] = typer.Argument(..., help="Files or folders of articles."),
    docs_dir: Optional[Path] = typer.Option(None, "--docs-dir", help="Where Data Docs go (default: reports/)."),
    config: Optional[Path] = typer.Option(None, "--config", "-c"),
    suite: List[Path] = typer.Option([], "--suite"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    exclude: List[str] = EXCLUDE_OPTION,
    stdin_format: str = STDIN_FORMAT_OPTION,
    select: List[str] = SELECT_OPTION,
    ignore: List[str] = IGNORE_OPTION,
    jobs: int = JOBS_OPTION,
) -> None:
    """Validate a corpus and build Data Docs only (no terminal report); prints the index path."""
    log = _Log(quiet, False)
    cfg, suites = _setup(config, suite, paths)
    selection = _selection(select, ignore)
    docs_dir = _owned_docs_dir(docs_dir or Path(cfg.docs_dir))
    with _progress(None, quiet) as bar:
        corpus = _load(paths, cfg, bar, log, exclude, stdin_format)
        result = _validate(corpus, cfg, suites, docs_dir, bar, log, selection=selection, jobs=jobs)
    typer.echo(str(result.docs_index))


def _wrap(text: str, indent: str = "  ") -> str:
    return textwrap.fill(" ".join(text.split()), width=88, initial_indent=indent, subsequent_indent=indent)


@app.command()
def explain(
    rule: Optional[str] = typer.Argument(None, help="A check (typos) or check/rule (boilerplate/phrase)."),
    config: Optional[Path] = typer.Option(None, "--config", "-c", help="Show severities as this configuration sets them."),
    format: str = typer.Option("text", "--format", "-f", help="text, or json: every rule (or RULE's) with check, "
                               "rule, severity, summary, settings (name, default, doc) and example."),
) -> None:
    """Explain what a rule checks, why it matters, its settings and an example; without RULE, list every rule."""
    from copydesk.config import ConfigError, load_config
    from copydesk.scaffold import toml_value
    from copydesk.validators import all_validators

    try:
        cfg = load_config(config)
    except ConfigError as exc:
        _fail(str(exc))
    if format not in ("text", "json"):
        _fail(f"explain --format must be text or json, not {format!r}")
    if format == "json":
        import json

        from copydesk import rules as catalog

        try:
            entries = catalog.catalog(cfg, rule)
        except catalog.RuleNameError as exc:
            _fail(str(exc))
        typer.echo(json.dumps({"tool": {"name": "copydesk", "version": __version__}, "rules": entries},
                              ensure_ascii=False, indent=2))
        return
    registry = all_validators()
    if rule is None:
        width = max(len(f"{c}/{r}") for c, cls in registry.items() for r in cls.rules)
        for check_name, cls in sorted(registry.items()):
            typer.echo(f"{check_name} (checked on the {cls.table} table)")
            for r in cls.rules.values():
                severity = cfg.severity_for(check_name, r.name, r.severity)
                first = " ".join(r.summary.split()).split(". ")[0].rstrip(".")
                head = f"  {check_name + '/' + r.name:<{width}}  {severity:<7}  "
                typer.echo(textwrap.fill(first, width=max(100, len(head) + 40), initial_indent=head,
                                         subsequent_indent=" " * len(head)))
        typer.echo("\n`copydesk explain CHECK/RULE` tells what a rule checks, why, its settings and an example.")
        return
    check_name, _, rule_name = rule.partition("/")
    if check_name not in registry:
        _fail(f"unknown check {check_name!r}; `copydesk explain` lists them")
    cls = registry[check_name]
    if rule_name and rule_name not in cls.rules:
        _fail(f"unknown rule {rule!r}; {check_name} has: {', '.join(cls.rules)}")
    rules = [cls.rules[rule_name]] if rule_name else list(cls.rules.values())
    doc = (cls.__module__ and sys.modules[cls.__module__].__doc__) or ""
    if not rule_name and doc:
        typer.echo(doc.strip() + "\n")
    for r in rules:
        severity = cfg.severity_for(check_name, r.name, r.severity)
        where = f"; {severity} in {cfg.path}" if severity != r.severity else ""
        typer.echo(f"{check_name}/{r.name}  (default severity: {r.severity}{where}; "
                   f"checked on the {cls.table} table)")
        typer.echo("What it checks:\n" + _wrap(r.summary))
        typer.echo("Why it matters to an editor:\n" + _wrap(r.why))
        if r.example:
            typer.echo("Example:\n" + _wrap(r.example))
        typer.echo("")
    settings = cls.Settings.describe()
    if settings:
        from copydesk.rules import setting_comment

        typer.echo(f"Settings (copydesk.toml, or [tool.copydesk.checks.{check_name}] in pyproject.toml):")
        typer.echo(f"  [checks.{check_name}]")
        for info in settings:
            current = cfg.check_settings(check_name).get(info.name, info.default)
            line = f"  {info.name} = {toml_value(current)}"
            comment = " ".join(filter(None, [setting_comment(info), f"[{info.type}]"]))
            line = textwrap.fill(comment, width=100, initial_indent=f"{line:<40}  # ",
                                 subsequent_indent=" " * 42 + "# ", break_on_hyphens=False)
            typer.echo(line)
        typer.echo("")
    names = [f"{check_name}/{r.name}" for r in rules]
    typer.echo("Change a severity (error, warning, info, or off to switch the rule off) in copydesk.toml:\n  [severity]")
    for r, name in zip(rules, names):
        other = "warning" if r.severity == "error" else "error"
        typer.echo(f'  "{name}" = "{other}"')
    how = getattr(sys.modules[cls.__module__], "HOW_TO_ALLOW", None)
    if how:
        typer.echo("\n" + how.strip())


def main() -> None:
    """The console entry point. Once a command has returned, every report is written and
    closed: the exit handlers run (they remove copydesk's temporary files) and the process
    ends without the interpreter's teardown, which frees a large corpus object by object
    (about a second on a 13 MB corpus)."""
    import atexit
    import os

    try:
        app()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if not isinstance(exc.code, (int, type(None))):
            print(exc.code, file=sys.stderr)
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    main()
