#!/usr/bin/env bash
# A coordinator for 200 workers: a real `stampede coordinator` and WORKERS (default 200) simulated
# workers in one more JVM (io.stampede.bench.SimulatedWorkers: real sealed heartbeats, leases,
# slices and interval reports of KEYS keys over the clustered event bus, no load), one of which
# falls silent LOSE seconds into the run. Runs USERS users (default 1,000 per worker) for SECONDS
# (default 60) and prints the coordinator's CPU (share of one core, whole run and worst 5 s),
# its peak RSS, how regularly the feed's metrics events came, the loss as handled, and whether
# users reconcile (started = finished = users, none lost).
#   bench/coordinator-200.sh                 # 200 workers
#   WORKERS=50 SECONDS=30 bench/coordinator-200.sh
# Build first: mvn -B -q -DskipTests package (cli/target/stampede.jar, benchmarks/target/benchmarks.jar).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
workers=${WORKERS:-200} seconds=${SECONDS_RUN:-60} keys=${KEYS:-10} lose=${LOSE:-20}
users=${USERS:-$((workers * 1000))} port=${PORT:-18181}
out=${OUT:-$(mktemp -d /tmp/coordinator-200-XXXX)}
mkdir -p "$out"
export STAMPEDE_CLUSTER_SECRET=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

java ${COORDINATOR_JAVA_OPTS:--XX:+UseSerialGC -Xmn256m} -jar "$here/cli/target/stampede.jar" coordinator --port "$port" --cluster-port 5701 \
  --join 127.0.0.1:5701 --data-dir "$out/data" --max-users 100000000 --no-otlp > "$out/coordinator.log" 2>&1 &
coord=$!; pids+=("$coord")
for _ in $(seq 120); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.5; done
java -XX:+UseSerialGC -cp "$here/benchmarks/target/benchmarks.jar" io.stampede.bench.SimulatedWorkers "$workers" 127.0.0.1:5701 \
  "$keys" "$lose" > "$out/workers.log" 2>&1 &
pids+=("$!")
for _ in $(seq 240); do
  up=$(curl -sf "http://127.0.0.1:$port/api/workers" | python3 -c "import json,sys; print(sum(1 for w in json.load(sys.stdin)['workers'] if w['state']=='up'))" 2>/dev/null || echo 0)
  [ "$up" -ge "$workers" ] && break; sleep 1
done
echo "workers up: $up of $workers"
cat > "$out/scenario.yaml" <<YAML
scenario: coordinator_200
target: { base_url: "http://127.0.0.1:9" }   # never reached: the simulated workers send no load
load: { users: $users, duration: ${seconds}s }
steps:
  - request: { method: GET, path: /nothing }
YAML
run=$(curl -sf -X POST -H 'content-type: application/yaml' --data-binary @"$out/scenario.yaml" "http://127.0.0.1:$port/api/runs" \
  | python3 -c "import json,sys; print(json.load(sys.stdin)['id'])")
echo "run $run: $users users on $workers workers, ${seconds} s; the worker in the middle falls silent at ${lose} s"
# The feed: when each metrics event arrived, and for which second.
python3 - "$port" "$run" > "$out/feed.txt" <<'PY' &
import json, sys, time, urllib.request
port, run = sys.argv[1], sys.argv[2]
with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/runs/{run}/stream", timeout=600) as r:
    kind = None
    for raw in r:
        line = raw.decode().rstrip("\n")
        if line.startswith("event:"):
            kind = line[6:].strip()
        elif line.startswith("data:") and kind in ("metrics", "worker", "done"):
            data = json.loads(line[5:])
            print(kind, round(time.time() * 1000), data.get("t", data.get("second", "")), data.get("event", ""), flush=True)
            if kind == "done":
                break
PY
pids+=("$!")
ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$coord/stat"; }
start_cpu=$(cpu); start=$(date +%s.%N); worst=0; peak=0; prev=$start_cpu; prev_t=$start
while curl -sf "http://127.0.0.1:$port/api/runs/$run" | python3 -c "import json,sys; sys.exit(0 if json.load(sys.stdin)['status'] in ('pending','running','stopping') else 1)"; do
  sleep 5
  now_cpu=$(cpu); now_t=$(date +%s.%N)
  worst=$(python3 -c "print(max($worst, ($now_cpu - $prev) / $ticks / ($now_t - $prev_t)))")
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$coord/status"); [ "$rss" -gt "$peak" ] && peak=$rss
  prev=$now_cpu; prev_t=$now_t
done
end_cpu=$(cpu); end=$(date +%s.%N)
python3 - "$out" "$port" "$run" "$start_cpu" "$end_cpu" "$start" "$end" "$ticks" "$worst" "$peak" "$users" <<'PY'
import json, sys, urllib.request
out, port, run, c0, c1, t0, t1, ticks, worst, peak, users = sys.argv[1:]
s = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/api/runs/{run}"))
summary = s.get("summary") or {}
u = summary.get("users", {})
print("status:", s["status"], "| users target/started/finished/lost:", u.get("target"), u.get("started"), u.get("finished"), u.get("lost"))
print("reconciles:", u.get("started") == u.get("finished") == int(users) and u.get("lost") == 0)
print("degraded:", json.dumps(summary.get("degraded")))
print("coordinator CPU: %.1f %% of a core over the run, worst 5 s %.1f %%" % (
    100 * (float(c1) - float(c0)) / float(ticks) / (float(t1) - float(t0)), 100 * float(worst)))
print("coordinator peak RSS: %.0f MiB" % (int(peak) / 1024))
arrivals = [int(l.split()[1]) for l in open(out + "/feed.txt") if l.startswith("metrics")]
gaps = [b - a for a, b in zip(arrivals, arrivals[1:])]
if gaps:
    gaps.sort()
    print("feed: %d metrics events, gap p50 %d ms, max %d ms" % (len(arrivals), gaps[len(gaps) // 2], gaps[-1]))
print("requests merged:", summary.get("requests", {}).get("count"))
PY
# The collector's share: the coordinator decodes every report's histograms (garbage by the megabyte).
jstat -gcutil "$coord" | awk 'NR == 2 {printf "coordinator GC: %d young collections (%.1f s), %d full (%.1f s)\n", $7, $8, $9, $10}' || true
jcmd "$coord" GC.heap_info 2>/dev/null | grep -E "total|used" | head -3 || true
echo "folder: $out"
