# Two commands set everything up on a fresh machine: `make run` and `make test`.
# torch==2.13.0 is installed first: pip here resolves it to the CPU wheel these machines carry
# (plain PyPI would give a CUDA build), and later installs then find torch already satisfied.

VENV    := .venv
PYTHON  := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
TORCH   := torch==2.13.0
STORE   ?= .store
CORPUS  ?= ../shared/corpus/notices
BANK    ?= $(if $(TATQA),.bank-tatqa,.bank)
HOST    ?= 127.0.0.1
PORT    ?= 7860
export HF_HUB_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: install run test lint eval bank train eval-bank bench browser clean

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

# The annotated bank laid out (notices from ../shared/corpus and eval/bank/notices, and with TATQA=1
# the notices of TAT-QA's train excerpts, into .bank-tatqa; reserved ones left out) and ingested
# into its own store; eval files for its train, held-out and reworded cases.
bank: install
	$(PYTHON) -m qa.evaluation.bank $(BANK) $(if $(TATQA),--tatqa)
	$(VENV)/bin/filingqa --store $(BANK)/store ingest -q $(BANK)/notices

# Fit the reader's models from the bank's train split into qa/reader/fitted/ (seeded; after the bank is ingested, about 8 min on 2 cores). `make train TATQA=1` fits on TAT-QA's train excerpts too (about 16 min on 2 cores; not the committed models: see README, Tables).
train: bank
	$(PYTHON) -m qa.reader.train --store $(BANK)/store $(if $(TATQA),--tatqa)

# The reader measured on the bank: held-out (never tuned on), its rewordings, and train.
eval-bank: bank
	-$(VENV)/bin/filingqa --store $(BANK)/store eval $(BANK)/heldout.jsonl
	-$(VENV)/bin/filingqa --store $(BANK)/store eval $(BANK)/reworded.jsonl
	-$(VENV)/bin/filingqa --store $(BANK)/store eval $(BANK)/reworded-originals.jsonl
	-$(VENV)/bin/filingqa --store $(BANK)/store eval $(BANK)/train.jsonl

bench: install
	$(PYTHON) -m pip install --quiet -e '.[dev,bench]'
	$(PYTHON) bench/embed.py
	$(PYTHON) bench/ingest.py
	$(PYTHON) bench/answer.py
	$(PYTHON) bench/recall.py

clean:
	rm -rf $(VENV) $(STORE) $(STORE)-dev $(BANK) .pytest_cache .ruff_cache
