#!/usr/bin/env python3
"""sqlrun.py DB FILE.sql RUNS: each statement of FILE (one per line; '--' lines are labels) through the SQLite the host
ships (SQLitePCLRaw's libe_sqlite3, found in ~/.nuget; not the system's sqlite3), RUNS times after one warm-up, in one
connection: prints its query plan, the row count, and wall / CPU (user+sys of this process) ms as p50 / max.
Parameters are written inline. SQLITE_LIB=path overrides the library."""
import ctypes, glob, os, resource, sys, time

lib = os.environ.get("SQLITE_LIB") or sorted(glob.glob(os.path.expanduser(
    "~/.nuget/packages/sqlitepclraw.lib.e_sqlite3/*/runtimes/linux-x64/native/libe_sqlite3.so")))[-1]
s = ctypes.CDLL(lib)
s.sqlite3_open_v2.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p), ctypes.c_int, ctypes.c_char_p]
s.sqlite3_prepare_v2.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p]
s.sqlite3_step.argtypes = [ctypes.c_void_p]
s.sqlite3_finalize.argtypes = [ctypes.c_void_p]
s.sqlite3_column_text.argtypes = [ctypes.c_void_p, ctypes.c_int]
s.sqlite3_column_text.restype = ctypes.c_char_p
s.sqlite3_errmsg.argtypes = [ctypes.c_void_p]
s.sqlite3_errmsg.restype = ctypes.c_char_p
s.sqlite3_libversion.restype = ctypes.c_char_p

db = ctypes.c_void_p()
if s.sqlite3_open_v2(sys.argv[1].encode(), ctypes.byref(db), 1, None) != 0:  # read-only
    sys.exit("open failed")

def run(sql, col=None):
    st = ctypes.c_void_p()
    if s.sqlite3_prepare_v2(db, sql.encode(), -1, ctypes.byref(st), None) != 0:
        sys.exit(f"prepare failed: {s.sqlite3_errmsg(db).decode()}\n{sql}")
    rows, out = 0, []
    while (rc := s.sqlite3_step(st)) == 100:
        rows += 1
        if col is not None: out.append(s.sqlite3_column_text(st, col).decode())
    if rc != 101: sys.exit(f"step failed: {s.sqlite3_errmsg(db).decode()}\n{sql}")
    s.sqlite3_finalize(st)
    return rows, out

def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime

def pct(xs, p):
    xs = sorted(xs); return xs[min(len(xs) - 1, int(round(p * (len(xs) - 1))))]

runs = int(sys.argv[3])
print(f"# SQLite {s.sqlite3_libversion().decode()} ({lib}); {runs} runs after a warm-up; load {os.getloadavg()[0]:.2f}")
label = ""
for line in open(sys.argv[2], encoding="utf-8"):
    line = line.strip()
    if not line: continue
    if line.startswith("--"): label = line[2:].strip(); continue
    print(f"\n## {label}\n{line}")
    for p in run("EXPLAIN QUERY PLAN " + line, 3)[1]: print("  plan:", p)
    n, _ = run(line)
    walls, cpus = [], []
    for _ in range(runs):
        w, c = time.perf_counter(), cpu()
        n, _ = run(line)
        walls.append((time.perf_counter() - w) * 1000); cpus.append((cpu() - c) * 1000)
    print(f"  rows {n}; wall p50 {pct(walls, .5):.1f} ms, p95 {pct(walls, .95):.1f}, max {max(walls):.1f}; "
          f"CPU p50 {pct(cpus, .5):.1f} ms, max {max(cpus):.1f}; load {os.getloadavg()[0]:.2f}")
