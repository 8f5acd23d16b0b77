"""The ``nlets-analysis`` command. Each subcommand lives in its own module under ``analysis.cli``."""

from __future__ import annotations

import argparse
import importlib
import os
import signal
import sys

from analysis.cli.interrupts import interrupts_after_imports
from analysis.paths import ProjectFolderNotFound

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


INTERRUPTED = 130  # the shell's code for a run ended by Ctrl-C (128 + SIGINT)
_NO_PARTIAL = "no partial set of outputs left"


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code. Ctrl-C ends any command with one line and exit
    130 (outputs are staged, so no partial set is left); a closed pipe (``| head -1``) ends it quietly."""
    typed = list(sys.argv[1:] if argv is None else argv)
    command = next((word for word in typed if word in COMMANDS), None)
    try:
        with interrupts_after_imports():  # the data libraries load inside the command
            parser, modules = _parser()
            args = parser.parse_args(typed)
            args.typed = ["nlets-analysis", *typed]  # the command as typed, for provenance
            code = int(modules[args.command].run(args) or 0)
        sys.stdout.flush()
    except KeyboardInterrupt:
        where = f" {command}" if command else ""
        print(f"nlets-analysis{where}: interrupted; {_NO_PARTIAL}", file=sys.stderr)
        return INTERRUPTED
    except BrokenPipeError:  # the reader went away (| head -1): the work is done, say nothing more
        _silence_stdout()
        return 0
    except ProjectFolderNotFound as exc:  # build and publish need a checkout; everything else runs installed
        print(f"nlets-analysis {command}: {exc}", file=sys.stderr)
        return 2
    except ModuleNotFoundError as exc:  # the build executes notebooks: the `notebook` extra
        if (exc.name or "").split(".")[0] not in NOTEBOOK_STACK:
            raise
        print(f"nlets-analysis {command}: needs the notebook extra ({exc.name} is not installed): "
              "pip install 'nlets-analysis[notebook]'", file=sys.stderr)
        return 2
    return code


def console() -> None:
    """The console script and ``python -m analysis.cli``: :func:`main`, then exit with its code. Once the command has
    returned, its outputs are whole; a Ctrl-C arriving while the interpreter shuts down is ignored, so the exit code
    stays the command's own (Python restores the default handler at shutdown, which would end the process by the
    signal instead). A Ctrl-C in the instant between the command's return and that ends it as any other Ctrl-C
    does: one line, exit 130 (the outputs are whole either way)."""
    try:
        code = main()
    except KeyboardInterrupt:  # after main's own handler: between its return and ignoring Ctrl-C
        print(f"nlets-analysis: interrupted; {_NO_PARTIAL}", file=sys.stderr)
        code = INTERRUPTED
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.exit(code)


def _silence_stdout() -> None:
    """Point stdout at the null device, so the interpreter's last flush does not complain about the closed pipe."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):  # a replaced stdout (tests): nothing to silence
        pass


if __name__ == "__main__":
    sys.exit(main())
