#!/usr/bin/env bash
# Issue 12's cold-start case, from fresh processes: bench/scenarios/cold-open.yaml (100 arrivals/s
# for 10 s against nginx's 1 ms /fast) run RUNS times (default 3), each in a new JVM started the
# way a user starts it (./stampede: class-data archive, rehearsal). Prints per run the whole run's
# p50/p99, second 0's p50/p99 and the generator's lag; the first second is where a cold generator
# used to bill its own start-up to the target.
#   bench/cold-start.sh [RUNS]
#   STAMPEDE="java -jar OTHER.jar" bench/cold-start.sh   # another build, e.g. the one before
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-3}
stampede=${STAMPEDE:-$here/stampede}
port=28080
started_nginx=
if ! curl -sf -o /dev/null "http://127.0.0.1:$port/fast"; then
  bash "$here/bench/peers/targets/start-nginx.sh" "$port" >/dev/null
  started_nginx=/tmp/bench-nginx-$port
fi
cleanup() { [ -n "$started_nginx" ] && kill "$(cat "$started_nginx/nginx.pid")" 2>/dev/null || true; }
trap cleanup EXIT
for i in $(seq "$runs"); do
  out=$(mktemp -d)
  $stampede run "$here/bench/scenarios/cold-open.yaml" --quiet --out "$out" >/dev/null 2>&1 || true
  python3 - "$out" "$i" <<'PY'
import csv, glob, json, sys
folder = glob.glob(sys.argv[1] + '/*/')[0]
s = json.load(open(folder + 'summary.json'))
rows = list(csv.DictReader(open(folder + 'timeseries.csv')))
lag = ((s.get('generator') or {}).get('lag_ms') or {}).get('p99')
print('run %s: p50 %.2f ms  p99 %.2f ms | second 0: p50 %s ms  p99 %s ms | generator lag p99 %s ms | %d requests, %d errors'
      % (sys.argv[2], s['latency_ms']['p50'], s['latency_ms']['p99'], rows[0]['p50_ms'], rows[0]['p99_ms'], lag,
         s['requests']['count'], s['requests']['errors']))
PY
  rm -rf "$out"
done
