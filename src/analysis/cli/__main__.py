"""``python -m analysis.cli``: the same as the ``nlets-analysis`` command."""

import sys

from analysis.cli import main

sys.exit(main())
