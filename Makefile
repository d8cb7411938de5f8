# `make run` and `make test` are all a new machine needs: each creates .venv and installs first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

MODEL := models/nerpipe_case_ner/meta.json

.PHONY: install model run test bench lint format clean

install: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# The retrained NER (`make model`, a few minutes, once; delete the folder to train again). Not yet
# part of `make run`: on the dev set it does not beat base + patterns on every label (README).
model: install
	@test -f $(MODEL) || (echo "Training the case NER once (about 5 minutes)..." && $(BIN)/nerpipe train)

run: install
	$(BIN)/streamlit run dashboard/app.py

test: install
	$(BIN)/python -m pytest

bench: install
	for script in bench/*_speed.py; do $(BIN)/python $$script || exit 1; done

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
