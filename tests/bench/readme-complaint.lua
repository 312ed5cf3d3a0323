-- wrk script: issue 16's intake run. POST /api/v1/cases with the README's first-instance complaint (a reporter's name
-- and address), the bearer token, nothing varied but the title (so each case is told apart). No Idempotency-Key, as in
-- the issue's run. Environment: BENCH_TOKEN (from `Incidents.Web.dll tokens create`); BENCH_RECEIVED_AT replaces the
-- README's receivedAt (bench.sh: a minute ago, so the case is not already past its limits).
-- response() and done(): intake-result.lua, shared with intake.lua.

local token = os.getenv("BENCH_TOKEN") or error("BENCH_TOKEN not set")
local received_at = os.getenv("BENCH_RECEIVED_AT") or "2026-11-20T09:00:00+07:00"
threads = {}
local next_id = 0

function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  counter, created, other, first_error = 0, 0, 0, ""
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"type":"complaint","title":"Khiếu nại về thu hồi đất (%d-%d)","localityCode":"00004",' ..
    '"channel":"counter","receivedAt":"%s","reporter":{"name":"Nguyễn Văn An","address":"12 Hàng Bài, Hoàn Kiếm"}}',
    tid, counter, received_at)
  return wrk.format("POST", "/api/v1/cases",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end

dofile("tests/bench/intake-result.lua")
