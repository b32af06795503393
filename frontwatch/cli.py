"""frontwatch's command line: parse arguments, call one library function, print.

Exit codes: 0 clean; 1 some inputs failed (the rest were stored); 2 usage error or nothing
could be done. A failure is one line on stderr.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from frontwatch import __version__, service
from frontwatch.config import settings
from frontwatch.errors import FrontwatchError, describe, printable
from frontwatch.export import control_row, event_row

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE = 0, 1, 2


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {text!r}") from exc


def _add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db",
        default=None,
        help="SQLAlchemy URL of the database (default: $FRONTWATCH_DB or sqlite:///frontwatch.db in the working directory)",
    )


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="frontwatch",
        description="Turn news reports of armed conflict into a traceable, ACLED-style event database.",
    )
    ap.add_argument("--version", action="version", version=f"frontwatch {__version__}")
    ap.add_argument("-v", "--verbose", action="count", default=0, help="more log output (-vv for debug)")
    sub = ap.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("ingest", help="read articles (JSONL, .txt, .html, RSS/Atom, folders) and run the pipeline")
    p.add_argument("paths", nargs="+", metavar="PATH")
    _add_db(p)
    p.add_argument("--published", type=_day, help="publication date for .txt files without a sidecar")
    p.add_argument("--outlet", help="outlet name for .txt files without a sidecar")
    p.add_argument("--quiet", action="store_true", help="no progress bar or per-article lines")
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        help="analyse articles in N local Dask worker processes (storing stays here, in input order)",
    )
    p.add_argument(
        "--parse-processes",
        type=int,
        default=1,
        metavar="N",
        help="without workers: parse in N spaCy processes (nlp.pipe) while this one runs the later stages",
    )
    p.add_argument(
        "--dask",
        metavar="tcp://SCHEDULER:8786",
        help="analyse articles on an existing Dask cluster (workers need frontwatch installed); storing stays here",
    )

    p = sub.add_parser("watch", help="poll RSS/Atom feeds and folders, ingest what is new, keep the models loaded")
    p.add_argument("sources", nargs="+", metavar="FEED_URL_OR_FOLDER")
    _add_db(p)
    p.add_argument("--every", default="15m", help="time between polls: 30s, 15m, 1h (default 15m)")
    p.add_argument("--max-polls", type=int, default=None, metavar="N", help="stop after N polls (default: never)")
    p.add_argument("--once", action="store_true", help="poll once and exit (same as --max-polls 1)")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for a feed (default 30)")
    p.add_argument("--quiet", action="store_true", help="no per-article lines, only one line per poll")

    p = sub.add_parser("events", help="export the events (ACLED columns plus claims, conflicts, evidence)")
    _add_db(p)
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")

    p = sub.add_parser("control", help="who holds each place over time")
    _add_db(p)
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("--place", help="only this place (its name as shown in the table)")

    p = sub.add_parser("geoparse", help="place names in JSONL texts ({id, text} per line)")
    p.add_argument("input", metavar="INPUT.jsonl")
    p.add_argument("--format", choices=("jsonl",), default="jsonl")
    p.add_argument("-o", "--output", help="write here instead of standard output")
    p.add_argument("--processes", type=int, default=1, help="spaCy parse processes (one per core)")

    p = sub.add_parser("classify", help="ACLED sub-event type (or non-event class) of TSV snippets (id, text)")
    p.add_argument("input", metavar="INPUT.tsv")
    p.add_argument("-o", "--output", metavar="PRED.tsv", help="write here instead of standard output")

    p = sub.add_parser("summary", help="a readable summary of the events and disagreements")
    _add_db(p)

    p = sub.add_parser("serve", help="the web page and HTTP API")
    _add_db(p)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--get", metavar="PATH", help="answer one GET request in-process, print it and exit")
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    ap = build_parser()
    args = ap.parse_args(argv)
    level = logging.WARNING - 10 * min(args.verbose, 2)
    handler = logging.StreamHandler()
    handler.setFormatter(_OneLine("%(levelname)s %(name)s: %(message)s", tracebacks=args.verbose >= 2))
    logging.basicConfig(level=level, handlers=[handler])
    if not args.command:
        ap.print_help()
        return EXIT_USAGE
    try:
        return int(COMMANDS[args.command](args) or 0)
    except FrontwatchError as exc:
        print(printable(f"frontwatch: {exc}"), file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("frontwatch: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - a bug still ends in one line; -vv shows the traceback
        if args.verbose >= 2:
            raise
        print(f"frontwatch: internal error: {describe(exc)} (run with -vv for the traceback)", file=sys.stderr)
        return EXIT_USAGE


class _OneLine(logging.Formatter):
    """Log records as one printable line each; tracebacks only with -vv.

    A failure on one article is already reported as its coded one-line error; the traceback a
    library logged with it is for debugging, not for the user's terminal.
    """

    def __init__(self, fmt: str, *, tracebacks: bool) -> None:
        super().__init__(fmt)
        self.tracebacks = tracebacks

    def format(self, record: logging.LogRecord) -> str:
        if self.tracebacks:
            return super().format(record)
        saved = record.exc_info, record.exc_text, record.stack_info
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        try:
            return printable(" ".join(super().format(record).split()))
        finally:
            record.exc_info, record.exc_text, record.stack_info = saved


def _db(args: argparse.Namespace) -> str:
    return args.db or settings().db_url


def cmd_ingest(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    for p in args.paths:
        if not Path(p).exists():
            print(f"frontwatch: no such file or folder: {p}", file=sys.stderr)
            return EXIT_USAGE
    bar = None if args.quiet or not sys.stderr.isatty() else tqdm(desc="articles", unit="art", file=sys.stderr)

    def progress(o: service.ArticleOutcome) -> None:
        if bar is not None:
            bar.update(1)
        if o.status == "failed":
            print(printable(f"frontwatch: {o.source}: {o.error}"), file=sys.stderr)
        elif not args.quiet:
            line = f"{o.status:9} {printable(o.article_id or '')}: {o.reports} report(s), {o.events_new} new event(s), {o.events_joined} joined"
            if bar is not None:
                bar.write(line, file=sys.stderr)
            else:
                print(line, file=sys.stderr)
            for w in o.warnings:
                print(f"  warning: {printable(w)}", file=sys.stderr)

    summary = service.ingest_paths(
        args.paths,
        db_url=_db(args),
        published=args.published,
        outlet=args.outlet,
        progress=progress,
        workers=max(1, args.workers),
        scheduler=args.dask,
        parse_processes=max(1, args.parse_processes),
    )
    if bar is not None:
        bar.close()
    print(
        f"{summary.stored} stored, {summary.duplicates} already stored, {summary.failed} failed -> {_db(args)}",
        file=sys.stderr,
    )
    if summary.failed and not summary.stored and not summary.duplicates:
        return EXIT_USAGE
    return EXIT_PARTIAL if summary.failed else EXIT_OK


def cmd_watch(args: argparse.Namespace) -> int:
    from frontwatch.watch import PollResult, Watcher, is_url, parse_every, warm_up

    try:
        every = parse_every(args.every)
    except ValueError as exc:
        print(f"frontwatch: --every: {exc}", file=sys.stderr)
        return EXIT_USAGE
    for s in args.sources:
        if not is_url(s) and not Path(s).exists():
            print(f"frontwatch: no such file or folder: {s}", file=sys.stderr)
            return EXIT_USAGE
    max_polls = 1 if args.once else args.max_polls
    store = service.open_db(_db(args))
    print(f"frontwatch: loading models ({warm_up():.1f} s)", file=sys.stderr)

    def progress(o: service.ArticleOutcome) -> None:
        if o.status == "failed":
            print(f"frontwatch: {o.source}: {o.error}", file=sys.stderr)
        elif o.status == "stored" and not args.quiet:
            print(f"stored    {o.article_id}: {o.reports} report(s), {o.events_new} new event(s)", file=sys.stderr)

    failed_sources = 0

    def on_poll(r: PollResult) -> None:
        nonlocal failed_sources
        failed_sources = len(r.source_errors)
        for err in r.source_errors:
            print(f"frontwatch: {err}", file=sys.stderr)
        print(
            f"poll {watcher.polls}: {r.stored} stored, {len(r.outcomes) - r.stored - r.failed} already stored, "
            f"{r.failed} failed, {len(r.source_errors)} source(s) unreachable ({r.seconds:.1f} s)",
            file=sys.stderr,
        )

    watcher = Watcher(store, args.sources, timeout=args.timeout, progress=progress)
    try:
        watcher.run(every, max_polls=max_polls, on_poll=on_poll)
    finally:
        store.close()
    # a bounded run reports whether its last poll reached every source
    return EXIT_PARTIAL if failed_sources else EXIT_OK


def cmd_events(args: argparse.Namespace) -> int:
    store = service.open_db(_db(args), create=False)
    if args.format == "csv":
        # streamed: a million events are written a thousand at a time, never held at once
        from frontwatch.export import events_csv_chunks
        from frontwatch.store import EventQuery, listing

        with store.reader() as r:
            for chunk in events_csv_chunks(listing.stream(r.conn, EventQuery())):
                sys.stdout.write(chunk)
        return EXIT_OK
    events = service.list_events(store)
    if args.format == "json":
        print(json.dumps([event_row(e) for e in events], ensure_ascii=False, indent=1))
    else:
        from frontwatch.report import events_table

        print(events_table(events))
    return EXIT_OK


def cmd_control(args: argparse.Namespace) -> int:
    store = service.open_db(_db(args), create=False)
    rows = service.control_changes(store, place=args.place)
    if args.place and not rows:
        print(f"frontwatch: no control history for {printable(repr(args.place))}", file=sys.stderr)
        return EXIT_PARTIAL
    if args.format == "json":
        print(json.dumps([control_row(c) for c in rows], ensure_ascii=False, indent=1))
    else:
        from frontwatch.report import control_table

        print(control_table(rows))
    return EXIT_OK


def cmd_summary(args: argparse.Namespace) -> int:
    from frontwatch.report import summary_text

    store = service.open_db(_db(args), create=False)
    print(summary_text(service.list_events(store), service.control_changes(store), db=_db(args)))
    return EXIT_OK


def cmd_geoparse(args: argparse.Namespace) -> int:
    from frontwatch.geo import geoparse_jsonl

    with _open_in(args.input) as fin, _open_out(args.output) as fout:
        for rec in geoparse_jsonl(fin, processes=max(1, args.processes)):
            fout.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return EXIT_OK


def cmd_classify(args: argparse.Namespace) -> int:
    from frontwatch.events.classify import classify_tsv

    with _open_in(args.input) as fin, _open_out(args.output) as fout:
        fout.write("id\tlabel\n")
        for ident, label in classify_tsv(fin):
            fout.write(f"{ident}\t{label}\n")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from frontwatch.api import serve

    return int(serve(db_url=_db(args), host=args.host, port=args.port, get=args.get) or 0)


def _open_in(path: str):  # type: ignore[no-untyped-def]
    p = Path(path)
    if not p.is_file():
        raise FrontwatchError(f"no such file: {path}")
    return p.open(encoding="utf-8", errors="replace")


class _Stdout:
    def __enter__(self):  # type: ignore[no-untyped-def]
        return sys.stdout

    def __exit__(self, *exc: object) -> None:
        sys.stdout.flush()


def _open_out(path: str | None):  # type: ignore[no-untyped-def]
    return Path(path).open("w", encoding="utf-8") if path else _Stdout()


COMMANDS = {
    "ingest": cmd_ingest,
    "watch": cmd_watch,
    "events": cmd_events,
    "control": cmd_control,
    "summary": cmd_summary,
    "geoparse": cmd_geoparse,
    "classify": cmd_classify,
    "serve": cmd_serve,
}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
