#!/usr/bin/env bash
# Timeouts on time (issue 12): 10,000 users against a target that never answers, timeout 3 s.
# Prints the recorded latency of the timed-out turns (ms): they should sit within 3,000-3,010
# at p99. Build first: mvn -B -q -DskipTests package. Usage: bench/timeouts.sh [USERS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
users=${1:-10000}
out=$(mktemp -d /tmp/stampede-timeouts-XXXX)
python3 "$here/peers/targets/delay-server.py" --port 28081 > "$out/target.log" 2>&1 &
target=$!
trap 'kill $target 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf http://127.0.0.1:28081/fast > /dev/null && break; sleep 0.1; done
BENCH_USERS=$users java ${STAMPEDE_JAVA_OPTS:-} -jar "${STAMPEDE_JAR:-$here/../cli/target/stampede.jar}" run \
  "$here/scenarios/timeouts.yaml" --quiet --out "$out" > "$out/stdout.txt" 2>&1 || true
python3 - "$out" "$users" <<'PY'
import glob, json, sys
s = json.load(open(glob.glob(sys.argv[1] + "/*/summary.json")[0]))
step = s["steps"][0]
lat = step["latency_ms"]
print(f"users {sys.argv[2]}  turns {step['count']}  failed {step['errors']}  reasons {step['failures']}")
print(f"timed-out turns, ms: p50 {lat['p50']}  p99 {lat['p99']}  max {lat['max']}  (goal: p99 within 3000-3010)")
print(f"generator lag p99 {s['generator']['lag_ms']['p99']} ms" if s.get("generator") else "")
PY
if grep -q "Exception" "$out/stdout.txt"; then echo "stack traces on the output:"; grep -c "Exception" "$out/stdout.txt"; fi
