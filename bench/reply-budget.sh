#!/usr/bin/env bash
# A worker's memory under a hostile scenario (issue 11): USERS users, each allowed to keep
# MAX_REPLY of a reply, against an agent that streams 50 MB answers as fast as they are read
# (docs/bench/huge-replies.yaml served by bench/peers/targets/delay-server.py), one embedded
# `stampede run` in a JVM of HEAP. Prints the run's peak RSS, the largest heap after a GC, the
# turns and their failures by reason, and whether anything ran out of memory.
#   bench/reply-budget.sh cli/target/stampede.jar                  # 40 users × 24 MiB at -Xmx128m, 30 s
#   HEAP=96m USERS=30 MAX_REPLY=16MiB bench/reply-budget.sh JAR
# A JVM still running LIMIT seconds (240) after its start is killed (one that ran out of memory may
# hang). Run it with the jar of two builds (mvn -B -q -DskipTests package) to compare them.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jar=${1:-$here/../cli/target/stampede.jar}
heap=${HEAP:-128m} users=${USERS:-40} max_reply=${MAX_REPLY:-24MiB} duration=${DURATION:-30s} port=${PORT:-28093}
out=${OUT:-$(mktemp -d /tmp/reply-budget-XXXX)}
mkdir -p "$out"
python3 "$here/peers/targets/delay-server.py" --port "$port" > "$out/target.log" 2>&1 &
target=$!
trap 'kill $target' EXIT
sleep 1
TARGET=http://127.0.0.1:$port USERS=$users MAX_REPLY=$max_reply DURATION=$duration MB=50 \
  /usr/bin/time -f "%e s wall, %U s user, %S s sys, peak RSS %M KiB" -o "$out/time" \
  timeout -s KILL "${LIMIT:-240}" java "-Xmx$heap" "-Xlog:gc:file=$out/gc.log" -jar "$jar" run "$here/../docs/bench/huge-replies.yaml" \
  --out "$out/results" --quiet > "$out/run.out" 2>&1 || echo "exit $?" >> "$out/time"
echo "heap $heap, $users users, max_reply_bytes $max_reply, $duration; output in $out"
cat "$out/time"
echo "OutOfMemoryError lines: $(grep -c OutOfMemoryError "$out/run.out" || true)"
# What a collection leaves (young and full ones; remark and cleanup pauses reclaim nothing).
echo "heap after collections: largest after a young one $(grep 'Pause Young' "$out/gc.log" | grep -o '[0-9]*M->[0-9]*M' \
  | sed 's/.*->//; s/M//' | sort -n | tail -1) MB; $(grep -c 'Pause Full' "$out/gc.log" || true) full ones, largest after one" \
  "$(grep 'Pause Full' "$out/gc.log" | grep -o '[0-9]*M->[0-9]*M' | sed 's/.*->//; s/M//' | sort -n | tail -1) MB"
python3 - "$out/results" <<'PY'
import json, pathlib, sys
runs = [p for p in pathlib.Path(sys.argv[1]).glob("*/summary.json")]
if not runs:
    print("no summary.json: the run did not finish")
    sys.exit()
s = json.loads(runs[0].read_text())
for step in s["steps"]:
    print(f'step {step["name"]}: {step["count"]} turns, {sum(f["count"] for f in step.get("failures", []))} failed')
    for f in step.get("failures", []):
        print(f'  {f["count"]}× {f["reason"]}')
print("users", s["users"], "conversations", s["conversations"])
PY
