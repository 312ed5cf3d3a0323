#!/usr/bin/env bash
# http1m.sh LABEL HOST_DLL DB: the host on DB (as bench.sh starts it), a token by its CLI, wrk on three paths, 1 conn, 5 s.
set -u
label=$1; dll=$2; db=$3; ROOT=/work/wt-search
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
mkdir -p /tmp/search-sql/run-$label; cd /tmp/search-sql/run-$label
export Incidents__Database__Provider=sqlite Incidents__Database__ConnectionString="Data Source=$db" Incidents__Workflows__Directory="$ROOT/workflows" \
  Incidents__Migrations__Directory="$ROOT/db" ASPNETCORE_ENVIRONMENT=Production Incidents__Smtp__PickupDirectory=outbox DOTNET_gcServer=0
token=$(timeout 120 dotnet "$dll" tokens create bench 2>/dev/null | grep -v '^[[:space:]]*$' | tail -1 | tr -d '[:space:]')
dotnet "$dll" --urls "http://127.0.0.1:$port" > host.log 2>&1 &
pid=$!
for i in $(seq 1 600); do curl -fsS -o /dev/null "http://127.0.0.1:$port/health" 2>/dev/null && break; sleep 0.2; done
export BENCH_TOKEN=$token
for path in "/api/v1/cases?page=1&pageSize=50" "/api/v1/cases?page=1&pageSize=50&q=nguyen%20van" "/api/v1/cases?page=1&pageSize=50&q=luong%20kim%20oanh"; do
  BENCH_QUEUE_PATH="$path" timeout 60 wrk -t1 -c1 -d2s -s $ROOT/tests/bench/queue.lua "http://127.0.0.1:$port" >/dev/null 2>&1
  r=$(BENCH_QUEUE_PATH="$path" timeout 90 wrk -t1 -c1 -d5s --timeout 20s -s $ROOT/tests/bench/queue.lua "http://127.0.0.1:$port" 2>&1 | grep -E '^RESULT|^FIRST_ERROR')
  echo "$label $path load=$(cut -d' ' -f1 /proc/loadavg) :: $r"
done
kill $pid; wait $pid 2>/dev/null
