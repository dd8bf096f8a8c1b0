#!/bin/sh
# Starts `tunekit serve` on tuning.yaml and N workers (default 3) on this machine, and waits for the job to end.
# Usage, from the repository root: sh examples/served-workers/run-workers.sh [N]
# To add workers on other machines, start worker.ts there with the URL and token this script prints.
set -eu
cd "$(dirname "$0")"
workers="${1:-3}"
out="$(mktemp)"
trap 'rm -f "$out"; kill $(jobs -p) 2>/dev/null || true' EXIT INT TERM

# With --json the server's first stdout line is {"url": ..., "token": ..., "job": ...}; progress goes to stderr.
node ../../packages/runner/bin/tunekit.js serve tuning.yaml --port "${TUNEKIT_PORT:-8470}" --json >"$out" &
server=$!
while ! grep -q . "$out"; do
  kill -0 "$server" 2>/dev/null || { wait "$server"; exit $?; }
  sleep 0.2
done
field() { head -n 1 "$out" | node -e 'let s="";process.stdin.on("data",(d)=>{s+=d}).on("end",()=>console.log(JSON.parse(s)[process.argv[1]]))' "$1"; }
TUNEKIT_URL="$(field url)"
TUNEKIT_TOKEN="$(field token)"
export TUNEKIT_URL TUNEKIT_TOKEN
echo "serving at $TUNEKIT_URL; token: in .tunekit/jobs/$(field job)/serve.json"

i=1
while [ "$i" -le "$workers" ]; do
  TUNEKIT_WORKER="worker-$i" node --conditions=@tunekit/source --import tsx worker.ts &
  i=$((i + 1))
done
wait "$server"
