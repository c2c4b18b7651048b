# Thin wrappers around cargo. Every target first makes sure the system Z3
# (Debian's libz3-dev) is there, so a fresh machine needs nothing by hand.

CARGO ?= cargo
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test bench python z3 lint

z3:
	@pkg-config --exists z3 || { \
		echo "installing libz3-dev (system Z3) with apt-get"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libz3-dev pkg-config; }

demo: z3
	$(CARGO) build --release --quiet
	./scripts/demo.sh

lint: z3
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --quiet -- -D warnings

test: lint
	$(CARGO) test --workspace --quiet

bench: z3
	$(CARGO) build --release --quiet
	./target/release/zoneproof bench engine
	./scripts/bench-scan.sh
