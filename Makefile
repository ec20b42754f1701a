# Two commands for everyone: `make run` and `make test`. Both set up everything they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?= -n auto
# The embedded Postgres (see docs/adr/0003-embedded-database.md) unless DATABASE_URL is set.
STAMP := $(VENV)/.installed
# Development commands run with DEBUG on unless told otherwise: with DEBUG off the settings
# refuse to start without SECRET_KEY and the PDF signing certificate (as in production).
DEV := DEBUG=$${DEBUG:-true}
# Make is for development and CI: the embedded database may start whatever DEBUG says (settings
# refuse it otherwise). Commands that change the schema run as the tables' owner, the site as a
# role that owns nothing, which grant_application_role makes so (docs/adr/0051-database-roles.md).
run test database demo: export EMBEDDED_DB ?= true
OWNER := DATABASE_AS_OWNER=true
# Unreferenced code; what only Django, templates or libraries use is listed in vulture_whitelist.py.
VULTURE := $(BIN)/vulture config demo alpha_hub grants contracts budget claims decisions vulture_whitelist.py \
	--min-confidence 60 --exclude '*/migrations/*'

.PHONY: run serve worker test install system-deps database demo lint format stop-database frontend clean

run: install database demo
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Production mode (docs/deployment.md): the production configuration on gunicorn at
# 127.0.0.1:$(PORT), DEBUG off, static files collected first, behind the TLS proxy TRUSTED_PROXIES
# names (scripts/serve.sh). Needs SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL. EMBEDDED_DB=true
# tries it on this machine: the embedded database is prepared as for `make run` (with the demo
# data if `make demo` loaded it). A server's database is migrated by the deploy, not here.
serve: install
	@if [ -z "$$DATABASE_URL" ] && [ "$$EMBEDDED_DB" = true ]; then \
	  $(MAKE) --no-print-directory database; fi
	PORT=$(PORT) scripts/serve.sh

# The background worker for TASKS_BACKEND: `database` or `rq` (with REDIS_URL); `immediate` has
# nothing to run. Start as many as the work needs (docs/adr/0055-task-workers-and-redis.md).
worker: export EMBEDDED_DB ?= true
worker: install database
	$(DEV) $(BIN)/python manage.py task_worker

test: install database
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(DEV) $(BIN)/python manage.py makemigrations --check --dry-run
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
	$(OWNER) $(DEV) $(BIN)/python manage.py migrate --noinput
	$(OWNER) $(DEV) $(BIN)/python manage.py createcachetable
	$(OWNER) $(DEV) $(BIN)/python manage.py grant_application_role

demo: database
	$(DEV) $(BIN)/python manage.py load_demo

stop-database:
	$(BIN)/python -m alpha_hub.embedded_db stop

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(VULTURE)

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Only for whoever changes the GOV.UK Frontend build; the output is committed under static/.
frontend:
	cd frontend && ./build.sh

clean: stop-database
	rm -rf $(VENV) staticfiles
