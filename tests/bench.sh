#!/usr/bin/env bash
# Benchmarks: builds Release, measures every figure of issue 6 on the embedded SQLite default and writes
# tests/bench/RESULTS.md (figure | value | target | note, the machine, the commands).
#
#   bash tests/bench.sh [--sizes 10k,100k,1m] [--quick] [--only intake,startup,queue,sweep,escalation] [--profile] [--cache DIR] [--keep]
#
# --cache DIR: keep generated databases in DIR and reuse them on later runs (for iterating; the default makes fresh ones).
# --profile: also traces the host with dotnet-trace (installed as a dotnet tool when missing) during an extra intake run
#            at 8 connections and an extra queue run at the largest size, and writes the top methods (exclusive and
#            inclusive CPU) to tests/bench/profiles/.
# --quick: shorter wrk runs, queue sizes 10k,100k, 3 cold starts, the sweep at the largest size given, a burst of
#          1,000 escalations only. BENCH_BURSTS=1000,10000 sets the bursts (default both).
# Every step is bounded by `timeout`; all traffic goes to 127.0.0.1. Installs wrk and python3-aiosmtpd from Debian when
# missing. SQL Server figures are taken only when INCIDENTS_TEST_SQLSERVER is set (none are defined yet: see RESULTS.md).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

SIZES="10k,100k,1m"; QUICK=0; ONLY="intake,intake16,startup,queue,sweep,escalation"; KEEP=0; SIZES_SET=0; PROFILE=0; CACHE=""
ARGS_LINE="bash tests/bench.sh $*"
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) SIZES="$2"; SIZES_SET=1; shift 2 ;;
    --quick) QUICK=1; shift ;;
    --only) ONLY="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --profile) PROFILE=1; shift ;;
    --cache) CACHE="$2"; shift 2 ;;
    -h|--help) sed -n 2,15p "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[ "$QUICK" = 1 ] && [ "$SIZES_SET" = 0 ] && SIZES="10k,100k"
if [ "$QUICK" = 1 ]; then DUR=5; WARM=2; COLD_RUNS=3; Q_DUR=5; else DUR=15; WARM=5; COLD_RUNS=5; Q_DUR=10; fi
BURSTS=${BENCH_BURSTS:-1,1000,10000}   # escalation bursts: one step on an idle host, 1,000 (issue 4), 10,000 (issues 6, 16)
[ "$QUICK" = 1 ] && [ -z "${BENCH_BURSTS:-}" ] && BURSTS=1,1000
SMTP_SERVERS=${BENCH_SMTP:-aiosmtpd,postfix}   # both, issue 16

# The commit measured, taken before this run writes its own results and profiles.
COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"; git diff --quiet HEAD -- src db workflows tests/Incidents.Benchmarks 2>/dev/null || COMMIT="$COMMIT (+ uncommitted changes)"
OUT_DIR="$ROOT/tests/bench"
WORK="$(mktemp -d /tmp/incidents-bench.XXXXXX)"
RESULTS="$WORK/results.tsv"; COMMANDS="$WORK/commands.txt"; NOTES="$WORK/notes.txt"
: >"$RESULTS"; : >"$COMMANDS"; : >"$NOTES"
PIDS=()
cleanup() {
  for d in "$WORK"/postfix-*; do [ -d "$d/etc" ] && postfix_stop "$d"; done
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  if [ "$KEEP" = 1 ]; then echo "work dir kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

log() { echo "[bench $(date -u +%H:%M:%S)] $*" >&2; }
want() { case ",$ONLY," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }
# record FIGURE VALUE TARGET NOTE
# Every row carries the 1-minute load average when it was taken: the machine may be shared, and a figure taken under
# load says so.
load1() { cut -d' ' -f1 /proc/loadavg; }
record() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "${4:-}${4:+; }load $(load1)" >>"$RESULTS"; log "$1 = $2 (target $3) ${4:-}"; }
note() { echo "$*" >>"$NOTES"; log "note: $*"; }
cmdlog() { echo "$*" >>"$COMMANDS"; }

# ---------- prerequisites ----------
source tests/debian.sh # the working directory is the repository
source tests/bench/postfix.sh
need=()
command -v wrk >/dev/null || need+=(wrk)
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || need+=(python3-aiosmtpd)
command -v sqlite3 >/dev/null || need+=(sqlite3)
command -v curl >/dev/null || need+=(curl)
command -v postfix >/dev/null || need+=(postfix)
install_missing "${need[@]}"

# ---------- build ----------
log "building Release"
timeout 900 dotnet build tests/Incidents.Benchmarks/Incidents.Benchmarks.csproj -c Release -nologo -v q -clp:ErrorsOnly >"$WORK/build.log" 2>&1 \
  || { cat "$WORK/build.log"; exit 1; }
# The host as it is deployed (README, "Run"): published, so ReadyToRun (tests/bench/README.md, "Memory and start-up").
if [ -z "${BENCH_HOST_DLL:-}" ]; then
  log "publishing the host (Release, ReadyToRun)"
  timeout 900 dotnet publish src/Incidents.Web/Incidents.Web.csproj -c Release -o "$WORK/host" -nologo -v q -clp:ErrorsOnly >"$WORK/publish.log" 2>&1 \
    || { cat "$WORK/publish.log"; exit 1; }
fi
HOST_DLL="${BENCH_HOST_DLL:-$WORK/host/Incidents.Web.dll}"  # BENCH_HOST_DLL: another build (a "before")
BENCH_DLL="$ROOT/tests/Incidents.Benchmarks/bin/Release/net10.0/Incidents.Benchmarks.dll"
[ -f "$HOST_DLL" ] && [ -f "$BENCH_DLL" ] || { echo "build produced no $HOST_DLL or $BENCH_DLL" >&2; exit 1; }
bench() { timeout "${BENCH_TIMEOUT:-900}" dotnet "$BENCH_DLL" "$@" --repo "$ROOT" --results "$RESULTS"; }

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# The host runs from a scratch directory so nothing it writes (data/, outbox .eml files) lands in the repo; it finds
# workflows/ and db/ through the configuration below.
host_env() { # host_env DB_PATH
  export Incidents__Database__Provider=sqlite
  export Incidents__Database__ConnectionString="Data Source=$1"
  export Incidents__Workflows__Directory="$ROOT/workflows"
  export Incidents__Migrations__Directory="$ROOT/db"
  export ASPNETCORE_ENVIRONMENT=Production
  export Incidents__Smtp__PickupDirectory=outbox  # Production needs an SMTP host or this said explicitly
  # No GC variable: the host runs as it ships (server GC with DATAS; see README.md, "Memory and start-up").
}
cli() { # cli DB_PATH ARGS... (the host's own CLI verbs)
  ( host_env "$1"; shift; cd "$WORK"; cmdlog "dotnet Incidents.Web.dll $*"; timeout 120 dotnet "$HOST_DLL" "$@" )
}
HOST_PID=""; HOST_URL=""
start_host() { # start_host NAME DB_PATH [VAR=VALUE ...]
  local name="$1" db="$2"; shift 2
  local port; port="$(free_port)"
  HOST_URL="http://127.0.0.1:$port"
  mkdir -p "$WORK/$name"
  ( host_env "$db"; for kv in "$@"; do export "${kv?}"; done
    export ASPNETCORE_URLS="http://127.0.0.1:$port"
    # --urls too: appsettings.json's "Urls" outranks ASPNETCORE_URLS, the command line outranks both.
    cd "$WORK/$name"; exec dotnet "$HOST_DLL" --urls "$HOST_URL" >"$WORK/$name.log" 2>&1 ) &
  HOST_PID=$!; PIDS+=("$HOST_PID")
  cmdlog "ASPNETCORE_URLS=$HOST_URL Incidents__Database__ConnectionString='Data Source=$db' dotnet $HOST_DLL --urls $HOST_URL  # $name"
  local i
  for i in $(seq 1 1200); do
    if curl -fsS -o /dev/null "$HOST_URL/health" 2>/dev/null; then return 0; fi
    kill -0 "$HOST_PID" 2>/dev/null || { log "host $name exited:"; tail -30 "$WORK/$name.log" >&2; return 1; }
    sleep 0.1
  done
  log "host $name did not serve /health within 120 s"; tail -30 "$WORK/$name.log" >&2; return 1
}
stop_host() {
  [ -n "$HOST_PID" ] || return 0
  kill "$HOST_PID" 2>/dev/null || true
  timeout 30 tail --pid="$HOST_PID" -f /dev/null 2>/dev/null || kill -9 "$HOST_PID" 2>/dev/null || true
  HOST_PID=""
}
cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14+$15)/hz}' "/proc/$1/stat" 2>/dev/null || echo 0; }
# What the resident set is made of now: anonymous (GC heap, native), file-backed (assemblies, libraries), shared
# memory (the runtime's code and type heaps, mapped twice for W^X).
rss_split() { awk '/RssAnon|RssFile|RssShmem/ {printf "%s%s %.0f MB", sep, $1, $2/1024; sep=", "}' "/proc/$1/status" 2>/dev/null | tr -d ':'; }
vmhwm_mb() { awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$1/status" 2>/dev/null || echo "?"; }

# A user with every role, and a bearer token for it, made with the host's CLI verbs. Prints the token.
make_token() { # make_token DB_PATH
  local db="$1" out token
  if [ "$(sqlite3 "$db" "SELECT count(*) FROM users WHERE login = 'bench'" 2>/dev/null)" != 1 ]; then
    out="$(printf 'bench-Passw0rd!-%s\nbench-Passw0rd!-%s\n' "$$" "$$" | cli "$db" users add bench --role admin --role complaints --role security --role leadership --email bench@example.invalid 2>&1)" \
      || { echo "$out" >&2; log "users add failed"; return 1; }
  fi
  out="$(cli "$db" tokens create bench 2>"$WORK/tokens-create.err")" || { cat "$WORK/tokens-create.err" >&2; log "tokens create failed"; return 1; }
  # The verb prints the token alone on standard output, once.
  token="$(echo "$out" | grep -v '^[[:space:]]*$' | tail -1 | tr -d '[:space:]')"
  [ -n "$token" ] || { echo "$out" >&2; log "no token in the output of tokens create"; return 1; }
  echo "$token"
}

# profile NAME DURATION_S CMD...: traces the running host while CMD (the load, or just sleep) runs; keeps the top methods.
DOTNET_TRACE="${DOTNET_TRACE:-$HOME/.dotnet/tools/dotnet-trace}"
profile() {
  [ "$PROFILE" = 1 ] || return 0
  local name="$1" secs="$2"; shift 2
  if [ ! -x "$DOTNET_TRACE" ]; then
    timeout 300 dotnet tool install -g dotnet-trace >/dev/null 2>&1 || { note "profile $name: could not install dotnet-trace"; return 0; }
  fi
  mkdir -p "$OUT_DIR/profiles"
  local trace="$WORK/$name.nettrace"
  cmdlog "dotnet-trace collect -p <host pid> --profile dotnet-sampled-thread-time --duration 00:00:$(printf %02d "$secs") -o $name.nettrace  # while: $*"
  [ "$secs" -le 59 ] || secs=59
  timeout $((secs + 60)) "$DOTNET_TRACE" collect -p "$HOST_PID" --profile dotnet-sampled-thread-time --duration "00:00:$(printf %02d "$secs")" -o "$trace" >"$WORK/$name-trace.log" 2>&1 &
  local tp=$!
  sleep 1
  timeout $((secs + 30)) "$@" >"$WORK/$name-load.txt" 2>&1 || true
  wait "$tp" || true
  if [ -f "$trace" ]; then
    { echo "# $name: top methods by exclusive time (dotnet-trace report topN)"; echo "# load: $*"
      timeout 300 "$DOTNET_TRACE" report "$trace" topN -n 30 2>&1 || true
      echo; echo "# inclusive"
      timeout 300 "$DOTNET_TRACE" report "$trace" topN -n 80 --inclusive 2>&1 || true
    } >"$OUT_DIR/profiles/$name.txt"
    log "profile written: tests/bench/profiles/$name.txt"
  else
    note "profile $name: no trace ($(tail -2 "$WORK/$name-trace.log" | tr '\n' ' '))"
  fi
}

# parse KEY from a wrk RESULT line
rget() { echo "$1" | grep -oE "(^| )$2=[^ ]+" | head -1 | cut -d= -f2; }
ms() { awk -v us="$1" 'BEGIN { printf "%.1f", us/1000 }'; }

# ---------- intake over HTTP ----------
run_intake() {
  log "intake: fresh database, host in Release"
  local db="$WORK/intake/incidents.db"; mkdir -p "$WORK/intake"
  cli "$db" migrate >"$WORK/intake-migrate.log" 2>&1 || { cat "$WORK/intake-migrate.log" >&2; note "intake: migrate verb failed"; return 1; }
  start_host intake-host "$db" || { note "intake: host did not start"; return 1; }
  local token; token="$(make_token "$db")" || { stop_host; note "intake: could not create a user and token with the CLI verbs"; return 1; }
  # Localities: the current wards and communes; types and severities from workflows/.
  awk -F, 'NR>1 && $4!="" && $6=="" && $5!="" {print $1}' "$(ls db/seed/hanoi-units.csv 2>/dev/null || echo "$ROOT/../shared/data/hanoi-units.csv")" >"$WORK/units.txt" 2>/dev/null || true
  [ -s "$WORK/units.txt" ] || awk -F, 'NR>1 && $4!="" && $6=="" && $5!="" {print $1}' /work/shared/data/hanoi-units.csv >"$WORK/units.txt"
  local f types="$WORK/types.tsv"; : >"$types"
  for f in workflows/*.json; do case "$f" in *schema*) continue ;; esac
    jq -r --arg date "$(date -u -d '+30 days' +%Y-%m-%d)" -f tests/bench/intake-types.jq "$f" >>"$types"; done
  export BENCH_TOKEN="$token" BENCH_UNITS="$WORK/units.txt" BENCH_TYPES="$types"
  # Received a minute ago: intake arms its near steps at once, so a receipt hours old would make every critical or high
  # incident escalate during the run and the figure would measure escalations, not intake.
  export BENCH_RECEIVED_AT="$(TZ=Asia/Ho_Chi_Minh date -d '-1 minute' +%Y-%m-%dT%H:%M:%S+07:00)"
  log "intake types: $(cut -f1 "$types" | paste -sd' ')"

  # Warm-up: JIT, connection pools, SQLite page cache. Not counted.
  timeout $((WARM + 30)) wrk -t2 -c8 -d"${WARM}s" --timeout 10s -s tests/bench/intake.lua "$HOST_URL" >"$WORK/intake-warm.txt" 2>&1 || true
  local c t line created secs total_created
  total_created="$(rget "$(grep '^RESULT' "$WORK/intake-warm.txt" || echo)" created)"; total_created="${total_created:-0}"
  for c in 1 8 64; do
    t=$(( c < 2 ? 1 : 2 ))
    cmdlog "wrk -t$t -c$c -d${DUR}s --timeout 10s -s tests/bench/intake.lua $HOST_URL"
    local cpu0; cpu0="$(cpu_s "$HOST_PID")"
    timeout $((DUR + 60)) wrk -t"$t" -c"$c" -d"${DUR}s" --timeout 10s -s tests/bench/intake.lua "$HOST_URL" >"$WORK/intake-c$c.txt" 2>&1 || true
    local cpu; cpu="$(awk -v a="$cpu0" -v b="$(cpu_s "$HOST_PID")" -v d="$DUR" 'BEGIN{printf "%.0f", (b-a)/d*100}')"
    line="$(grep '^RESULT' "$WORK/intake-c$c.txt" || true)"
    if [ -z "$line" ]; then note "intake c=$c: wrk printed no result: $(tail -3 "$WORK/intake-c$c.txt" | tr '\n' ' ')"; continue; fi
    created="$(rget "$line" created)"; secs="$(awk -v d="$(rget "$line" duration_us)" 'BEGIN{print d/1e6}')"
    total_created=$((total_created + created))
    record "intake, $c connection(s): cases/s" "$(awk -v n="$created" -v s="$secs" 'BEGIN{printf "%.0f", n/s}')" ">= 3000" "$created created in ${secs}s; host CPU ${cpu}% (of $(nproc)00%)"
    record "intake, $c connection(s): p50 / p99 latency" "$(ms "$(rget "$line" p50_us)") / $(ms "$(rget "$line" p99_us)") ms" "-" "max $(ms "$(rget "$line" max_us)") ms"
    local bad errs; bad="$(rget "$line" non201)"
    errs=$(( $(rget "$line" connect_errors) + $(rget "$line" read_errors) + $(rget "$line" write_errors) + $(rget "$line" timeouts) ))
    record "intake, $c connection(s): non-201 answers / socket errors" "$bad / $errs" "0 / 0" "$(grep '^FIRST_ERROR' "$WORK/intake-c$c.txt" | cut -c13-200 || true)"
  done
  local rss; rss="$(vmhwm_mb "$HOST_PID")"
  record "peak RSS during intake (VmHWM)" "$rss MB" "<= 200 MB" "host process after warm-up + 3 intake runs"
  local rows; rows="$(sqlite3 "$db" 'SELECT count(*) FROM cases' 2>/dev/null || echo '?')"
  record "intake: cases stored / 201 answers counted by wrk" "$rows / $total_created" "equal" "warm-up included; requests still in flight when wrk stops may add up to one row per connection"
  profile intake-c8 10 wrk -t2 -c8 -d10s --timeout 10s -s tests/bench/intake.lua "$HOST_URL"
  stop_host
  INTAKE_DB="$db"
}

# ---------- intake as issue 16 measured it ----------
# wrk, 2 threads, 10 s, the README's first-instance complaint (reporter's name and address) with a bearer token, on a
# fresh database, at 8 and at 64 connections, after a warm-up. CPU per case is given too: on a shared machine the
# load distorts cases/s, the host's own CPU time per case much less.
run_intake16() {
  log "intake (issue 16): README complaint, 8 and 64 connections"
  local db="$WORK/intake16/incidents.db"; mkdir -p "$WORK/intake16"
  cli "$db" migrate >"$WORK/intake16-migrate.log" 2>&1 || { cat "$WORK/intake16-migrate.log" >&2; note "intake16: migrate verb failed"; return 1; }
  start_host intake16-host "$db" || { note "intake16: host did not start"; return 1; }
  local token; token="$(make_token "$db")" || { stop_host; note "intake16: no token"; return 1; }
  # Received a minute ago, as the issue's run had it when it was filed: the README's 2026-11-20 is now past the 10-day
  # acceptance limit, and intake would fire three overdue escalation steps for every case.
  export BENCH_TOKEN="$token" BENCH_RECEIVED_AT="$(TZ=Asia/Ho_Chi_Minh date -d '-1 minute' +%Y-%m-%dT%H:%M:%S+07:00)"
  timeout $((WARM + 30)) wrk -t2 -c8 -d"${WARM}s" --timeout 10s -s tests/bench/readme-complaint.lua "$HOST_URL" >/dev/null 2>&1 || true
  local c line created secs cpu0 cpu1
  for c in 8 64; do
    cmdlog "wrk -t2 -c$c -d10s --timeout 10s -s tests/bench/readme-complaint.lua $HOST_URL"
    cpu0="$(cpu_s "$HOST_PID")"
    timeout 80 wrk -t2 -c"$c" -d10s --timeout 10s -s tests/bench/readme-complaint.lua "$HOST_URL" >"$WORK/intake16-c$c.txt" 2>&1 || true
    cpu1="$(cpu_s "$HOST_PID")"
    line="$(grep '^RESULT' "$WORK/intake16-c$c.txt" || true)"
    if [ -z "$line" ]; then note "intake16 c=$c: wrk printed no result: $(tail -3 "$WORK/intake16-c$c.txt" | tr '\n' ' ')"; continue; fi
    created="$(rget "$line" created)"; secs="$(awk -v d="$(rget "$line" duration_us)" 'BEGIN{print d/1e6}')"
    local tgt="p99 <= 20 ms"; [ "$c" = 64 ] && tgt="p99 <= 100 ms"
    record "intake (README complaint), $c connections: cases/s" "$(awk -v n="$created" -v s="$secs" 'BEGIN{printf "%.0f", n/s}')" ">= 3000" \
      "$created created in ${secs}s, non-201 $(rget "$line" non201); host CPU $(awk -v a="$cpu0" -v b="$cpu1" -v n="$created" 'BEGIN{printf "%.0f", (n > 0) ? (b-a)*1e6/n : 0}') us per case"
    record "intake (README complaint), $c connections: p50 / p99" "$(ms "$(rget "$line" p50_us)") / $(ms "$(rget "$line" p99_us)") ms" "$tgt" "max $(ms "$(rget "$line" max_us)") ms"
  done
  record "peak RSS during intake (README complaint) (VmHWM)" "$(vmhwm_mb "$HOST_PID") MB" "<= 200 MB" "host process after warm-up + 2 runs; at the end $(rss_split "$HOST_PID")"
  profile intake16-c8 10 wrk -t2 -c8 -d10s --timeout 10s -s tests/bench/readme-complaint.lua "$HOST_URL"
  stop_host
  [ -n "${INTAKE_DB:-}" ] || INTAKE_DB="$db"
}

# ---------- cold start ----------
run_startup() {
  local db="${INTAKE_DB:-}"
  if [ -z "$db" ]; then db="$WORK/startup/incidents.db"; mkdir -p "$WORK/startup"; cli "$db" migrate >/dev/null 2>&1 || true; fi
  log "cold start: $COLD_RUNS runs on an existing database, $COLD_RUNS on a new one"
  ( host_env "$db"; cd "$WORK"; bench coldstart --dll "$HOST_DLL" --runs "$COLD_RUNS" --db "$db" --label "existing database" ) || note "cold start (existing database) failed"
  ( host_env "$db"; cd "$WORK"; bench coldstart --dll "$HOST_DLL" --runs "$COLD_RUNS" --fresh-dir "$WORK/startup-fresh" --label "first run, new database" ) || note "cold start (new database) failed"
}

# ---------- memory and start-up: GC modes compared (issue 16) ----------
# Each configuration: a fresh database, the README complaint at 8 then 64 connections (5 s each, after a warm-up), the
# host's peak RSS and CPU per case; then the median cold start to /health on that (existing) database. The variables
# are set on the host process only. BENCH_GC_CONFIGS replaces the list (';' between configurations, spaces inside).
run_memory() {
  local configs="${BENCH_GC_CONFIGS:-DOTNET_gcServer=0;DOTNET_gcServer=0 DOTNET_GCConserveMemory=7;DOTNET_gcServer=1;DOTNET_gcServer=1 DOTNET_GCDynamicAdaptationMode=0;DOTNET_gcServer=0 DOTNET_TieredPGO=0}"
  local cfg k=0
  local IFS_OLD="$IFS"; IFS=';'; local list=($configs); IFS="$IFS_OLD"
  for cfg in "${list[@]}"; do
    k=$((k + 1))
    log "memory: $cfg"
    local db="$WORK/memory-$k/incidents.db"; mkdir -p "$WORK/memory-$k"
    cli "$db" migrate >/dev/null 2>&1 || { note "memory $cfg: migrate failed"; continue; }
    # shellcheck disable=SC2086
    start_host "memory-$k" "$db" $cfg || { note "memory $cfg: host did not start"; continue; }
    local token; token="$(make_token "$db")" || { stop_host; continue; }
    export BENCH_TOKEN="$token" BENCH_RECEIVED_AT="$(TZ=Asia/Ho_Chi_Minh date -d '-1 minute' +%Y-%m-%dT%H:%M:%S+07:00)"
    timeout 40 wrk -t2 -c8 -d2s --timeout 10s -s tests/bench/readme-complaint.lua "$HOST_URL" >/dev/null 2>&1 || true
    local c line created=0 cpu0 rates=""
    cpu0="$(cpu_s "$HOST_PID")"
    for c in 8 64; do
      timeout 60 wrk -t2 -c"$c" -d5s --timeout 10s -s tests/bench/readme-complaint.lua "$HOST_URL" >"$WORK/memory-$k-c$c.txt" 2>&1 || true
      line="$(grep '^RESULT' "$WORK/memory-$k-c$c.txt" || true)"
      [ -n "$line" ] || continue
      created=$((created + $(rget "$line" created)))
      rates="$rates${rates:+, }$c conn $(awk -v n="$(rget "$line" created)" -v d="$(rget "$line" duration_us)" 'BEGIN{printf "%.0f", n/(d/1e6)}')/s p99 $(ms "$(rget "$line" p99_us)") ms"
    done
    local cpu_case; cpu_case="$(awk -v a="$cpu0" -v b="$(cpu_s "$HOST_PID")" -v n="$created" 'BEGIN{printf "%.0f", (n > 0) ? (b-a)*1e6/n : 0}')"
    local rss; rss="$(vmhwm_mb "$HOST_PID")"
    stop_host
    local cold
    cold="$( ( host_env "$db"; for kv in $cfg; do export "${kv?}"; done; cd "$WORK"; bench coldstart --dll "$HOST_DLL" --runs "$COLD_RUNS" --db "$db" --label "existing database, $cfg" ) 2>&1 | grep -o 'runs: .*' || echo "failed")"
    record "memory/start-up with $cfg: peak RSS over intake (VmHWM)" "$rss MB" "<= 200 MB" "$rates; host CPU $cpu_case us per case; cold start $cold"
  done
}

# ---------- generated databases ----------
gen_db() { # gen_db SIZE [extra generate args...] -> prints the path
  local size="$1"; shift
  # The tag names the size, the options and what shapes the data (migrations, workflows, generator), so a cached
  # database made before any of them changed is never reused.
  local tag; tag="$(echo "$size $*" | tr -c 'A-Za-z0-9' '_')$(cat db/sqlite/*.sql workflows/*.json tests/Incidents.Benchmarks/Generation/*.cs | sha1sum | cut -c1-8)"
  local db="${CACHE:-$WORK/gen}/$tag/incidents.db"
  if [ ! -f "$db.done" ]; then
    mkdir -p "$(dirname "$db")"
    cmdlog "dotnet Incidents.Benchmarks.dll generate --cases $size --db $db $*"
    BENCH_TIMEOUT=2400 bench generate --cases "$size" --db "$db" "$@" >&2 || return 1
    touch "$db.done"
  fi
  echo "$db"
}

run_queue() {
  local size db token line
  for size in ${SIZES//,/ }; do
    log "queue: $size cases"
    db="$(gen_db "$size")" || { note "queue $size: generator failed"; continue; }
    start_host "queue-$size" "$db" || { note "queue $size: host did not start"; continue; }
    token="$(make_token "$db")" || { stop_host; note "queue $size: no token"; continue; }
    export BENCH_TOKEN="$token"
    timeout 60 wrk -t1 -c1 -d2s -s tests/bench/queue.lua "$HOST_URL" >/dev/null 2>&1 || true
    local c
    for c in 1 8; do
      cmdlog "wrk -t$(( c < 2 ? 1 : 2 )) -c$c -d${Q_DUR}s -s tests/bench/queue.lua '$HOST_URL'  # $size cases"
      timeout $((Q_DUR + 60)) wrk -t$(( c < 2 ? 1 : 2 )) -c$c -d"${Q_DUR}s" --timeout 10s -s tests/bench/queue.lua "$HOST_URL" >"$WORK/queue-$size-c$c.txt" 2>&1 || true
      line="$(grep '^RESULT' "$WORK/queue-$size-c$c.txt" || true)"
      [ -n "$line" ] || { note "queue $size c=$c: no wrk result: $(tail -3 "$WORK/queue-$size-c$c.txt" | tr '\n' ' ')"; continue; }
      local target="-"; [ "$c" = 1 ] && target="<= 20 ms at 1M"
      record "queue page 1 (50), $size cases, $c conn: p95" "$(ms "$(rget "$line" p95_us)") ms" "$target" \
        "p50 $(ms "$(rget "$line" p50_us)") ms, p99 $(ms "$(rget "$line" p99_us)") ms, $(rget "$line" requests) requests, non-200 $(rget "$line" non200)$(grep '^FIRST_ERROR' "$WORK/queue-$size-c$c.txt" | cut -c12-160 || true)"
    done
    # Search by name (issue 16): a Vietnamese name typed without diacritics, one very common and one rare, at 1
    # connection, with the queue's default order and page size.
    local q
    # The third: the common name with two other filters (issue 16: the queue's filters combine with q).
    for q in "nguyen%20van" "luong%20kim%20oanh" "nguyen%20van&type=complaint&state=received"; do
      local qpath="/api/v1/cases?page=1&pageSize=50&q=$q"
      cmdlog "BENCH_QUEUE_PATH='$qpath' wrk -t1 -c1 -d${Q_DUR}s -s tests/bench/queue.lua '$HOST_URL'  # $size cases"
      BENCH_QUEUE_PATH="$qpath" timeout 60 wrk -t1 -c1 -d2s -s tests/bench/queue.lua "$HOST_URL" >/dev/null 2>&1 || true
      BENCH_QUEUE_PATH="$qpath" timeout $((Q_DUR + 60)) wrk -t1 -c1 -d"${Q_DUR}s" --timeout 10s -s tests/bench/queue.lua "$HOST_URL" >"$WORK/queue-$size-q.txt" 2>&1 || true
      line="$(grep '^RESULT' "$WORK/queue-$size-q.txt" || true)"
      [ -n "$line" ] || { note "queue $size q=$q: no wrk result: $(tail -3 "$WORK/queue-$size-q.txt" | tr '\n' ' ')"; continue; }
      local qtarget="-"; [ "$size" = 1m ] && [ "${q#*&}" = "$q" ] && qtarget="<= 50 ms at 1M"
      record "search q=${q//%20/ }, page 1 (50), $size cases, 1 conn: p95" "$(ms "$(rget "$line" p95_us)") ms" "$qtarget" \
        "p50 $(ms "$(rget "$line" p50_us)") ms, p99 $(ms "$(rget "$line" p99_us)") ms, $(rget "$line" requests) requests, non-200 $(rget "$line" non200), body $(rget "$line" body_bytes) bytes$(grep '^FIRST_ERROR' "$WORK/queue-$size-q.txt" | cut -c12-160 || true)"
    done
    [ "$size" = "${SIZES##*,}" ] && profile "queue-$size-c8" 10 wrk -t2 -c8 -d10s --timeout 10s -s tests/bench/queue.lua "$HOST_URL"
    [ "$size" = "${SIZES##*,}" ] && BENCH_QUEUE_PATH="/api/v1/cases?page=1&pageSize=50&q=nguyen%20van" profile "search-$size-c1" 10 wrk -t1 -c1 -d10s --timeout 10s -s tests/bench/queue.lua "$HOST_URL"
    stop_host
    # In-process: the store's list query through BenchmarkDotNet, same database.
    ( cd "$WORK"; BENCH_TIMEOUT=900 bench bdn-queue --db "$db" --label "$size" $( [ "$QUICK" = 1 ] && echo --quick ) ) || note "queue $size: BenchmarkDotNet run failed"
  done
}

run_sweep() {
  local size; size="${SIZES##*,}"
  log "sweep: $size open cases"
  local db; db="$(gen_db "$size" --open 1 --span-days 8)" || { note "sweep: generator failed"; return 1; }
  ( cd "$WORK"; bench sweep --db "$db" --label "$size open cases" ) || note "sweep: measurement failed"
}

run_escalation() { # run_escalation BURST SERVER (aiosmtpd | postfix)
  local BURST="$1" SERVER="${2:-aiosmtpd}"
  log "escalation: $BURST deadline(s) due within one second, real $SERVER"
  local port maildir smtpd_pid="" lead=${BENCH_BURST_LEAD:-60} pfdir="$WORK/postfix-$BURST"
  port="$(free_port)"
  if [ "$SERVER" = postfix ]; then
    maildir="$pfdir/mail/maildir"
    cmdlog "postfix_start $pfdir $port  # tests/bench/postfix.sh: a throwaway instance, virtual delivery to one Maildir"
    postfix_start "$pfdir" "$port" || { note "escalation $BURST: postfix did not start"; return 1; }
  else
    maildir="$WORK/maildir-$BURST"; mkdir -p "$maildir/tmp" "$maildir/new" "$maildir/cur"
    cmdlog "/usr/bin/python3 -m aiosmtpd -n -l 127.0.0.1:$port -c aiosmtpd.handlers.Mailbox $maildir"
    /usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$port" -c aiosmtpd.handlers.Mailbox "$maildir" >"$WORK/smtpd.log" 2>&1 &
    smtpd_pid=$!; PIDS+=("$smtpd_pid")
    sleep 1
  fi
  stop_smtp() { if [ "$SERVER" = postfix ]; then postfix_stop "$pfdir"; else kill "$smtpd_pid" 2>/dev/null || true; fi; }
  # The server's own pace, in this run, before the host starts: the base of the burst's ratio (issue 16).
  local loop_s="" tuned_s=""
  if [ "$BURST" -ge 1000 ]; then
    clear_maildir() { # wait for a loop's messages to land, then clear them away
      local i; for i in $(seq 1 300); do
        [ "$(find "$maildir/new" "$maildir/cur" -type f 2>/dev/null | wc -l)" -ge "$BURST" ] && break; sleep 0.2; done
      find "$maildir/new" "$maildir/cur" -type f -delete 2>/dev/null || true
    }
    cmdlog "dotnet Incidents.Benchmarks.dll smtp-loop --port $port --count $BURST --connections 1 --server $SERVER"
    loop_s="$( (cd "$WORK"; bench smtp-loop --port "$port" --count "$BURST" --connections 1 --server "$SERVER") | grep '^LOOP_SECONDS=' | cut -d= -f2)" || true
    clear_maildir
    # The same loop with Nagle off, as the product's transport connects: the server's own pace, a stricter base.
    cmdlog "dotnet Incidents.Benchmarks.dll smtp-loop --port $port --count $BURST --connections 1 --server $SERVER --nodelay"
    tuned_s="$( (cd "$WORK"; bench smtp-loop --port "$port" --count "$BURST" --connections 1 --server "$SERVER" --nodelay) | grep '^LOOP_SECONDS=' | cut -d= -f2)" || true
    clear_maildir
  fi
  # The burst falls due `lead` seconds from now: enough for the host to start and its sweep to arm every step.
  local burst_at; burst_at="$(date -u -d "+$lead seconds" +%Y-%m-%dT%H:%M:%S.000Z)"
  local db; db="$(gen_db "$BURST" --burst-at "$burst_at" --burst-ms 1000)" || { stop_smtp; note "escalation: generator failed"; return 1; }
  start_host "escalation-$BURST-$SERVER" "$db" \
    Incidents__Smtp__Host=127.0.0.1 Incidents__Smtp__Port="$port" Incidents__Smtp__Security=None \
    Incidents__Smtp__From=incidents@bench.invalid Incidents__Smtp__BaseUrl=http://127.0.0.1 \
    || { stop_smtp; note "escalation: host did not start"; return 1; }
  log "escalation: host up; waiting for $BURST messages (until burst + 150 s)"
  local hcpu0 scpu0=0; hcpu0="$(cpu_s "$HOST_PID")"; [ -n "$smtpd_pid" ] && scpu0="$(cpu_s "$smtpd_pid")"
  if [ "$PROFILE" = 1 ]; then
    # Trace the burst itself: from 2 s before the first deadline, for 45 s.
    local wait_s=$(( $(date -u -d "$burst_at" +%s) - $(date -u +%s) - 2 ))
    [ "$wait_s" -gt 0 ] && sleep "$wait_s"
    profile "escalation-burst-$BURST-$SERVER" 45 sleep 45
  fi
  local deadline=$(( $(date -u -d "$burst_at" +%s) + 150 )) n=0
  while [ "$(date -u +%s)" -lt "$deadline" ]; do
    n=$(find "$maildir/new" "$maildir/cur" -type f 2>/dev/null | wc -l)
    [ "$n" -ge "$BURST" ] && break
    sleep 1
  done
  local hcpu scpu="-"; hcpu="$(awk -v a="$hcpu0" -v b="$(cpu_s "$HOST_PID")" 'BEGIN{printf "%.1f", b-a}')"
  [ -n "$smtpd_pid" ] && scpu="$(awk -v a="$scpu0" -v b="$(cpu_s "$smtpd_pid")" 'BEGIN{printf "%.1f", b-a}') s"
  sleep 5 # late duplicates would show up here
  local rss; rss="$(vmhwm_mb "$HOST_PID")"
  stop_host; stop_smtp
  local burst_s
  burst_s="$( (cd "$WORK"; bench maildir --maildir "$maildir" --expect "$BURST" --burst-at "$burst_at" --db "$db" --server "$SERVER") | grep '^BURST_SECONDS=' | cut -d= -f2)" \
    || note "escalation: maildir analysis failed"
  if [ -n "$loop_s" ] && [ -n "$burst_s" ]; then
    record "escalation burst of $BURST ($SERVER): time to accept all / the plain MailKit loop's" \
      "$(awk -v b="$burst_s" -v l="$loop_s" 'BEGIN{printf "%.2f", b/l}')x" "<= 1.25x" \
      "burst: last accepted $(printf %.1f "$burst_s") s after the first deadline (the deadlines span 1 s of it); loop: $(printf %.1f "$loop_s") s for $BURST messages over 1 connection"
  fi
  if [ -n "$tuned_s" ] && [ -n "$burst_s" ]; then
    record "escalation burst of $BURST ($SERVER): time to accept all / the loop's with Nagle off" \
      "$(awk -v b="$burst_s" -v l="$tuned_s" 'BEGIN{printf "%.2f", b/l}')x" "-" \
      "the same loop over a socket with TCP_NODELAY, as the product's transport: $(printf %.1f "$tuned_s") s for $BURST messages over 1 connection"
  fi
  record "peak RSS during the escalation burst of $BURST, $SERVER (VmHWM)" "$rss MB" "<= 200 MB" "host over the $BURST-case burst database"
  record "escalation burst of $BURST ($SERVER): CPU used, host / SMTP server" "$hcpu s / $scpu" "-" "from host start-up to the last message (or the time limit); $(nproc) cores"
}

want intake && { run_intake || true; }
want intake16 && { run_intake16 || true; }
want startup && { run_startup || true; }
want memory && { run_memory || true; }
want queue && { run_queue || true; }
want sweep && { run_sweep || true; }
if want escalation; then
  for srv in ${SMTP_SERVERS//,/ }; do for b in ${BURSTS//,/ }; do run_escalation "$b" "$srv" || true; done; done
fi
if [ -n "${INCIDENTS_TEST_SQLSERVER:-}" ]; then
  note "INCIDENTS_TEST_SQLSERVER is set, but the harness has no SQL Server figures yet (the generator writes SQLite only)."
else
  note "SQL Server: skipped (INCIDENTS_TEST_SQLSERVER not set)."
fi

# ---------- RESULTS.md ----------
cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
mem="$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
{
  echo "# Benchmark results"
  echo
  echo "Produced by \`$ARGS_LINE\` on $(date -u '+%Y-%m-%d %H:%M UTC'). Targets are goals from issue 6, not gates."
  echo
  echo "Machine: $(nproc) cores ($cpu), $mem memory, $(. /etc/os-release; echo "$PRETTY_NAME"), .NET $(dotnet --version), commit $COMMIT."
  echo "Embedded SQLite default; host started in Release as its own process; wrk and the host share the same $(nproc) cores."
  echo "Each note ends with the 1-minute load average when the figure was taken (above $(nproc) means other work shared the machine)."
  echo
  echo "| figure | value | target | note |"
  echo "|---|---|---|---|"
  while IFS=$'\t' read -r f v t n; do
    printf '| %s | %s | %s | %s |\n' "$f" "$v" "$t" "$(echo "$n" | sed 's/|/\\|/g')"
  done <"$RESULTS"
  echo
  if [ -s "$NOTES" ]; then echo "## Notes"; echo; sed 's/^/- /' "$NOTES"; echo; fi
  echo "## Commands"
  echo
  echo '```'
  echo "$ARGS_LINE"
  cat "$COMMANDS"
  echo '```'
} >"${BENCH_RESULTS:-$OUT_DIR/RESULTS.md}"
log "wrote ${BENCH_RESULTS:-$OUT_DIR/RESULTS.md}"
cat "${BENCH_RESULTS:-$OUT_DIR/RESULTS.md}"
