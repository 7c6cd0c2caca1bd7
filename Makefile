# The README's two commands: `make run` and `make test`. Both set up what they need.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501

.PHONY: run test bench system-deps clean

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime  ## set up and start the app on the bundled defaults
	@echo "Activation Lab: open http://localhost:$(PORT)"
	$(PY) -m streamlit run app.py --server.port $(PORT) --server.headless true

system-deps:           ## Debian's chromium, CJK fonts and nginx for the browser and scale-out tests
	bash tools/install_system_deps.sh

test: $(VENV)/.dev system-deps  ## set up and run every test: unit, AppTest, real Chromium
	$(PY) -m pytest

bench: $(VENV)/.runtime
	$(PY) -m bench

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
