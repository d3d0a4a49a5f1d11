#!/usr/bin/env bash
# The --also hook of bench/peers/peers.sh: runs Stampede on the harness's URL, users and
# duration, then prints the lines the harness reads (requests_per_second, p50_ms, p99_ms,
# errors) from the run's summary.json. Build first: mvn -B -q -DskipTests package
#   bench/peers/peers.sh --also 'bash bench/stampede-peer.sh'      (from the repo root)
# STAMPEDE_JAVA_OPTS are passed to java; STAMPEDE_JAR picks another build (default cli/target/stampede.jar),
# STAMPEDE_JSA its class-data archive (default: the jar's name with .jsa, used when it exists, as ./stampede does);
# BENCH_RAMP spreads the users' starts (the peer scenario's ramp_up, default 0s: all at once);
# STAMPEDE_PEER_NAME names the row (default stampede), e.g.
#   --also 'STAMPEDE_PEER_NAME=stampede-vertx STAMPEDE_JAVA_OPTS=-Dstampede.http.client=vertx bash bench/stampede-peer.sh'
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d /tmp/stampede-peer-XXXX)
jar=${STAMPEDE_JAR:-$here/../cli/target/stampede.jar}
# Started as ./stampede starts it: with the class-data archive recorded beside the jar, when there is one.
jsa=${STAMPEDE_JSA:-${jar%.jar}.jsa}
share=()
[ -f "$jsa" ] && share=(-XX:SharedArchiveFile="$jsa" -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off)
java "${share[@]}" ${STAMPEDE_JAVA_OPTS:-} -jar "$jar" run "$here/scenarios/peer.yaml" --quiet \
  --users "${BENCH_USERS:-50}" --duration "${BENCH_DURATION:-10}s" --out "$out" > "$out/stdout.txt"
python3 - "$out" <<'PY'
import glob, json, os, sys
s = json.load(open(glob.glob(sys.argv[1] + "/*/summary.json")[0]))
print("requests_per_second:", s["requests"]["rps"])
print("p50_ms:", s["latency_ms"]["p50"])
print("p99_ms:", s["latency_ms"]["p99"])
print("errors:", s["requests"]["errors"])
print("tool:", os.environ.get("STAMPEDE_PEER_NAME", "stampede"))
print("version: 0.1.0")
PY
