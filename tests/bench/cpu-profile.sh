#!/usr/bin/env bash
# CPU profile of issue 16's intake run: where the host's CPU goes per case (on-CPU samples, not wall-clock).
#
#   bash tests/bench/cpu-profile.sh OUT.txt [CONNECTIONS=8] [SECONDS=10] [WARMUP_SECONDS=5]
#
# Builds the Release host, starts it on a fresh SQLite database with a bearer token (as bench.sh's intake16 does), warms
# it up with the README complaint for WARMUP_SECONDS, then samples it with `perf record -F 499 -g` while
# `wrk -t2 -cCONNECTIONS -dSECONDS` runs, and writes to OUT.txt: cases/s, host CPU per case, the 1-minute load, and the
# samples by thread, by library, by part of the request (tests/bench/cpu-profile.py), the top symbols by exclusive time
# and the top managed methods by inclusive time. The host runs with DOTNET_PerfMapEnabled=1 (perf names JIT-compiled
# methods) and DOTNET_EnableWriteXorExecute=0 (else perf cannot map them): both change start-up and JIT costs a little,
# so take the figures to compare from bench.sh, and the shape from here. Needs perf (linux-perf) and root or
# kernel.perf_event_paranoid <= 1. SQLite and libcoreclr have no frame pointers: their samples are counted where they
# are, but often without the managed caller (the "(no managed frame)" rows).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"; cd "$ROOT"
OUT="${1:?usage: cpu-profile.sh OUT.txt [connections] [seconds] [warm-up seconds]}"; C="${2:-8}"; DUR="${3:-10}"; WARM="${4:-5}"
case "$OUT" in /*) ;; *) OUT="$ROOT/$OUT" ;; esac
W="$(mktemp -d /tmp/intake-cpu.XXXXXX)"; HP=""
# CPU_PROFILE_KEEP=1 keeps the work directory (perf.data, perf.txt); CPU_PROFILE_HOST_DLL profiles another build (a "before").
trap '[ -n "$HP" ] && kill "$HP" 2>/dev/null; if [ "${CPU_PROFILE_KEEP:-0}" = 1 ]; then echo "kept $W" >&2; else rm -rf "$W"; fi' EXIT
command -v perf >/dev/null && command -v wrk >/dev/null || { echo "needs perf and wrk" >&2; exit 1; }
HOST_DLL="${CPU_PROFILE_HOST_DLL:-$ROOT/src/Incidents.Web/bin/Release/net10.0/Incidents.Web.dll}"
[ -n "${CPU_PROFILE_HOST_DLL:-}" ] || timeout 900 dotnet build src/Incidents.Web/Incidents.Web.csproj -c Release -nologo -v q -clp:ErrorsOnly >"$W/build.log" 2>&1 \
  || { cat "$W/build.log"; exit 1; }
export Incidents__Database__Provider=sqlite Incidents__Database__ConnectionString="Data Source=$W/incidents.db" \
  Incidents__Workflows__Directory="$ROOT/workflows" Incidents__Migrations__Directory="$ROOT/db" ASPNETCORE_ENVIRONMENT=Production \
  Incidents__Smtp__PickupDirectory=outbox
mkdir -p "$W/host"
(cd "$W/host" && timeout 120 dotnet "$HOST_DLL" migrate >/dev/null)
printf 'bench-Passw0rd!-1\nbench-Passw0rd!-1\n' | (cd "$W/host" && timeout 120 dotnet "$HOST_DLL" users add bench --role admin --role complaints \
  --role security --role leadership --email bench@example.invalid >/dev/null)
TOKEN="$(cd "$W/host" && timeout 120 dotnet "$HOST_DLL" tokens create bench 2>/dev/null | grep -v '^[[:space:]]*$' | tail -1 | tr -d '[:space:]')"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
URL="http://127.0.0.1:$PORT"
(cd "$W/host" && DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 exec dotnet "$HOST_DLL" --urls "$URL" >"$W/host.log" 2>&1) &
HP=$!
for _ in $(seq 1 1200); do curl -fsS -o /dev/null "$URL/health" 2>/dev/null && break; sleep 0.1; done
export BENCH_TOKEN="$TOKEN" BENCH_RECEIVED_AT="$(TZ=Asia/Ho_Chi_Minh date -d '-1 minute' +%Y-%m-%dT%H:%M:%S+07:00)"
timeout $((WARM + 30)) wrk -t2 -c8 -d"${WARM}s" --timeout 10s -s tests/bench/readme-complaint.lua "$URL" >/dev/null 2>&1 || true
cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14+$15)/hz}' "/proc/$1/stat"; }
perf record -F 499 -g -p "$HP" -o "$W/perf.data" -- sleep $((DUR + 1)) >"$W/perf.log" 2>&1 & PP=$!
sleep 0.5
c0="$(cpu_s "$HP")"; load="$(cut -d' ' -f1 /proc/loadavg)"
timeout $((DUR + 60)) wrk -t2 -c"$C" -d"${DUR}s" --timeout 10s -s tests/bench/readme-complaint.lua "$URL" >"$W/wrk.txt" 2>&1 || true
c1="$(cpu_s "$HP")"
wait "$PP" || true
line="$(grep '^RESULT' "$W/wrk.txt" || echo 'RESULT created=0')"
created="$(echo "$line" | grep -oE 'created=[0-9]+' | cut -d= -f2)"
perf script -i "$W/perf.data" >"$W/perf.txt" 2>/dev/null
# The tiering JIT's thread is warm-up, not per-request work (and exits when idle, so /proc cannot time it): its share of
# the samples is taken out for the figure "without the JIT", so a slow warm-up does not hide a change.
jit="$(awk '/^[^ \t]/ {n++; if ($0 ~ /Tiered Com/) j++} END {printf "%.4f", n ? j/n : 0}' "$W/perf.txt")"
{
  echo "# Intake CPU profile: wrk -t2 -c$C -d${DUR}s (README complaint, bearer token) after a ${WARM}s warm-up, commit $(git rev-parse --short HEAD)"
  echo "# command: bash tests/bench/cpu-profile.sh $*"
  echo "# $line"
  awk -v a="$c0" -v b="$c1" -v j="$jit" -v n="$created" -v d="$DUR" -v l="$load" -v l2="$(cut -d' ' -f1 /proc/loadavg)" \
    'BEGIN{printf "# %.0f cases/s, host CPU %.0f us per case (%.0f%% of one core); without the tiering JIT thread (%.0f%% of the samples) %.0f us per case; 1-minute load %s -> %s\n", n/d, (n>0)?(b-a)*1e6/n:0, (b-a)/d*100, j*100, (n>0)?(b-a)*(1-j)*1e6/n:0, l, l2}'
  echo "# perf record -F 499 -g on the host; percentages are of all the host's on-CPU samples"
  echo
  echo "## by library (exclusive)"
  perf report -i "$W/perf.data" --no-children --sort dso --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -12
  python3 tests/bench/cpu-profile.py "$W/perf.txt"
} >"$OUT"
echo "wrote $OUT"; head -4 "$OUT" | tail -2
