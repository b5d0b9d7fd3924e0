# One task runner for people and CI. `make run` and `make test` work on a fresh machine.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test typecheck bench eval fonts clean

run: $(STAMP) fonts  ## set up and write the report from the bundled data into ./out/
	$(BIN)/liuzhi report --output out --force
	$(BIN)/liuzhi report --output out --lang zh --force

test: $(STAMP)  ## run the whole test suite (and the linter and the type check)
	$(BIN)/ruff check liuzhi tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

typecheck: $(STAMP)
	$(BIN)/ruff check liuzhi tests benchmarks
	$(BIN)/mypy

bench: $(STAMP)  ## speed and memory numbers, printed
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

eval: $(STAMP)  ## precision and recall of the figure extractor on the labelled corpus
	$(BIN)/python -m liuzhi.extract.evaluate

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,bayes]'
	touch $(STAMP)

# The PDF needs a font with Chinese glyphs and Pango; install them when we may (as root),
# otherwise say what is missing.
fonts:
	@if fc-list :lang=zh 2>/dev/null | grep -q . && ldconfig -p | grep -q libpangoft2; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			--no-install-recommends fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 fontconfig; \
	else echo "Note: install a CJK font and Pango (Debian: fonts-noto-cjk libpangoft2-1.0-0) for the PDF."; fi

clean:
	rm -rf out build *.egg-info .pytest_cache .mypy_cache
