#!/usr/bin/env bash
# Benchmarks: builds the release dist/ and prints measured figures beside their budgets.
# Not part of ./test.sh (figures vary by machine); RUNS=… sets the runs per figure (default 5).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
trunk build --release --offline
node scripts/bundle-size.mjs dist
node tests/e2e/bench.mjs
