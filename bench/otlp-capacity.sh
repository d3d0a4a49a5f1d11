#!/usr/bin/env bash
# The OTLP receiver's capacity, measured from outside (docs/PERFORMANCE.md, "The agent's spans"):
# the receiver alone (OtlpSink: the real OtlpReceiver with one run open) pinned to core 0, an
# agent's exporters (OtlpLoad: gzip protobuf batches of 511 spans) pinned to core 1, on loopback.
#   1. steady: RATE batches a second for SECONDS: the receiver's CPU per second of load;
#   2. flood: as fast as 64 requests in flight allow: what it takes, what it puts off (503), peak memory;
#   3. flood of big batches (every model call with a 16 KiB prompt, ~16 MiB a batch gunzipped):
#      past the receiver's 64 MiB pending budget requests are put off with 503, memory stays bounded.
# Needs benchmarks/target/benchmarks.jar (mvn -B -q -DskipTests package) and taskset.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=benchmarks/target/benchmarks.jar
PORT=${PORT:-14318}
SEED=5eed00005eed0001
RATES=${RATES:-"100 200"}
SECONDS_EACH=${SECONDS_EACH:-30}
HEAP=${HEAP:-256m}
TICK=$(getconf CLK_TCK)

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

run_sink() {
  taskset -c 0 java -Xmx"$HEAP" -cp "$JAR" io.stampede.bench.OtlpSink "$PORT" "$SEED" "$1" > "$2" 2>&1 &
  SINK=$!
  for _ in $(seq 1 100); do grep -q "sink ready" "$2" 2>/dev/null && return; sleep 0.1; done
  echo "sink did not start: $(cat "$2")"; exit 1
}

for RATE in $RATES; do
  run_sink $((SECONDS_EACH + 15)) /tmp/otlp-sink-$RATE.log
  # Warm-up: 5 s at the same rate, not counted.
  taskset -c 1 java -cp "$JAR" io.stampede.bench.OtlpLoad "http://127.0.0.1:$PORT/v1/traces" "$SEED" "$RATE" 5 16 > /dev/null
  before=$(cpu_ticks "$SINK")
  out=$(taskset -c 1 java -cp "$JAR" io.stampede.bench.OtlpLoad "http://127.0.0.1:$PORT/v1/traces" "$SEED" "$RATE" "$SECONDS_EACH" 16)
  after=$(cpu_ticks "$SINK")
  rss=$(awk '/VmHWM/ {print $2/1024 " MiB"}' "/proc/$SINK/status")
  echo "steady $RATE batches/s: $out"
  awk -v t=$((after - before)) -v hz="$TICK" -v s="$SECONDS_EACH" \
      'BEGIN {printf "  receiver CPU: %.2f core (%.1f CPU-s over %d s)\n", t / hz / s, t / hz, s}'
  echo "  receiver peak RSS: $rss"
  kill "$SINK"; wait "$SINK" 2>/dev/null || true
done

for PROMPT in 0 16384; do
  run_sink $((SECONDS_EACH + 15)) /tmp/otlp-sink-flood-$PROMPT.log
  out=$(taskset -c 1 java -Xmx2g -cp "$JAR" io.stampede.bench.OtlpLoad "http://127.0.0.1:$PORT/v1/traces" "$SEED" 0 "$SECONDS_EACH" 64 "$PROMPT")
  echo "flood, 64 in flight, prompts of $PROMPT bytes: $out"
  echo "  receiver peak RSS: $(awk '/VmHWM/ {print $2/1024 " MiB"}' "/proc/$SINK/status") (-Xmx$HEAP)"
  kill "$SINK"; wait "$SINK" 2>/dev/null || true
done
