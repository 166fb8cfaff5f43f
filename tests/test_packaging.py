"""The runtime files must be found from a source checkout and from an installed wheel."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from copydesk import resources

ROOT = Path(__file__).resolve().parents[1]


def test_source_checkout_finds_assets_and_templates():
    assert resources.data_root() == ROOT
    assert resources.sample_catalog_path().is_file()
    assert resources.templates_dir().is_dir()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    # No build isolation and no index: the build backend (hatchling) is in the test extras.
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(out), str(ROOT)],
        check=True, capture_output=True,
    )
    return next(out.glob("copydesk-*.whl"))


def test_wheel_carries_runtime_files_inside_the_package(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "copydesk/_data/assets/catalog/sample.json" in names
    assert any(n.startswith("copydesk/_data/templates/") for n in names)
    assert not any(n.startswith("tests/") for n in names)


def test_installed_wheel_finds_its_runtime_files(wheel, tmp_path):
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    code = "from copydesk import resources; print(resources.data_root()); print(resources.sample_catalog_path().is_file())"
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                            env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    root, found = result.stdout.split()
    assert Path(root) == target / "copydesk" / "_data"
    assert found == "True"
