-- The counting and the RESULT line both intake scripts print (bench.sh parses it). `threads` is the scripts' global
-- list of wrk threads, filled in their setup().

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
