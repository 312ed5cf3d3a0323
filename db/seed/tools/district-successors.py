# Builds db/seed/hanoi-district-successors.csv: each Hà Nội district of 2021 -> the wards/communes of 1/7/2025 that took
# part of it (Resolution 1656/NQ-UBTVQH15 of 16/6/2025). Inputs, from github.com/thanglequoc/vietnamese-provinces-database:
#   1. mysql/ImportData_vn_units.sql at commit fac63085 (12/3/2025): the old wards with their district codes;
#   2. dataset-generation-scripts/resources/gis/sapnhapbando_geo_objects.sql at cd580632: each new ward's 'truocsapnhap'
#      (the old wards it was formed from, as published by the national merger map);
#   3. db/seed/hanoi-units.csv (codes and names checked against it).
# Each new ward's list is split into items; an item ending with an old ward's full name (kind + name) or bare name maps to
# that ward's district; a name held by wards of several districts is settled by the other items or a '(huyện X)' hint.
# It prints every unsettled or unmatched case on stderr (none at the time of writing) and checks that each new ward's own
# code, which is the code of one of its old wards, lands in that ward's district.
# Usage: python3 district-successors.py old_units.sql sapnhap.sql hanoi-units.csv > ../hanoi-district-successors.csv
import re, unicodedata, csv, sys
old = open(sys.argv[1], encoding='utf-8').read()
sap = open(sys.argv[2], encoding='utf-8').read()
units = list(csv.DictReader(open(sys.argv[3], encoding='utf-8')))
districts = {u['code']: u['name'] for u in units if len(u['code']) == 3}
wards = {u['code']: u['name'] for u in units if len(u['code']) == 5}
def fold(s):
    s = s.replace('đ','d').replace('Đ','D')
    s = unicodedata.normalize('NFD', s)
    s = ''.join(c for c in s if unicodedata.category(c) != 'Mn')
    s = re.sub(r'[^a-z0-9 ]', ' ', s.lower())
    return re.sub(r'\s+', ' ', s).strip()
dist_by_name = {}
for c, n in districts.items():
    dist_by_name[fold(n)] = c  # "quan cau giay", "huyen dong anh"
oldw = []
for m in re.finditer(r"\('(\d{5})','([^']*)','[^']*','([^']*)','[^']*','[^']*','(\d{3})',\d+\)", old):
    if m.group(4) in districts: oldw.append((m.group(1), fold(m.group(2)), fold(m.group(3)), m.group(4)))
text = {m.group(1): m.group(3) for m in re.finditer(r"\('(\d{5})', '([^']*)', '01', '[^']*', '([^']*)'", sap)}
oldcode_district = {c: d for c, n, f, d in oldw}
out = []
for code, name in sorted(wards.items()):
    t = text[code]
    items, depth, cur = [], 0, ''
    for ch in t.replace(' và ', ','):  # split on commas outside parentheses only
        depth += (ch == '(') - (ch == ')')
        if ch == ',' and depth == 0: items.append(cur); cur = ''
        else: cur += ch
    items.append(cur)
    sure, ambiguous = set(), []
    for it in items:
        hint = {dist_by_name[fold(h)] for h in re.findall(r'\(([^)]*)\)', it) if fold(h) in dist_by_name}
        it = fold(re.sub(r'\([^)]*\)', ' ', it))
        if not it: continue
        full = {d for c, n, f, d in oldw if it == f or it.endswith(' ' + f)}
        # a bare name counts unless the item names another kind right before it ("phuong Hong Ha" is not "Xa Hong Ha")
        bare = {d for c, n, f, d in oldw if (it == n or it.endswith(' ' + n))
                and not any(it[:-len(n)].strip().endswith(k) and not f.startswith(k) for k in ('phuong', 'xa', 'thi tran'))}
        ds = full or bare
        if hint: ds = ds & hint
        if len(ds) == 1: sure |= ds
        elif len(ds) > 1: ambiguous.append((it, ds))
    ds = set(sure)
    for it, dd in ambiguous:
        inter = dd & sure
        if inter: ds |= inter
        else: print('AMBIG', code, name, it, dd, file=sys.stderr); ds |= dd
    own = oldcode_district.get(code)
    if own and own not in ds: print('OWN CODE DISTRICT MISSING', code, name, own, sorted(ds), file=sys.stderr)
    if not ds: print('NONE', code, name, t[:120], file=sys.stderr)
    for d in sorted(ds): out.append((d, code))
print('districts without successors', set(districts) - {d for d, _ in out}, file=sys.stderr)
w = csv.writer(sys.stdout, lineterminator='\n')
w.writerow(['district_code', 'ward_code'])
for d, c in sorted(out): w.writerow([d, c])
