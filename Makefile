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

# pytest-xdist workers for the parallel parts (JOBS=0: one process, e.g. to debug with pdb or prints).
JOBS ?= auto
PYTEST := $(PY) -m pytest -q -p no:cacheprovider

# The whole suite: also Chromium and a throwaway PostgreSQL, installed here where missing (as root) or named
# in one line (otherwise). Everything without a browser runs on every core (each xdist worker has its own
# PostgreSQL server and temporary files); the browser tests and the stress runs then run one at a time, as
# they time what a real server does under load. Both parts always run; make fails with the first part's
# status if that failed (5, "no tests", included), else with the second's.
test: $(VENV)/.installed
	@tools/system-packages --install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PYTEST) -n $(JOBS) -m "not browser and not slow"; first=$$?; \
	$(PYTEST) -m "browser or slow"; second=$$?; \
	if [ $$first -ne 0 ]; then exit $$first; fi; exit $$second

# The edit-test loop: domain, store on SQLite, AppTest, on every core. No browser, no PostgreSQL, no long
# stress runs.
test-fast: $(VENV)/.installed
	$(PYTEST) -n $(JOBS) -m "not browser and not postgres and not slow"

bench: $(VENV)/.installed
	$(PY) -m benchmarks.run

clean:
	rm -rf $(VENV) artifacts bench-results
