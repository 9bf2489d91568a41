# Transformer videos in Manim. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
BENCH_ARGS ?=
# extra options for the render driver, e.g. make videos RENDER_ARGS="--quality l --langs zh"
RENDER_ARGS ?=

.PHONY: help setup system test videos doctor lint train golden bench clean

help:
	@echo "make videos   set everything up, render every scene into videos/ with decks and the"
	@echo "              whole lecture (RENDER_ARGS=...)"
	@echo "make test     set everything up (and LibreOffice, GNU parallel), run all tests"
	@echo "make setup    install missing system packages, create .venv, install the project"
	@echo "make doctor   check LaTeX, dvisvgm, CJK font, ffmpeg/PyAV, media dir"
	@echo "make lint     ruff check"
	@echo "make train    train the tiny Transformer (writes assets/)"
	@echo "make golden   rewrite the golden section stills (tests/golden/) after a visual change"
	@echo "make bench    render each scene cold (-qh, -ql) and warm; real-time factors -> bench/results.json"
	@echo "make clean    remove media/, videos/ and caches (keeps .venv)"

setup: system $(STAMP)

# make test adds the packages only the tests use (LibreOffice Impress, poppler-utils, parallel)
SYSTEM_ARGS ?=
test: SYSTEM_ARGS = --test

system:
	@bash scripts/setup-system.sh $(SYSTEM_ARGS)

# reinstalled only when pyproject.toml changes (or the venv is gone)
$(STAMP): pyproject.toml | system
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "manim 0.22 needs Python >= 3.11; $(PYTHON) is $$($(PYTHON) -V 2>&1)." \
	         "Run make with PYTHON=/path/to/python3.11+" >&2; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -e '.[dev]'
	@touch $(STAMP)

test: setup
	$(PY) -m pytest -m "slow or not slow"

videos: setup
	$(PY) -m scenes render $(RENDER_ARGS)

doctor: setup
	$(PY) -m scenes doctor

lint: setup
	$(VENV)/bin/ruff check .

train: setup
	$(PY) -m scenes.reference.train

golden: setup
	$(PY) -m scenes golden $(GOLDEN_ARGS)

# BENCH_ARGS="--scenes LoRA --qualities h" narrows it; run it on an otherwise idle machine
bench: setup
	$(PY) -m scenes bench $(BENCH_ARGS)

clean:
	rm -rf media videos .pytest_cache .ruff_cache build *.egg-info
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
