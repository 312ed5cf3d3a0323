like_count = "SELECT COUNT(*) FROM (SELECT 1 AS x FROM cases c WHERE c.search_text LIKE '%{t}%' ESCAPE '\\' LIMIT 10001) AS capped;"
like_page = "SELECT count(*) FROM (SELECT c.id FROM cases c WHERE c.search_text LIKE '%{t}%' ESCAPE '\\' ORDER BY c.is_assigned, c.due_key, c.id LIMIT 50 OFFSET 0);"
fts_count = "SELECT COUNT(*) FROM (SELECT 1 AS x FROM cases_fts WHERE cases_fts MATCH '{m}' LIMIT 10001) AS capped;"
fts_page_rowid = "SELECT count(*) FROM (SELECT c.id FROM cases c WHERE c.id IN (SELECT rowid FROM cases_fts WHERE cases_fts MATCH '{m}') ORDER BY c.is_assigned, c.due_key, c.id LIMIT 50 OFFSET 0);"
fts_page_scan = "SELECT count(*) FROM (SELECT c.id FROM cases c WHERE +c.id IN (SELECT rowid FROM cases_fts WHERE cases_fts MATCH '{m}') ORDER BY c.is_assigned, c.due_key, c.id LIMIT 50 OFFSET 0);"
import sys
which = sys.argv[1]
out = [".timer on"]
cases = {
 "like-common": [like_count.format(t="nguyen van"), like_page.format(t="nguyen van")],
 "like-rare": [like_count.format(t="luong kim oanh"), like_page.format(t="luong kim oanh")],
 "fts-common": [fts_count.format(m='"nguyen"* "van"*'), fts_page_scan.format(m='"nguyen"* "van"*')],
 "fts-common-rowid": [fts_count.format(m='"nguyen"* "van"*'), fts_page_rowid.format(m='"nguyen"* "van"*')],
 "fts-rare": [fts_count.format(m='"luong"* "kim"* "oanh"*'), fts_page_rowid.format(m='"luong"* "kim"* "oanh"*')],
}
runs = int(sys.argv[2])
for i in range(runs):
    for s in cases[which]:
        out.append(s)
print("\n".join(out))
