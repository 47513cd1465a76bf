# parlread — `make run` opens the app on the sample corpus, `make test` runs the tests.
# Both create .venv and install what they need (idempotent: only when pyproject/constraints change).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "parlread needs Python 3.11 or newer (set PYTHON=python3.11)")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "installing parlread and its dependencies into $(VENV) (log: $(VENV)/install.log)"
	@{ $(PY) -m pip install -q --disable-pip-version-check -U pip \
	  && $(PY) -m pip install -q --disable-pip-version-check -c constraints.txt -e '.[test]'; \
	} > $(VENV)/install.log 2>&1 || { cat $(VENV)/install.log; echo "install failed (log: $(VENV)/install.log)"; exit 1; }
	@touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/parlread $(ARGS)

test: $(STAMP)
	$(PY) -m pytest -q -p no:cacheprovider $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check --select F --no-cache corpus annotations tui tests benchmarks scripts

bench: $(STAMP)
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) build *.egg-info
