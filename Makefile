# The project's front door: `make run` serves the portal with demo content, `make test` runs
# every check CI runs. `make` alone lists the targets.

VENV ?= .venv
PYTHON := $(VENV)/bin/python
# The interpreter that creates the virtualenv; the project needs Python 3.11.
BOOTSTRAP_PYTHON ?= $(shell command -v python3.11 || command -v python3)
MANAGE := $(PYTHON) manage.py
RUFF := $(VENV)/bin/ruff
# Reinstall only when the dependencies change, so repeated `make run` starts quickly.
INSTALL_STAMP := $(VENV)/.installed
# Where `make run` serves: `make run ADDRESS=0.0.0.0:8080`. BASE_URL is the address people
# reach it at, which every absolute link uses; set it as well when that is another name.
ADDRESS ?= 127.0.0.1:8000
BASE_URL ?= http://$(ADDRESS)

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

.PHONY: help install run run-search test cluster test-cluster bench bench-balancer search-eval lint format migrations messages clean

help: ## List the targets and what they do
	@echo "Usage: make TARGET"
	@awk 'BEGIN { FS = ":.*## " } /^[a-z-]+:.*## / { printf "  %-12s %s\n", $$1, $$2 }' \
		$(MAKEFILE_LIST)

# The Dutch word list (scripts/dutch-words) splits compounds for search; instant once there.
# Without it (no network, no apt-get) the portal still runs and splits with its own words only.
install: $(INSTALL_STAMP) ## Create .venv, install the project with its development tools and the Dutch word list
	@scripts/dutch-words >/dev/null || echo "Warning: no Dutch word list (scripts/dutch-words" \
		"failed, see above); search splits compounds with the portal's own words only." >&2

$(INSTALL_STAMP): pyproject.toml
	test -x $(PYTHON) || $(BOOTSTRAP_PYTHON) -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	touch $@

run: export BASE_URL := $(BASE_URL)
run: install ## Serve the portal with demo content on http://127.0.0.1:8000 (ADDRESS=host:port, BASE_URL=public address)
	$(MANAGE) migrate --no-input
	$(MANAGE) load_demo_content
	$(MANAGE) send_queued_mail --loop & mailer=$$!; \
	trap 'kill $$mailer 2>/dev/null || true' EXIT; \
	$(MANAGE) runserver $(ADDRESS)

# The node outlives the server and keeps its index (scripts/search-engine stop ends it), so a
# restart only checks that the index is there; the first start builds it. Changes reach the
# engine through the outbox, whose worker runs beside the server and stops with it on Ctrl-C
# (a background job ignores the interrupt, hence the trap).
run-search: export BASE_URL := $(BASE_URL)
run-search: install ## Like run, but searching on a local OpenSearch node, with its index worker (needs Java and Maven)
	engine=$$(scripts/search-engine start); set -a; eval "$$engine"; set +a; \
	$(MANAGE) migrate --no-input; \
	$(MANAGE) load_demo_content; \
	$(MANAGE) ensure_search_index; \
	$(MANAGE) process_search_outbox --loop & worker=$$!; \
	$(MANAGE) send_queued_mail --loop & mailer=$$!; \
	trap 'kill $$worker $$mailer 2>/dev/null || true' EXIT; \
	$(MANAGE) runserver $(ADDRESS)

# The migrations check compares models with migration files and needs no real database; the
# deploy check gets a throwaway key. Without DATABASE_URL the tests get a throwaway PostgreSQL,
# without SEARCH_URL a throwaway OpenSearch node (scripts/search-engine), so the search tests
# run against the database backend and the real engine. A second pass runs the suite on SQLite
# (pytest's exit code 5, "no tests selected", is fine when PYTEST_ARGS picks browser tests only).
# PYTEST_ARGS passes options to pytest, e.g. make test PYTEST_ARGS="-x tests/browser".
test: lint ## Run every check: lint, migrations, deploy settings, tests (PostgreSQL, OpenSearch, Chromium)
	DJANGO_SETTINGS_MODULE=portal.settings.test DATABASE_URL=sqlite://:memory: \
		$(MANAGE) makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=portal.settings.production ALLOWED_HOSTS=portal.example.org \
		SECRET_KEY="$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
		$(MANAGE) check --deploy --fail-level WARNING
	$(if $(DATABASE_URL),,scripts/with-postgres) $(if $(SEARCH_URL),,scripts/search-engine run --) \
		$(VENV)/bin/pytest $(PYTEST_ARGS)
	@echo "The suite again on SQLite, the embedded database of make run (browser walks excepted):"
	mkdir -p .tmp
	DATABASE_URL=sqlite:///$(CURDIR)/.tmp/test.sqlite3 $(if $(SEARCH_URL),,scripts/search-engine run --) \
		$(VENV)/bin/pytest -q -m "not browser" $(PYTEST_ARGS) || [[ $$? -eq 5 ]]

# Several app servers and shared services on this machine (cluster/run.py): PostgreSQL from its
# wrapper, the rest (Redis, the bucket in S3Proxy, two search nodes, two gunicorns, haproxy and
# the workers) started by the launcher, so that the tests can stop any of them and start it
# again. It needs redis-server, haproxy, PostgreSQL, Java and Maven, which
# scripts/system-packages installs where they are missing (as root; otherwise it says how).
cluster: install ## Run the portal as on several machines: two app servers behind haproxy, Redis, S3, two search nodes
	scripts/system-packages cluster
	scripts/with-postgres $(PYTHON) -m cluster.run

test-cluster: install ## Drive that set-up while parts of it fail (cluster/tests)
	scripts/system-packages cluster
	env -u DATABASE_URL -u SEARCH_URL -u SEARCH_BACKEND scripts/with-postgres $(VENV)/bin/pytest \
		-p no:django -p no:cacheprovider -o addopts="" -W ignore::pytest.PytestConfigWarning \
		-ra -s cluster/tests

# The benchmark always gets a throwaway PostgreSQL and OpenSearch node of its own: it migrates,
# imports a corpus and reindexes, which must never happen to a database someone works with.
# BENCH_PAGES sets the corpus size; BENCH_ARGS passes more options (python -m bench.run --help).
BENCH_PAGES ?= 20000
bench: install ## Build a corpus, measure indexing, search and pages, then through the balancer (needs wrk)
	env -u DATABASE_URL -u SEARCH_URL -u SEARCH_BACKEND scripts/with-postgres \
		scripts/search-engine run -- $(PYTHON) -m bench.run --pages $(BENCH_PAGES) $(BENCH_ARGS)
	$(MAKE) bench-balancer

# Two app servers against one through haproxy, and a mixed soak, on the set of make cluster
# (bench/balancer.py): a throwaway PostgreSQL of its own, everything else started by it.
bench-balancer: install ## Load through the load balancer: two app servers against one, and a mixed soak
	scripts/system-packages cluster
	env -u DATABASE_URL -u SEARCH_URL -u SEARCH_BACKEND scripts/with-postgres \
		$(PYTHON) -m bench.balancer $(BALANCER_ARGS)

# The relevance figures of docs/search.md: the judged queries (search/evaluation/judgements.toml)
# on the demo content, each backend in a throwaway database. First PostgreSQL with a throwaway
# OpenSearch node, which measures the engine and the database backend; then SQLite. The engine
# gets its index before the demo content, so the pages saved meanwhile reach an index with the
# portal's mapping; load_demo_content rebuilds the vocabulary, before the second update_index
# puts the portal's words in the engine's compound list. What the preparation prints goes to
# .tmp/search-eval.log.
# SEARCH_EVAL_ARGS passes options, e.g. SEARCH_EVAL_ARGS=--per-query.
SEARCH_EVAL_PREPARE := { $(MANAGE) migrate --no-input && $(MANAGE) update_index \
	&& $(MANAGE) load_demo_content && $(MANAGE) update_index; } >>$(CURDIR)/.tmp/search-eval.log 2>&1
search-eval: install ## Measure search relevance (nDCG@10, MRR, zero results) per backend and kind
	mkdir -p .tmp && rm -f .tmp/search-eval.sqlite3 .tmp/search-eval.log
	env -u DATABASE_URL -u SEARCH_URL -u SEARCH_BACKEND scripts/with-postgres \
		scripts/search-engine run -- sh -c '$(SEARCH_EVAL_PREPARE) && $(MANAGE) search_eval $(SEARCH_EVAL_ARGS)'
	env -u SEARCH_URL -u SEARCH_BACKEND DATABASE_URL=sqlite:///$(CURDIR)/.tmp/search-eval.sqlite3 \
		sh -c '$(SEARCH_EVAL_PREPARE) && $(MANAGE) search_eval $(SEARCH_EVAL_ARGS)'

lint: install ## Check the code: ruff (rules, formatting), the apps' layers, template indentation
	$(RUFF) check .
	$(RUFF) format --check .
	PYTHONPATH=. $(VENV)/bin/lint-imports
	$(VENV)/bin/djhtml --check templates

format: install ## Fix what ruff can fix, format the code and indent the templates
	$(RUFF) check --fix .
	$(RUFF) format .
	$(VENV)/bin/djhtml templates

migrations: install ## Create migrations for changed models
	$(MANAGE) makemigrations

messages: install ## Update the English catalogue of the Dutch texts and compile it
	$(MANAGE) makemessages -l en --ignore=$(VENV) --ignore=staticfiles --ignore=media
	$(MANAGE) compilemessages --ignore=$(VENV)

clean: ## Remove caches, collected static files and the install stamp
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -exec rm -rf {} +
	rm -rf .pytest_cache .ruff_cache staticfiles $(INSTALL_STAMP)
