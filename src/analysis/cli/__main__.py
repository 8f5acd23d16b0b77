"""``python -m analysis.cli``: the same as the ``nlets-analysis`` command."""

import sys

try:
    from analysis.cli import console
except KeyboardInterrupt:  # Ctrl-C while the command is still starting: nothing was written yet
    print("nlets-analysis: interrupted before it started; nothing was written", file=sys.stderr)
    sys.exit(130)

console()
