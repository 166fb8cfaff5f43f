"""How many threads the model may use: the cores nobody else is busy on.

torch starts one thread per core. When another program keeps a core busy, its threads and
torch's fight over that core and every matrix product waits for the slowest thread: a
generation measured 55 s instead of 5 s with one busy process on a 2-core PC. Using only the
free cores keeps it close to the quiet time instead (bench/README.md, "busy PC")."""

from __future__ import annotations

import os
import time

SAMPLE_S = 0.1  # how long the CPU is watched before a generation


def free_cores(sample_s: float = SAMPLE_S) -> int:
    """Cores not busy with other programs right now (at least 1), from /proc/stat over a short
    sample, less what this process itself used meanwhile; all of them where /proc is missing."""
    total = os.cpu_count() or 1
    try:
        busy_before, idle_before = _cpu_times()
        own_before = time.process_time()
        time.sleep(sample_s)
        busy_after, idle_after = _cpu_times()
        own = time.process_time() - own_before
    except OSError:
        return total
    ticks = (busy_after - busy_before) + (idle_after - idle_before)
    if ticks <= 0:
        return total
    clock = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    others_busy = max(0.0, (busy_after - busy_before) / clock - own) / sample_s  # cores' worth
    return max(1, min(total, round(total - others_busy)))


def _cpu_times() -> tuple[int, int]:
    with open("/proc/stat", encoding="ascii") as handle:
        fields = [int(v) for v in handle.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return sum(fields) - idle, idle


def use_free_cores() -> int:
    """Set torch's thread count to the free cores; returns it."""
    import torch

    threads = free_cores()
    if torch.get_num_threads() != threads:
        torch.set_num_threads(threads)
    return threads
