#!/usr/bin/env bash
# The project's own reliability and security suite (issue #15): builds Release, drives the host as real processes and
# writes tests/bench/RELIABILITY.md (figure | value | expected | note, the machine, the commands).
#
#   bash tests/reliability.sh [--quick] [--only kill,fuzz,hosts,smtp,disk] [--rounds N] [--fuzz N] [--keep]
#
# kill   kill -9 at random moments during intake with Idempotency-Keys (20 rounds; --quick 3): every 201 is stored,
#        every unanswered key retried once makes one case, numbers are gap-free, PRAGMA integrity_check is ok.
# fuzz   the CsCheck fuzz (tests/Incidents.Web.Tests, ApiFuzzTests) over every endpoint and role: 10,000 requests
#        (--quick 1,000), 0 answers 5xx, no stack trace, no confidential identity outside custody.
# hosts  two hosts on one database, each taking in critical incidents received hours ago (200; --quick 40) whose
#        escalations fall due at once, Debian's aiosmtpd: every outbox row received once, 0 duplicates by Message-Id/step.
# smtp   SMTP down while escalations fall due, then up: every message delivered once.
# disk   disk full on a small tmpfs (root only; skipped with the reason otherwise): 503s with Retry-After, /health
#        degraded, then recovery after the space returns, nothing lost, integrity ok.
# Every step is bounded by `timeout`; all traffic goes to 127.0.0.1. Exit status 1 when any expectation fails.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

QUICK=0; ONLY="kill,fuzz,hosts,smtp,disk"; KEEP=0; ROUNDS=""; FUZZ=""
ARGS_LINE="bash tests/reliability.sh $*"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1; shift ;;
    --only) ONLY="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --fuzz) FUZZ="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n 2,19p "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
if [ "$QUICK" = 1 ]; then ROUNDS=${ROUNDS:-3}; FUZZ=${FUZZ:-1000}; else ROUNDS=${ROUNDS:-20}; FUZZ=${FUZZ:-10000}; fi
OUT="${RELIABILITY_OUT:-$ROOT/tests/bench/RELIABILITY.md}"

COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"; git diff --quiet HEAD -- src db workflows tests 2>/dev/null || COMMIT="$COMMIT (+ uncommitted changes)"
WORK="$(mktemp -d /tmp/incidents-reliability.XXXXXX)"
RESULTS="$WORK/results.tsv"; COMMANDS="$WORK/commands.txt"; NOTES="$WORK/notes.txt"
: >"$RESULTS"; : >"$COMMANDS"; : >"$NOTES"
PIDS=(); MOUNT=""; FAILED=0
cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill -9 "$p" 2>/dev/null || true; done
  [ -n "$MOUNT" ] && umount "$MOUNT" 2>/dev/null || true
  if [ "$KEEP" = 1 ]; then echo "work dir kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

log() { echo "[reliability $(date -u +%H:%M:%S)] $*" >&2; }
want() { case ",$ONLY," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }
# check FIGURE VALUE EXPECTED OK(0|1) NOTE: one row of the table; a failed expectation fails the run.
check() {
  local mark="ok"; [ "$4" = 1 ] || { mark="FAILED"; FAILED=1; }
  printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$mark" "${5:-}" >>"$RESULTS"; log "$1 = $2 (expected $3) $mark ${5:-}"
}
note() { echo "$*" >>"$NOTES"; log "note: $*"; }
cmdlog() { echo "$*" >>"$COMMANDS"; }

# ---------- prerequisites and build ----------
source tests/debian.sh # the working directory is the repository
need=()
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || need+=(python3-aiosmtpd)
command -v sqlite3 >/dev/null || need+=(sqlite3)
command -v curl >/dev/null || need+=(curl)
install_missing "${need[@]}"
log "publishing the host (Release, ReadyToRun, as deployed)"
timeout 900 dotnet publish src/Incidents.Web/Incidents.Web.csproj -c Release -o "$WORK/host" -nologo -v q -clp:ErrorsOnly >"$WORK/build.log" 2>&1 \
  || { cat "$WORK/build.log"; exit 1; }
HOST_DLL="$WORK/host/Incidents.Web.dll"

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
host_env() { # host_env DB_PATH
  export Incidents__Database__Provider=sqlite
  export Incidents__Database__ConnectionString="Data Source=$1"
  export Incidents__Workflows__Directory="$ROOT/workflows"
  export ASPNETCORE_ENVIRONMENT=Production
  export Incidents__Smtp__PickupDirectory=outbox
  export DOTNET_gcServer=0
}
cli() { # cli DB_PATH ARGS...
  ( host_env "$1"; shift; cd "$WORK"; timeout 120 dotnet "$HOST_DLL" "$@" )
}
HOST_PID=""; HOST_URL=""
start_host() { # start_host NAME DB_PATH [VAR=VALUE ...]; sets HOST_PID, HOST_URL
  local name="$1" db="$2"; shift 2
  local port; port="$(free_port)"
  HOST_URL="http://127.0.0.1:$port"
  mkdir -p "$WORK/$name"
  ( host_env "$db"; for kv in "$@"; do export "${kv?}"; done
    cd "$WORK/$name"; exec dotnet "$HOST_DLL" --urls "$HOST_URL" >>"$WORK/$name.log" 2>&1 ) &
  HOST_PID=$!; PIDS+=("$HOST_PID")
  local i
  for i in $(seq 1 600); do
    curl -fsS -o /dev/null "$HOST_URL/health" 2>/dev/null && return 0
    kill -0 "$HOST_PID" 2>/dev/null || { log "host $name exited:"; tail -20 "$WORK/$name.log" >&2; return 1; }
    sleep 0.1
  done
  log "host $name did not serve /health within 60 s"; return 1
}
stop_host() { # stop_host PID
  kill "$1" 2>/dev/null || true
  timeout 30 tail --pid="$1" -f /dev/null 2>/dev/null || kill -9 "$1" 2>/dev/null || true
}
make_token() { # make_token DB_PATH -> prints a token of a user with every role
  local db="$1" out
  if [ "$(sqlite3 "$db" "SELECT count(*) FROM users WHERE login = 'rel'" 2>/dev/null)" != 1 ]; then
    printf 'rel-Passw0rd!-%s\nrel-Passw0rd!-%s\n' "$$" "$$" | cli "$db" users add rel --role admin --role complaints --role security --role leadership --email rel@reliability.invalid >/dev/null 2>&1 \
      || { log "users add failed"; return 1; }
  fi
  out="$(cli "$db" tokens create rel 2>/dev/null)" || { log "tokens create failed"; return 1; }
  echo "$out" | grep -v '^[[:space:]]*$' | tail -1 | tr -d '[:space:]'
}
RECEIVED_AT="$(TZ=Asia/Ho_Chi_Minh date -d '-1 minute' +%Y-%m-%dT%H:%M:%S+07:00)"
intake_body() { # intake_body TITLE
  printf '{"type":"complaint","title":"%s","localityCode":"00004","channel":"counter","receivedAt":"%s","inputs":{"complex":"true"},"reporter":{"name":"Nguyễn Văn An","address":"12 Hàng Bài, Hoàn Kiếm"}}' "$1" "$RECEIVED_AT"
}
# post_case URL TOKEN KEY -> prints "KEY STATUS NUMBER" (status 000 when the host did not answer); the last 503's
# headers and body are kept as last-503.h / last-503.json.
post_case() {
  local f status number
  f="$(mktemp "$WORK/answer.XXXXXX")"
  status="$(curl -s -m 10 -D "$f.h" -o "$f" -w '%{http_code}' -X POST "$1/api/v1/cases" -H "Authorization: Bearer $2" -H 'Content-Type: application/json' \
    -H "Idempotency-Key: $3" --data-binary "$(intake_body "Đơn $3")" 2>/dev/null || true)"
  [ -n "$status" ] || status=000
  number="$(grep -o '"number":"[^"]*"' "$f" 2>/dev/null | head -1 | cut -d'"' -f4 || true)"
  if [ "$status" = 503 ]; then cp "$f" "$WORK/last-503.json"; cp "$f.h" "$WORK/last-503.h"; fi
  rm -f "$f" "$f.h"
  echo "$3 $status ${number:--}"
}
# Numbers per prefix and year are 1..N with no hole, and the sequence table agrees.
gap_free() { # gap_free DB -> prints "ok" or what is wrong
  sqlite3 "$1" "WITH n AS (SELECT substr(number, 1, instr(number, '-') - 1) AS prefix, CAST(substr(number, instr(number, '-') + 1, 4) AS INTEGER) AS year,
      CAST(substr(number, instr(number, '-') + 6) AS INTEGER) AS seq FROM cases)
    SELECT CASE WHEN COUNT(*) = 0 THEN 'ok' ELSE group_concat(prefix || '-' || year || ': ' || c || ' cases, max ' || m || ', sequence ' || ifnull(s, 'none'), '; ') END
    FROM (SELECT n.prefix, n.year, COUNT(*) AS c, MAX(seq) AS m, MIN(seq) AS lo, COUNT(DISTINCT seq) AS d,
            (SELECT last_value FROM case_sequences q WHERE q.prefix = n.prefix AND q.year = n.year) AS s
          FROM n GROUP BY n.prefix, n.year) WHERE NOT (lo = 1 AND m = c AND d = c AND s = m)"
}

# ---------- kill -9 during intake ----------
run_kill() {
  log "kill -9: $ROUNDS rounds of intake by 4 clients with Idempotency-Keys"
  local db="$WORK/kill/incidents.db"; mkdir -p "$WORK/kill"
  cli "$db" migrate >/dev/null 2>&1 || { check "kill -9: database created" "no" "yes" 0; return; }
  local token; token="$(make_token "$db")" || { check "kill -9: token" "no" "yes" 0; return; }
  local answers="$WORK/kill/answers.txt"; : >"$answers"
  local round w killed_at
  cmdlog "# kill -9: per round: host started on one database, 4 curl loops POST /api/v1/cases with a new Idempotency-Key each, kill -9 after a random 0.3-2.5 s"
  for round in $(seq 1 "$ROUNDS"); do
    start_host kill "$db" || { check "kill -9 round $round: host restarts" "no" "yes" 0; return; }
    local url="$HOST_URL" pid="$HOST_PID"
    # Keys sent before and left unanswered are retried first: an answer, or one new case, never two.
    awk '{ last[$1] = $2 } END { for (k in last) if (last[k] != "201") print k }' "$answers" | while read -r k; do post_case "$url" "$token" "$k" >>"$answers"; done
    for w in 1 2 3 4; do
      ( i=0; while true; do i=$((i + 1)); line="$(post_case "$url" "$token" "r$round-w$w-$i")"; echo "$line" >>"$answers"
          case "$line" in *" 000 "*) break ;; esac; done ) &
    done
    sleep "$(awk -v s="$RANDOM" 'BEGIN { srand(s); printf "%.2f", 0.3 + rand() * 2.2 }')"
    kill -9 "$pid" 2>/dev/null || true
    wait 2>/dev/null || true
  done
  # A last host: every key still unanswered is retried once, then the database is checked.
  start_host kill "$db" || { check "kill -9: host after the last round" "no" "yes" 0; return; }
  awk '{ last[$1] = $2 } END { for (k in last) if (last[k] != "201") print k }' "$answers" | while read -r k; do post_case "$HOST_URL" "$token" "$k" >>"$answers"; done
  stop_host "$HOST_PID"
  local acked stored missing keys cases unanswered integrity gaps dup
  acked="$(awk '$2 == "201" { print $3 }' "$answers" | sort -u)"
  stored="$(sqlite3 "$db" 'SELECT number FROM cases' | sort -u)"
  missing="$(comm -23 <(echo "$acked") <(echo "$stored") | grep -c . || true)"
  keys="$(awk '$2 == "201" { print $1 }' "$answers" | sort -u | wc -l)"
  cases="$(sqlite3 "$db" "SELECT count(*) FROM cases")"
  unanswered="$(awk '{ last[$1] = $2 } END { n = 0; for (k in last) if (last[k] != "201") n++; print n }' "$answers")"
  dup="$(awk '$2 == "201" { if (seen[$1] && seen[$1] != $3) d++; seen[$1] = $3 } END { print d + 0 }' "$answers")"
  integrity="$(sqlite3 "$db" 'PRAGMA integrity_check' | tr '\n' ' ' | sed 's/ $//')"
  gaps="$(gap_free "$db")"
  check "kill -9 rounds" "$ROUNDS" ">= $([ "$QUICK" = 1 ] && echo 3 || echo 20)" 1 "$(wc -l <"$answers") requests, $(grep -c ' 000 ' "$answers" || true) cut off by a kill"
  check "kill -9: cases answered 201 but not stored" "$missing of $(echo "$acked" | grep -c .)" "0" "$([ "$missing" = 0 ] && echo 1 || echo 0)"
  check "kill -9: cases stored / keys answered 201" "$cases / $keys" "equal" "$([ "$cases" = "$keys" ] && echo 1 || echo 0)" "every key unanswered when its host died was retried: one case each, none twice"
  check "kill -9: a key answered with two numbers" "$dup" "0" "$([ "$dup" = 0 ] && echo 1 || echo 0)"
  check "kill -9: keys still unanswered after the retry" "$unanswered" "0" "$([ "$unanswered" = 0 ] && echo 1 || echo 0)"
  check "kill -9: numbers gap-free" "$gaps" "ok" "$([ "$gaps" = ok ] && echo 1 || echo 0)" "per prefix and year: 1..N, and case_sequences.last_value = N"
  check "kill -9: PRAGMA integrity_check" "$integrity" "ok" "$([ "$integrity" = ok ] && echo 1 || echo 0)"
}

# ---------- the fuzz ----------
run_fuzz() {
  log "fuzz: $FUZZ generated requests"
  local report="$WORK/fuzz.txt" status=0
  cmdlog "INCIDENTS_FUZZ_REQUESTS=$FUZZ INCIDENTS_FUZZ_REPORT=fuzz.txt dotnet test tests/Incidents.Web.Tests --filter FullyQualifiedName~ApiFuzzTests"
  INCIDENTS_FUZZ_REQUESTS="$FUZZ" INCIDENTS_FUZZ_REPORT="$report" timeout 1800 dotnet test tests/Incidents.Web.Tests -nologo -v q \
    --filter "FullyQualifiedName~ApiFuzzTests" >"$WORK/fuzz.log" 2>&1 || status=$?
  [ -f "$report" ] || { tail -30 "$WORK/fuzz.log" >&2; check "fuzz: requests" "no report" "$FUZZ" 0; return; }
  get() { grep "^$1"$'\t' "$report" | cut -f2-; }
  check "fuzz: generated requests (every endpoint x every role)" "$(get requests)" ">= $FUZZ" "$([ "$(get requests)" -ge "$FUZZ" ] && echo 1 || echo 0)" \
    "endpoints $(get endpoints); principals $(get principals); $(get seconds) s; statuses $(get statuses)"
  check "fuzz: answers 5xx" "$(get 5xx)" "0" "$([ "$(get 5xx)" = 0 ] && echo 1 || echo 0)"
  check "fuzz: stack traces, identities outside custody, markup reflected" "$(get failures)" "0" "$([ "$(get failures)" = 0 ] && [ "$status" = 0 ] && echo 1 || echo 0)" "$(get 'first failures' | cut -c1-300)"
}

# ---------- escalations: critical incidents received hours ago, so every step is overdue when intake arms it ----------
INCIDENTS=$([ "$QUICK" = 1 ] && echo 40 || echo 200)
OLD_RECEIPT="$(TZ=Asia/Ho_Chi_Minh date -d '-6 hours' +%Y-%m-%dT%H:%M:%S+07:00)"
intake_incidents() { # intake_incidents URL TOKEN COUNT PREFIX -> prints how many were answered 201
  local i n=0
  for i in $(seq 1 "$3"); do
    curl -s -m 10 -o /dev/null -w '%{http_code}\n' -X POST "$1/api/v1/cases" -H "Authorization: Bearer $2" -H 'Content-Type: application/json' \
      -H "Idempotency-Key: $4-$i" --data-binary "{\"type\":\"security-incident\",\"severity\":\"critical\",\"title\":\"Sự cố $4 $i\",\"localityCode\":\"00004\",\"channel\":\"phone\",\"receivedAt\":\"$OLD_RECEIPT\"}"
  done | grep -c '^201$' || true
}
start_smtpd() { # start_smtpd PORT MAILDIR -> SMTPD_PID
  mkdir -p "$2/tmp" "$2/new" "$2/cur"
  /usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$1" -c aiosmtpd.handlers.Mailbox "$2" >>"$WORK/smtpd.log" 2>&1 &
  SMTPD_PID=$!; PIDS+=("$SMTPD_PID")
  local i; for i in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; return 1
}
mails() { find "$1/new" "$1/cur" -type f 2>/dev/null | wc -l; }
unsent() { sqlite3 "$1" "SELECT count(*) FROM outbox WHERE state IN ('pending', 'sending')"; }
# Waits until the outbox has nothing left to send and the Maildir holds every sent row, then 5 s more for late duplicates.
wait_delivered() { # wait_delivered DB MAILDIR SECONDS
  local end=$(( $(date +%s) + $3 ))
  while [ "$(date +%s)" -lt "$end" ]; do
    [ "$(unsent "$1")" = 0 ] && [ "$(mails "$2")" -ge "$(sqlite3 "$1" "SELECT count(*) FROM outbox WHERE state = 'sent'")" ] && break
    sleep 1
  done
  sleep 5
}
dups_by() { # dups_by MAILDIR HEADER -> how many values occur more than once
  find "$1/new" "$1/cur" -type f -print0 2>/dev/null | xargs -0 -r grep -h -i -m1 "^$2:" | tr -d '\r' | sort | uniq -d | wc -l
}
smtp_env() { echo Incidents__Smtp__Host=127.0.0.1 Incidents__Smtp__Port="$1" Incidents__Smtp__Security=None Incidents__Smtp__From=incidents@reliability.invalid Incidents__Smtp__BaseUrl=http://127.0.0.1; }
mail_db() { # mail_db NAME -> a migrated database with the rel user (every role, an email address); prints "DB TOKEN"
  local db="$WORK/$1/incidents.db" token; mkdir -p "$WORK/$1"
  cli "$db" migrate >/dev/null 2>&1 || return 1
  token="$(make_token "$db")" || return 1
  echo "$db $token"
}

run_hosts() {
  log "two hosts: $INCIDENTS critical incidents received 6 hours ago, their escalations due at once"
  local g db token port maildir h1 u1 h2 u2
  g="$(mail_db hosts)" || { check "two hosts: database" "no" "yes" 0; return; }
  db="${g% *}"; token="${g#* }"
  port="$(free_port)"; maildir="$WORK/hosts-maildir"
  cmdlog "/usr/bin/python3 -m aiosmtpd -n -l 127.0.0.1:$port -c aiosmtpd.handlers.Mailbox maildir"
  start_smtpd "$port" "$maildir" || { check "two hosts: aiosmtpd" "did not start" "up" 0; return; }
  # shellcheck disable=SC2046
  start_host hosts-a "$db" $(smtp_env "$port") || { check "two hosts: first host" "did not start" "up" 0; return; }; h1=$HOST_PID; u1=$HOST_URL
  # shellcheck disable=SC2046
  start_host hosts-b "$db" $(smtp_env "$port") || { check "two hosts: second host" "did not start" "up" 0; return; }; h2=$HOST_PID; u2=$HOST_URL
  cmdlog "two hosts: dotnet Incidents.Web.dll twice on one database, SMTP to that aiosmtpd; each takes in $(( INCIDENTS / 2 )) critical security incidents received 6 hours ago (POST /api/v1/cases)"
  intake_incidents "$u1" "$token" $(( INCIDENTS / 2 )) a >/dev/null &
  local other=$!
  intake_incidents "$u2" "$token" $(( INCIDENTS / 2 )) b >/dev/null
  wait "$other" || true
  wait_delivered "$db" "$maildir" 300
  stop_host "$h1"; stop_host "$h2"; kill "$SMTPD_PID" 2>/dev/null || true
  local n d s fired rows left
  n="$(mails "$maildir")"; d="$(dups_by "$maildir" Message-Id)"; s="$(dups_by "$maildir" X-Incidents-Step)"
  fired="$(sqlite3 "$db" "SELECT count(*) FROM escalations")"; rows="$(sqlite3 "$db" "SELECT count(*) FROM outbox WHERE state = 'sent'")"; left="$(unsent "$db")"
  check "two hosts on one database: messages received / outbox rows sent" "$n / $rows" "equal, > 0" "$([ "$n" = "$rows" ] && [ "$n" -gt 0 ] && [ "$left" = 0 ] && echo 1 || echo 0)" \
    "$(sqlite3 "$db" "SELECT count(*) FROM cases") incidents, $fired escalations fired, $left rows left unsent"
  check "two hosts on one database: duplicate Message-Ids / duplicate steps" "$d / $s" "0 / 0" "$([ "$d$s" = 00 ] && echo 1 || echo 0)"
}

run_smtp() {
  log "SMTP down then up: $INCIDENTS critical incidents"
  local g db token port maildir h url
  g="$(mail_db smtp)" || { check "SMTP down: database" "no" "yes" 0; return; }
  db="${g% *}"; token="${g#* }"
  port="$(free_port)"; maildir="$WORK/smtp-maildir"
  # shellcheck disable=SC2046
  start_host smtp "$db" $(smtp_env "$port") Incidents__Smtp__RetryBaseDelay=00:00:02 Incidents__Smtp__RetryMaxDelay=00:00:05 Incidents__Smtp__MaxAttempts=100 \
    || { check "SMTP down: host" "did not start" "up" 0; return; }; h=$HOST_PID; url=$HOST_URL
  cmdlog "SMTP down: host with Incidents__Smtp__Port=<closed port> RetryBaseDelay=00:00:02 RetryMaxDelay=00:00:05 MaxAttempts=100; $INCIDENTS critical incidents taken in; aiosmtpd started on that port 15 s later"
  intake_incidents "$url" "$token" "$INCIDENTS" s >/dev/null
  sleep 15
  local waiting attempts total
  waiting="$(sqlite3 "$db" "SELECT count(*) FROM outbox WHERE state <> 'sent' AND attempts > 0")"
  total="$(sqlite3 "$db" "SELECT count(*) FROM outbox")"
  attempts="$(sqlite3 "$db" "SELECT ifnull(sum(attempts), 0) FROM outbox")"
  check "SMTP down: messages waiting after failed attempts / messages queued" "$waiting / $total" "> 0, none sent" \
    "$([ "$waiting" -gt 0 ] && [ "$(sqlite3 "$db" "SELECT count(*) FROM outbox WHERE state = 'sent'")" = 0 ] && echo 1 || echo 0)" "$attempts failed attempts while down"
  start_smtpd "$port" "$maildir" || { check "SMTP up: aiosmtpd" "did not start" "up" 0; return; }
  local t0; t0=$(date +%s)
  wait_delivered "$db" "$maildir" 300
  local took=$(( $(date +%s) - t0 - 5 ))
  stop_host "$h"; kill "$SMTPD_PID" 2>/dev/null || true
  local n d s rows dead
  n="$(mails "$maildir")"; d="$(dups_by "$maildir" Message-Id)"; s="$(dups_by "$maildir" X-Incidents-Step)"
  rows="$(sqlite3 "$db" "SELECT count(*) FROM outbox")"; dead="$(sqlite3 "$db" "SELECT count(*) FROM outbox WHERE state <> 'sent'")"
  check "SMTP up again: messages delivered / messages queued" "$n / $rows" "equal" "$([ "$n" = "$rows" ] && [ "$dead" = 0 ] && echo 1 || echo 0)" \
    "all delivered within ${took} s of SMTP coming back; $dead rows not sent"
  check "SMTP up again: duplicate Message-Ids / duplicate steps" "$d / $s" "0 / 0" "$([ "$d$s" = 00 ] && echo 1 || echo 0)"
}

# ---------- disk full ----------
run_disk() {
  if [ "$(id -u)" -ne 0 ]; then note "disk full: skipped, not running as root (mount -t tmpfs needs root)"; return; fi
  local mnt="$WORK/tmpfs" seed="$WORK/disk-seed/incidents.db" size
  mkdir -p "$mnt" "$WORK/disk-seed"
  cli "$seed" migrate >/dev/null 2>&1 || { check "disk full: database created" "no" "yes" 0; return; }
  local token; token="$(make_token "$seed")" || { check "disk full: token" "no" "yes" 0; return; }
  sqlite3 "$seed" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
  size=$(( $(du -sk "$WORK/disk-seed" | cut -f1) / 1024 + 3 ))
  mount -t tmpfs -o size="${size}m" tmpfs "$mnt" || { note "disk full: skipped, mount -t tmpfs failed"; return; }
  MOUNT="$mnt"
  cmdlog "mount -t tmpfs -o size=${size}m tmpfs tmpfs  # the migrated database plus about 3 MB"
  cp "$WORK/disk-seed/"incidents.db* "$mnt/"
  local db="$mnt/incidents.db"
  start_host disk "$db" || { check "disk full: host" "did not start" "up" 0; return; }
  local h=$HOST_PID url=$HOST_URL answers="$WORK/disk-answers.txt" i=0 full=0 line retry=0
  : >"$answers"
  # Intake until the disk is full and a run of 20 answers in a row are 503.
  while [ $i -lt 20000 ] && [ $full -lt 20 ]; do
    i=$((i + 1)); line="$(post_case "$url" "$token" "disk-$i")"; echo "$line" >>"$answers"
    case "$line" in *" 503 "*) full=$((full + 1)) ;; *) full=0 ;; esac
  done
  grep -qi '^retry-after:' "$WORK/last-503.h" 2>/dev/null && retry=1
  local health; health="$(curl -s -o /dev/null -w '%{http_code}' "$url/health")"
  local c201 c503 cother
  c201="$(awk '$2 == "201"' "$answers" | wc -l)"; c503="$(awk '$2 == "503"' "$answers" | wc -l)"; cother="$(awk '$2 != "201" && $2 != "503"' "$answers" | wc -l)"
  check "disk full: intakes answered 201 / 503 / other" "$c201 / $c503 / $cother" "503s, no other" "$([ "$c503" -gt 0 ] && [ "$cother" = 0 ] && echo 1 || echo 0)" \
    "tmpfs of ${size} MB; problem $(grep -o '"type":"[^"]*"' "$WORK/last-503.json" 2>/dev/null | head -1 | cut -d'"' -f4)"
  check "disk full: Retry-After on the 503 / /health" "$([ $retry = 1 ] && echo yes || echo no) / $health" "yes / 503" "$([ $retry = 1 ] && [ "$health" = 503 ] && echo 1 || echo 0)"
  # Space comes back: the same host recovers by itself.
  mount -o remount,size=256m "$mnt"
  local t0 ok=0; t0=$(date +%s)
  for i in $(seq 1 90); do
    line="$(post_case "$url" "$token" "disk-after-$i")"; echo "$line" >>"$answers"
    case "$line" in *" 201 "*) ok=$((ok + 1)) ;; esac
    [ $ok -ge 10 ] && break; sleep 0.5
  done
  local healthy=0
  for i in $(seq 1 40); do [ "$(curl -s -o /dev/null -w '%{http_code}' "$url/health")" = 200 ] && { healthy=1; break; }; sleep 1; done
  check "disk full: after space returns, intakes 201 / health 200" "$ok / $([ $healthy = 1 ] && echo 200 || echo not-200)" "10 / 200" "$([ $ok -ge 10 ] && [ $healthy = 1 ] && echo 1 || echo 0)" \
    "recovered $(( $(date +%s) - t0 )) s after the remount, without a restart (/health keeps saying degraded for the 30 s of Retry-After after the last refused write)"
  stop_host "$h"
  local acked stored missing integrity gaps
  acked="$(awk '$2 == "201" { print $3 }' "$answers" | sort -u)"; stored="$(sqlite3 "$db" 'SELECT number FROM cases' | sort -u)"
  missing="$(comm -23 <(echo "$acked") <(echo "$stored") | grep -c . || true)"
  integrity="$(sqlite3 "$db" 'PRAGMA integrity_check' | tr '\n' ' ' | sed 's/ $//')"; gaps="$(gap_free "$db")"
  check "disk full: cases answered 201 but not stored / stored without a 201" "$missing / $(( $(echo "$stored" | grep -c .) - $(echo "$acked" | grep -c .) ))" "0 / 0" \
    "$([ "$missing" = 0 ] && [ "$(echo "$stored" | grep -c .)" = "$(echo "$acked" | grep -c .)" ] && echo 1 || echo 0)" "nothing half-written: a refused intake left no case, number or event"
  check "disk full: numbers gap-free / integrity_check" "$gaps / $integrity" "ok / ok" "$([ "$gaps" = ok ] && [ "$integrity" = ok ] && echo 1 || echo 0)"
  umount "$mnt" && MOUNT=""
}

want kill && run_kill
want fuzz && run_fuzz
want hosts && run_hosts
want smtp && run_smtp
want disk && run_disk

# ---------- RELIABILITY.md ----------
cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
{
  echo "# Reliability and security suite"
  echo
  echo "Produced by \`$ARGS_LINE\` on $(date -u '+%Y-%m-%d %H:%M UTC'), commit $COMMIT."
  echo "Machine: $(nproc) cores ($cpu), $(. /etc/os-release; echo "$PRETTY_NAME"), .NET $(dotnet --version); the host in Release as its own process, SQLite."
  echo "What each figure means and how it is taken: [README.md](README.md#reliability-suite)."
  echo
  echo "| figure | value | expected | | note |"
  echo "|---|---|---|---|---|"
  while IFS=$'\t' read -r f v e m n; do printf '| %s | %s | %s | %s | %s |\n' "$f" "$v" "$e" "$m" "$(echo "$n" | sed 's/|/\\|/g')"; done <"$RESULTS"
  echo
  if [ -s "$NOTES" ]; then echo "## Notes"; echo; sed 's/^/- /' "$NOTES"; echo; fi
  echo "## Commands"
  echo
  echo '```'
  echo "$ARGS_LINE"
  cat "$COMMANDS"
  echo '```'
} >"$OUT"
log "wrote $OUT"
cat "$OUT"
exit $FAILED
