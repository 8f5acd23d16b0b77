# Two commands do everything on a fresh machine with Python 3.11+ and make:
#   make report   rebuild data/processed/ and reports/ from data/raw/
#   make test     run the whole test suite (unit, property, notebooks under nbval, browser)
#   make test-fast  unit, property and doctests only, for the edit loop
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))

.DEFAULT_GOAL := help
.PHONY: help report test test-fast bench lab clean lock browser
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg
# Notebooks under nbval export into this scratch folder (one subfolder per test worker), so that a test run never
# writes the committed reports/.
NBVAL_REPORTS := $(CURDIR)/tests/output/nbval-reports
# Tests run on every core (pytest-xdist); a worker that finishes early takes tests queued for the other. Notebooks
# run one per worker, all cells of one notebook in one worker (--dist loadfile).
PARALLEL := -n auto --dist worksteal
# Test runs keep compiled bytecode (and pytest's rewritten test modules) in __pycache__/, which git ignores: without
# it every worker recompiles ~170 modules (~8 s) on every run.
test test-fast: export PYTHONDONTWRITEBYTECODE :=
# Each test worker has one core: BLAS threads on top of the workers only contend (the model fits of `compare`'s
# statistics ran ~25% slower with two threads per worker on two cores).
test test-fast: export OPENBLAS_NUM_THREADS := 1
test test-fast: export OMP_NUM_THREADS := 1
test test-fast: export MKL_NUM_THREADS := 1

help:  ## print the targets
	@echo "make report   create .venv, install the package, rebuild data/processed/ and reports/"
	@echo "make test     create .venv with the test extras, run unit, property, notebook (nbval) and browser tests"
	@echo "make test-fast  unit, property and doctests only (no notebooks, browser, whole-command runs or full figure renders), for the edit loop"
	@echo "make bench    run the query-log benchmark with the bench extras (1, 5, 10 and 100 M rows, 5 alternating runs each; slow)"
	@echo "make lab      open JupyterLab on notebooks/ with the package importable"
	@echo "make clean    remove .venv and caches (keeps data/processed/ and reports/, which are committed)"
	@echo "make lock     re-pin requirements.lock from a fresh resolve (maintainers only)"

$(VENV)/.python-ok:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip
	@touch $@

$(VENV)/.installed: $(VENV)/.python-ok pyproject.toml requirements.lock
	$(PIP) install -c requirements.lock -e '.[notebook]'
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP) install -c requirements.lock -e '.[notebook,test,docs]'
	@touch $@

report: $(VENV)/.installed
	$(VENV)/bin/nlets-analysis build

browser:
	@bash scripts/ensure-chromium.sh

test: $(VENV)/.installed-test browser
	@start=$$(date +%s); \
	$(PY) -m pytest src/analysis tests --doctest-modules $(PARALLEL) --hypothesis-profile=full -p no:cacheprovider \
		-p no:nbval \
	&& rm -rf $(NBVAL_REPORTS) \
	&& NLETS_REPORTS_DIR=$(NBVAL_REPORTS) $(PY) -m pytest $(NOTEBOOKS) $(NBVAL) -n auto --dist loadfile \
		-p no:cacheprovider; \
	status=$$?; echo "make test: $$(( $$(date +%s) - start )) s wall"; exit $$status

test-fast: $(VENV)/.installed-test
	@start=$$(date +%s); \
	$(PY) -m pytest src/analysis tests --doctest-modules -m "not slow and not browser" $(PARALLEL) \
		--hypothesis-profile=fast -p no:cacheprovider -p no:nbval; \
	status=$$?; echo "make test-fast: $$(( $$(date +%s) - start )) s wall"; exit $$status

$(VENV)/.installed-bench: $(VENV)/.installed
	$(PIP) install -c requirements.lock -e '.[bench]'
	@touch $@

bench: $(VENV)/.installed-bench
	$(PY) benchmarks/query_log.py --rows 1000000 5000000 10000000 100000000 --repeat 5 --workdir benchmarks/output --json benchmarks/output/query_log.json

lab: $(VENV)/.installed
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root,)

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build src/*.egg-info tests/output benchmarks/output
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

lock:
	rm -rf .lockvenv && $(PYTHON) -m venv .lockvenv
	.lockvenv/bin/pip install -q --upgrade pip && .lockvenv/bin/pip install -q -e '.[notebook,test,bench,docs]'
	(echo '# Pinned versions for a reproducible install (pip constraints file). Regenerate with `make lock`.'; \
	 .lockvenv/bin/pip freeze --exclude-editable | grep -v '^-e') > requirements.lock
	rm -rf .lockvenv
