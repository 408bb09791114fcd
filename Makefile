# Two commands: `make run` and `make test`. Both create .venv on first use. `make serve`: several processes
# behind nginx (WORKERS, default the number of cores) on PORT.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
WORKERS ?= $(shell nproc 2>/dev/null || echo 1)

.PHONY: run serve test test-fast lint bench clean

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 nodig ($(PYTHON) niet gevonden)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

run: $(VENV)/.installed
	@echo "Open http://localhost:$(PORT) in je browser (de voorbeeldworkshops staan op de eerste pagina)."
	$(PY) -m deploy.worker run app.py --server.port $(PORT) --server.headless true

serve: $(VENV)/.installed
	$(PY) -m deploy.serve --workers $(WORKERS) --port $(PORT)

# The whole suite: also Chromium and a throwaway PostgreSQL, installed here where missing (as root) or named
# in one line (otherwise).
test: $(VENV)/.installed
	@tools/system-packages --install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest -q -p no:cacheprovider

# The edit-test loop: domain, store on SQLite, AppTest. No browser, no PostgreSQL, no long stress runs.
test-fast: $(VENV)/.installed
	$(PY) -m pytest -q -p no:cacheprovider -m "not browser and not postgres and not slow"

bench: $(VENV)/.installed
	$(PY) -m benchmarks.run

clean:
	rm -rf $(VENV) artifacts bench-results
