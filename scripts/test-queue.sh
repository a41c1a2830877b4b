#!/usr/bin/env bash
# The queue-mode end-to-end test (not part of `npm test`): Redis from Debian's redis-server, a
# real n8n main and worker with the package loaded. Each provider's action node runs on the worker
# in an example workflow (webhook-started, and manual runs offloaded to the worker); the triggers'
# state (webhook rule id, polling cursor) lives in static data, across a restart of main.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v redis-server >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server; }
[ -d node_modules/n8n-core ] || npm install --no-audit --no-fund --ignore-scripts --loglevel=error
npm run build --silent
npx tsc -p tsconfig.test.json
eval "$(bash scripts/install-n8n.sh | grep '^SMS_GATEWAYS_' | sed 's/^/export /')"
npx jest --testMatch '**/*.queue-test.js' .build/test/queue
