# The two commands: `make run` (set up everything, serve the demo) and `make test` (every test).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
POSTGRES_TEST_URL ?= postgresql://postgres@127.0.0.1:5432/test
VENDOR := static/vendor

.PHONY: run prod-demo test test-sqlite test-postgres lint bench install assets catalogs messages chromium nginx migrate seed clean screenshots

run: install assets catalogs migrate seed
	PORTAL_ENV=development $(FLASK) run --host 127.0.0.1 --port 5000

# The demo as production runs (S1): nginx (Debian's, installed when missing) on
# https://127.0.0.1:8443 over two gunicorn hosts, on PostgreSQL (database portal_demo) and Redis.
prod-demo: install assets catalogs
	$(PY) -m portal.deploy

# The two runs side by side, one a core (each has its own database, mail server, ports and
# Redis keys): one after the other they took 15.5 min on a slow VM. Each prints when it ends.
test: install assets catalogs chromium nginx
	@echo "The suite on SQLite and on PostgreSQL, side by side: each run prints when it ends."
	$(MAKE) --no-print-directory --output-sync=target -j2 test-sqlite test-postgres

test-sqlite: catalogs
	PORTAL_ENV=testing $(VENV)/bin/pytest

test-postgres: catalogs
	PORTAL_ENV=testing TEST_DATABASE_URL=$(POSTGRES_TEST_URL) $(VENV)/bin/pytest

# The benchmark (S11), not a timed test: sign-ins per second, then a state-sized data set
# (made once, kept in bench/out/ and the `bench` PostgreSQL database), the dashboard and the
# admin lists under load with wrk, and the staff reports in-process, on SQLite and on
# PostgreSQL; last, one app host against two behind nginx (bench.cluster, PostgreSQL). Installs
# Debian's wrk when the machine lacks it.
BENCH_POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432/bench
BENCH_CLUSTER_URL ?= postgresql://postgres@127.0.0.1:5432/bench_cluster
BENCH_SECONDS ?= 10
bench: install
	@command -v wrk >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null; } \
	  || echo "wrk could not be installed: bench.load falls back to its Python load generator."
	$(PY) -m bench.signins
	$(PY) -m bench.determination
	$(PY) -m bench.wizard --seconds $(BENCH_SECONDS)
	$(PY) -m bench.generate --reuse
	$(PY) -m bench.load
	$(PY) -m bench.admin
	$(PY) -m bench.reports
	DATABASE_URL=$(BENCH_POSTGRES_URL) $(PY) -m bench.generate --reuse
	DATABASE_URL=$(BENCH_POSTGRES_URL) $(PY) -m bench.load
	DATABASE_URL=$(BENCH_POSTGRES_URL) $(PY) -m bench.admin
	DATABASE_URL=$(BENCH_POSTGRES_URL) $(PY) -m bench.reports
	DATABASE_URL=$(BENCH_CLUSTER_URL) $(PY) -m bench.cluster --seconds $(BENCH_SECONDS)

# PNGs of the main screens at each width and printed, for people to look at (S12): the responsive
# browser test's walk, saving as it goes. The folder is not committed.
screenshots: install assets catalogs chromium
	rm -rf screenshots
	PORTAL_ENV=testing SCREENSHOTS_DIR=screenshots $(VENV)/bin/pytest -q tests/browser/test_responsive.py
	@echo "Screenshots in screenshots/: $$(ls screenshots | wc -l) PNGs."

# ruff, then the layers' import contracts (pyproject.toml's [tool.importlinter]).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

assets: $(VENDOR)/.installed

# Spanish (S13): the catalog is kept as text (translations/es/LC_MESSAGES/messages.po) and compiled
# here. After changing a string to translate, `make messages` extracts every `_()` (babel.cfg) and
# brings the catalog up to date; the new entries are then translated in the .po file.
CATALOG := translations/es/LC_MESSAGES/messages
catalogs: $(CATALOG).mo

$(CATALOG).mo: $(CATALOG).po $(VENV)/.installed
	$(VENV)/bin/pybabel compile --statistics -d translations

messages: install
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l --no-location --sort-output \
	  --project "Assister Portal" -o translations/messages.pot .
	$(VENV)/bin/pybabel update -i translations/messages.pot -d translations \
	  --no-fuzzy-matching --ignore-obsolete

# USWDS, htmx and the directory's map come from npm (package-lock.json pins them) and are copied
# under static/: the portal never asks a CDN for anything. The map is Leaflet over Minnesota's
# county outlines: us-atlas's counties (the Census Bureau's, as TopoJSON) cut at this step to
# Minnesota's by assets/minnesota-counties.js, kept under us-atlas's file name.
$(VENDOR)/.installed: package.json package-lock.json assets/minnesota-counties.js
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf $(VENDOR)
	mkdir -p $(VENDOR)/{uswds,htmx,leaflet,topojson-client,us-atlas,chartjs}
	cp -r node_modules/@uswds/uswds/dist/{css,fonts,img,js} $(VENDOR)/uswds/
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	cp -r node_modules/leaflet/dist/{leaflet.js,leaflet.css,images} $(VENDOR)/leaflet/
	cp node_modules/topojson-client/dist/topojson-client.min.js $(VENDOR)/topojson-client/
	cp node_modules/chart.js/dist/chart.umd.min.js $(VENDOR)/chartjs/
	node assets/minnesota-counties.js node_modules/us-atlas/counties-10m.json \
	  $(VENDOR)/us-atlas/counties-10m.json
	touch $@

# Browser tests drive Debian's chromium; install it when the machine lacks it.
chromium:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# The two-host test (PostgreSQL run) puts Debian's nginx in front of two app hosts; it is skipped,
# and says so, where nginx cannot be installed.
nginx:
	@command -v /usr/sbin/nginx >/dev/null && command -v openssl >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nginx openssl >/dev/null; } \
	  || echo "nginx could not be installed: the two-host test will be skipped."

migrate: install
	PORTAL_ENV=$${PORTAL_ENV:-development} $(FLASK) db upgrade

seed: install
	PORTAL_ENV=$${PORTAL_ENV:-development} $(FLASK) seed-demo

clean:
	rm -rf $(VENV) node_modules $(VENDOR) instance
	find static \( -name '*.gz' -o -name cache_manifest.json -o -regex '.*-[0-9a-f]\{32\}\.[0-9a-z]*' \) -delete
