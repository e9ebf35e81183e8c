# Two commands do all set-up on a fresh machine (Python 3.11, pip, apt):
#   make report   builds reports/ from the shipped data
#   make test     runs every test
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
YEAR   ?= 2023
DATA   ?= data
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
	$(BIN)/taicang-report build --year $(YEAR) --data $(DATA) --out $(OUT) $(if $(EDITION),--edition $(EDITION),) $(if $(REPLACE),--replace,)

lint: $(STAMP)
	$(BIN)/ruff check .

test: setup lint
	$(BIN)/python -m pytest -n 2 --dist loadfile
	$(BIN)/python -m pytest -n 2 --dist loadfile -o addopts="-p no:cacheprovider" --nbval-lax notebooks

# The fast tests (no builds, no browser, no notebooks): under 60 s on 2 cores, for every edit.
check: $(STAMP) lint
	$(BIN)/python -m pytest -n 2 --dist loadfile -m "not slow and not browser"

# Lab rooted at the project: notebooks/ and data/ side by side in the file browser (drop monthly
# files into data/monthly/). DATA=/path points the notebooks at another data folder (ta.where()).
# Lab speaks Chinese (jupyterlab-language-pack-zh-cn as the default locale) and never reaches the
# internet on its own: lab/overrides.json (the project's default settings: zh_CN, no news, no
# update check) goes into the environment's Lab settings, and the server fetches no news feed.
lab: setup
	-mkdir -p "$(abspath $(DATA))/monthly"
	mkdir -p $(VENV)/share/jupyter/lab/settings
	cp lab/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	TAICANG_DATA="$(abspath $(DATA))" $(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" \
		--LabApp.news_url=None --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate \
		$(if $(filter 0,$(shell id -u)),--allow-root,)

bench: setup
	$(BIN)/python benchmarks/indicators.py
	$(BIN)/python benchmarks/widgets.py
	$(BIN)/python benchmarks/report.py

data: $(STAMP)
	$(BIN)/python -m taicang_analysis.sources.published

clean:
	rm -rf $(VENV) reports .pytest_cache
