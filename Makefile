# Twitching assistant: `make run` to serve, `make test` to check everything.
# Both install what is missing first (a .venv with the pinned requirements).
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MODEL := models/twitch-assistant.tar.gz

export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help install train run shell test lint unit validate safety vignettes test-nlu test-stories e2e system-packages crossval report console-user purge lock clean

help:
	@echo "make run    - install, train if data changed, serve REST on http://localhost:5005"
	@echo "make shell  - the same, but chat in this terminal"
	@echo "make test   - install, then lint, unit, validate, train, NLU, stories and end-to-end tests"
	@echo "make purge  - delete conversations older than the retention period (clinic/profile.yml)"
	@echo "make report - deflection report from the stored conversations (reports/report.html)"
	@echo "make console-user NAME=reception - create a clinic console staff account (asks for a password)"
	@echo "make crossval - 5-fold NLU cross-validation (slow), results in results/crossval"
	@echo "make safety - emergency detector floor on the tuning half (held-out figures printed, never a gate)"
	@echo "make eval-safety - as safety, and lists the held-out misses and false alarms"
	@echo "make eval-knowledge - right entry and scope on the blind question corpus, both halves (held-out a report)"
	@echo "make eval-vignettes - triage vignettes in-process, both halves, held-out misses listed"
	@echo "make eval-answers - typed intake answers as the product reads them (model + readers), held-out misses listed"
	@echo "make lock   - re-resolve requirements.in into requirements.lock"
	@echo "make bench  - speed and memory against a stock rasa init bot; bench-patches: what each Rasa patch saves"

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml scripts/find_python.sh
	@py=$$(scripts/find_python.sh) || exit 1; \
	echo "Using $$py ($$($$py -V 2>&1))"; \
	[ -x $(BIN)/python ] && $(BIN)/python -c 'import sys; sys.exit(not((3,8)<=sys.version_info[:2]<=(3,10)))' || { rm -rf $(VENV); $$py -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "pip==24.0"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

train: $(STAMP)
	$(BIN)/python scripts/train_if_changed.py

run: train
	$(BIN)/python -m launcher.run

shell: train
	$(BIN)/python -m launcher.run shell

# Two lanes where the steps are independent (CI has 2 cores): lint, the data check, the unit
# tests and the Debian packages the later tests use (apt-get on a fresh machine) run while the
# model trains (the longest step, so it starts first), and the in-process model checks run two
# at a time, longest first (vignettes, in two processes, while safety and answers fill the other
# lane: the vignettes alone outlast all the rest, so they take both cores when the rest is done).
# Each step's output is printed whole when it ends (--output-sync), so a failure reads as it
# would alone; each phase prints how long it took.
test: $(STAMP)
	@scripts/timed.sh "lint, validate, unit, system packages | train" $(MAKE) --no-print-directory -j2 --output-sync=target train lint validate unit system-packages
	@scripts/timed.sh "model checks" $(MAKE) --no-print-directory -j2 --output-sync=target vignettes safety answers knowledge test-nlu test-stories
	@scripts/timed.sh "end-to-end" $(MAKE) --no-print-directory e2e
	@scripts/timed.sh "scale-out" $(MAKE) --no-print-directory test-scale
	@echo "make test: all checks passed"

PY_DIRS := actions addons channels launcher rasa_patches twitchcare tests scripts
lint: $(STAMP)
	$(BIN)/ruff check $(PY_DIRS)
	$(BIN)/ruff format --check $(PY_DIRS)
	$(BIN)/mypy twitchcare

unit: $(STAMP)
	$(BIN)/python -m pytest -q tests/unit

validate: $(STAMP)
	$(BIN)/rasa data validate --fail-on-warnings --quiet

# `rasa test` through the launcher, as the server runs: with the project's Rasa patches; no plots
# (nothing reads them, and rendering them cost seconds of CPU).
test-nlu: train
	$(BIN)/python -m launcher.rasa_server test nlu --model $(MODEL) --nlu tests/nlu --out results/nlu --quiet --no-plot
	$(BIN)/python scripts/check_nlu_report.py results/nlu/intent_report.json

test-stories: train
	$(BIN)/python -m launcher.rasa_server test core --model $(MODEL) --stories tests/test_stories.yml --out results/core --fail-on-prediction-errors --quiet --no-plot

e2e: train system-packages
	$(BIN)/python -m pytest -q -n 2 --dist loadfile tests/e2e

# Debian's chromium drives the widget's browser test (never a downloaded browser);
# Debian's PostgreSQL backs the tracker-store and report tests; the scale-out test adds Redis and nginx.
SYSTEM_PACKAGES := /usr/bin/chromium:chromium /usr/lib/postgresql/15/bin/initdb:postgresql npm:npm \
	/usr/bin/redis-server:redis-server /usr/sbin/nginx:nginx
system-packages:
	@scripts/ensure_system_packages.sh $(SYSTEM_PACKAGES)

# Scale-out on 127.0.0.1 (deploy/README.md): 2 replicas + PostgreSQL + Redis + nginx, ~1-2 min.
# Part of `make test`; trains first only if the model is missing or stale.
.PHONY: test-scale
test-scale: train system-packages
	$(BIN)/python -m pytest -q tests/scale --durations=0

purge: $(STAMP)
	$(BIN)/python scripts/purge_conversations.py

console-user: $(STAMP)
	@test -n "$(NAME)" || { echo "usage: make console-user NAME=reception"; exit 2; }
	$(BIN)/python -m scripts.console_user "$(NAME)"

report: $(STAMP)
	$(BIN)/python scripts/report.py --out reports
	@echo "Open reports/report.html"

# The emergency screen on the blind corpora, in-process with the trained model. `safety` (in
# `make test`) fails only below the tuning half's floor; held-out figures are a report, never a
# target (nothing is tuned on them). `eval-safety` also lists the held-out misses and compares the
# rules alone on the held-out corpora (left out of `make test`: it reads every held-out message again).
.PHONY: eval-safety safety
safety: train
	$(BIN)/python scripts/eval_safety.py --check --misses 0 --no-rules-comparison
eval-safety: train
	$(BIN)/python scripts/eval_safety.py

# Knowledge answers on the blind question corpus (in-process, the real answer action): the
# tuning half has floors in `knowledge` (part of make test: the batch the floors are on);
# `eval-knowledge` scores every tuning batch and the held-out half (a report, never a gate).
.PHONY: eval-knowledge knowledge
knowledge: train
	$(BIN)/python scripts/eval_knowledge.py --check --floor-batch-only --no-held-out --misses 0
eval-knowledge: train
	$(BIN)/python scripts/eval_knowledge.py

# Triage vignettes, whole conversations in-process (the model loaded once, the actions run
# in-process): the tuning suites are a gate in `vignettes` (no under-triage, >= 97% exact level);
# `eval-vignettes` plays the held-out suites too (a report only). tests/e2e/test_vignettes.py
# plays the team's suite over REST.
.PHONY: eval-vignettes
vignettes: train
	$(BIN)/python -m scripts.eval_vignettes --check --tuning-only --shards 2
eval-vignettes: train
	$(BIN)/python -m scripts.eval_vignettes --misses 60 --shards 2

# Typed answers to the intake's questions as the product reads them (the trained model's intent
# and emergency verdict, then the readers): the tuning halves have a floor in `answers`;
# `eval-answers` reads the held-out halves too (a report only).
.PHONY: eval-answers answers
answers: train
	$(BIN)/python -m scripts.eval_answers --check --no-held-out
eval-answers: train
	$(BIN)/python -m scripts.eval_answers --misses 5

crossval: $(STAMP)
	$(BIN)/python scripts/crossval.py --out results/crossval
	$(BIN)/python scripts/check_nlu_report.py results/crossval/intent_report.json --min-f1 0

lock:
	@py=$$(scripts/find_python.sh) || exit 1; rm -rf /tmp/twitch-lock && $$py -m venv /tmp/twitch-lock && \
	/tmp/twitch-lock/bin/pip install --quiet "pip==24.0" && /tmp/twitch-lock/bin/pip install --quiet -r requirements.in && \
	(echo "# Exact versions installed by make (generated by 'make lock' from requirements.in)."; \
	 /tmp/twitch-lock/bin/pip freeze --all | grep -v '^pip==') > requirements.lock

clean:
	rm -rf results .rasa .pytest_cache models/*.tar.gz models/*.fingerprint

# Benchmark vs a stock `rasa init` bot: training, cold start, memory, latency/throughput at
# 1/10/50 users (~7 min on 2 cores; never touches models/). BENCH_ARGS="--duration 5" for a quick run,
# "--workers 1" to serve the project as `make run` does (one Sanic process, no Redis).
# What each speed patch of rasa_patches saves, timed in-process against the live Rasa original.
.PHONY: bench-patches
bench-patches: $(STAMP)
	@[ -f $(MODEL) ] || $(MAKE) --no-print-directory train
	$(BIN)/python scripts/bench_patches.py $(BENCH_ARGS)

.PHONY: bench
bench: $(STAMP)
	@[ -f $(MODEL) ] || $(MAKE) --no-print-directory train
	@scripts/ensure_system_packages.sh /usr/bin/redis-server:redis-server
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

# Known vulnerabilities of the pinned packages: pip-audit over requirements.lock, in its own
# venv (not the project's). Prints "offline: vulnerability services unreachable" and exits 0
# when it cannot check; lists findings (exit 1) when online. See docs/security.md.
.PHONY: audit
audit:
	@py=$$(scripts/find_python.sh) || exit 1; $$py scripts/audit.py requirements.lock
