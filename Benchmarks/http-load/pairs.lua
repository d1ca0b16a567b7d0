-- wrk script: hand over (issue) approved borrowings and return them, over as many connections as wrk is given.
-- Every request is one durable write. A connection returns a loan whose hand-over has been answered when there is
-- one, and otherwise hands over the next approved borrowing. Arguments: the file seed.py wrote (keeper token,
-- borrower token, then request ids) and wrk's number of threads (thread n takes every n-th id).
--   wrk -t1 -c32 -d20s --latency -s pairs.lua http://127.0.0.1:8080 -- seed.txt 1

local threads = {}
local counter = 0

function setup(thread)
  thread:set("index", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local office, borrower
local ids = {}
local nextIssue = 1
local toReturn = {}
issues, returns, errors, exhausted, busy = 0, 0, 0, 0, 0
firstError = ""

function init(args)
  local file, count = args[1], tonumber(args[2] or 1)
  local lines = {}
  for line in io.lines(file) do table.insert(lines, line) end
  office, borrower = lines[1], lines[2]
  for i = 3 + index, #lines, count do table.insert(ids, lines[i]) end
end

local function post(path, token)
  return wrk.format("POST", path, { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" },
    "{}")
end

function request()
  local back = table.remove(toReturn)
  if back then return post("/api/v1/requests/" .. back .. "/return", borrower) end
  local id = ids[nextIssue]
  if not id then
    -- Out of approved borrowings: a cheap read keeps the connection busy; reported so the run can be redone larger.
    exhausted = exhausted + 1
    return wrk.format("GET", "/readyz")
  end
  nextIssue = nextIssue + 1
  return post("/api/v1/requests/" .. id .. "/issue", office)
end

function response(status, headers, body)
  if status == 503 then
    -- The database was held by another process (an import) for longer than a write waits (issue #12).
    busy = busy + 1
    return
  end
  if status ~= 200 then
    errors = errors + 1
    if firstError == "" then firstError = status .. " " .. string.sub(body, 1, 300) end
    return
  end
  local id = string.match(body, '"id"%s*:%s*"([%x%-]+)"')
  if not id then return end -- /readyz
  if string.find(body, '"state"%s*:%s*"done"') then
    returns = returns + 1
  else
    issues = issues + 1
    table.insert(toReturn, id)
  end
end

function done(summary, latency, requests)
  local i, r, e, x, b, first = 0, 0, 0, 0, 0, ""
  for _, thread in ipairs(threads) do
    i = i + thread:get("issues")
    r = r + thread:get("returns")
    e = e + thread:get("errors")
    x = x + thread:get("exhausted")
    b = b + thread:get("busy")
    if first == "" then first = thread:get("firstError") end
  end
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT seconds=%.2f issues=%d returns=%d errors=%d exhausted=%d busy=%d ops_per_s=%.0f pairs_per_s=%.0f " ..
    "p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f timeouts=%d\n",
    seconds, i, r, e, x, b, (i + r) / seconds, math.min(i, r) / seconds, latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000, summary.errors.timeout))
  if first ~= "" then io.write("FIRST_ERROR " .. first .. "\n") end
end
