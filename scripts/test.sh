#!/usr/bin/env bash
# The test command: installs what it needs, builds, lints, then runs every test suite
# (unit, in-process n8n workflow tests against the simulators, real-n8n end-to-end).
# Optional arguments narrow the run to test folders, e.g. `npm test -- unit nodes`.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules/n8n-core ] || npm install --no-audit --no-fund --ignore-scripts --loglevel=error
npm run build --silent
rm -rf .build && npx tsc -p tsconfig.test.json
if [ "$#" -eq 0 ] || printf '%s\n' "$@" | grep -qx e2e; then
  eval "$(bash scripts/install-n8n.sh | grep '^SMS_GATEWAYS_' | sed 's/^/export /')"
fi
paths=()
for folder in "$@"; do paths+=(".build/test/$folder"); done
set +e
npx jest --json --outputFile=.build/jest-results.json "${paths[@]}" 2>&1
status=$?
set -e
node scripts/reliability-report.js || true
node -e '
const r = require("./.build/jest-results.json");
console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
'
exit $status
