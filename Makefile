# Catalogue des API du service public: build, test and contribution commands.
#
#   make html   set up .venv (from requirements.txt) if needed, build _build/html
#   make test   set up .venv if needed, run the tests
#
# PYTHON selects the interpreter used to create .venv (3.11 or newer).

PYTHON     ?= python3
VENV       ?= .venv
BUILDDIR   ?= _build
SPHINXOPTS ?=
PY         := $(VENV)/bin/python
STAMP      := $(VENV)/.requirements.txt
NODE_STAMP := node_modules/.package-lock.json
SPHINX     := $(PY) -m sphinx

# Same sources, same site: dates derived from the last commit, not the clock.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 1767225600)
export SOURCE_DATE_EPOCH
export PYTHONDONTWRITEBYTECODE = 1

.PHONY: html strict test clean distclean serve venv validate gaps new-api new-fournisseur import-apigouv import-datagouv push-datagouv specs bench

html: $(STAMP)
	$(SPHINX) -b html . $(BUILDDIR)/html $(SPHINXOPTS)

# Full rebuild, any warning fails (the tests run this on the real site).
strict: $(STAMP)
	$(SPHINX) -E -W -n --keep-going -b html . $(BUILDDIR)/html $(SPHINXOPTS)

test: $(STAMP) $(NODE_STAMP)
	$(PY) -m pytest tests

# Live preview: rebuilds when a file changes and reloads the page (sphinx-autobuild).
serve: $(STAMP)
	@echo "Aperçu sur http://127.0.0.1:8000/ (Ctrl-C pour arrêter)"
	$(PY) -m sphinx_autobuild --host 127.0.0.1 --port 8000 --ignore "$(BUILDDIR)/*" --ignore "$(VENV)/*" . $(BUILDDIR)/html $(SPHINXOPTS)

clean:
	rm -rf $(BUILDDIR)

distclean: clean
	rm -rf $(VENV) node_modules

venv: $(STAMP)

# The virtual environment is (re)built whenever requirements.txt changes:
# the stamp is a copy of the requirements it was built from.
$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; v = sys.version_info; sys.exit(0 if v >= (3, 11) else "Python 3.11 ou plus récent est nécessaire (trouvé %d.%d) ; choisissez-en un avec PYTHON=python3.12 par exemple." % v[:2])'
	@if [ -d $(VENV) ] && ! cmp -s requirements.txt $(STAMP); then echo "requirements.txt a changé : reconstruction de $(VENV)"; rm -rf $(VENV); fi
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	cp requirements.txt $(STAMP)

# axe-core, for the accessibility tests, from the npm registry (not committed).
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error; \
	else \
	  echo "npm est absent : les tests d'accessibilité (axe-core) seront sautés."; \
	fi

CATALOGUE := PYTHONPATH=_ext $(PY) -m catalogue

# Check every record without building the site (exit status 1 on error).
validate: $(STAMP)
	@$(CATALOGUE) validate

# The same check, then the API records to complete, by provider, with their
# score and what they lack: the list of the page "Fiches à compléter".
gaps: $(STAMP)
	@$(CATALOGUE) validate --gaps

# Start a record from its commented template: make new-api ID=mon-api
new-api: $(STAMP)
	@$(CATALOGUE) new api -- "$(ID)"

new-fournisseur: $(STAMP)
	@$(CATALOGUE) new fournisseur -- "$(ID)"

# Download each API's OpenAPI specification (openapi_link) into apis/openapi/,
# with their digests in apis/openapi/specs.lock.json (exit status 1 on a failure).
specs: $(STAMP)
	@$(CATALOGUE) specs

# Import the records of the historical api.gouv.fr (its _data/ folder):
#   make import-apigouv SRC=chemin/vers/_data [FORCE=1]
# Records edited by hand since their import are kept unless FORCE=1.
# SRC is checked before anything else, so that its absence does not wait for .venv.
ifneq ($(filter import-apigouv,$(MAKECMDGOALS)),)
ifeq ($(strip $(SRC)),)
$(error Indiquez le dossier à importer : make import-apigouv SRC=chemin/vers/_data (le dossier qui contient api/ et producteurs/))
endif
endif

import-apigouv: $(STAMP)
	@PYTHONPATH=_ext $(PY) -m importers apigouv "$(SRC)" $(if $(FORCE),--force)

# Import the APIs that data.gouv.fr lists as "dataservices" (udata's JSON):
#   make import-datagouv SRC=page.json | SRC=dossier/ | SRC="https://www.data.gouv.fr/api/1/dataservices/?organization=<id>" [FORCE=1]
ifneq ($(filter import-datagouv,$(MAKECMDGOALS)),)
ifeq ($(strip $(SRC)),)
$(error Indiquez ce qu'il faut importer : make import-datagouv SRC=page.json, SRC=dossier/ ou SRC="https://www.data.gouv.fr/api/1/dataservices/?organization=...")
endif
endif

import-datagouv: $(STAMP)
	@PYTHONPATH=_ext $(PY) -m importers datagouv "$(SRC)" $(if $(FORCE),--force)

# Publish the API records on data.gouv.fr, API key in DATAGOUV_API_KEY:
#   make push-datagouv [DRY_RUN=1] [API=https://demo.data.gouv.fr/api/1/]
push-datagouv: $(STAMP)
	@PYTHONPATH=_ext $(PY) -m importers push-datagouv $(if $(DRY_RUN),--dry-run) $(if $(API),--api "$(API)")

# Performance benchmark (not a test; CI does not run it): synthetic catalogues
# of 100 and 1,000 APIs against hand-written MyST pages; table printed and
# written to _build/bench/.  Options: make bench BENCHOPTS="--with-10k --repeat 1".
BENCHOPTS ?=

bench: $(STAMP)
	$(PY) bench/run.py $(BENCHOPTS)
