#!/usr/bin/env bash
# Installs every tool the project needs, each only when the pinned version is not already there.
# Sourced by run.sh and test.sh; safe to run again (a second run installs nothing).
# Only the package registries are needed: the Rust crate registry, npm, Debian, and rustup's own components.
set -euo pipefail

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130   # must equal the `wasm-bindgen = "=…"` pin in Cargo.toml
# The splitter of scripts/wasm-build.mjs. It reads what wasm_split_helpers (Cargo.lock, through
# leptos) writes and what wasm-bindgen expects of it: these three move together.
WASM_SPLIT_VERSION=0.2.4
GECKODRIVER_VERSION=0.37.1
TWIGGY_VERSION=0.7.0
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
E2E="$ROOT/tests/e2e"

log() { printf '\033[1msetup:\033[0m %s\n' "$*" >&2; }

export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$E2E/node_modules/.bin:$PATH"
# Trunk must never try to download anything; its update check is a network call too.
export TRUNK_SKIP_VERSION_CHECK=true

# The compiler pinned by rust-toolchain.toml (cargo and rustup use it inside the repo), with the
# target and components it names.
RUST_VERSION="$(sed -n 's/^channel = "\(.*\)"$/\1/p' "$ROOT/rust-toolchain.toml")"
if ! rustup toolchain list 2>/dev/null | grep -q "^$RUST_VERSION-"; then
  log "rustup toolchain install $RUST_VERSION (rust-toolchain.toml)"
  (cd "$ROOT" && rustup toolchain install)
fi

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
for c in rustfmt clippy; do
  if ! rustup component list --installed 2>/dev/null | grep -q "^$c"; then
    log "rustup component add $c"
    rustup component add "$c"
  fi
done

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  log "cargo install trunk $TRUNK_VERSION (about 10 minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  # Not --locked: the CLI's own lockfile pins a crate version the index no longer has.
  log "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# It has no --version: cargo's own list of what it installed says which.
if ! command -v wasm-split-cli >/dev/null \
  || ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  log "cargo install wasm_split_cli_support $WASM_SPLIT_VERSION (wasm-split-cli)"
  cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --locked --features build-binary
fi

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  log "apt-get install chromium chromium-driver"
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# The other two engines of the cross-engine suite (tests/e2e/engines): Firefox ESR, and WebKitGTK
# with its WebDriver (MiniBrowser has no headless mode: it runs on a virtual X display).
if ! command -v firefox-esr >/dev/null || ! command -v WebKitWebDriver >/dev/null \
  || ! command -v xvfb-run >/dev/null || ! command -v xauth >/dev/null; then
  log "apt-get install firefox-esr webkit2gtk-driver xvfb xauth"
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq firefox-esr webkit2gtk-driver xvfb xauth >/dev/null
fi

# Firefox's WebDriver server. Debian has no package, and the npm packages download it from
# GitHub at install time, so it is built from the Rust crate registry.
if [ "$(geckodriver --version 2>/dev/null | sed -n '1{s/ (.*//;p}')" != "geckodriver $GECKODRIVER_VERSION" ]; then
  log "cargo install geckodriver $GECKODRIVER_VERSION (about 3 minutes on 2 cores)"
  cargo install geckodriver --version "$GECKODRIVER_VERSION" --locked
fi

# twiggy: the per-function size listing of scripts/size-listing.sh.
if [ "$(twiggy --version 2>/dev/null)" != "twiggy-opt $TWIGGY_VERSION" ]; then
  log "cargo install twiggy $TWIGGY_VERSION"
  cargo install twiggy --version "$TWIGGY_VERSION" --locked
fi

# playwright-core (drives the system Chromium), selenium-webdriver (drives all three engines
# through their WebDriver servers) and binaryen (wasm-opt; Debian's is too old), pinned by
# tests/e2e/package-lock.json.
if ! (cd "$E2E" && npm ls --depth=0 >/dev/null 2>&1); then
  log "npm ci in tests/e2e"
  (cd "$E2E" && npm ci --no-audit --no-fund --loglevel=error)
fi
