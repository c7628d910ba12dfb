# The two commands a newcomer needs: `make run` and `make test`.
# Only Python 3.11+ and make are assumed; everything else comes from uv.lock.

PYTHON ?= python3
PORT ?= 8000
VENV := .venv
UV_VERSION := 0.13.9
UV := .tools/bin/uv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py

export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: run test install lint format migrations e2e seed messages messages-nl clean help bench loadtest

help:
	@echo "make run    install, migrate, load demo data and serve on http://127.0.0.1:$(PORT)"
	@echo "make test   ruff, makemigrations --check and the pytest suite"
	@echo "make e2e    browser tests (needs Debian's chromium at /usr/bin/chromium)"

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(VENV)/.installed: uv.lock pyproject.toml | $(UV)
	$(UV) sync --locked --python $(PYTHON)
	@touch $@

install: $(VENV)/.installed

# Plain HTTP on localhost: no HTTPS redirect or secure-only cookies for the local server.
run: export DJANGO_HTTPS ?= 0
# Links in emails point to the port this server listens on.
run: export DJANGO_SITE_URL ?= http://127.0.0.1:$(PORT)
run: install
	@mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(MANAGE) seed_demo
	@echo "Serving on http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/)"
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# The suite spreads over the machine's cores (pytest-xdist); TEST_WORKERS=0 runs it in one
# process.
TEST_WORKERS ?= auto

test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run --verbosity 1
	$(VENV)/bin/pytest -n $(TEST_WORKERS)

e2e: install
	$(VENV)/bin/pytest -m e2e

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations: install
	$(MANAGE) makemigrations

messages: install
	$(MANAGE) makemessages --locale en --no-obsolete --ignore ".venv/*" --ignore ".tools/*" --ignore "var/*" --ignore "tests/*" --ignore "templates/admin/search_form.html" --ignore "templates/admin/pagination.html"
	$(MANAGE) compilemessages --locale en --ignore ".venv/*" --ignore ".tools/*"

# Only `en` above: locale/nl holds our hand-written overrides of allauth's and Django's
# stock Dutch (scripts/nl_overrides.py says which, and what an upgrade left over).
messages-nl: install
	$(PY) scripts/nl_overrides.py --compile

clean:
	rm -rf $(VENV) .tools var/static

# Not part of `make test`: needs a PostgreSQL database filled by `manage.py seed_scale`.
# It migrates that database first: a seeded database from before a new migration
# would otherwise fail on the new columns (or measure without the new indexes).
BENCH_DATABASE_URL = $${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/osp_bench_seed}
bench: install
	$(MANAGE) collectstatic --noinput --verbosity 0
	DATABASE_URL=$(BENCH_DATABASE_URL) $(MANAGE) migrate --noinput --verbosity 0
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) bench/run.py $(BENCH_ARGS)

# Not part of `make test`: the whole stack under Locust, then the exactly-once check
# (loadtest/run.py --help). It drops and makes the database in LOADTEST_DATABASE_URL
# (default osp_loadtest; the name must contain "loadtest").
LOADTEST_ARGS ?=
loadtest: install
	$(PY) loadtest/run.py $(LOADTEST_ARGS)
