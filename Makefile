# Sitrep: `make run` sets up and runs the flow on the bundled seeds; `make test` sets up and runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.sitrep-installed
SHARED ?= ../shared
LAKE ?= data/lake
EVAL_LAKE := data/eval-lake
BENCH_MB ?= 10

.DEFAULT_GOAL := check
.PHONY: check setup run test lint eval accuracy bench profile clean dashboard browser screenshot

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $(STAMP)

setup: $(STAMP) ## create .venv and install the pinned dependencies

check: test lint ## the default: tests and lint

run: $(STAMP) ## run the flow over seeds/samples into $(LAKE) and print the events through DuckDB
	$(BIN)/sitrep run seeds/samples --lake $(LAKE)
	$(BIN)/sitrep sql "select event_type, coalesce(killed, injured, casualties, troops, captured) as figure, \
	  actor_country as actor, target_country as target, reported_by, left(evidence, 70) as evidence \
	  from events order by in_title desc, char_start" --lake $(LAKE)

test: $(STAMP) ## run the whole test suite
	$(BIN)/python -m pytest -q

lint: $(STAMP) ## ruff over the code
	$(BIN)/ruff check pipelines flows tests bench

EVALUATE = $(BIN)/python -m sitrep.pipelines.evaluate $(SHARED)/corpus/dev.jsonl --predictions $(EVAL_LAKE) \
	  --misses data/eval/dev-misses.txt --scorer $(SHARED)/eval/score.py --external $(SHARED)/corpus/raw

eval: $(STAMP) ## B-cubed of the incident clustering on our fixtures; the scorer's tables over dev (folds, old/new); agreement with ACLED/UCDP
	$(BIN)/python -m sitrep.pipelines.incident_eval tests/fixtures/incidents
	@if [ ! -f $(SHARED)/corpus/dev.jsonl ]; then echo "skipping eval: $(SHARED)/corpus/dev.jsonl not found"; exit 0; fi; \
	$(BIN)/sitrep run $(SHARED)/corpus/dev.jsonl --lake $(EVAL_LAKE) --reprocess > /dev/null && $(EVALUATE)

accuracy: $(STAMP) ## the same as eval, and write every table to docs/ACCURACY.md
	@if [ ! -f $(SHARED)/corpus/dev.jsonl ]; then echo "skipping accuracy: $(SHARED)/corpus/dev.jsonl not found"; exit 0; fi; \
	$(BIN)/sitrep run $(SHARED)/corpus/dev.jsonl --lake $(EVAL_LAKE) --reprocess > /dev/null && \
	$(EVALUATE) --markdown docs/ACCURACY.md

bench: $(STAMP) ## throughput, start-up and stage shares on short/articles/mix corpora of BENCH_MB MB each from ../shared/corpus/raw (not a test)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[bench]'
	$(BIN)/python bench/bench.py --mb $(BENCH_MB)

profile: $(STAMP) ## where a short document's time goes: cProfile and py-spy over 20,000 short documents (not a test)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[bench]'
	$(BIN)/python bench/hotspots.py

CHROMIUM_FLAGS := --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
	--disable-sync --no-first-run --hide-scrollbars --host-resolver-rules="MAP * ~NOTFOUND" --virtual-time-budget=15000
SHOT_LAKE := data/screenshot-lake

dashboard: $(STAMP) ## write $(LAKE)/dashboard.html from the lake (run `make run` first)
	$(BIN)/sitrep dashboard --lake $(LAKE)

browser: ## install Debian's headless Chromium (as root) for the dashboard's browser test
	command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

screenshot: $(STAMP) browser ## regenerate docs/dashboard.png from the dev corpus (or seeds/samples without it)
	@src=$(SHARED)/corpus/dev.jsonl; [ -f $$src ] || src=seeds/samples; \
	$(BIN)/sitrep run $$src --lake $(SHOT_LAKE) > /dev/null; \
	$(BIN)/sitrep dashboard --lake $(SHOT_LAKE) && mkdir -p docs && \
	chromium $(CHROMIUM_FLAGS) --user-data-dir=$$(mktemp -d) --window-size=1400,3300 \
	  --screenshot=$(CURDIR)/docs/dashboard.png file://$(CURDIR)/$(SHOT_LAKE)/dashboard.html

clean: ## remove generated data and the virtualenv
	rm -rf data scratch-lake $(VENV) .pytest_cache .ruff_cache *.egg-info
