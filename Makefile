# Two commands work on a fresh machine with only Python: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint typecheck unit bench docs clean train eval-speakers eval-transcripts train-breaks eval-breaks

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# compat mode puts the source folder on sys.path with a .pth line; the default editable
	# mode installs an import hook that adds 0.1 s to every start of the command (measured)
	$(BIN)/python -m pip install --quiet -e ".[dev,interop,scale]" --config-settings editable_mode=compat
	touch $(STAMP)

demo: $(STAMP)
	mkdir -p out
	$(BIN)/subtitler generate fixtures/transcripts/arirang-blue-house.txt --summary \
		-o out/arirang-blue-house.srt -o out/arirang-blue-house.vtt -o out/arirang-blue-house.json
	@echo "wrote out/arirang-blue-house.srt, .vtt and .json"

test: $(STAMP) lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check subtitler tests bench tools

typecheck: $(STAMP)
	$(BIN)/mypy --strict subtitler

unit: $(STAMP)
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python bench/run.py

# The speaker model, then the linker over its spans: rebuilt from the shared corpus (the same bytes every time), then cross-validated.
CORPUS ?= ../shared/corpora/transcripts
train: $(STAMP)
	nice -n 10 $(BIN)/python tools/train_speakers.py --corpus $(CORPUS)
	nice -n 10 $(BIN)/python tools/train_linker.py --corpus $(CORPUS)

eval-speakers: $(STAMP)
	nice -n 10 $(BIN)/python bench/eval_speakers.py --corpus $(CORPUS) $(if $(LIMIT),--limit $(LIMIT))

# generate on the transcript corpus (../shared/corpora/transcripts): labelled read, coverage, speakers
eval-transcripts: $(STAMP)
	PYTHONPATH=. $(BIN)/python bench/eval_transcripts.py

# Line and cue breaks: the costs fitted on human caption files (../shared/corpora, the same bytes every
# time), and scored against them, each file held out in turn, beside greedy fill and nearest-the-middle.
SHARED ?= ../shared
train-breaks: $(STAMP)
	PYTHONPATH=. nice -n 10 $(BIN)/python tools/train_breaks.py --shared $(SHARED)

eval-breaks: $(STAMP)
	PYTHONPATH=. nice -n 10 $(BIN)/python bench/eval_breaks.py --shared $(SHARED)

docs: $(STAMP)
	$(BIN)/subtitler rules --markdown > docs/rules.md

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
