# Two commands for everyone: `make run` and `make test`. Both set up everything they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?= -n auto
# The embedded Postgres (see docs/adr/0003-embedded-database.md) unless DATABASE_URL is set.
STAMP := $(VENV)/.installed

.PHONY: run test install system-deps database demo lint format stop-database frontend clean

run: install database demo
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install database
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS) --ignore=tests/browser
	@# Browser tests run in a process of their own: Playwright's sync API keeps an event loop
	@# running, which other tests' async-based libraries (pyHanko's validation) cannot share.
	$(BIN)/pytest -p no:xdist tests/browser

install: system-deps $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@# constraints.txt pins every package to the versions the suite last passed with.
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	@if [ -z "$$DATABASE_URL" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
	    && ! command -v initdb >/dev/null 2>&1; then \
	  $(BIN)/python -m pip install --quiet -e ".[embedded]"; fi
	touch $(STAMP)

system-deps:
	@scripts/system-deps.sh

database: install
	$(BIN)/python -m alpha_hub.embedded_db start >/dev/null
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable

demo: database
	$(BIN)/python manage.py load_demo

stop-database:
	$(BIN)/python -m alpha_hub.embedded_db stop

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Only for whoever changes the GOV.UK Frontend build; the output is committed under static/.
frontend:
	cd frontend && ./build.sh

clean: stop-database
	rm -rf $(VENV) staticfiles
