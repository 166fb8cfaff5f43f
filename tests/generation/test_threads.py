"""The model uses the cores nobody else is busy on."""

import subprocess
import sys

from copydesk.generation.threads import free_cores


def test_a_busy_core_is_not_counted_as_free():
    import os

    total = os.cpu_count() or 1
    quiet = free_cores(0.2)
    assert 1 <= quiet <= total
    hog = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        busy = free_cores(0.5)
    finally:
        hog.kill()
        hog.wait()
    assert busy <= max(1, quiet - 1) or total == 1
