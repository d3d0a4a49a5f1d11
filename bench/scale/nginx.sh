#!/usr/bin/env bash
# Usage: bench/scale/nginx.sh start|stop PORT WORKERS. The scale benchmarks' nginx on
# 127.0.0.1:PORT with WORKERS worker processes (each holds at most 19,500 connections: one
# process's file limit here is 20,000). Runtime files in /tmp/bench-scale-nginx-PORT/.
set -euo pipefail
cmd=$1 port=${2:-28090} workers=${3:-2}
dir=/tmp/bench-scale-nginx-$port
here=$(cd "$(dirname "$0")" && pwd)
case $cmd in
  start)
    mkdir -p "$dir"
    sed -e "s#__PORT__#$port#g" -e "s#__DIR__#$dir#g" -e "s#__WORKERS__#$workers#g" "$here/nginx.conf" > "$dir/nginx.conf"
    nginx -c "$dir/nginx.conf" -p "$dir" -e "$dir/error.log"
    for _ in $(seq 50); do [ -s "$dir/nginx.pid" ] && break; sleep 0.1; done
    echo "nginx ($workers workers) on http://127.0.0.1:$port/fast, master pid $(cat "$dir/nginx.pid")" ;;
  stop)
    [ -s "$dir/nginx.pid" ] || exit 0
    pid=$(cat "$dir/nginx.pid")
    kill -QUIT "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -TERM "$pid" || true
    rm -f "$dir/nginx.pid" ;;
esac
