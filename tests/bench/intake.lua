-- wrk script: POST /api/v1/cases through the full intake path, one new case per request.
-- Environment (set by tests/bench.sh):
--   BENCH_TOKEN        bearer token from `Incidents.Web.dll tokens create`
--   BENCH_UNITS        file with one locality code per line (the current wards and communes)
--   BENCH_TYPES        file made by intake-types.jq: type <TAB> severities <TAB> 4 variants of the inputs JSON
--   BENCH_RECEIVED_AT  receivedAt for every case (ISO 8601 with offset), shortly before the run
-- done() prints one machine-readable RESULT line; bench.sh parses it.

local token = os.getenv("BENCH_TOKEN") or error("BENCH_TOKEN not set")
local units_file = os.getenv("BENCH_UNITS") or error("BENCH_UNITS not set")
local types_file = os.getenv("BENCH_TYPES") or error("BENCH_TYPES not set")
local received_at = os.getenv("BENCH_RECEIVED_AT") or "2026-11-20T09:00:00+07:00"

threads = {}
local next_id = 0

function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local units, types = {}, {}
local family = { "Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý" }
local middle = { "Văn", "Thị", "Đức", "Ngọc", "Minh", "Thu", "Quang", "Hồng", "Thanh", "Hữu" }
local given = { "Anh", "Hùng", "Lan", "Hương", "Dũng", "Trang", "Tuấn", "Linh", "Hải", "Mai", "Sơn", "Thảo", "Quân", "Huyền", "Đạt", "Yến" }
local subjects = {
  "Khiếu nại quyết định thu hồi đất", "Phản ánh tiếng ồn công trình ban đêm", "Tố cáo cán bộ nhận tiền của dân",
  "Kiến nghị sửa chữa đường ngõ xuống cấp", "Khiếu nại về danh sách cử tri", "Truy cập trái phép vào cổng thông tin",
  "Phản ánh lấn chiếm vỉa hè", "Khiếu nại về bồi thường giải phóng mặt bằng",
}
local channels = { "counter", "post", "email", "web", "phone", "referral" }

function init(args)
  for line in io.lines(units_file) do
    if #line > 0 then table.insert(units, line) end
  end
  for line in io.lines(types_file) do
    local cols = {}
    for c in string.gmatch(line .. "\t", "([^\t]*)\t") do table.insert(cols, c) end
    if #cols >= 3 then
      local severities, inputs = {}, {}
      for s in string.gmatch(cols[2], "[^,]+") do table.insert(severities, s) end
      for i = 3, #cols do if #cols[i] > 0 then table.insert(inputs, cols[i]) end end
      table.insert(types, { name = cols[1], severities = severities, inputs = inputs })
    end
  end
  if #types == 0 then error("no case types in " .. types_file) end
  math.randomseed(1000 + tid)
  counter, created, other, first_error = 0, 0, 0, ""
end

local function pick(t) return t[math.random(#t)] end

function request()
  counter = counter + 1
  local t = pick(types)
  local name = pick(family) .. " " .. pick(middle) .. " " .. pick(given)
  local severity = ""
  if #t.severities > 0 then severity = string.format(',"severity":"%s"', pick(t.severities)) end
  local body = string.format(
    '{"type":"%s","title":"%s (wrk %d-%d)","description":"Đề nghị xem xét, giải quyết theo quy định. Số %d.",' ..
    '"localityCode":"%s","channel":"%s","receivedAt":"%s",' ..
    '"reporter":{"name":"%s","address":"Số %d ngõ %d phố Huế, Hà Nội","phone":"09%08d","email":"nguoidan%d@example.vn"}%s,' ..
    '"inputs":%s}',
    t.name, pick(subjects), tid, counter, counter, pick(units), pick(channels), received_at,
    name, math.random(1, 300), math.random(1, 200), math.random(0, 99999999), counter, severity,
    pick(t.inputs))
  return wrk.format("POST", "/api/v1/cases",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end

dofile("tests/bench/intake-result.lua")
