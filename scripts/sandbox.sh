#!/usr/bin/env bash
# The sandbox: the provider simulators plus a real n8n with this package loaded, sandbox
# credentials and the example workflows imported. Prints the editor URL and a login, then
# runs until Ctrl-C, when it stops everything it started.
#   npm run sandbox               start and keep running
#   npm run sandbox -- --check    start, verify the nodes, credentials and examples are in, stop
# Ports: N8N_PORT (default 5678) for the editor, SANDBOX_SIM_PORT (default 18080) for the
# first simulator.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
CHECK_ONLY=false
[ "${1:-}" = "--check" ] && CHECK_ONLY=true
N8N_PORT="${N8N_PORT:-5678}"
SIM_PORT="${SANDBOX_SIM_PORT:-18080}"
SANDBOX="$ROOT/.sandbox"
OWNER_EMAIL="owner@example.com"
OWNER_PASSWORD="Dummy-Sandbox-Passw0rd"

[ -d node_modules/n8n-core ] || npm install --no-audit --no-fund --ignore-scripts --loglevel=error
npm run build --silent
npx tsc -p tsconfig.test.json
eval "$(bash scripts/install-n8n.sh | grep '^SMS_GATEWAYS_' | sed 's/^/export /')"

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$SANDBOX"
node .build/test/simulators/cli.js --port "$SIM_PORT" > "$SANDBOX/simulators.json" 2> "$SANDBOX/simulators.log" &
pids+=($!)
for _ in $(seq 1 50); do [ -s "$SANDBOX/simulators.json" ] && break; sleep 0.2; done
[ -s "$SANDBOX/simulators.json" ] || { cat "$SANDBOX/simulators.log"; echo "simulators did not start" >&2; exit 1; }
CLICKSEND_URL=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).clicksend)' "$SANDBOX/simulators.json")
APICO_URL=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).apico)' "$SANDBOX/simulators.json")
SMSUP_URL=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).smsup)' "$SANDBOX/simulators.json")
ROUTEE_URL=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).routee)' "$SANDBOX/simulators.json")

# A fresh n8n user folder each run, so the sandbox always starts from the same state.
export N8N_USER_FOLDER="$SANDBOX/n8n"
rm -rf "$N8N_USER_FOLDER"
mkdir -p "$N8N_USER_FOLDER"
export N8N_ENCRYPTION_KEY="sms-gateways-sandbox-key"
export N8N_CUSTOM_EXTENSIONS="$ROOT/dist"
export N8N_PORT N8N_LISTEN_ADDRESS=127.0.0.1 N8N_LOG_LEVEL=info N8N_DIAGNOSTICS_ENABLED=false
export N8N_PERSONALIZATION_ENABLED=false N8N_VERSION_NOTIFICATIONS_ENABLED=false N8N_SECURE_COOKIE=false
# The export example writes its CSV there; n8n's file nodes only use folders listed here.
export N8N_RESTRICT_FILE_ACCESS_TO="/tmp/sms-gateways-exports;~/.n8n-files"
mkdir -p /tmp/sms-gateways-exports
# The sheet examples/clicksend-send-sms-from-sheet.json reads (kept if it is already there); one
# number is not international, to show an error row in the results file.
[ -f /tmp/sms-gateways-exports/sms-recipients.csv ] || printf '%s\r\n' 'phone,name,order' \
  '+61411111111,Ada,A-1001' '+61422222222,"Hopper, Grace",A-1002' '0412 345,Alan,A-1003' \
  > /tmp/sms-gateways-exports/sms-recipients.csv
export N8N_RUNNERS_BROKER_PORT="${N8N_RUNNERS_BROKER_PORT:-$((N8N_PORT + 1))}"
n8n() { "$SMS_GATEWAYS_NODE24" "$SMS_GATEWAYS_N8N" "$@"; }

cat > "$SANDBOX/credentials.json" <<JSON
[{"id":"smsGwClickSendSandbox","name":"ClickSend sandbox","type":"clickSendApi",
  "data":{"username":"sandbox","apiKey":"DUMMY-SANDBOX-API-KEY-0001","baseUrl":"$CLICKSEND_URL"}},
 {"id":"smsGwApicoSandbox","name":"Apico sandbox","type":"apicoApi",
  "data":{"accountSid":"acc5f3a9c1e-7b2d-4e8f-9a10-5a4d0b0c0001","authToken":"DUMMY-SANDBOX-AUTH-TOKEN-0001","baseUrl":"$APICO_URL/v2"}},
 {"id":"smsGwSmsUpSandbox","name":"smsup.ch sandbox","type":"smsUpApi",
  "data":{"apiToken":"DUMMY-SANDBOX-SMSUP-TOKEN-0001","baseUrl":"$SMSUP_URL"}},
 {"id":"smsGwRouteeSandbox","name":"Routee sandbox","type":"routeeApi",
  "data":{"applicationId":"sandbox-app","applicationSecret":"DUMMY-SANDBOX-APP-SECRET-0001","tokenUrl":"$ROUTEE_URL/oauth/token","baseUrl":"$ROUTEE_URL"}}]
JSON
n8n import:credentials --input="$SANDBOX/credentials.json" > "$SANDBOX/import.log" 2>&1
mkdir -p "$SANDBOX/examples"
for example in examples/*.json; do
  # Nodes loaded through N8N_CUSTOM_EXTENSIONS are named CUSTOM.<name> instead of the package name.
  sed 's/"n8n-nodes-sms-gateways\./"CUSTOM./g' "$example" > "$SANDBOX/examples/$(basename "$example")"
  n8n import:workflow --input="$SANDBOX/examples/$(basename "$example")" >> "$SANDBOX/import.log" 2>&1
done

"$SMS_GATEWAYS_NODE24" "$SMS_GATEWAYS_N8N" start > "$SANDBOX/n8n.log" 2>&1 &
pids+=($!)
URL="http://127.0.0.1:$N8N_PORT"
for _ in $(seq 1 120); do
  code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$URL/rest/owner/setup" -H 'content-type: application/json' \
    -d "{\"email\":\"$OWNER_EMAIL\",\"firstName\":\"Sandbox\",\"lastName\":\"Owner\",\"password\":\"$OWNER_PASSWORD\"}" -c "$SANDBOX/cookies" || true)
  # While it starts, n8n answers 200 with a "starting up" page: only a login cookie means ready.
  [ "$code" = "200" ] && grep -q n8n-auth "$SANDBOX/cookies" 2>/dev/null && break
  code=starting
  sleep 0.5
done
[ "$code" = "200" ] || { tail -20 "$SANDBOX/n8n.log"; echo "n8n did not start" >&2; exit 1; }

# The data table examples/smsup-delivery-reports.json and clicksend-delivery-status-to-table.json
# write to (found by its name).
PROJECT_ID=$(curl -sf -b "$SANDBOX/cookies" "$URL/rest/projects/personal" | node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s).data.id))')
curl -sf -o /dev/null -b "$SANDBOX/cookies" -X POST "$URL/rest/projects/$PROJECT_ID/data-tables" -H 'content-type: application/json' \
  -d '{"name":"SMS delivery reports","columns":[{"name":"reportedAt","type":"date"},{"name":"reference","type":"string"},{"name":"to","type":"string"},{"name":"status","type":"string"},{"name":"providerStatus","type":"string"},{"name":"error","type":"string"},{"name":"country","type":"string"}]}' \
  || { echo "could not create the data table \"SMS delivery reports\"" >&2; exit 1; }

if $CHECK_ONLY; then
  types=$(curl -sf -b "$SANDBOX/cookies" "$URL/types/nodes.json")
  workflows=$(curl -sf -b "$SANDBOX/cookies" "$URL/rest/workflows")
  credentials=$(curl -sf -b "$SANDBOX/cookies" "$URL/rest/credentials")
  grep -q '"CUSTOM.clickSend"' <<< "$types" || { echo "ClickSend node not loaded" >&2; exit 1; }
  grep -q '"CUSTOM.apico"' <<< "$types" || { echo "Apico node not loaded" >&2; exit 1; }
  grep -q '"CUSTOM.smsUp"' <<< "$types" || { echo "smsup.ch node not loaded" >&2; exit 1; }
  grep -q '"CUSTOM.routee"' <<< "$types" || { echo "Routee node not loaded" >&2; exit 1; }
  for example in examples/*.json; do
    id=$(node -e 'console.log(require(process.argv[1]).id)' "$ROOT/$example")
    grep -q "\"$id\"" <<< "$workflows" || { echo "example $example not imported" >&2; exit 1; }
  done
  grep -q '"smsGwClickSendSandbox"' <<< "$credentials" || { echo "sandbox credential not imported" >&2; exit 1; }
  grep -q '"smsGwApicoSandbox"' <<< "$credentials" || { echo "Apico sandbox credential not imported" >&2; exit 1; }
  grep -q '"smsGwSmsUpSandbox"' <<< "$credentials" || { echo "smsup.ch sandbox credential not imported" >&2; exit 1; }
  grep -q '"smsGwRouteeSandbox"' <<< "$credentials" || { echo "Routee sandbox credential not imported" >&2; exit 1; }
  curl -sf -b "$SANDBOX/cookies" "$URL/rest/projects/$PROJECT_ID/data-tables" | grep -q '"SMS delivery reports"' \
    || { echo "data table \"SMS delivery reports\" not created" >&2; exit 1; }
  echo "sandbox check: nodes, credentials and $(ls examples/*.json | wc -l) example workflows are in n8n at $URL"
  exit 0
fi

cat <<TEXT

  n8n with n8n-nodes-sms-gateways is running:  $URL
  log in as $OWNER_EMAIL / $OWNER_PASSWORD
  simulators: $(cat "$SANDBOX/simulators.json")
  credentials "ClickSend sandbox" and the example workflows are imported.
  Logs: $SANDBOX/n8n.log, $SANDBOX/simulators.log.  Ctrl-C stops everything.

TEXT
wait "${pids[@]}"
