# Kennisbank Botsende Regels — twee commando's: `make run` en `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test build install install-test java chromium clean bench thema

run: install java build
	$(BIN)/kennisbank serve --host $(HOST) --port $(PORT)

test: install-test java node_modules/.bin/spectral chromium
	$(BIN)/python -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

build: install
	$(BIN)/kennisbank build
	$(BIN)/kennisbank site bouw

bench: install-test java
	$(BIN)/python -m benchmarks

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install whenever pyproject.toml changes.
$(VENV)/.geinstalleerd: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.geinstalleerd-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(VENV)/.geinstalleerd $@

install: $(VENV)/.geinstalleerd
install-test: $(VENV)/.geinstalleerd-test

# Spectral lints our OpenAPI against the NL API Design Rules (installed locally from package-lock.json).
node_modules/.bin/spectral: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm ontbreekt: installeer Node.js met npm (bijv. 'apt-get install nodejs npm') en probeer opnieuw."; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The site's NL Design System stylesheet (site/static/vendor/nlds*.css) from the design tokens in
# site/thema/tokens.json and the Utrecht CSS in node_modules; the result is committed.
thema: install node_modules/.bin/spectral
	$(BIN)/python -m kennisbank.site.thema

# HermiT (owlready2's reasoner) needs a Java runtime; OpenJDK 17 is enough.
java:
	@if command -v java >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Java ontbreekt: default-jre-headless wordt geïnstalleerd (nodig voor de redeneerder HermiT)."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	else \
		echo "Java ontbreekt. Installeer een Java-runtime (bijv. 'sudo apt-get install default-jre-headless'; OpenJDK 17 of nieuwer) en probeer opnieuw."; \
		exit 1; \
	fi

# Browser tests use Debian's chromium (never a browser download).
chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Chromium ontbreekt: Debians chromium wordt geïnstalleerd (nodig voor de browsertests)."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "Chromium ontbreekt. Installeer Debians chromium (bijv. 'sudo apt-get install chromium') en probeer opnieuw."; \
		exit 1; \
	fi

clean:
	rm -rf $(VENV) .kennisbank
