"""The lazily built patterns in normalize.py are shared by the GUI thread and the generation
worker: built under a lock, every thread gets a complete pattern."""

from __future__ import annotations

import threading

from copydesk.rules import normalize


def test_concurrent_first_use_builds_the_converter_once_and_folds_alike(monkeypatch):
    monkeypatch.setattr(normalize, "_converter", None)
    monkeypatch.setattr(normalize, "_traditional_re", None)
    builds = []
    real_build = normalize._build_t2s

    def counting_build():
        builds.append(threading.get_ident())
        real_build()

    monkeypatch.setattr(normalize, "_build_t2s", counting_build)
    results = []
    barrier = threading.Barrier(4)

    def work():
        barrier.wait()
        converter, pattern = normalize._t2s()
        results.append((converter is not None, pattern is not None and bool(pattern.search("保證收益"))))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(builds) == 1 and results == [(True, True)] * 4
