# Sitrep: `make run` sets up and runs the flow on the bundled seeds; `make test` sets up and runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.sitrep-installed
SHARED ?= ../shared
LAKE ?= data/lake
EVAL_LAKE := data/eval-lake

.DEFAULT_GOAL := check
.PHONY: check setup run test lint eval bench clean

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
	$(BIN)/ruff check pipelines flows tests

eval: $(STAMP) ## run the flow over the dev corpus and print the scorer's table (misses in data/eval/)
	@if [ ! -f $(SHARED)/corpus/dev.jsonl ]; then echo "skipping eval: $(SHARED)/corpus/dev.jsonl not found"; exit 0; fi; \
	$(BIN)/sitrep run $(SHARED)/corpus/dev.jsonl --lake $(EVAL_LAKE) --reprocess > /dev/null && \
	$(BIN)/python -m pipelines.evaluate $(SHARED)/corpus/dev.jsonl --predictions $(EVAL_LAKE)/events \
	  --misses data/eval/dev-misses.txt --scorer $(SHARED)/eval/score.py

bench: $(STAMP) ## throughput benchmark on a corpus built from ../shared/corpus/raw (not a test)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[bench]'
	$(BIN)/python bench/bench.py

clean: ## remove generated data and the virtualenv
	rm -rf data scratch-lake $(VENV) .pytest_cache .ruff_cache *.egg-info
