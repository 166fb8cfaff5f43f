"""A copydesk writer for the reliability tests: saves versions through the workflow, one line each.

    python -m tests.store.writer_proc DB N [LOGIN] [--wait]
    python -m tests.store.writer_proc --serve

Saves N versions (a new draft every third version, the third one submitted) and prints a JSON
line after each commit: {"event": "saved"|"submitted", "id": ..., "text": ...}. A line is printed
only once its transaction has committed, so every printed id must survive a kill -9. Each line
is one write() of under 4 KiB, which a pipe delivers whole, so a kill never leaves half a line.

--wait prints {"event": "ready"} once loaded and waits for a line on stdin, so a test can start
two writers at the same moment. --serve loads the rules once, then for each "DB N LOGIN KILL_AT"
line on stdin forks a writer, which first prints {"event": "started", "pid": ...} (KILL_AT: see
`write`; 0 for none). When that writer has ended, however it ended, the server prints
{"event": "exited", "status": ...}. A kill -9 test can so kill twenty writers without paying
twenty interpreter start-ups.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import traceback
from pathlib import Path

if __package__ in (None, ""):  # run by path: make `copydesk` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from copydesk import resources  # noqa: E402
from copydesk.catalog import load_catalog  # noqa: E402
from copydesk.rules.engine import RuleEngine  # noqa: E402
from copydesk.store.db import Store  # noqa: E402
from copydesk.workflow import Workflow  # noqa: E402

ADMIN = "writer-admin"
TEXT = ("Earn 2 points per $1 with the Everyday Rewards Card. Representative 21.9% APR (variable). "
        "Subject to credit approval.")


def emit(**event) -> None:
    os.write(sys.stdout.fileno(), (json.dumps(event, ensure_ascii=False) + "\n").encode("utf-8"))


def letters(number: int) -> str:
    """A number spelled in letters (the rules flag digits that are not product facts)."""
    return str(number).translate(str.maketrans("0123456789", "abcdefghij"))


def write(db_path: str, count: int, login: str, catalog, engine, kill_at_statement: int = 0) -> None:
    """Save `count` versions as `login`, announcing each after it committed.

    kill_at_statement: SIGKILL this process as it starts its n-th SQL statement after opening,
    which lands the kill inside a transaction (a kill from outside mostly lands between them).
    """
    store = Store.open(db_path)
    if kill_at_statement:
        started = 0

        def count_statement(sql: str) -> None:
            nonlocal started
            started += 1
            if started == kill_at_statement:
                os.kill(os.getpid(), signal.SIGKILL)

        store.conn.set_trace_callback(count_statement)
    # The first writer on an empty file makes writer-admin; later ones act as that admin. The
    # "is this the first user" check runs under the write lock, so two writers agree.
    admin = Workflow(store, catalog, engine, ADMIN)
    admin.add_user(ADMIN, ["admin"])
    admin.add_user(login, ["marketer"])
    flow = Workflow(store, catalog, engine, login)
    tag = f"{login}-{letters(os.getpid())}"
    draft_id = None
    for i in range(count):
        text = f"{TEXT} Ref {tag}-{letters(i)}."
        if i % 3 == 0:
            version = flow.start_draft(product_id="rewards-card", segment_id="new-graduates", channel="sms", text=text)
            draft_id = version.draft_id
        else:
            version = flow.save_version(draft_id, text)
        emit(event="saved", id=version.id, text=text)
        if i % 3 == 2:
            flow.submit(version.id)
            emit(event="submitted", id=version.id)
    store.close()


def serve(catalog, engine) -> None:
    for line in sys.stdin:
        db_path, count, login, kill_at_statement = line.split()
        pid = os.fork()
        if pid == 0:
            status = 1
            try:
                emit(event="started", pid=os.getpid())
                write(db_path, int(count), login, catalog, engine, int(kill_at_statement))
                status = 0
            except BaseException:
                traceback.print_exc()
            finally:
                sys.stderr.flush()
                os._exit(status)
        _, status = os.waitpid(pid, 0)
        emit(event="exited", status=status)


def main(argv: list[str]) -> int:
    catalog = load_catalog(resources.sample_catalog_path())
    engine = RuleEngine.load()
    if argv == ["--serve"]:
        serve(catalog, engine)
        return 0
    args = [a for a in argv if a != "--wait"]
    if "--wait" in argv:
        emit(event="ready")
        sys.stdin.readline()
    write(args[0], int(args[1]), args[2] if len(args) > 2 else "writer", catalog, engine)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
