# budgetpdf: `make run` extracts the bundled samples, `make test` runs the tests.
# Both create .venv and install everything on first use.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup run test bench samples devscore dictionary report clean corpus corpus-render corpus-variants

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

# the bundled samples plus two whole published documents of the corpus (budget tables)
WHOLE := corpus/pdf/grid/sc_kaijiang_wentilvju_dwys_2023.pdf corpus/pdf/grid/hn_miluo_tieshanguanqu_bmjs_2024.pdf

run: setup
	$(PY) pipeline.py run samples/*.pdf $(WHOLE) --out out
	$(PY) -c "import pandas as pd; p = pd.read_parquet('out/projects'); i = pd.read_parquet('out/indicators'); t = pd.read_parquet('out/budget_tables'); l = pd.read_parquet('out/budget_lines'); print(p.groupby('kind').size().to_string()); print(f'{len(i)} indicators; by level1:'); print(i.groupby('level1').size().to_string()); print(f'{len(t)} budget tables, {len(l)} budget lines; by kind:'); print(t.groupby('kind').size().to_string())"

test: setup
	$(PY) -m pytest -q

# speed per kind of page on the corpus, beside pdfplumber and camelot; writes README.md
bench: corpus-render
	$(PY) bench/bench.py --sets --write-readme --rounds 2 --repeat 2
	$(PY) bench/ocr_bench.py --pages 4

samples: setup
	$(PY) samples/generate.py

# the development corpus: render what is missing or stale (needs Chromium), then
# score every template in every form strictly (exit 1 below the bar)
corpus-render: setup
	$(PY) corpus/render.py $(ID) -q

corpus: corpus-render
	$(PY) corpus/score.py --run --check

# the same templates typeset by other draws of their typography (not committed):
# layouts the readers were never tuned on; VARIANTS=1 2 by default
VARIANTS ?= 1 2
corpus-variants: setup
	for v in $(VARIANTS); do $(PY) corpus/render.py --variant $$v --forms grid,hrules,norules -q && \
	  $(PY) corpus/score.py --run --variant $$v --forms grid,hrules,norules --out out/corpus-v$$v; done

devscore: setup
	../shared/tools/devscore --style all

report: setup
	$(PY) pipeline.py report out --html out/report.html

dictionary: setup
	$(PY) -m budgetpdf.schemas.dictionary

clean:
	rm -rf out .pytest_cache
