# The two commands of the README: `make run` executes every notebook end to end (full mode),
# writing executed copies, animations and results to outputs/ (never a committed file);
# `make test` runs the unit tests and every notebook under nbval (fast mode), on both cores.
# Maintainers: `make results` copies a full-mode run's outputs/results/*.json into the committed
# results/, and `make report` regenerates the README's measured section and the troubleshooting
# guide (docs/when_training_goes_wrong.md) from them.
# An active conda environment (`conda activate gan`) is used as it is; otherwise a .venv is made.
SHELL := /bin/bash
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9]*.ipynb))

ifdef CONDA_PREFIX
PYTHON := $(CONDA_PREFIX)/bin/python
ENV_READY :=
else
PYTHON := .venv/bin/python
ENV_READY := .venv/.installed
endif

.PHONY: run test kernel lint results report

.venv/.installed: pyproject.toml
	python3 -m venv .venv
	.venv/bin/python -m pip install --quiet -e '.[dev]'
	touch $@

kernel: $(ENV_READY)
	$(PYTHON) -m ipykernel install --user --name gan --display-name "Python (gan)"

run: kernel
	GANHELPERS_FAST=0 $(PYTHON) -m jupyter nbconvert --to notebook --execute \
		--ExecutePreprocessor.timeout=-1 --ExecutePreprocessor.kernel_name=gan \
		--KernelManager.transport_encryption=auto \
		--output-dir outputs $(NOTEBOOKS)
	@echo "Executed notebooks and animations are in outputs/"

test: $(ENV_READY)
	GANHELPERS_FAST=1 $(PYTHON) -m pytest -n 2 notebooks tests

lint: $(ENV_READY)
	$(PYTHON) -m ruff check . && $(PYTHON) -m ruff format --check .

results: $(ENV_READY)
	$(PYTHON) -m tools.promote_results

report: $(ENV_READY)
	$(PYTHON) -m tools.report
	$(PYTHON) -m tools.troubleshooting_guide
