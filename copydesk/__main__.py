"""`python -m copydesk`: the GUI, or the CLI when a command is given."""

import sys

from copydesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
