# Two commands matter: `make run` and `make test`. Everything else is for developers.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck unit bench screenshots package clean i18n-extract i18n-update i18n-compile

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found %s)" % sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/reviewer-app

lint: $(STAMP)
	$(BIN)/ruff check reviewer_app tests packaging benchmarks
	$(BIN)/ruff format --check reviewer_app tests packaging benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

# What some tests need from the system (a real X server for focus tests, xcb libraries,
# desktop-file-utils, a CJK font, poppler, PostgreSQL 15 for the department server tests):
# installed when running as root on Debian with the package mirror reachable; otherwise
# those tests skip and say why.
SYSDEPS := xvfb xdotool libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 desktop-file-utils \
	fonts-wqy-microhei poppler-utils postgresql-15
SYSDEPS_STAMP := $(VENV)/.sysdeps

$(SYSDEPS_STAMP): | $(STAMP)
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		missing=$$(for p in $(SYSDEPS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
		if [ -n "$$missing" ]; then \
			echo "installing system packages for tests: $$missing"; \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
				$$missing >/dev/null) || echo "could not install them; those tests will skip"; \
		fi; \
	fi
	@touch $(SYSDEPS_STAMP)

unit: $(STAMP) $(SYSDEPS_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -n 2

test: lint typecheck unit

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks.run
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks.department  # its own PostgreSQL

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m reviewer_app.ui.screenshots docs/screenshots

# Letters in the member's language (README, "Letters in the member's language"): the
# template from the code and notices.json, each language's .po merged with it, and the
# .mo files the app reads (committed; tests/letters fail when one is stale or incomplete).
LOCALE_DIR := reviewer_app/locale
i18n-extract: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k N_ -c TRANSLATORS: --add-location=file --sort-by-file \
		--project=reviewer-workstation --version=0.1.0 --copyright-holder="Reviewer Workstation project" \
		--msgid-bugs-address=letters@demo-health-plan.example -o $(LOCALE_DIR)/letters.pot .

i18n-update: i18n-extract
	$(BIN)/pybabel update -i $(LOCALE_DIR)/letters.pot -d $(LOCALE_DIR) -D letters --ignore-obsolete

i18n-compile: $(STAMP)
	$(BIN)/pybabel compile -d $(LOCALE_DIR) -D letters --statistics

package: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[package]'
	$(BIN)/python packaging/build.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
