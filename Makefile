# Two commands set everything up on a fresh machine: `make run` and `make test`.
# torch==2.13.0 is installed first: pip here resolves it to the CPU wheel these machines carry
# (plain PyPI would give a CUDA build), and later installs then find torch already satisfied.

VENV    := .venv
PYTHON  := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
TORCH   := torch==2.13.0
STORE   ?= .store
CORPUS  ?= ../shared/corpus/notices
BANK    ?= .bank
TABLES  ?= .bank-tables
HOST    ?= 127.0.0.1
PORT    ?= 7860
export HF_HUB_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: install run test lint eval bank bank-tables train train-tables eval-bank bench browser clean

$(PYTHON):
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PYTHON)
	$(PYTHON) -m pip install --quiet $(TORCH)
	$(PYTHON) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Debian's chromium for the browser tests; Playwright drives it, and never downloads a browser.
browser:
	@command -v chromium >/dev/null || { apt-get update -q && apt-get install -y -q chromium; }

run: install
	$(VENV)/bin/filingqa --store $(STORE) ingest examples/notices
	$(VENV)/bin/filingqa --store $(STORE) serve --host $(HOST) --port $(PORT)

test: install browser
	$(PYTHON) -m pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

eval: install
	$(VENV)/bin/filingqa --store $(STORE) ingest -q examples/notices
	-$(VENV)/bin/filingqa --store $(STORE) eval examples/eval/golden.jsonl
	@if [ -d $(CORPUS) ]; then \
		$(VENV)/bin/filingqa --store $(STORE)-dev ingest -q $(CORPUS) && \
		$(VENV)/bin/filingqa --store $(STORE)-dev eval eval/dev.jsonl; \
	else echo "eval/dev.jsonl skipped: no corpus at $(CORPUS)"; fi

# The annotated bank laid out (notices from ../shared/corpus and eval/bank/notices; reserved ones
# left out) and ingested into its own store; eval files for its train, held-out and reworded cases.
bank: install
	$(PYTHON) -m qa.evaluation.bank $(BANK)
	$(VENV)/bin/filingqa --store $(BANK)/store ingest -q $(BANK)/notices

# TAT-QA's train excerpts (../shared/peer/tatqa) laid out and ingested: the table model set's bank.
bank-tables: install
	$(PYTHON) -m qa.evaluation.bank $(TABLES) --tables
	$(VENV)/bin/filingqa --store $(TABLES)/store ingest -q $(TABLES)/notices

# Fit both model sets (seeded; after the banks are ingested, about 40 + 2 min on 2 cores): the
# bank's into qa/reader/fitted/ and the table set, for notices whose figures are mostly table
# cells, into qa/reader/fitted_tables/ (README, Tables).
train: bank train-tables
	$(PYTHON) -m qa.reader.train --store $(BANK)/store

train-tables: bank-tables
	$(PYTHON) -m qa.reader.train --store $(TABLES)/store --tables

# The reader measured on the bank: held-out (never tuned on), its rewordings, and train with
# its rewordings (in sample).
eval-bank: bank
	-$(VENV)/bin/filingqa --store $(BANK)/store eval $(BANK)/heldout.jsonl
	-$(VENV)/bin/filingqa --store $(BANK)/store eval $(BANK)/reworded.jsonl
	-$(VENV)/bin/filingqa --store $(BANK)/store eval $(BANK)/reworded-originals.jsonl
	-$(VENV)/bin/filingqa --store $(BANK)/store eval $(BANK)/train.jsonl
	-$(VENV)/bin/filingqa --store $(BANK)/store eval $(BANK)/train-reworded.jsonl
	-$(VENV)/bin/filingqa --store $(BANK)/store eval $(BANK)/train-reworded-originals.jsonl

bench: install
	$(PYTHON) -m pip install --quiet -e '.[dev,bench]'
	$(PYTHON) bench/embed.py
	$(PYTHON) bench/ingest.py
	$(PYTHON) bench/answer.py
	$(PYTHON) bench/recall.py

clean:
	rm -rf $(VENV) $(STORE) $(STORE)-dev $(BANK) $(TABLES) .pytest_cache .ruff_cache
