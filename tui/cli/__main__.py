"""``python -m tui.cli``: the parlread command line (used by ``serve`` and the tests)."""

import sys

from tui.cli import main

sys.exit(main())
