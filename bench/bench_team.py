"""The library on both backends, in one script: a SQLite file and a team library on PostgreSQL.

    .venv/bin/python bench/bench_team.py [--versions 100000] [--clients 4] [--seconds 20] [--kills 30]

Per backend: library search at `--versions` approved versions (built as bench_store.py builds
them), approvals per second with `--clients` concurrent client processes (each a marketer who
writes and submits and a reviewer who approves, as two logins on PostgreSQL), and the kill -9
loop on the client side: a client approving copy is killed at a random moment, then the
library must hold every approval the client saw committed, pass its integrity check (SQLite)
and `audit verify`. The PostgreSQL server is a throwaway one (tests/pg_server.py).
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_store import SEARCHES, add_team, build, median_ms, once_s  # noqa: E402

from copydesk import resources  # noqa: E402
from copydesk.catalog import load_catalog  # noqa: E402
from copydesk.rules.engine import RuleEngine  # noqa: E402
from copydesk.store import audit, repository  # noqa: E402
from copydesk.store.db import Store  # noqa: E402
from copydesk.workflow import Workflow  # noqa: E402

MARKETERS = ("alice", "amir", "chen.wei", "dana", "li.na")
REVIEWERS = ("bob", "carol", "zhang.min", "wu.fang")
TEXT = "Earn 2 points per $1 with the Everyday Rewards Card. Representative 21.9% APR (variable). Subject to credit approval."


class Library:
    """Where one backend's library lives, and how each person reaches it."""

    def __init__(self, backend: str, server=None, work: Path | None = None):
        self.backend = backend
        self.server = server
        if backend == "sqlite":
            self.path = work / "library.db"
        else:
            self.database = server.new_database()

    def target(self, login: str) -> str:
        return str(self.path) if self.backend == "sqlite" else self.server.url(login, self.database)

    def owner(self) -> str:
        return str(self.path) if self.backend == "sqlite" else self.server.url("copydesk_owner", self.database)


def set_up(library: Library, catalog, engine, versions: int) -> float:
    Store.open(library.owner()).close()
    with Store.open(library.target("admin")) as store:
        add_team(store, catalog, engine, MARKETERS, REVIEWERS)
    with Store.open(library.owner()) as store:
        seconds, _ = once_s(lambda: build(store, catalog, engine, versions))
    return seconds


def client(argv: list[str]) -> int:
    """One client process: `--client TARGET_MARKETER TARGET_REVIEWER SECONDS|forever`. Prints the id
    of each approval once it is committed."""
    marketer_target, reviewer_target, seconds = argv
    catalog = load_catalog(resources.sample_catalog_path())
    engine = RuleEngine.load()
    marketer_login, reviewer_login = os.environ["BENCH_MARKETER"], os.environ["BENCH_REVIEWER"]
    marketer = Workflow(Store.open(marketer_target), catalog, engine, marketer_login)
    reviewer = Workflow(Store.open(reviewer_target), catalog, engine, reviewer_login)
    deadline = time.monotonic() + (float(seconds) if seconds != "forever" else 1e9)
    print("ready", flush=True)
    done = 0
    while time.monotonic() < deadline:
        tag = "".join(chr(97 + (done // 26 ** k) % 26) for k in range(4))  # each text its own, and no digits to ground
        version = marketer.start_draft(product_id="rewards-card", segment_id="new-graduates", channel="sms", text=f"{TEXT} Ref {tag}.")
        marketer.submit(version.id)
        reviewer.approve(version.id)
        done += 1
        print(version.id, flush=True)
    return 0


def spawn(library: Library, index: int, seconds: str) -> subprocess.Popen:
    marketer, reviewer = MARKETERS[index % len(MARKETERS)], REVIEWERS[index % len(REVIEWERS)]
    env = {**os.environ, "BENCH_MARKETER": marketer, "BENCH_REVIEWER": reviewer}
    return subprocess.Popen([sys.executable, __file__, "--client", library.target(marketer), library.target(reviewer), seconds],
                            stdout=subprocess.PIPE, text=True, env=env)


def approvals_per_second(library: Library, clients: int, seconds: float) -> tuple[float, int]:
    procs = [spawn(library, i, str(seconds)) for i in range(clients)]
    for proc in procs:
        assert proc.stdout.readline().strip() == "ready"
    started = time.perf_counter()
    outputs = [proc.communicate(timeout=seconds + 120)[0] for proc in procs]
    wall = time.perf_counter() - started
    assert all(proc.returncode == 0 for proc in procs), [proc.returncode for proc in procs]
    total = sum(len(out.split()) for out in outputs)
    return total / wall, total


def kill_loop(library: Library, runs: int, rng: random.Random) -> dict:
    lost = broken = approved_seen = 0
    for _ in range(runs):
        proc = spawn(library, rng.randrange(4), "forever")
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.05, 1.5))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate(timeout=60)
        committed = [int(line) for line in out.split() if line.isdigit()]
        approved_seen += len(committed)
        with Store.open(library.target("admin")) as store:
            statuses = {r["id"]: r["status"] for r in store.query("SELECT id, status FROM versions WHERE id >= ?", (min(committed, default=0),))}
            lost += sum(1 for vid in committed if statuses.get(vid) != "approved")
            report = audit.verify(store)
            broken += (not report.ok) or bool(store.integrity_problems())
    return {"runs": runs, "approvals committed before the kill": approved_seen, "lost": lost, "runs failing verify/integrity": broken}


def run_backend(backend: str, args, server, work: Path, catalog, engine) -> list[tuple[str, str, str]]:
    library = Library(backend, server, work)
    build_s = set_up(library, catalog, engine, args.versions)
    results = [(backend, "build", f"{args.versions:,} approved versions in {build_s:.0f} s")]
    with Store.open(library.target("carol")) as store:
        for label, flt in SEARCHES:
            hits = len(repository.search(store, flt))
            median, worst, runs = median_ms(lambda: repository.search(store, flt), args.repeat)
            results.append((backend, f"search: {label}", f"{median:.1f} ms (max {worst:.1f}), {hits} shown"))
        verify_s, report = once_s(lambda: audit.verify(store))
        assert report.ok, report.problems[:3]
        results.append((backend, "audit verify", f"{report.rows:,} rows in {verify_s:.1f} s"))
    rate, total = approvals_per_second(library, 1, args.seconds)
    results.append((backend, "approvals/s, 1 client", f"{rate:.1f} ({total} in {args.seconds:.0f} s)"))
    rate, total = approvals_per_second(library, args.clients, args.seconds)
    results.append((backend, f"approvals/s, {args.clients} concurrent clients", f"{rate:.1f} ({total} in {args.seconds:.0f} s)"))
    killed = kill_loop(library, args.kills, random.Random(7))
    results.append((backend, f"kill -9 of a client, {killed['runs']} runs",
                    f"{killed['approvals committed before the kill']} approvals seen committed, {killed['lost']} lost, "
                    f"{killed['runs failing verify/integrity']} runs failing verify or integrity"))
    return results


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--client":
        return client(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="sqlite,postgresql")
    parser.add_argument("--versions", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--kills", type=int, default=30)
    args = parser.parse_args(argv)
    catalog = load_catalog(resources.sample_catalog_path())
    engine = RuleEngine.load()
    server = None
    results = []
    with tempfile.TemporaryDirectory(prefix="copydesk-team-bench-") as work:
        os.environ["COPYDESK_HOME"] = str(Path(work) / "home")
        try:
            for backend in args.backend.split(","):
                if backend == "postgresql" and server is None:
                    from tests.pg_server import PgServer, find_binaries

                    binaries = find_binaries()
                    if binaries is None:
                        sys.exit("no PostgreSQL binaries (initdb): install the postgresql package")
                    server = PgServer(binaries).start()
                    for login in ("admin", *MARKETERS, *REVIEWERS):
                        server.login(login)
                results += run_backend(backend, args, server, Path(work), catalog, engine)
                print("\n".join(" | ".join(r) for r in results[-1:]), flush=True)
        finally:
            if server is not None:
                server.stop()
    print("\n| backend | measure | result |\n|---|---|---|")
    for backend, measure, result in results:
        print(f"| {backend} | {measure} | {result} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
