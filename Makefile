# `make run` and `make test` are all a new machine needs: each creates .venv and installs first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
JS_TESTS := tests/js
JS_STAMP := $(JS_TESTS)/node_modules/.installed
# The dashboard (and `make serve`, the API) listen on this computer only, with no login. NERPIPE_HOST=0.0.0.0
# serves them to the network, and then everyone logs in and sees only their cases; the first start asks for
# the first admin (or reads NERPIPE_ADMIN_USER and NERPIPE_ADMIN_PASSWORD). NERPIPE_AUTH=1 asks for logins
# on localhost too.
NERPIPE_HOST ?= 127.0.0.1
NERPIPE_PORT ?= 8501
NERPIPE_API_PORT ?= 8000
FIRST_ADMIN := $(BIN)/nerpipe user ensure-admin --host "$(NERPIPE_HOST)"
DASHBOARD := $(FIRST_ADMIN) && $(BIN)/streamlit run dashboard/app.py --server.address "$(NERPIPE_HOST)" --server.port "$(NERPIPE_PORT)"

.PHONY: install system-packages model run dashboard serve test labelstudio test-labelstudio fuzz bench bench-quality lint format clean

install: system-packages $(STAMP) $(JS_STAMP)

# Debian packages pip cannot give (docs/setup.md): Debian's Chromium for the browser tests (Playwright drives it, no
# browser download), with fonts for its screenshots; Tesseract's English and orientation data for OCR (tesserocr
# bundles the library, not the data). Until .venv exists, also Debian's pythonX.Y-venv when the Python lacks
# ensurepip (Debian's own python3 does without it). Missing ones are installed (apt-get as root, else `sudo -n`);
# when all are present this costs a few milliseconds.
SYSTEM_PACKAGES := chromium fonts-liberation tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd
VENV_PACKAGES = $(if $(wildcard $(BIN)/python),,$(if $(PYTHON),$(shell $(PYTHON) -c 'import ensurepip' 2>/dev/null \
	|| $(PYTHON) -c 'import sys; print("python%d.%d-venv" % sys.version_info[:2])'),python3 python3-venv))

# Node and npm for the graph export tests' Gephi-compatible reader (below): asked for only when the command is
# missing, as NodeSource's nodejs package brings its own npm, which Debian's npm package would conflict with.
NODE_PACKAGES = $(if $(shell command -v node),,nodejs) $(if $(shell command -v npm),,npm)

system-packages:
	@bash scripts/system-packages.sh $(SYSTEM_PACKAGES) $(VENV_PACKAGES) $(NODE_PACKAGES)

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml | system-packages
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# The GEXF and GraphML readers of Gephi Lite (graphology, on node), with which tests/graph checks the graph
# exports as Gephi shows them: installed from the committed lock file into tests/js/node_modules (git-ignored),
# once, and again when the lock file changes.
$(JS_STAMP): $(JS_TESTS)/package.json $(JS_TESTS)/package-lock.json | system-packages
	npm ci --prefix $(JS_TESTS) --loglevel=error --no-audit --no-fund >/dev/null
	touch $(JS_STAMP)

# The case model (models/README.md): made once, on the first `make run`, when models/ holds no usable one
# (under a minute on 2 cores); `make model` after deleting the folder makes it again. If that fails the
# dashboard still starts, on the base pipeline, and says so.
model: install
	@$(BIN)/nerpipe train --if-missing || echo "nerpipe: training failed (see above); using the base pipeline until 'make model' succeeds"

run: install model
	$(DASHBOARD)

# The dashboard alone, without the first-run training (tests start it this way, as `make run` does).
dashboard: install
	$(DASHBOARD)

# The REST API (documentation at http://127.0.0.1:8000/docs).
serve: install
	$(BIN)/nerpipe serve --host "$(NERPIPE_HOST)" --port "$(NERPIPE_API_PORT)"

# Two test processes on 2 cores, each file in one of them (its module fixtures made once), the 15 slowest tests
# named at the end; each process has its own PostgreSQL test database (tests/databases.py).
test: install
	$(BIN)/python -m pytest -n 2 --dist loadfile --durations=15

# Label Studio for the round-trip test (tests/labelstudio: preannotate, import, correct, export, convert against a
# real server), in its own environment apart from .venv, as its dependencies are many (about 3 minutes to
# install). `make test` runs that test when Label Studio is installed and skips it, saying why, when not;
# .ci/run installs it first. `make test-labelstudio` runs that test alone (about 75 seconds).
LABEL_STUDIO_VERSION := 1.23.2
LS_VENV := .venv-labelstudio
LS_STAMP := $(LS_VENV)/.installed-$(LABEL_STUDIO_VERSION)

labelstudio: $(LS_STAMP)

$(LS_STAMP): | system-packages
	test -x $(LS_VENV)/bin/python || $(PYTHON) -m venv $(LS_VENV)
	$(LS_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(LS_VENV)/bin/python -m pip install --quiet "label-studio==$(LABEL_STUDIO_VERSION)"
	touch $(LS_STAMP)

test-labelstudio: install labelstudio
	$(BIN)/python -m pytest tests/labelstudio

# Thousands of byte-level mutants per format, each read in a child under a time and memory cap
# (about 15 minutes on 2 cores); the counts go in the README. `make test` runs a few hundred.
fuzz: install
	$(BIN)/python -m tests.ingest.fuzzing --mutants $(or $(MUTANTS),3000)

bench: install
	for script in bench/*_speed.py; do $(BIN)/python $$script || exit 1; done

# The real-text targets first (../shared/real-dev when present), then the synthetic sets and news (about two
# minutes on 2 cores); `.venv/bin/python bench/quality.py --ner-seeds 0` also scores the retrained NER. Then the
# retraining curve (docs/retraining.md: about an hour on 2 cores; `--folds 1` for a quick look).
bench-quality: install
	$(BIN)/python bench/quality.py
	$(BIN)/python bench/retrain_curve.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) $(LS_VENV) $(JS_TESTS)/node_modules build *.egg-info .pytest_cache .ruff_cache
