#!/usr/bin/env bash
# The end-to-end suite (test/e2e) against an older n8n than CI's 2.41.1: by default the newest
# 1.x, 1.123.81 (README "Compatibility"). Not part of `npm test` or CI: it installs a second n8n
# (a few minutes, once) and runs the suite again (about 10 minutes), one file at a time.
# N8N_VERSION picks another n8n; arguments narrow the run to files, e.g.
# `npm run test:compat -- .build/test/e2e/package.test.js`; N8N_EXPRESSION_ENGINE=legacy runs
# n8n with its old expression engine (see README).
set -euo pipefail
cd "$(dirname "$0")/.."
export N8N_VERSION="${N8N_VERSION:-1.123.81}"
[ -d node_modules/n8n-core ] || npm install --no-audit --no-fund --ignore-scripts --loglevel=error
npm run build --silent
rm -rf .build && npx tsc -p tsconfig.test.json
eval "$(bash scripts/install-n8n.sh | grep '^SMS_GATEWAYS_' | sed 's/^/export /')"
[ "$#" -gt 0 ] || set -- .build/test/e2e
echo "end-to-end suite against n8n $N8N_VERSION${N8N_EXPRESSION_ENGINE:+ (N8N_EXPRESSION_ENGINE=$N8N_EXPRESSION_ENGINE)}"
set +e
npx jest --runInBand --json --outputFile=.build/jest-compat-results.json "$@" 2>&1
status=$?
set -e
node -e '
const r = require("./.build/jest-compat-results.json");
console.log(`n8n ${process.env.N8N_VERSION}: tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
'
exit $status
