"""Write or check SHA256SUMS for a bundle folder, in the format `sha256sum -c` reads.

    python packaging/checksums.py write dist/copydesk     # -> dist/SHA256SUMS
    python packaging/checksums.py check dist/copydesk     # exit 1 on any missing, extra or changed file

Paths are relative to the folder that holds the bundle, so on Linux `cd dist && sha256sum -c
--quiet SHA256SUMS` checks it too; on Windows, where there is no sha256sum, the bundle's own
Python does it (see packaging/README.md).
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

SUMS = "SHA256SUMS"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def files(bundle: Path) -> list[Path]:
    """Every file in the bundle (links followed as sha256sum would), sorted."""
    return sorted(p for p in bundle.rglob("*") if p.is_file())


def write(bundle: Path) -> Path:
    base = bundle.parent
    lines = [f"{sha256(p)}  {p.relative_to(base).as_posix()}" for p in files(bundle)]
    out = base / SUMS
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def check(bundle: Path) -> list[str]:
    """Problems found: files changed, missing, or not listed."""
    base = bundle.parent
    sums = base / SUMS
    if not sums.is_file():
        return [f"{sums}: missing"]
    expected = {}
    for line in sums.read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        expected[name] = digest
    problems = []
    present = {p.relative_to(base).as_posix(): p for p in files(bundle)}
    for name, digest in expected.items():
        if name not in present:
            problems.append(f"{name}: missing")
        elif sha256(present[name]) != digest:
            problems.append(f"{name}: changed (sha256 differs)")
    problems += [f"{name}: not in {SUMS}" for name in sorted(set(present) - set(expected))]
    return problems


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("write", "check"):
        print(__doc__, file=sys.stderr)
        return 2
    bundle = Path(argv[1]).resolve()
    if not bundle.is_dir():
        print(f"{bundle}: no such bundle folder", file=sys.stderr)
        return 2
    if argv[0] == "write":
        out = write(bundle)
        print(f"wrote {out} ({len(out.read_text(encoding='utf-8').splitlines())} files)")
        return 0
    problems = check(bundle)
    for problem in problems[:50]:
        print(f"checksums: {problem}", file=sys.stderr)
    if problems:
        print(f"checksums: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"checksums: all files in {bundle} match {bundle.parent / SUMS}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
