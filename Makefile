# Two commands do all set-up on a fresh machine (Python 3.11, pip, apt):
#   make report   builds reports/ from the shipped data
#   make test     runs every test
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
# empty YEAR: the code's default (the latest target registry in the data folder)
YEAR   ?=
# empty DATA: the shipped data/ (its monthly/ is where the analysts drop the bureau's files)
DATA   ?=
OUT    ?= reports

.PHONY: all setup system report test check lint lab bench data clean

all: report

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	rm -f $(VENV)/.installed-*
	touch $@

setup: $(STAMP) system

system:
	bash scripts/install-system.sh

report: setup
	$(BIN)/taicang-report build $(if $(YEAR),--year $(YEAR),) $(if $(DATA),--data "$(DATA)",) --out $(OUT) $(if $(EDITION),--edition $(EDITION),) $(if $(REPLACE),--replace,)

lint: $(STAMP)
	$(BIN)/ruff check .

test: setup lint
	$(BIN)/python -m pytest -n 2 --dist loadfile
	$(BIN)/python -m pytest -n 2 --dist loadfile -o addopts="-p no:cacheprovider" --nbval-lax notebooks

# The fast tests (no builds, no browser, no notebooks): under 60 s on 2 cores, for every edit.
check: $(STAMP) lint
	$(BIN)/python -m pytest -n 2 --dist loadfile -m "not slow and not browser"

# Lab rooted at the project: notebooks/ and data/ side by side in the file browser (drop monthly
# files into data/monthly/). YEAR=2021 and/or DATA=/path open copies of the notebooks with those
# parameters injected (lab/<year or latest>/, papermill-style; `taicang-report lab` does the same
# without make); nothing goes through the environment. Lab speaks Chinese
# (jupyterlab-language-pack-zh-cn as the default locale) and never reaches the internet on its own:
# `taicang-report lab` puts lab/overrides.json (zh_CN, no news, no update check) into the
# environment's Lab settings and starts the server without a news feed.
lab: setup
	-mkdir -p "$(abspath $(or $(DATA),data))/monthly"
	$(BIN)/taicang-report lab $(if $(YEAR),--year $(YEAR),) $(if $(DATA),--data "$(abspath $(DATA))",)

bench: setup
	$(BIN)/python benchmarks/indicators.py
	$(BIN)/python benchmarks/widgets.py
	$(BIN)/python benchmarks/report.py

data: $(STAMP)
	$(BIN)/python -m taicang_analysis.sources.published

clean:
	rm -rf $(VENV) reports .pytest_cache
