#!/usr/bin/env bash
# Screenshots of every example workflow, each of the package's nodes in them, and each
# credential, in the real n8n editor of the sandbox, with headless Chromium (Debian's package).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
eval "$(bash scripts/install-n8n.sh | grep '^SMS_GATEWAYS_' | sed 's/^/export /')"
mkdir -p docs/screenshots .sandbox
setsid bash scripts/sandbox.sh > .sandbox/screenshots-sandbox.log 2>&1 &
sandbox=$!
trap 'kill -TERM -- -$sandbox 2>/dev/null || true; wait $sandbox 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do grep -q "is running" .sandbox/screenshots-sandbox.log && break; sleep 1; done
grep -q "is running" .sandbox/screenshots-sandbox.log || { tail -20 .sandbox/screenshots-sandbox.log; exit 1; }
# Screenshots of this version only: none left over from renamed nodes or workflows.
rm -f docs/screenshots/*.png
"$SMS_GATEWAYS_NODE24" scripts/screenshots.mjs "http://127.0.0.1:${N8N_PORT:-5678}" docs/screenshots
