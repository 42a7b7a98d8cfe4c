# edgeguard: `make dev` runs everything locally, `make test` passes every test layer.
# Every target installs what it needs first (scripts/bootstrap.sh, idempotent).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
ENV := source scripts/env.sh &&
WASM_TEST := CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	cargo test --target wasm32-unknown-unknown --features wasm --test wasm

.PHONY: all tools dev test pkg worker bench lint test-rust test-wasm-node test-wasm-chrome \
	test-node test-worker test-browser accuracy clean

all: test

tools:
	@bash scripts/bootstrap.sh

pkg: tools
	@$(ENV) bash scripts/build-pkg.sh

worker: tools
	@$(ENV) bash scripts/build-worker.sh

dev: pkg worker
	@$(ENV) exec bash scripts/dev.sh

lint: tools
	@echo "== lint: rustfmt, clippy (native and wasm32)"
	@$(ENV) cargo fmt --all --check
	@$(ENV) cargo clippy --workspace --all-targets --quiet -- -D warnings
	@$(ENV) cargo clippy --workspace --all-targets --quiet --target wasm32-unknown-unknown --features edgeguard/wasm -- -D warnings

test-rust: tools
	@echo "== native: cargo test"
	@$(ENV) cargo test --workspace

test-wasm-node: tools
	@echo "== wasm in Node: wasm-bindgen-test"
	@$(ENV) $(WASM_TEST)

test-wasm-chrome: tools
	@echo "== wasm in headless Chromium: wasm-bindgen-test"
	@$(ENV) WASM_BINDGEN_USE_BROWSER=1 $(WASM_TEST)

test-node: pkg
	@echo "== Node: the packed npm package, as a user installs it"
	@$(ENV) node --test tests/node/*.test.mjs

test-worker: worker
	@echo "== Worker on workerd (Miniflare, local D1 and KV)"
	@$(ENV) node --test tests/worker/*.test.mjs

test-browser: pkg
	@echo "== browser: www/ in Debian's Chromium (playwright-core)"
	@$(ENV) node --test tests/browser/*.test.mjs

accuracy: tools
	@$(ENV) cargo run --quiet --release --example accuracy -- ../shared/corpora

test: lint test-rust test-wasm-node test-wasm-chrome test-node test-worker test-browser
	@echo "== all test layers passed"

bench: pkg
	@$(ENV) cargo bench --bench redact

clean:
	cargo clean
	rm -rf pkg/node pkg/web pkg/*.tgz worker/build .wrangler .dev-state
