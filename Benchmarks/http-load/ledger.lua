-- wrk script: the carrier ledger page (GET /carriers, its first 50 rows) as the security office's keeper, to measure
-- how long a page takes to read beside other load (run.sh with LEDGER_CONNECTIONS). Argument: the file seed.py wrote
-- (the keeper's bearer token on its first line, which the page takes as its session cookie).
--   wrk -t1 -c2 -d20s --latency -s ledger.lua http://127.0.0.1:8080 -- seed.txt

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

local cookie
pages, failures = 0, 0
firstFailure = ""

function init(args)
  for line in io.lines(args[1]) do
    cookie = "baomi_session=" .. line
    break
  end
end

function request()
  return wrk.format("GET", "/carriers", { ["Cookie"] = cookie })
end

function response(status, headers, body)
  if status == 200 then
    pages = pages + 1
  else
    failures = failures + 1
    if firstFailure == "" then firstFailure = status .. " " .. string.sub(body, 1, 200) end
  end
end

function done(summary, latency, requests)
  local p, f, first = 0, 0, ""
  for _, thread in ipairs(threads) do
    p = p + thread:get("pages")
    f = f + thread:get("failures")
    if first == "" then first = thread:get("firstFailure") end
  end
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "LEDGER seconds=%.2f pages=%d failures=%d pages_per_s=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f " ..
    "timeouts=%d\n",
    seconds, p, f, p / seconds, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, summary.errors.timeout))
  if first ~= "" then io.write("LEDGER_FIRST_FAILURE " .. first .. "\n") end
end
