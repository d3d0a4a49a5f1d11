#!/usr/bin/env bash
# Streams up to the file limit: USERS (default 18,000) concurrent OpenAI-style streams on one
# worker (`./stampede run`, as shipped) against bench/peers/targets/delay-server.py, one token a
# second (TTFT 500 ms, 4 tokens 1 s apart), with an independent probe (one plain socket, one stream
# at a time, every 200 ms) measuring the target's own TTFT during the same run. Prints Stampede's
# TTFT percentiles next to the probe's, failures, and the worker's CPU per stream. TARGETS (default
# 1) target processes share the port (more only help with idle cores); PROBES (default 8) probe
# threads, so the probe's p99 rests on a thousand-odd streams, not a hundred. SOURCES (default one
# loopback address per 7,000 users) the users' local addresses.
#   bench/sse-capacity.sh               # 18,000 streams, 60 s
#   USERS=10000 DURATION=45 bench/sse-capacity.sh
# Build first: mvn -B -q -DskipTests package.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
users=${USERS:-18000} duration=${DURATION:-60} port=${PORT:-28081}
# Users leave from one loopback address per 7,000 (Stampede's own advice, docs/OPERATIONS.md): past
# half of an address's ports, the kernel's search for a free one stalls every connect.
sources=${SOURCES:-127.0.0.2..127.0.0.$((1 + (users + 6999) / 7000))}
out=${OUT:-$(mktemp -d /tmp/sse-capacity-XXXX)}
mkdir -p "$out"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
for _ in $(seq "${TARGETS:-1}"); do
  python3 "$here/bench/peers/targets/delay-server.py" --port "$port" --reuse-port >> "$out/target.log" 2>&1 &
  pids+=("$!")
done
sleep 1
python3 - "$port" "$((duration + 25))" "${PROBES:-8}" > "$out/probe.txt" <<'PY' &
import socket, sys, threading, time
lock = threading.Lock()
port, seconds, threads = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
end = time.time() + seconds
req = (f"GET /sse?tokens=4&gap_ms=1000&ttft_ms=500 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").encode()
def probe():
    while time.time() < end:
        s = socket.create_connection(("127.0.0.1", port)); t0 = time.perf_counter(); s.sendall(req)
        buf = b""
        while b'"content"' not in buf:
            chunk = s.recv(65536)
            if not chunk: break
            buf += chunk
        ms = (time.perf_counter() - t0) * 1000
        with lock:
            sys.stdout.write("%.2f\n" % ms); sys.stdout.flush()
        s.close(); time.sleep(0.2)
workers = [threading.Thread(target=probe) for _ in range(threads)]
[w.start() for w in workers]; [w.join() for w in workers]
PY
pids+=("$!")
TOKENS=4 GAP=1000 TTFT=500 RAMP=20s DURATION=${duration}s SOURCES=$sources "$here/stampede" run "$here/docs/bench/sse-capacity.yaml" \
  --users "$users" --quiet --out "$out/results" > "$out/stampede.out" 2>&1 &
run=$!
ticks=$(getconf CLK_TCK); sleep 3
c0=$(awk '{print $14 + $15}' "/proc/$run/stat"); t0=$(date +%s.%N); peak=0
while kill -0 "$run" 2>/dev/null; do
  c1=$(awk '{print $14 + $15}' "/proc/$run/stat" 2>/dev/null || echo "$c1"); t1=$(date +%s.%N)
  r=$(awk '/VmRSS/ {print $2}' "/proc/$run/status" 2>/dev/null); [ "${r:-0}" -gt "$peak" ] && peak=$r
  sleep 2
done
wait "$run" || true
python3 - "$out" "$c0" "$c1" "$t0" "$t1" "$ticks" "$peak" "$users" <<'PY'
import glob, json, sys
out, c0, c1, t0, t1, ticks, peak, users = sys.argv[1:]
s = json.load(open(glob.glob(out + "/results/*/summary.json")[0]))
t = s.get("ttft_ms") or {}
print("conversations:", s["conversations"]["started"], "failed:", s["conversations"]["failed"], "requests errors:", s["requests"]["errors"])
print("stampede TTFT p50 / p90 / p99 / max: %s / %s / %s / %s ms" % (t.get("p50"), t.get("p90"), t.get("p99"), t.get("max")))
p = sorted(float(x) for x in open(out + "/probe.txt") if x.strip())
if p:
    q = lambda f: p[min(len(p) - 1, int(f * len(p)))]
    print("probe TTFT p50 / p90 / p99 / max: %.1f / %.1f / %.1f / %.1f ms (%d streams)" % (q(0.5), q(0.9), q(0.99), p[-1], len(p)))
cpu = (float(c1) - float(c0)) / float(ticks) / (float(t1) - float(t0))
print("worker CPU: %.0f %% of one core; %.1f µs of CPU per stream-second; peak RSS %d MiB" % (
    100 * cpu, 1e6 * cpu / int(users), int(peak) // 1024))
PY
echo "folder: $out"
