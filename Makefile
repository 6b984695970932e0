# Werkstatt: two commands for a fresh machine. `make run` and `make test`.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
# Install stamps depend on the whole dependency set: pyproject.toml AND this Makefile's recipes.
# `make run` needs only the app; `make test` adds the test extras.
APP_STAMP := $(VENV)/.installed-app
TEST_STAMP := $(VENV)/.installed-test
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test install install-app init lint chromium haproxy screenshots bench clean scale mutate

$(APP_STAMP): pyproject.toml Makefile
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	@# ICU collation where the machine can build it (libicu-dev); otherwise the built-in German order.
	if pkg-config --exists icu-uc 2>/dev/null; then $(BIN)/python -m pip install -q -e '.[icu]'; fi
	touch $(APP_STAMP)

$(TEST_STAMP): $(APP_STAMP)
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(TEST_STAMP)

install-app: $(APP_STAMP)

install: $(TEST_STAMP)

init: install-app
	$(BIN)/python -m werkstatt init --ensure-admin

run: init
	$(BIN)/streamlit run serve.py --server.port $(PORT) --server.address 0.0.0.0

chromium:
	@if [ -x "$(CHROMIUM)" ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "Chromium fehlt: installiere Debians Paket chromium ..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-color-emoji >/dev/null; \
	else \
	  echo "Chromium fehlt. Bitte als root ausführen: apt-get install -y chromium"; \
	  echo "(oder WERKSTATT_CHROMIUM=/pfad/zu/chromium setzen)"; exit 1; \
	fi

# The scale-out e2e test runs two app processes behind HAProxy (installed like Chromium when root).
haproxy:
	@if command -v haproxy >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "HAProxy fehlt: installiere Debians Paket haproxy ..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null; \
	  systemctl disable --now haproxy >/dev/null 2>&1 || true; \
	else \
	  echo "HAProxy fehlt (nur für den Scale-out-Test). Bitte als root ausführen: apt-get install -y haproxy"; \
	fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python scripts/layers.py check
	$(BIN)/mypy

# Browser tests and the others in two processes at once (scripts/run_tests.sh); TEST_SERIAL=1 for one process.
test: install chromium haproxy lint
	PYTHON=$(BIN)/python scripts/run_tests.sh

# The main benches (figures in docs/performance.md); the 200/500-phone runs are listed there.
bench: install
	$(BIN)/python -m bench.session_load --phones 20 --idle 10 --duration 30 --actions 3
	$(BIN)/python -m bench.conclusion_bench
	$(BIN)/python -m bench.registration_burst
	$(BIN)/python -m bench.participation_bench

screenshots: install chromium
	WERKSTATT_SHOT_DIR=docs/screenshots $(BIN)/python -m pytest -q -m e2e

# K app processes on one PostgreSQL behind HAProxy on 127.0.0.1:8600 (docs/deployment.md).
K ?= 2
scale: install
	scripts/scale.sh $(K)

# Mutation testing of the rule modules with their fast tests (docs/testing.md). One module:
#   make mutate MODULE=werkstatt.session.timer
mutate: install
	$(BIN)/python -m pip install -q -e '.[mutation]'
	nice -n 10 $(BIN)/python -m tests.mutation $(MODULE)

clean:
	rm -rf $(VENV) build .pytest_cache
