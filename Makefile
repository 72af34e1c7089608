# fedcred: `make run` serves the app, `make test` runs every check. Both install what is missing.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
# Cargo installs the pinned tools into $CARGO_HOME/bin when CARGO_HOME is set (a CI cache, a
# fresh-check): that folder is searched after the usual one.
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(if $(CARGO_HOME),$(CARGO_HOME)/bin:)$(PATH)

.PHONY: help install run test fresh-check dist bench fuzz action release-cli clean

help:
	@echo "make run    install what is missing, build, serve the app at http://127.0.0.1:8080 (live reload)"
	@echo "make test   install what is missing, then fmt, clippy, native, browser and end-to-end tests"
	@echo "make fresh-check  make test on a clean clone of HEAD with an empty cargo registry (a new machine)"
	@echo "make dist   the release bundle in dist/"
	@echo "make bench  sizes, load and interaction times, core speed, against bench/budgets.json"
	@echo "make fuzz   every fuzz target for FUZZ_SECONDS (default 60) each; fails on a crash"
	@echo "make action rebuild the GitHub Action's WebAssembly (actions/explain/wasm; commit it)"
	@echo "make release-cli  the static Linux binary, packaged with its checksum in target/release-cli (as the release workflow does)"

install:
	@scripts/install.sh

run: install
	trunk serve

test: install
	@scripts/test.sh

fresh-check:
	@scripts/fresh-check.sh

dist: install
	@scripts/dist.sh

bench: dist
	@node scripts/bench.mjs

fuzz:
	@scripts/fuzz.sh

action: install
	@scripts/action.sh

# Needs the target (rustup target add x86_64-unknown-linux-musl) and musl-gcc (apt-get install musl-tools).
release-cli:
	@rm -rf target/release-cli
	@scripts/release-cli.sh x86_64-unknown-linux-musl

clean:
	cargo clean
	rm -rf dist e2e/artifacts
