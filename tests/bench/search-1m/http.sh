#!/usr/bin/env bash
# http.sh LABEL HOST_DLL DB [SECONDS]: the host on DB as bench.sh starts it (Release dll, Production, from a scratch
# directory), a user "bench" with every role and a token by the host's own CLI verbs, then per path a 2 s warm-up and
# wrk -t1 -c1 for SECONDS (default 10) with tests/bench/queue.lua. Prints per path: p50/p95/p99, requests, the host's
# CPU (user + sys from /proc) per request, the idle host's CPU per second, and the 1-minute load. Run from the repository root.
set -u
label=$1; dll=$2; db=$3; secs=${4:-10}; ROOT=$(pwd)
[ -f tests/bench/queue.lua ] || { echo "run from the repository root" >&2; exit 2; }
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
scratch=$(mktemp -d /tmp/search-http.XXXXXX); cd "$scratch"
export Incidents__Database__Provider=sqlite Incidents__Database__ConnectionString="Data Source=$db" Incidents__Workflows__Directory="$ROOT/workflows" \
  Incidents__Migrations__Directory="$ROOT/db" ASPNETCORE_ENVIRONMENT=Production Incidents__Smtp__PickupDirectory=outbox
# The host first, so a new migration (0022 rebuilds the search index: tens of seconds at 1M) runs before the CLI verbs.
dotnet "$dll" --urls "http://127.0.0.1:$port" > host.log 2>&1 &
pid=$!
for i in $(seq 1 3000); do curl -fsS -o /dev/null "http://127.0.0.1:$port/health" 2>/dev/null && break; kill -0 $pid 2>/dev/null || { tail host.log; exit 1; }; sleep 0.2; done
if [ "$(sqlite3 "$db" "SELECT count(*) FROM users WHERE login = 'bench'")" != 1 ]; then
  printf 'bench-Passw0rd!-1\nbench-Passw0rd!-1\n' | timeout 120 dotnet "$dll" users add bench --role admin --role complaints --role security --role leadership --email bench@example.invalid >/dev/null 2>&1
fi
export BENCH_TOKEN=$(timeout 120 dotnet "$dll" tokens create bench 2>/dev/null | grep -v '^[[:space:]]*$' | tail -1 | tr -d '[:space:]')
cpu() { awk '{print $14 + $15}' /proc/$pid/stat; }
tck=$(getconf CLK_TCK)
# The host's own background work (Hangfire's sweeps over every case) costs CPU with no request at all: measured idle
# for 10 s and printed, since it is part of each run's CPU per request (it varies too much to subtract).
sleep 5; b0=$(cpu); sleep 10; b1=$(cpu)
bg=$(awk -v a=$b0 -v b=$b1 -v t=$tck 'BEGIN {printf "%.1f", (b-a)/t*1000/10}')
echo "$label idle host: $bg ms of CPU per second; load $(cut -d' ' -f1 /proc/loadavg)"
for path in "/api/v1/cases?page=1&pageSize=50" "/api/v1/cases?page=1&pageSize=50&q=nguyen%20van" "/api/v1/cases?page=1&pageSize=50&q=luong%20kim%20oanh" \
            "/api/v1/cases?page=1&pageSize=50&q=nguyen%20van&type=complaint&state=received"; do
  BENCH_QUEUE_PATH="$path" timeout 60 wrk -t1 -c1 -d2s -s "$ROOT/tests/bench/queue.lua" "http://127.0.0.1:$port" >/dev/null 2>&1
  c0=$(cpu)
  r=$(BENCH_QUEUE_PATH="$path" timeout $((secs + 60)) wrk -t1 -c1 -d${secs}s --timeout 20s -s "$ROOT/tests/bench/queue.lua" "http://127.0.0.1:$port" 2>&1 | grep -E '^RESULT|^FIRST_ERROR')
  c1=$(cpu)
  n=$(echo "$r" | sed -n 's/.*requests=\([0-9]*\).*/\1/p' | head -1)
  g() { echo "$r" | sed -n "s/.* $1=\([0-9]*\).*/\1/p" | head -1 | awk '{printf "%.1f", $1/1000}'; }
  echo "$label $path :: p50 $(g p50_us) ms, p95 $(g p95_us) ms, p99 $(g p99_us) ms, $n requests, non-200 $(echo "$r" | sed -n 's/.*non200=\([0-9]*\).*/\1/p'), body $(echo "$r" | sed -n 's/.*body_bytes=\([0-9]*\).*/\1/p') bytes; host CPU $(awk -v a=$c0 -v b=$c1 -v n=${n:-1} -v t=$tck 'BEGIN {printf "%.1f", (b-a)/t*1000/n}') ms per request; load $(cut -d' ' -f1 /proc/loadavg)"
  echo "$r" | grep FIRST_ERROR
done
kill $pid; wait $pid 2>/dev/null
rm -rf "$scratch"
