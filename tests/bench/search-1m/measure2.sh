#!/usr/bin/env bash
# measure2.sh DB NAME RUNS: per request (count + page statements) in one sqlite3 session, first run dropped:
# wall-clock ms and CPU ms (user + sys), each p50 / max.
db=$1; name=$2; runs=$3
python3 gen.py "$name" "$runs" | sqlite3 "$db" | grep 'Run Time' | awk '{print $4*1000, ($6+$8)*1000}' | paste - - \
 | awk 'NR>1 {printf "%.1f %.1f\n", $1+$3, $2+$4}' > /tmp/search-sql/$name.txt
r=$(cut -d' ' -f1 /tmp/search-sql/$name.txt | sort -n | awk '{a[NR]=$1} END {printf "wall p50 %s ms, max %s ms", a[int((NR+1)/2)], a[NR]}')
c=$(cut -d' ' -f2 /tmp/search-sql/$name.txt | sort -n | awk '{a[NR]=$1} END {printf "CPU p50 %s ms, max %s ms", a[int((NR+1)/2)], a[NR]}')
echo "$name: n=$(wc -l < /tmp/search-sql/$name.txt); $r; $c; load $(cut -d' ' -f1 /proc/loadavg)"
