# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip

# llama.cpp is compiled for a stated CPU baseline, never for the build machine (`-march=native`
# picks AMX and AVX-512 where the CPU lists them, and crashes with SIGILL where the OS or the
# virtual machine has not enabled them, or on any older PC the build is copied to).
# Baseline: x86-64 with AVX2, FMA, F16C and BMI2 (Intel Haswell / AMD Excavator, 2013-2015, on).
# `make llama LLAMA_GPU=-DGGML_CUDA=ON` adds a GPU backend to the portable CPU part;
# `make llama LLAMA_CMAKE_ARGS=-DGGML_NATIVE=ON` builds for this machine only. The README says
# what each variant gains.
LLAMA_BASELINE := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON \
	-DGGML_BMI2=ON -DGGML_AVX512=OFF -DGGML_AVX_VNNI=OFF -DGGML_AMX_TILE=OFF \
	-DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF
LLAMA_GPU ?=
LLAMA_CMAKE_ARGS ?= $(LLAMA_BASELINE) $(LLAMA_GPU)

export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: run test lint install llama lock package bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Everything comes from requirements.lock: exact versions and hashes, so a fresh machine gets
# what CI tested. No cache: pip's wheel cache would hand back a llama.cpp built with other flags.
$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(PIP) install --quiet --no-cache-dir "pip==$$(sed -n 's/^pip==\([^ ]*\).*/\1/p' requirements.lock)"
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(PIP) install --quiet --no-cache-dir --require-hashes \
		--no-deps -r requirements.lock
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	touch $@

install: $(VENV)/.installed

# Rebuild llama.cpp alone, e.g. `make llama LLAMA_GPU=-DGGML_CUDA=ON`.
llama: install
	$(PIP) uninstall --quiet --yes llama-cpp-python
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(PIP) install --quiet --no-cache-dir --require-hashes \
		--no-deps -r requirements.lock

# Move the pins on purpose: resolve pyproject.toml's ranges again, with hashes.
lock: install
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --no-emit-index-url \
		--no-emit-find-links --extra test --extra package --strip-extras \
		-o requirements.lock pyproject.toml

run: install
	$(BIN)/laoshifu-gui

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy

test: lint
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest

package: install
	$(BIN)/python packaging/build.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info build dist
