#!/usr/bin/env bash
# The one run command: installs what is missing, builds the release dist/ and serves it on
# http://127.0.0.1:8080 (override with PORT=…).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh
trunk build --release --offline
exec node tests/e2e/server.mjs dist "${PORT:-8080}"
