#!/usr/bin/env bash
# Memory per resting user, as shipped: `./stampede run` (the launcher's own JVM settings, no
# pinning unless PIN=1) with 50 users and with USERS users (default 18,000), each one GET to the
# benchmark's nginx then 10-20 s of think time, RSS read SAMPLE seconds after the start (default
# 45 of a 60 s run); prints both RSS, the marginal KiB per user, and keeps Native Memory
# Tracking summaries and class histograms (NMT=1: a third and fourth run with NMT on, whose RSS
# is not used) in the output folder.
#   bench/memory-per-user.sh                      # 18,000 users, unpinned
#   PIN=1 bench/memory-per-user.sh 18000          # pinned to core 1 (the JVM then picks SerialGC by itself)
#   NMT=1 bench/memory-per-user.sh                # also NMT + jmap -histo at the sample instant
# Build first: mvn -B -q -DskipTests package. Needs nginx (apt-get install nginx-light).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
users=${1:-18000} duration=${DURATION:-60} sample=${SAMPLE:-45} port=${PORT:-28090}
out=${OUT:-$(mktemp -d /tmp/memory-per-user-XXXX)}
mkdir -p "$out"
"$here/scale/nginx.sh" start "$port" 2 >/dev/null
trap '"$here/scale/nginx.sh" stop "$port"' EXIT
pin=()
[ "${PIN:-0}" = 1 ] && pin=(taskset -c 1)

# One run: prints its RSS in KiB at the sample instant; NMT and histogram files when asked.
run() {
  local n=$1 tag=$2 extra=${3:-}
  BENCH_BASE=http://127.0.0.1:$port STAMPEDE_JAVA_OPTS="${STAMPEDE_JAVA_OPTS:-} $extra" \
    "${pin[@]}" "$here/../stampede" run "$here/scenarios/resting-users.yaml" --users "$n" --duration "${duration}s" \
    --quiet --out "$out/results-$tag" > "$out/$tag.out" 2>&1 &
  local pid=$!
  sleep "$sample"
  local rss
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  if [[ $extra == *NativeMemoryTracking* ]]; then
    jcmd "$pid" VM.native_memory summary > "$out/$tag.nmt.txt" 2>&1 || true
    jmap -histo:live "$pid" > "$out/$tag.histo.txt" 2>&1 || true
  fi
  wait "$pid" || true
  local errors
  errors=$(python3 -c "import glob,json,sys; s=json.load(open(glob.glob(sys.argv[1]+'/*/summary.json')[0])); print(s['requests']['count'], s['requests']['errors'])" "$out/results-$tag")
  echo "$rss $errors"
}

read -r small small_req small_err <<< "$(run 50 small)"
read -r big big_req big_err <<< "$(run "$users" big)"
echo "users 50: RSS ${small} KiB (requests $small_req, errors $small_err)"
echo "users $users: RSS ${big} KiB (requests $big_req, errors $big_err)"
python3 -c "print('marginal: %.2f KiB per user' % ((${big} - ${small}) / (${users} - 50)))"
if [ "${NMT:-0}" = 1 ]; then
  run 50 small-nmt -XX:NativeMemoryTracking=summary > /dev/null
  run "$users" big-nmt -XX:NativeMemoryTracking=summary > /dev/null
  echo "NMT summaries and class histograms: $out/*-nmt.*"
fi
echo "folder: $out"
