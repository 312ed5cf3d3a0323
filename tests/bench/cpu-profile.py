#!/usr/bin/env python3
"""Summarizes `perf script` output of the intake host (tests/bench/cpu-profile.sh): samples by thread, by part of the
request (the leaf-most recognised frame decides), the top symbols by exclusive time, SQLite's time split into preparing
statements and running them, and the top managed methods by inclusive time."""
import collections, re, sys

PARTS = [  # leaf-most match wins; order matters only within one frame
    ('json: read the request', r'JsonSerializer::Deserialize|ReadFromJson'),
    ('json: write the answer', r'WriteAsJsonAsync|JsonSerializer::Serialize|Utf8JsonWriter'),
    ('auth: token lookup (SQL)', r'ApiTokenStore|TokenCache'),
    ('auth: handler', r'BearerTokenHandler|AuthenticationHandler|AuthenticationMiddleware'),
    ('authz', r'AuthorizationMiddleware|AuthorizationPolicy|DefaultAuthorizationService'),
    ('db: begin/commit/savepoints', r'WriteScope|SaveAsync|ReleaseAsync|CommitAsync|SqliteTransaction|BeginWriteAsync'),
    ('db: open', r'Database::OpenAsync|SqliteConnection::Open'),
    ('db: register number', r'RegisterAsync'),
    ('db: deadlines and steps', r'DeadlineRows'),
    ('db: history event', r'AppendEvent'),
    ('db: case, reporter, number', r'CaseStore\+<InsertAsync>|CaseStore::InsertAsync|IntakeStatements'),
    ('writer: batch loop', r'IntakeWriter'),
    ('intake: validation', r'IntakeValidator|ValidatorAsync'),
    ('intake: workflow start, deadlines', r'Runtime::Start\(|WorkflowRuntime|CaseStart|BusinessCalendar|DeadlineSchedule'),
    ('intake: warnings, view', r'IntakeWarnings|CaseView::From|WarningView'),
    ('intake: other', r'CaseIntake'),
    ('endpoint: other', r'IntakeEndpoints'),
    ('middleware', r'Middleware|JsonBodyGuard|SecurityHeaders'),
    ('telemetry', r'OpenTelemetry|System.Diagnostics.Activity|Meter'),
    ('kestrel, sockets', r'Kestrel|System.Net.Sockets|Pipelines'),
    ('thread pool', r'ThreadPool|LowLevelLifoSemaphore'),
]
PARTS = [(n, re.compile(p)) for n, p in PARTS]
SQLITE_RUN = re.compile(r'VdbeExec|Btree|btree|pcache|Pcache|[Pp]ager|[Ww]al[A-Z]|^wal|[Ff]ts5|Varint|RecordCompare|balance|sqlite3_step|'
                        r'VdbeHalt|[Mm]emRelease|vdbeMem|VdbeMem|Cell|allocateSpace|defragment|pageFind|applyAffinity|moveTo|getPage|'
                        r'[Cc]ursor|4byte|unix|[Cc]hecksum|Bitvec|OsWrite|OsRead|bind|Unbind|_reset|VdbeReset|VdbeDelete|vdbeFree|'
                        r'freeP4|MakeRecord|Serial|Finalize|finalize|column|ValueText|VdbeRecord')
FRAME = re.compile(r'^\s*([0-9a-f]+)\s+(.*?)\s+\((.*)\)$')
TIER = re.compile(r'\[(OptimizedTier1|Optimized|Tier0|Tier1|QuickJitted|OSR|PreJIT|InstrumentedTier|InstrumentedTierOptimized)\]')

def read(path):
    samples, cur, thread = [], None, None
    for line in open(path, errors='replace'):
        if not line.strip():
            if cur is not None: samples.append((thread, cur))
            cur = None
            continue
        if not line.startswith((' ', '\t')):
            m = re.match(r'^(.*?)\s+\d+\s+[\d.]+:', line)
            thread = m.group(1).strip() if m else line.split()[0]; cur = []; continue
        m = FRAME.match(line)
        if m and cur is not None:
            sym = TIER.sub('', re.sub(r'\+0x[0-9a-f]+$', '', m.group(2))).strip()
            dso = m.group(3).split('/')[-1]
            if sym == '[unknown]': sym = f'[{dso}]'
            cur.append((sym, dso))
    if cur: samples.append((thread, cur))
    return samples

def managed(sym, dso): return not sym.startswith('[') and (dso.endswith('.dll') or 'perf-' in dso or 'JIT' in dso or ' [' in sym)

def table(title, counter, total, n):
    print(f'\n## {title}')
    for k, v in counter.most_common(n): print(f'{100 * v / total:6.2f}%  {k}')

def main():
    samples = read(sys.argv[1]); total = len(samples) or 1
    print(f'\n# {len(samples)} samples')
    threads = collections.Counter(t for t, _ in samples)
    table('by thread', threads, total, 10)
    parts = collections.Counter()
    for t, st in samples:
        if 'Tiered' in t: parts['JIT: tiered compilation thread'] += 1; continue
        if 'GC' in t: parts['GC threads'] += 1; continue
        part = next((n for f, _ in st for n, p in PARTS if p.search(f)), None)
        if part is None:
            leaf = st[0][1] if st else ''
            part = '(no managed frame) ' + ('kernel' if 'kernel' in leaf else 'sqlite' if 'sqlite' in leaf else leaf)
        parts[part] += 1
    table('by part of the request (leaf-most recognised frame; native time without a managed caller apart)', parts, total, 40)
    sq = [st[0][0] for _, st in samples if st and 'sqlite' in st[0][1]]
    run = sum(1 for s in sq if SQLITE_RUN.search(s))
    print(f'\n## SQLite: {100 * len(sq) / total:.2f}% of samples; running statements (VDBE, b-tree, WAL, FTS5) '
          f'{100 * run / total:.2f}%, preparing them (tokenizer, parser, resolver, planner, code generator) {100 * (len(sq) - run) / total:.2f}%')
    kernel = collections.Counter()
    for _, st in samples:
        if st and 'kernel' in st[0][1]:
            sc = next((re.search(r'__x64_sys_\w+|__do_sys_\w+', f).group(0) for f, _ in st if re.search(r'__x64_sys_\w+|__do_sys_\w+', f)), 'no syscall')
            kernel[sc] += 1
    table('kernel time by system call', kernel, total, 10)
    table('exclusive (leaf symbol)', collections.Counter(st[0][0] for _, st in samples if st), total, 40)
    table('exclusive, charged to the first managed frame', collections.Counter(
        next((s for s, d in st if managed(s, d)), '(native only) ' + st[0][0]) for _, st in samples if st), total, 30)
    inc = collections.Counter()
    for _, st in samples:
        for s in {s for s, d in st if managed(s, d)}: inc[s] += 1
    table('inclusive, managed methods', inc, total, 60)

main()
