-- wrk script: issue 16's intake run. POST /api/v1/cases with the README's first-instance complaint (a reporter's name
-- and address), the bearer token, nothing varied but the title (so each case is told apart). No Idempotency-Key, as in
-- the issue's run. Environment: BENCH_TOKEN (from `Incidents.Web.dll tokens create`); BENCH_RECEIVED_AT replaces the
-- README's receivedAt (bench.sh: a minute ago, so the case is not already past its limits).
-- done() prints the same RESULT line as intake.lua; bench.sh parses it.

local token = os.getenv("BENCH_TOKEN") or error("BENCH_TOKEN not set")
local received_at = os.getenv("BENCH_RECEIVED_AT") or "2026-11-20T09:00:00+07:00"
local threads = {}
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

function response(status, headers, body)
  if status == 201 then
    created = created + 1
  else
    other = other + 1
    if first_error == "" then first_error = status .. " " .. string.sub(body or "", 1, 300) end
  end
end

function done(summary, latency, requests)
  local c, o, err = 0, 0, ""
  for _, t in ipairs(threads) do
    c = c + t:get("created")
    o = o + t:get("other")
    local e = t:get("first_error")
    if err == "" and e ~= nil then err = e end
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d created=%d non201=%d p50_us=%d p95_us=%d p99_us=%d max_us=%d " ..
    "connect_errors=%d read_errors=%d write_errors=%d timeouts=%d\n",
    summary.requests, summary.duration, c, o, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, e.connect, e.read, e.write, e.timeout))
  if err ~= "" then io.write("FIRST_ERROR " .. string.gsub(err, "\n", " ") .. "\n") end
end
