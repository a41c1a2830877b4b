#!/usr/bin/env bash
# Benchmarks (not tests): builds, then prints the scenarios' figures as ratios from one run.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules/n8n-core ] || npm install --no-audit --no-fund --ignore-scripts --loglevel=error
npm run build --silent
npx tsc -p tsconfig.test.json
node .build/bench/run.js "$@"
