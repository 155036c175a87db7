# sipsm: the two commands are `make run` and `make test`. Only Python 3.11+ and make needed.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SIPSM := $(BIN)/sipsm
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test install lint typecheck migrations-check pytest browser-test bench messages clean help

help:
	@echo "make run    - install, migrate, load regions, seed demo data, serve on 127.0.0.1:$(PORT)"
	@echo "make test   - install, lint, type check, migrations check, full test suite"
	@echo "make browser-test - end-to-end tests in Debian Chromium (Playwright)"
	@echo "make bench  - benchmarks (see benchmarks/README.md; BENCH_ARGS=--quick for a short run)"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "sipsm needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

run: install
	$(SIPSM) migrate --noinput
	$(SIPSM) load_regions
	$(SIPSM) seed_demo
	@echo ""
	@echo "sipsm is starting on http://127.0.0.1:$(PORT)/  (a task worker runs alongside; Ctrl+C stops both)"
	@$(SIPSM) escalate_overdue_tasks --start >/dev/null
	@$(SIPSM) send_discussion_digest --start >/dev/null
	@$(SIPSM) refresh_aggregates --start >/dev/null
	@$(SIPSM) db_worker --queue-name '*' >var/worker.log 2>&1 & WORKER=$$!; \
		trap "kill $$WORKER 2>/dev/null" EXIT INT TERM; \
		$(SIPSM) runserver 127.0.0.1:$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

migrations-check: install
	$(SIPSM) makemigrations --check --dry-run

pytest: install
	$(BIN)/pytest -m "not browser" -n 2

browser-test: install
	$(BIN)/pytest -m browser -p no:xdist

test: lint typecheck migrations-check pytest

bench: install
	$(BIN)/python -m benchmarks $(BENCH_ARGS)
	$(BIN)/python -m benchmarks.bench_aid $(BENCH_ARGS)
	$(BIN)/python -m benchmarks.bench_reporting $(BENCH_ARGS)

messages: install
	cd sipsm && ../$(SIPSM) makemessages -l id --no-obsolete --no-location
	cd sipsm && ../$(SIPSM) compilemessages -l id

clean:
	rm -rf $(VENV) var staticfiles
