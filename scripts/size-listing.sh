#!/usr/bin/env bash
# Where the wasm's bytes go, per function with names kept: the 40 largest items (`twiggy top`)
# and the generic functions with the most copies (`twiggy monos`).
# It reads cargo's own output, before wasm-bindgen and wasm-opt: that file keeps the function
# names without a second, differently optimised build; its figures are before wasm-opt (larger
# than shipped; the ranking is what counts). It builds the way Trunk does
# (same profile, same rustflags from .cargo/config.toml), so a later `trunk build` reuses it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
cargo build --release --locked --target wasm32-unknown-unknown --bin competentiescan
WASM="${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/competentiescan.wasm"
twiggy top -n 40 "$WASM"
twiggy monos -n 20 "$WASM"
