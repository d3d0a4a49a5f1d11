#!/usr/bin/env bash
# A large conversation dataset with a bounded heap (issue 15): writes a JSONL of about SIZE_MB
# (default 1024) of OpenAI-format conversations (~1 KB a row) to /tmp once, then runs
# bench/scenarios/big-dataset.yaml drawing from it (random order, unique, 20 users, 20 s) in a
# JVM capped at HEAP (default 128m). Prints the file's size and rows, the time from launch to the
# first conversation sent (the file is indexed in between), the peak RSS and the heap used after
# each GC at most, and how long the coordinator took to index the file (its log line). Build first: mvn -B -q -DskipTests package. Usage: bench/big-dataset.sh [SIZE_MB] [HEAP]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
size_mb=${1:-1024}
heap=${2:-128m}
data=/tmp/stampede-big-dataset-${size_mb}m.jsonl
if [ ! -f "$data" ]; then
  echo "writing $data ..." >&2
  python3 - "$data" "$size_mb" <<'PY'
import json, random, sys
path, size = sys.argv[1], int(sys.argv[2]) * 1024 * 1024
rnd = random.Random(15)
words = "refund order shipping parcel invoice account password delivery return exchange size colour warranty".split()
written = 0
with open(path + ".part", "w", encoding="utf-8") as f:
    while written < size:
        def text(n):
            return " ".join(rnd.choice(words) for _ in range(n))
        row = {"messages": [
            {"role": "system", "content": "You are the shop's support agent."},
            {"role": "user", "content": "I want a refund: " + text(20)},
            {"role": "assistant", "content": "Refund steps: " + text(50)},
            {"role": "user", "content": "And the steps? " + text(15)},
            {"role": "assistant", "content": "The steps: " + text(40)}]}
        line = json.dumps(row, ensure_ascii=False) + "\n"
        f.write(line)
        written += len(line.encode("utf-8"))
import os
os.replace(path + ".part", path)
PY
fi
out=$(mktemp -d /tmp/stampede-big-dataset-XXXX)
jar=${STAMPEDE_JAR:-$here/../cli/target/stampede.jar}
start=$(date +%s%3N)
BENCH_DATASET=$data /usr/bin/time -v -o "$out/time.txt" java -Xmx"$heap" -Xlog:gc:file="$out/gc.log" -Dstampede.log.level=INFO \
  ${STAMPEDE_JAVA_OPTS:-} \
  -jar "$jar" run "$here/scenarios/big-dataset.yaml" --record --quiet --out "$out" > "$out/stdout.txt" 2>&1 || true
python3 - "$out" "$data" "$start" "$heap" <<'PY'
import datetime, glob, json, os, re, sys
out, data, start, heap = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
rows = sum(1 for _ in open(data, "rb"))
summaries = glob.glob(out + "/*/summary.json")
if not summaries:
    print(open(out + "/stdout.txt").read()); sys.exit(1)
s = json.load(open(summaries[0]))
started = datetime.datetime.fromisoformat(s["started_at"].replace("Z", "+00:00")).timestamp() * 1000
first = min(json.loads(l)["started_ms"] for l in open(os.path.dirname(summaries[0]) + "/conversations.jsonl") if l.strip())
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(out + "/time.txt").read()).group(1))
used = [int(m) for m in re.findall(r"->(\d+)M\(", open(out + "/gc.log").read())]
before = [int(m) for m in re.findall(r"(\d+)M->\d+M\(", open(out + "/gc.log").read())]
step = s["steps"][0]
indexed = re.search(r"indexed in (\d+) ms", open(out + "/stdout.txt").read())
print(f"dataset {os.path.getsize(data) / 2**20:.0f} MiB, {rows} rows; heap -Xmx{heap}")
print(f"index of the file: {indexed.group(1) if indexed else '?'} ms")
print(f"launch -> run start {(started - start) / 1000:.1f} s; launch -> first conversation sent {(started + first - start) / 1000:.1f} s")
print(f"conversations {s['conversations']['started']} ({s['conversations']['succeeded']} ok), turns {step['count']}, status {s['status']}")
print(f"peak RSS {rss / 1024:.0f} MiB; heap after GC max {max(used) if used else '?'} MiB, before GC max {max(before) if before else '?'} MiB ({len(used)} GCs)")
PY
echo "results: $out"
