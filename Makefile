# Thin wrappers around cargo. Every target first makes sure the system Z3
# (Debian's libz3-dev) is there, so a fresh machine needs nothing by hand.

CARGO ?= cargo
PYTHON ?= python3
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test bench python z3 lint

z3:
	@pkg-config --exists z3 || { \
		echo "installing libz3-dev (system Z3) with apt-get"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libz3-dev pkg-config; }

demo: z3
	$(CARGO) build --release --quiet
	ZONEPROOF=$(TARGET_DIR)/release/zoneproof ./scripts/demo.sh

lint: z3
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --quiet -- -D warnings

test: lint
	$(CARGO) test --workspace --quiet
	$(CARGO) build --quiet
	$(PYTHON) -m venv .venv
	.venv/bin/pip install --quiet ./python pytest mypy
	ZONEPROOF_BIN=$(TARGET_DIR)/debug/zoneproof .venv/bin/python -m pytest python/tests -q

# The Python package, for this user (into the active virtual environment if any).
python: z3
	$(PYTHON) -m pip install $$($(PYTHON) -c 'import sys; print("" if sys.prefix != sys.base_prefix else "--user")') ./python

bench: z3
	$(CARGO) build --release --quiet
	$(TARGET_DIR)/release/zoneproof bench engine
	$(TARGET_DIR)/release/zoneproof bench corpus --differential
	$(TARGET_DIR)/release/zoneproof bench validate
	$(TARGET_DIR)/release/zoneproof bench authorize
	ZONEPROOF=$(TARGET_DIR)/release/zoneproof ./scripts/bench-scan.sh
	ZONEPROOF=$(TARGET_DIR)/release/zoneproof ./scripts/bench-trail.sh
