"""``python -m servicekit``: the same as the ``servicekit`` command."""

import sys

from servicekit.cli import main

if __name__ == "__main__":
    sys.exit(main())
