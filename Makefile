# One obvious command per task. Each target does its own setup in .venv (Python 3.11+ only).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup serve test test-quick lint lint-spec validate bench clean contract

$(STAMP): pyproject.toml constraints.txt
	@echo "First run: creating $(VENV) and installing mockserver and its test tools into it"
	@echo "(about a minute, once; later runs start at once)..."
	@$(PYTHON) -m venv $(VENV) || { echo "make: '$(PYTHON) -m venv' failed; on Debian/Ubuntu: apt-get install python3-venv"; exit 1; }
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

# The browser tests drive Debian's Chromium (never a browser build downloaded at test time).
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null

ARGS ?=
serve: $(STAMP)            ## start the mock on http://127.0.0.1:4010; options in ARGS="--port 4020 --delay 200"
	$(BIN)/mockserver serve $(ARGS)

# The suite runs on one pytest-xdist worker per core; a test module stays on one worker
# (--dist loadfile), so the server a module shares is started once. Python may cache bytecode
# here even where the environment turns that off: the suite starts some 70 Python processes.
# WORKERS=0 runs it in one process, e.g. make test-quick WORKERS=0.
WORKERS ?= auto
PYTEST := PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n $(WORKERS) --dist loadfile
test: $(STAMP) $(CHROMIUM) ## the whole suite, slow tests included (what CI runs)
	$(PYTEST)

test-quick: $(STAMP)       ## everything but the long fuzz, load and browser tests
	$(PYTEST) -m "not slow"

URL ?= http://127.0.0.1:4010
TOKEN ?= meetra-dev-token
contract: $(STAMP)         ## fuzz URL against the spec (default: the mock from `make serve`)
	$(BIN)/mockserver contract --url $(URL) --token $(TOKEN)

bench: $(STAMP)            ## mock vs Prism, WireMock and bare ASGI (installs wrk, npm tools); writes bench/RESULTS.md
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test,bench]'
	$(BIN)/python -m compileall -q mockserver  # .pyc files as a wheel has them, even with PYTHONDONTWRITEBYTECODE set
	$(BIN)/python bench/run.py

lint: $(STAMP)             ## ruff (rules in pyproject) and mypy --strict on the package
	$(BIN)/ruff check mockserver tests bench
	$(BIN)/mypy

lint-spec:                 ## Spectral (spectral:oas) and Redocly (recommended) on openapi.yaml: 0 warnings (needs npm)
	.ci/lint/lint-spec openapi.yaml

validate: $(STAMP)
	$(BIN)/mockserver validate

clean:
	rm -rf $(VENV) build dist .pytest_cache
