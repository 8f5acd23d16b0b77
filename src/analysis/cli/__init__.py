"""The ``nlets-analysis`` command. Each subcommand lives in its own module under ``analysis.cli``."""

from __future__ import annotations

import argparse
import importlib
import sys

# name -> module under analysis.cli; each module has register(subparsers) and run(args) -> int
COMMANDS = {
    "build": "build",
    "clean": "clean",
    "aggregate-log": "aggregate_log",
    "template": "template",
    "compare": "compare",
    "publish": "publish",
}
# The `notebook` extra (pyproject.toml): only the build and notebook 02 under compare use it.
NOTEBOOK_STACK = ("nbformat", "nbclient", "nbconvert", "ipykernel", "papermill", "jupyterlab", "IPython")


def _parser() -> tuple[argparse.ArgumentParser, dict[str, object]]:
    parser = argparse.ArgumentParser(
        prog="nlets-analysis",
        description="Rebuild the Nlets DMV-query analysis, or clean your own query-count files.",
    )
    from analysis import __version__

    parser.add_argument("--version", action="version", version=f"nlets-analysis {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    modules = {}
    for name, module_name in COMMANDS.items():
        try:
            module = importlib.import_module(f"analysis.cli.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"analysis.cli.{module_name}":
                raise
            continue
        module.register(sub)
        modules[name] = module
    return parser, modules


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    parser, modules = _parser()
    typed = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(typed)
    args.typed = ["nlets-analysis", *typed]  # the command as typed, for provenance
    from analysis.paths import ProjectFolderNotFound

    try:
        return int(modules[args.command].run(args) or 0)
    except ProjectFolderNotFound as exc:  # build and publish need a checkout; everything else runs installed
        print(f"nlets-analysis {args.command}: {exc}", file=sys.stderr)
        return 2
    except ModuleNotFoundError as exc:  # the build executes notebooks: the `notebook` extra
        if (exc.name or "").split(".")[0] not in NOTEBOOK_STACK:
            raise
        print(f"nlets-analysis {args.command}: needs the notebook extra ({exc.name} is not installed): "
              "pip install 'nlets-analysis[notebook]'", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
