#!/usr/bin/env bash
# 200,000 concurrent users on one machine: a coordinator, as many `./stampede worker` processes as
# the file limit needs (USERS / PER_WORKER, default 200,000 / 18,000 = 12), and the benchmark's own
# nginx with enough worker processes (bench/scale/nginx.conf: each holds 19,500 connections); each
# user one GET every 30-60 s, leaving from 127.0.0.2..127.0.0.33 (SOURCES; about 28,000 ports each,
# of which a quarter are used: the kernel's search for a free port grows costly as a range fills). Prints
# whether counts reconcile (users started = finished = USERS; requests = successes; no error), the
# coordinator's CPU (share of one core, whole run and worst 5 s), every process's peak RSS, and how
# fast the API and the dashboard answered during the run.
#   bench/scale/200k.sh                                  # 200,000 users, 12 workers, 5 min
#   USERS=54000 DURATION=180 bench/scale/200k.sh         # what a busy 2-core machine holds comfortably
# Build first: mvn -B -q -DskipTests package. Needs nginx.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
users=${USERS:-200000} per=${PER_WORKER:-18000} duration=${DURATION:-300} ramp=${RAMP:-120s}
workers=$(( (users + per - 1) / per )) port=${PORT:-28090} api=${API_PORT:-18182}
nginx_workers=$(( users / 19000 + 2 ))
out=${OUT:-$(mktemp -d /tmp/scale-200k-XXXX)}
mkdir -p "$out"
export STAMPEDE_CLUSTER_SECRET=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; "$here/bench/scale/nginx.sh" stop "$port"; }
trap cleanup EXIT
"$here/bench/scale/nginx.sh" start "$port" "$nginx_workers"

"$here/stampede" coordinator --port "$api" --cluster-port 5701 --join 127.0.0.1:5701 --data-dir "$out/data" \
  --max-users 10000000 --no-otlp > "$out/coordinator.log" 2>&1 &
coord=$!; pids+=("$coord")
for _ in $(seq 120); do curl -sf "http://127.0.0.1:$api/health/ready" >/dev/null && break; sleep 0.5; done
wpids=()
for i in $(seq 1 "$workers"); do
  "$here/stampede" worker --id "w$i" --join 127.0.0.1:5701 --capacity "$per" > "$out/worker-$i.log" 2>&1 &
  pids+=("$!"); wpids+=("$!")
done
for _ in $(seq 300); do
  up=$(curl -sf "http://127.0.0.1:$api/api/workers" | python3 -c "import json,sys; print(json.load(sys.stdin)['up'])" 2>/dev/null || echo 0)
  [ "$up" -ge "$workers" ] && break; sleep 1
done
echo "$workers workers up (capacity $per each), nginx with $nginx_workers workers"
body=$(BENCH_BASE=http://127.0.0.1:$port BENCH_THINK=30s..60s BENCH_RAMP=$ramp BENCH_SOURCES=${SOURCES:-127.0.0.2..127.0.0.33} BENCH_DURATION=${duration}s \
  python3 -c "import json,os,sys; print(json.dumps({'scenario_yaml': open(sys.argv[1]).read(), 'env': {k: os.environ[k] for k in ('BENCH_BASE','BENCH_THINK','BENCH_RAMP','BENCH_SOURCES','BENCH_DURATION')}, 'users': int(sys.argv[2]), 'duration': sys.argv[3] + 's'}))" \
  "$here/bench/scenarios/resting-users.yaml" "$users" "$duration")
reply=$(curl -s -X POST -H 'content-type: application/json' --data "$body" "http://127.0.0.1:$api/api/runs")
run=$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['id'])" "$reply") || { echo "refused: $reply"; exit 1; }
echo "run $run: $users users, ramp $ramp, ${duration} s"
ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss() { awk '/VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
start_cpu=$(cpu "$coord"); start=$(date +%s.%N); worst=0; prev=$start_cpu; prev_t=$start
declare -A peak
api_worst=0; ui_worst=0
while curl -sf "http://127.0.0.1:$api/api/runs/$run" | python3 -c "import json,sys; sys.exit(0 if json.load(sys.stdin)['status'] in ('pending','running','stopping') else 1)"; do
  sleep 5
  now_cpu=$(cpu "$coord"); now_t=$(date +%s.%N)
  worst=$(python3 -c "print(max($worst, ($now_cpu - $prev) / $ticks / ($now_t - $prev_t)))"); prev=$now_cpu; prev_t=$now_t
  for p in "$coord" "${wpids[@]}"; do r=$(rss "$p"); [ "${peak[$p]:-0}" -lt "$r" ] && peak[$p]=$r; done
  a=$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$api/api/runs/$run"); api_worst=$(python3 -c "print(max($api_worst, $a))")
  u=$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$api/"); ui_worst=$(python3 -c "print(max($ui_worst, $u))")
done
end_cpu=$(cpu "$coord"); end=$(date +%s.%N)
echo "coordinator CPU: $(python3 -c "print('%.1f' % (100 * ($end_cpu - $start_cpu) / $ticks / ($end - $start)))") % of a core over the run, worst 5 s $(python3 -c "print('%.1f' % (100 * $worst))") %"
echo "coordinator peak RSS: $(( ${peak[$coord]} / 1024 )) MiB"
for i in "${!wpids[@]}"; do echo "worker w$((i + 1)) peak RSS: $(( ${peak[${wpids[$i]}]} / 1024 )) MiB"; done
echo "API GET /api/runs/ID worst: ${api_worst} s; dashboard GET / worst: ${ui_worst} s"
curl -sf "http://127.0.0.1:$api/api/runs/$run" | python3 -c "
import json, sys
s = json.load(sys.stdin); m = s.get('summary') or {}; u = m.get('users', {}); r = m.get('requests', {})
print('status:', s['status'], '| users target/started/finished/lost:', u.get('target'), u.get('started'), u.get('finished'), u.get('lost'))
print('requests:', r.get('count'), 'errors:', r.get('errors'), 'rps:', r.get('rps'))
print('reconciles:', u.get('started') == u.get('finished') == u.get('target') and u.get('lost') == 0 and r.get('errors') == 0)
print('generator:', json.dumps(m.get('generator')))"
echo "folder: $out"
