"""The bundled models are found without importing their packages; a chunked GGUF is joined and
its sha256 checked before anything reads it; the cache goes stale when the vocabulary recipe
changes; the backend is chosen before the conversion from the GGUF header."""

import json
import struct
import sys

import pytest

from copydesk.generation import models, vocab
from copydesk.generation.models import ModelError, ModelSpec


def test_gemma_is_found_in_its_chunk_wheels_without_importing_them():
    spec = models.resolve_model("gemma3-270m")
    assert spec.kind == "gguf" and [p.name for p in spec.parts] == [f"gemma-3-270m-q4_k_m.gguf.part0{n}" for n in range(4)]
    assert spec.sha256 == "a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818"
    assert spec.vocabulary == "en-zh" and [p.name for p in spec.notices] == ["GEMMA_TERMS.html", "NOTICE.md"]
    assert models.source_size(spec) == 253_113_024
    assert not any(name.startswith("gemma3_270m") for name in sys.modules)
    assert models.resolve_model("default") == spec  # the default is Gemma with both languages


def test_models_list_names_both_bundled_models():
    listed = {m["name"]: m for m in models.bundled_models()}
    assert listed["gemma3-270m"]["default"] and not listed["smollm2-135m"]["default"]
    assert listed["smollm2-135m"]["installed"] and listed["smollm2-135m"]["model"] == "SmolLM2-135M-Instruct"
    assert listed["gemma3-270m"]["installed"] and listed["gemma3-270m"]["model"] == "gemma-3-270m-en-zh"


def test_the_backend_is_chosen_from_the_gguf_header_before_the_conversion(tmp_path):
    gemma = models.resolve_model("gemma3-270m")
    assert models.gguf_architecture(gemma.parts[0]) == "gemma3"
    assert models.gguf_architecture(models.smollm2_gguf_path()) == "llama"
    assert models.planned_runtime(gemma) == "lean-gemma3"  # no cache in this test's home
    (tmp_path / "x.gguf").write_bytes(b"not a gguf at all")
    assert models.gguf_architecture(tmp_path / "x.gguf") is None
    header = b"GGUF" + struct.pack("<IQQ", 3, 0, 1) + struct.pack("<Q", 20) + b"general.architecture"
    (tmp_path / "q.gguf").write_bytes(header + struct.pack("<IQ", 8, 5) + b"qwen2")
    assert models.gguf_architecture(tmp_path / "q.gguf") == "qwen2"
    assert models.planned_runtime(ModelSpec("q", tmp_path / "q.gguf", "gguf")) == "transformers"


def chunked(tmp_path, sha256):
    parts = []
    for n, data in enumerate((b"GGUF" + b"a" * 100, b"b" * 50)):
        parts.append(tmp_path / f"m.gguf.part0{n}")
        parts[-1].write_bytes(data)
    return ModelSpec("m", tmp_path / "m.gguf", "gguf", parts=tuple(parts), sha256=sha256)


def test_chunks_are_joined_and_checked_against_the_published_sha256(tmp_path):
    import hashlib

    whole = b"GGUF" + b"a" * 100 + b"b" * 50
    good = chunked(tmp_path, hashlib.sha256(whole).hexdigest())
    building = tmp_path / "building"
    building.mkdir()
    path, digest = models._gguf_to_read(good, building)
    assert path.read_bytes() == whole and digest == good.sha256
    bad = chunked(tmp_path, "0" * 64)
    with pytest.raises(ModelError, match="not the published 0000"):
        models._gguf_to_read(bad, building)
    assert not building.exists()  # nothing half-built is left


def test_a_damaged_chunk_stops_the_conversion_before_transformers_reads_it(tmp_path):
    with pytest.raises(ModelError, match="damaged"):
        models.build_cache(chunked(tmp_path, "0" * 64))
    assert models.cache_status(chunked(tmp_path, "0" * 64)) == "missing"


def test_a_new_vocabulary_recipe_makes_the_cache_stale(tmp_path, monkeypatch):
    gguf = tmp_path / "g.gguf"
    gguf.write_bytes(b"GGUF" + b"\0" * 100)
    spec = ModelSpec("g", gguf, "gguf", vocabulary="en-zh")
    folder = models.cache_folder(spec)
    assert folder.name == "g.en-zh"
    folder.mkdir(parents=True)
    (folder / "model.safetensors").write_bytes(b"x" * 10)
    manifest = {"format": models.CACHE_FORMAT, **models._spec_stamp(spec), "files": {"model.safetensors": {"size": 10}}}
    (folder / models.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    assert models.cache_status(spec) == "ready"
    monkeypatch.setitem(vocab.RECIPES, "en-zh", vocab.RECIPES["en-zh"] + 1)
    assert models.cache_status(spec) == "stale"
