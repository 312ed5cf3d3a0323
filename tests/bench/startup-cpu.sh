#!/usr/bin/env bash
# Start-up cost that a shared machine distorts least: the host's own CPU time (user + sys from /proc/PID/stat) from exec
# to the first 200 from /health on an existing database, beside the wall time, 3 starts.
#
#   bash tests/bench/startup-cpu.sh HOST_DLL DB_PATH LABEL [VAR=VALUE ...]
#   e.g. bash tests/bench/startup-cpu.sh src/Incidents.Web/bin/Release/net10.0/Incidents.Web.dll /tmp/x/incidents.db JIT
#        bash tests/bench/startup-cpu.sh /tmp/r2r/Incidents.Web.dll /tmp/x/incidents.db ReadyToRun   # dotnet publish src/Incidents.Web -c Release -o /tmp/r2r
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
dll="$1"; db="$2"; label="$3"; shift 3
export Incidents__Database__Provider=sqlite Incidents__Database__ConnectionString="Data Source=$db"
export Incidents__Workflows__Directory="$ROOT/workflows" Incidents__Migrations__Directory="$ROOT/db"
export ASPNETCORE_ENVIRONMENT=Production Incidents__Smtp__PickupDirectory="$(mktemp -d)"
for kv in "$@"; do export "${kv?}"; done
hz=$(getconf CLK_TCK)
for i in 1 2 3; do
  port="$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
  t0=$(date +%s%N)
  dotnet "$dll" --urls "http://127.0.0.1:$port" >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 1 12000); do curl -fsS -o /dev/null "http://127.0.0.1:$port/health" 2>/dev/null && break; sleep 0.005; done
  t1=$(date +%s%N)
  cpu=$(awk -v hz="$hz" '{printf "%.0f", ($14+$15)/hz*1000}' "/proc/$pid/stat")
  echo "$label run $i: wall $(( (t1 - t0) / 1000000 )) ms, host CPU $cpu ms, load $(cut -d' ' -f1 /proc/loadavg)"
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
