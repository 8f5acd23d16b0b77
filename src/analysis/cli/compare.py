"""``nlets-analysis compare COUNTS -o DIR``: the blocking states against the rest on a researcher's own per-state
counts, in one command: clean the file, compare comparable rates, and write the page, figures, tables, the
clean/rejects/audit files and the executed notebook 02 into DIR (never into the project's reports/ or data/)."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from analysis.guard import incomplete_note, input_note, outdir_refusal
from analysis.cli.common import add_comparison_options, add_reading_options, as_given, reading_arguments

KINDS = ("published", "supplied", "synthetic")
NOTEBOOK_DIR = "notebook"
NOTEBOOK_NAME = "02_blocking_states.ipynb"
TABLES = ("own-rates", "own-coverage", "own-groups", "own-outside", "own-before-after", "own-panel", "own-keys",
          "own-intervals", "own-median-test", "own-block-effects")
FIGURE_STEMS = ("own-rates-by-group", "own-before-after-block", "own-block-event-study")


def output_names() -> list[str]:
    """Every file the command may write, relative to DIR (checked against the inputs before anything is written).

    >>> "index.html" in output_names() and "clean.csv" in output_names()
    True
    """
    from analysis.cleaning.clean import OUTPUT_FILES

    names = ["index.html", "provenance.json", *OUTPUT_FILES, f"{NOTEBOOK_DIR}/{NOTEBOOK_NAME}",
             f"{NOTEBOOK_DIR}/manifest.json"]
    names += [f"tables/{t}.csv" for t in (*TABLES, "own-citable-sentences")]
    names += [f"figures/{s}.{x}" for s in FIGURE_STEMS for x in ("png", "svg", "csv")]
    return names


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "compare",
        help="compare the blocking states with the rest on your own per-state counts; writes a page and files to DIR",
        description="Clean a per-state query-count file, compare the states known to block ICE with the rest on "
        "comparable rates (per month of coverage, per 100,000 residents a month, over common months), and write "
        "index.html, figures, tables, clean/rejects/audit files and the executed notebook 02 into DIR. Exit 0 on "
        "success, 2 when the file cannot be read, has nothing to compare, or DIR is refused (inside the project's "
        "reports/ or data/, holding the input, or a link planted in it); nothing is written then, and DIR keeps its "
        "previous complete set. Files are staged inside DIR and moved in whole, run-manifest.json last.",
    )
    parser.add_argument("input", type=Path, metavar="COUNTS", help="your counts file (CSV, TSV, Excel, Parquet)")
    parser.add_argument("-o", "--outdir", required=True, type=Path, metavar="DIR", help="folder to write into")
    add_reading_options(parser)
    add_comparison_options(parser)
    parser.add_argument(
        "--kind", choices=KINDS, default="supplied",
        help="what the file's numbers are: supplied (default: your own figures, not published by this project), "
        "published (released by their publisher), synthetic (made up: every figure and the page say so)",
    )
    parser.add_argument("--no-notebook", action="store_true", help="skip executing notebook 02 (faster)")


def _progress(message: str) -> None:
    """A progress line on stderr, only when stderr is a terminal (quiet in pipes, logs and CI)."""
    if sys.stderr.isatty():
        print(f"nlets-analysis compare: {message}", file=sys.stderr, flush=True)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def command_line(args: argparse.Namespace) -> str:
    """The command as the user typed it (shell-quoted), for the credit line and ``provenance.json``: a path appears
    only as typed, so no machine path is written unless the user typed it.

    >>> command_line(argparse.Namespace(typed=["nlets-analysis", "compare", "my counts.csv", "-o", "out"]))
    "nlets-analysis compare 'my counts.csv' -o out"
    """
    from analysis.publish.provenance import command_text

    return command_text(typed_words(args))


def typed_words(args: argparse.Namespace) -> list[str]:
    """The words the user typed (``args.typed``, set by :func:`analysis.cli.main`), or, for a caller that built
    ``args`` itself, the input and folder as given."""
    return getattr(args, "typed", None) or ["nlets-analysis", "compare", os.fspath(args.input), "-o",
                                            os.fspath(args.outdir)]


def run(args: argparse.Namespace) -> int:
    from analysis.cleaning.read import QueryCountsReadError
    from analysis.guard import MANIFEST, Staging

    inputs = [args.input, args.agency_map]
    refused = outdir_refusal("compare", inputs, args.outdir, [*output_names(), MANIFEST])
    if refused is not None:  # refuse before reading or writing anything
        print(refused, file=sys.stderr)
        return 2
    from analysis.cleaning.clean import OUTPUT_FILES as CLEAN_FILES, clean_file, write_result

    _progress(f"reading and cleaning {args.input.name}")
    try:
        result = clean_file(args.input, **reading_arguments(args))
    except QueryCountsReadError as exc:
        print(f"nlets-analysis compare: {_one_line(exc)}", file=sys.stderr)
        return 2
    except (ValueError, OSError) as exc:
        print(f"nlets-analysis compare: {args.input}: {_one_line(exc)}", file=sys.stderr)
        return 2
    result = as_given(result, [args.input])
    if result.clean.empty:
        reasons = ", ".join(f"{reason}: {rows:,}" for reason, rows in
                            result.summary.rejected_rows_by_reason.items()) or "no data rows"
        print(f"nlets-analysis compare: {args.input}: no usable rows ({reasons}); nothing written (see why row by "
              "row with: nlets-analysis clean FILE -o OUTDIR)", file=sys.stderr)
        return 2
    refused = exact_limit(result.clean) or no_us_state(result.clean)
    if refused:
        print(f"nlets-analysis compare: {args.input}: {refused}; nothing written", file=sys.stderr)
        return 2
    notebook = not args.no_notebook and notebook_available()
    failure = None
    earlier = incomplete_note(args.outdir, [*output_names(), MANIFEST])
    earlier = earlier and f"before this run, {earlier}; this run wrote a complete set"
    try:
        with Staging("compare", args.outdir, inputs) as stage:
            write_result(result, stage.folder)
            written = write_comparison(result, args, notebook=notebook, out=stage.folder)
            if notebook:
                _progress("executing notebook 02 on the file (this takes a while)")
                failure = run_notebook(args, stage.folder / NOTEBOOK_DIR)
            stage.commit()
    except ValueError as exc:  # nothing to compare (e.g. no DMV key): one line, no traceback
        print(f"nlets-analysis compare: {args.input}: {_one_line(exc)}; nothing written", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"nlets-analysis compare: {args.outdir}: cannot write ({exc.strerror or exc}); nothing written",
              file=sys.stderr)
        return 2
    if failure:
        print(f"nlets-analysis compare: notebook 02 failed ({failure}); the page and files are written",
              file=sys.stderr)
        return 1
    print(result.format_summary())
    for note in (input_note(args.input, CLEAN_FILES), earlier):
        if note:
            print(f"note: {note}")
    print(f"wrote {args.outdir / 'index.html'} and {len(written)} more files in {args.outdir}")
    return 0


EXACT_LIMIT = 2**53  # the largest total for which every whole number has an exact binary float


def exact_limit(clean) -> str | None:
    """Why the comparison refuses ``clean``: its queries add up to more than :data:`EXACT_LIMIT`, beyond which rates
    and shares in floating point would not be exact (the reason names the file row where the total passes it);
    None when they do not.

    >>> import pandas as pd
    >>> exact_limit(pd.DataFrame({"queries": [2**52, 2**52, 1], "source_row": [2, 3, 4]}))[:64]
    'the queries add up to more than 9,007,199,254,740,992 (2**53) fr'
    """
    from analysis.cleaning.counts import exact_sum

    if exact_sum(clean["queries"]) <= EXACT_LIMIT:
        return None
    total = 0
    for row, queries in zip(clean["source_row"].tolist(), clean["queries"].tolist(), strict=True):
        total += int(queries)
        if total > EXACT_LIMIT:
            break
    return (f"the queries add up to more than {EXACT_LIMIT:,} (2**53) from row {row} on: the comparison cannot "
            "compute exact rates; clean reads the file exactly")


def no_us_state(clean) -> str | None:
    """Why the comparison refuses ``clean``: no row names a US state, DC or territory of the project's states table
    (e.g. a file of Canadian provinces); None when some row does.

    >>> import pandas as pd
    >>> no_us_state(pd.DataFrame({"destination_state": ["ON", "QC"]}))
    'no row names a US state, DC or territory (the file has ON, QC): the comparison is between US states'
    """
    from analysis.sources.tables import load_states

    found = clean["destination_state"].dropna().astype("str")
    if found.isin(set(load_states()["usps"])).any():
        return None
    shown = sorted(found.unique())
    listed = ", ".join(shown[:8]) + (f" and {len(shown) - 8} more" if len(shown) > 8 else "")
    return (f"no row names a US state, DC or territory (the file has {listed or 'none'}): the comparison is between "
            "US states")


def notebook_available() -> bool:
    """Whether the notebook stack (papermill, nbclient, a Python kernel) is installed."""
    import importlib.util

    return all(importlib.util.find_spec(m) is not None for m in ("papermill", "nbclient", "ipykernel"))


def write_comparison(result, args: argparse.Namespace, *, notebook: bool, out: Path | None = None) -> list[Path]:
    """Compare, draw and write the tables, figures, citable sentences, provenance and page into ``out`` (default
    ``args.outdir``; the command passes its staging folder, see :class:`analysis.guard.Staging`)."""
    from analysis.publish.figures import own_counts as own_figures, own_event_study
    from analysis.publish import own_page
    from analysis.publish.provenance import collect, write_provenance
    from analysis.publish.text import own_counts as own_text
    from analysis.publish.text import own_statistics as stats_text
    from analysis.findings.own_rates import compare_own_counts
    from analysis.safe_csv import write_csv
    from analysis.sources.tables import load_states
    from analysis.cleaning.clean import OUTPUT_FILES as CLEAN_FILES

    out = Path(args.outdir if out is None else out)
    name = args.input.name
    command = command_line(args)
    states = load_states()
    _progress("comparing the blocking states with the rest")
    comparison = compare_own_counts(result.clean, states, kind=args.kind, label=f"user-supplied:{name}",
                                    keys=args.keys, missing=args.missing, key_column=result.key_column)
    provenance = collect(args.input, typed_words(args))
    written = [write_provenance(provenance, out / "provenance.json")]
    tables = {}
    (out / "tables").mkdir(parents=True, exist_ok=True)
    for stem, frame in comparison.tables().items():
        written.append(write_csv(frame, out / "tables" / f"{stem}.csv", date_format="%Y-%m-%d"))
        tables[f"Table: {stem} (CSV)"] = f"tables/{stem}.csv"
    citable = own_text.citable(comparison, name, stats_text.citable_statistics(comparison))
    written.append(write_csv(citable, out / "tables" / "own-citable-sentences.csv"))
    tables["Table: citable sentences with kind and bound (CSV)"] = "tables/own-citable-sentences.csv"
    _progress("drawing the figures")
    import matplotlib

    # The file name and command are the user's text: a `$…$` in them is drawn as typed, never as TeX.
    with matplotlib.rc_context({"text.parse_math": False}):
        figures = [own_figures.rates_by_group_figure(comparison, name, command)]
        figures += [f for f in (own_figures.before_after_figure(comparison, name, command),
                                own_event_study.event_study_figure(comparison, name, command)) if f is not None]
        drawn = []
        for figure in figures:
            paths = own_figures.save(figure, out / "figures")
            written += paths
            drawn.append((figure, [p.relative_to(out).as_posix() for p in paths]))
    files = {f"Cleaned rows: {n}": n for n in ("clean.csv", "rejects.csv", "audit.csv", "subtotals.csv",
                                                  "duplicates.csv")}
    files["Provenance (tool version, input SHA-256, command)"] = "provenance.json"
    if notebook:
        files["Executed notebook 02"] = f"{NOTEBOOK_DIR}/{NOTEBOOK_NAME}"
    warnings = tuple(n for n in (input_note(args.input, CLEAN_FILES),) if n)
    page = own_page.PageInputs(name, command, result.summary, drawn, tables, files, citable,
                               own_text.limits(comparison, states), result.grain_reason, notebook, provenance,
                               warnings)
    index = out / "index.html"
    index.write_text(own_page.render(comparison, page), encoding="utf-8", newline="\n")
    return [*written, index]


def run_notebook(args: argparse.Namespace, folder: Path | None = None) -> str | None:
    """Execute notebook 02 on the file with papermill, its exports in ``folder`` (default ``DIR/notebook``); the
    error text or None."""
    import papermill

    from analysis.paths import notebooks_dir

    folder = (Path(args.outdir) / NOTEBOOK_DIR if folder is None else folder).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    parameters = notebook_parameters(args)
    before = {name: os.environ.get(name) for name in ("NLETS_REPORTS_DIR", "MATPLOTLIBRC")}
    os.environ["NLETS_REPORTS_DIR"] = os.fspath(folder)
    settings = tempfile.TemporaryDirectory(prefix="nlets-mplrc-")  # outside DIR, deleted afterwards
    # the kernel's figures draw the file name too: a `$…$` in it stays text there as on the page
    (Path(settings.name) / "matplotlibrc").write_text("text.parse_math: False\n", encoding="utf-8", newline="\n")
    os.environ["MATPLOTLIBRC"] = settings.name
    sys.stderr.flush()
    saved = os.dup(2)  # the kernel inherits stderr: keep its start-up chatter off the user's terminal
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 2)
    try:
        papermill.execute_notebook(os.fspath(notebooks_dir() / NOTEBOOK_NAME), os.fspath(folder / NOTEBOOK_NAME),
                                   parameters=parameters, cwd=os.getcwd(), progress_bar=False)
        scrub_notebook(folder / NOTEBOOK_NAME, user_strings(args))
    except Exception as exc:  # noqa: BLE001 - a failed cell: reported in one line, the notebook keeps the traceback
        return _one_line(exc)[:300]
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(quiet)
        settings.cleanup()
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return None


def user_strings(args: argparse.Namespace) -> tuple[str, ...]:
    """The user's strings that can land in the notebook's Markdown: the file's name and path as typed, the
    sheet, the agency map and the command line.

    >>> user_strings(argparse.Namespace(input=Path("in/<b>.csv"), sheet=None, agency_map=None,
    ...     typed=["nlets-analysis", "compare", "in/<b>.csv", "-o", "out"]))[:2]
    ('<b>.csv', 'in/<b>.csv')
    """
    words = [args.input.name, os.fspath(args.input)]
    words += [str(args.sheet)] if getattr(args, "sheet", None) is not None else []
    words += [os.fspath(args.agency_map), Path(args.agency_map).name] if getattr(args, "agency_map", None) else []
    return (*words, command_line(args))


def notebook_parameters(args: argparse.Namespace) -> dict[str, object]:
    """Notebook 02's parameters for this run: the file and every reading and comparison option, paths as typed
    (the notebook runs in the user's working folder), so the notebook computes what the page shows.

    >>> ns = argparse.Namespace(input=Path("c.csv"), kind="synthetic", sheet=None, column=["Tot=queries"],
    ...     period=None, period_grain="month", fiscal_year_start=None, agency_map=None, keys="dmv", missing="zero",
    ...     typed=["nlets-analysis", "compare", "c.csv", "-o", "out"])
    >>> notebook_parameters(ns)["columns"], notebook_parameters(ns)["missing"]
    ({'Tot': 'queries'}, 'zero')
    """
    reading = reading_arguments(args)
    return {
        "query_counts_path": os.fspath(args.input), "counts_kind": args.kind, "sheet": reading["sheet"],
        "period": reading["period"], "columns": reading["columns"], "period_grain": reading["period_grain"],
        "fiscal_year_start": reading["fiscal_year_start"],
        "agency_map": os.fspath(args.agency_map) if args.agency_map else None,
        "keys": args.keys, "missing": args.missing, "command": command_line(args),
    }


def scrub_notebook(path: Path, user_strings: tuple[str, ...] = ()) -> None:
    """Drop the machine paths papermill records (``metadata.papermill.input_path``/``output_path``) from the
    executed notebook (the parameters keep the paths as the user typed them), and make the user's own strings (the
    file name, the command) inert in its Markdown outputs (:func:`inert_markdown`): converted to HTML, a file named
    ``<img src=x onerror=…>.csv`` or ``[x](javascript:…).csv`` is text, never markup."""
    import json

    notebook = json.loads(path.read_text(encoding="utf-8"))
    meta = notebook.get("metadata", {}).get("papermill", {})
    for key in ("input_path", "output_path", "cwd"):
        meta.pop(key, None)
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            data = output.get("data", {})
            if "text/markdown" in data:
                text = data["text/markdown"]
                text = "".join(text) if isinstance(text, list) else str(text)
                data["text/markdown"] = inert_markdown(text, user_strings)
    path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8", newline="\n")


MARKUP = frozenset("<>&[]()*`$\\!|~{}")  # what Markdown, HTML or math in a notebook can read as markup


def inert_markdown(text: str, user_strings: tuple[str, ...]) -> str:
    """``text`` with every occurrence of each user string (longest first) holding markup characters (``<``, ``[``,
    ``*``, ``$``, ...) written with character references for them: Markdown shows the characters typed and never
    reads them as HTML, links, emphasis or math; a plain name and the rest of the text (our own Markdown) are
    unchanged.

    >>> inert_markdown("- file: <img src=x>.csv", ("<img src=x>.csv",))
    '- file: &#60;img src=x&#62;.csv'
    >>> inert_markdown("- file: my_counts.csv", ("my_counts.csv",))
    '- file: my_counts.csv'
    """
    for value in sorted({v for v in user_strings if v and MARKUP & set(v)}, key=len, reverse=True):
        text = text.replace(value, "".join(f"&#{ord(c)};" if c in MARKUP else c for c in value))
    return text
