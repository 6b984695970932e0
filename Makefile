# Werkstatt: two commands for a fresh machine. `make run` and `make test`.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test install init lint chromium screenshots bench clean scale

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

init: install
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

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: install chromium lint
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python -m bench.conclusion_bench
	$(BIN)/python -m bench.registration_burst
	$(BIN)/python -m bench.participation_bench

screenshots: install chromium
	WERKSTATT_SHOT_DIR=docs/screenshots $(BIN)/python -m pytest -q -m e2e

# K app processes on one PostgreSQL behind HAProxy on 127.0.0.1:8600 (docs/deployment.md).
K ?= 2
scale: install
	scripts/scale.sh $(K)

clean:
	rm -rf $(VENV) build .pytest_cache
