"""Guard against a Qt binding that corrupts reference counts on signal emits.

PySide6 6.12.0 under Python 3.11 drops a reference to True/False on every Python signal
emit, and the app aborts (Fatal Python error: bool_dealloc) once they run out; streaming
tokens emits thousands. constraints.txt pins a build without the bug; this proves it.
"""

from __future__ import annotations

import subprocess
import sys

EMITS = """
import sys
from PySide6.QtCore import QCoreApplication, QObject, Signal
app = QCoreApplication([])
class Source(QObject):
    token = Signal(int, str)
source = Source()
source.token.connect(lambda index, text: None)
before = sys.getrefcount(True) + sys.getrefcount(False)
for i in range(5000):
    source.token.emit(i, "word")
print(sys.getrefcount(True) + sys.getrefcount(False) - before)
"""


def test_thousands_of_signal_emits_leave_reference_counts_alone():
    result = subprocess.run([sys.executable, "-c", EMITS], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-500:]
    assert abs(int(result.stdout.strip())) < 50
