# edgeguard: `make dev` runs everything locally, `make test` passes every test layer.
# Every target installs what it needs first (scripts/bootstrap.sh, idempotent).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
ENV := source scripts/env.sh &&
WASM_TEST := CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	cargo test --target wasm32-unknown-unknown --features wasm --test wasm

.PHONY: all tools dev test pkg worker bench lint test-rust test-wasm-node test-wasm-chrome \
	test-node test-worker test-browser accuracy loadtest clean

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

# Criterion natively (short), then the Node comparison on one seeded 8 MB corpus
# (bench/compare.mjs writes docs/bench-compare.{md,svg}). About 4-10 minutes.
BENCH_DIR := target/bench
bench: pkg
	@echo "== criterion (native)"
	@$(ENV) cargo bench --bench redact -- --warm-up-time 1 --measurement-time 3
	@echo "== corpus: 8 MB, seed 42, a secret per 2048 bytes, a hard negative per 1024 bytes"
	@mkdir -p $(BENCH_DIR)
	@$(ENV) cargo run --quiet --release --example corpus -- 8 2048 42 1024 $(BENCH_DIR)/truth.json > $(BENCH_DIR)/corpus.txt
	@echo "== Node: the wasm package alone"
	@$(ENV) node bench/node-throughput.mjs $(BENCH_DIR)/corpus.txt
	@echo "== Node: side by side"
	@$(ENV) node bench/compare.mjs $(BENCH_DIR)/corpus.txt $(BENCH_DIR)/truth.json --out docs

# Bounded load test of the Worker under make dev (autocannon, 127.0.0.1, 2 x 20 s).
loadtest: pkg worker
	@$(ENV) node bench/loadtest.mjs --seconds 20 --connections 8
	@$(ENV) node bench/loadtest.mjs --seconds 20 --connections 8 --server miniflare

clean:
	cargo clean
	rm -rf pkg/node pkg/web pkg/*.tgz worker/build .wrangler .dev-state

# --- hardening (docs/RELIABILITY.md) ---
.PHONY: fuzz soak adversarial
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := redact_text mask_value config health

# Each cargo-fuzz target for FUZZ_SECONDS, one at a time, one process each; the seed
# corpora come from the rules' examples and the tests (fuzz/seed.py). Needs nightly and
# cargo-fuzz (installed here when missing).
fuzz: tools
	@$(ENV) command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked || cargo install cargo-fuzz
	@python3 fuzz/seed.py
	@$(ENV) cd fuzz && for t in $(FUZZ_TARGETS); do \
		echo "== fuzz $$t for $(FUZZ_SECONDS) s"; \
		mkdir -p corpus/$$t; \
		cargo +nightly fuzz run -O $$t corpus/$$t seeds/$$t -- \
			-max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -timeout=30 -print_final_stats=1 || exit 1; \
	done

# The full-size adversarial suite (100 MB line, a million keys), optimized.
adversarial: tools
	@$(ENV) EDGEGUARD_BIG=1 cargo test --release --test adversarial -- --nocapture
	@mkdir -p target/bench
	@$(ENV) cargo run --quiet --release --example corpus -- 8 2048 42 1024 target/bench/truth.json > target/bench/corpus.txt
	@$(ENV) cargo run --quiet --release --example stream_check -- target/bench/corpus.txt

# 5 minutes of bounded load on the local Worker while D1 fails and recovers (not in CI).
SOAK_SECONDS ?= 300
soak: pkg worker
	@$(ENV) SOAK_SECONDS=$(SOAK_SECONDS) bash scripts/soak.sh
