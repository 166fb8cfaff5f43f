"""Entry point of the packaged app: the same as `python -m copydesk` (GUI, or CLI with a command)."""

import multiprocessing
import sys

from copydesk.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # a frozen Windows app must call this before anything else
    sys.exit(main())
