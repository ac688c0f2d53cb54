#!/usr/bin/env bash
# The one test command: installs what is missing, then format check, clippy, host tests, the
# release build, the end-to-end tests in headless Chromium, and the core user flows in
# Chromium, Firefox and WebKit. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "host tests"
cargo test --workspace --locked

step "release build (trunk, offline)"
trunk build --release --offline

step "end-to-end tests (headless Chromium against dist/)"
# The files of this folder only: the cross-engine suite in engines/ is the next step.
node --test --test-concurrency=1 tests/e2e/*.test.mjs

step "cross-engine e2e (Chromium, Firefox, WebKit)"
node --test --test-concurrency=1 tests/e2e/engines/

step "size"
node scripts/bundle-size.mjs --check dist
