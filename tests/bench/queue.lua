-- wrk script: the triage queue's first page, GET /api/v1/cases?page=1&pageSize=50 (default sort).
-- Environment: BENCH_TOKEN, and optionally BENCH_QUEUE_PATH to measure another page or filter.
local token = os.getenv("BENCH_TOKEN") or error("BENCH_TOKEN not set")
local path = os.getenv("BENCH_QUEUE_PATH") or "/api/v1/cases?page=1&pageSize=50"

local threads = {}
function setup(thread) table.insert(threads, thread) end

function init(args) ok, other, first_error, bytes = 0, 0, "", 0 end

function request()
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token, ["Accept"] = "application/json" })
end

function response(status, headers, body)
  if status == 200 then
    ok = ok + 1
    bytes = #body
  else
    other = other + 1
    if first_error == "" then first_error = status .. " " .. string.sub(body or "", 1, 300) end
  end
end

function done(summary, latency, requests)
  local o, n, err, b = 0, 0, "", 0
  for _, t in ipairs(threads) do
    o = o + t:get("ok")
    n = n + t:get("other")
    b = t:get("bytes")
    local e = t:get("first_error")
    if err == "" and e ~= nil then err = e end
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d ok=%d non200=%d body_bytes=%d p50_us=%d p95_us=%d p99_us=%d max_us=%d " ..
    "connect_errors=%d read_errors=%d write_errors=%d timeouts=%d\n",
    summary.requests, summary.duration, o, n, b, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.timeout))
  if err ~= "" then io.write("FIRST_ERROR " .. string.gsub(err, "\n", " ") .. "\n") end
end
