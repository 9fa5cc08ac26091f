-- wrk script: POSTs realistic slot-booked notifications, each one different (the gateway dedupes
-- identical bodies, so a fixed body would measure the duplicate path, not ingest).
--
--   wrk -t2 -c64 -d15s -s bench/wrk/push.lua URL -- TEMPLATE NONCE [DUP_PERCENT]
--
-- TEMPLATE  bench/payload/slot-booked.json (placeholders ${ID}, ${FACILITY}, ...; one line)
-- NONCE     unique per wrk run, so that no run repeats a body of an earlier one
-- DUP_PERCENT  0 (default) or 50: with 50, every second request repeats the previous body byte
--              for byte (what Docplanner's retries and hourly release look like)
--
-- done() prints one machine-readable line: "WRK requests=... p50_us=... p99_us=... p999_us=...".

local next_tid = 0

function setup(thread)
  thread:set("tid", next_tid)
  next_tid = next_tid + 1
end

local parts, keys
local nonce, duplicates
local counter = 0
local last_body
local headers = { ["Content-Type"] = "application/json" }

local function load_template(path)
  local f = assert(io.open(path, "r"), "cannot read the template " .. tostring(path))
  local text = f:read("*l")
  f:close()
  parts, keys = {}, {}
  local pos = 1
  while true do
    local s, e, key = string.find(text, "%${(%u+)}", pos)
    if not s then
      parts[#parts + 1] = string.sub(text, pos)
      break
    end
    parts[#parts + 1] = string.sub(text, pos, s - 1)
    keys[#keys + 1] = key
    pos = e + 1
  end
end

function init(args)
  load_template(args[1])
  nonce = args[2] or tostring(os.time())
  duplicates = tonumber(args[3] or "0") == 50
  tid = tid or 0
end

-- Values derived from the counter: a new booking id, its slot (day and half hour), doctor and facility.
local function body(n)
  local slot = n % 46
  local day = math.floor(n / 46) % 28 + 1
  local hour, minute = math.floor(slot / 2), (slot % 2) * 30
  local values = {
    ID = nonce .. "-" .. tid .. "-" .. n,
    FACILITY = tostring(n % 50 + 1),
    DOCTOR = tostring(100 + n % 900),
    START = string.format("2026-12-%02dT%02d:%02d:00+01:00", day, hour, minute),
    END = string.format("2026-12-%02dT%02d:%02d:00+01:00", day, hour + (minute == 30 and 1 or 0), (minute + 30) % 60),
    BOOKED = string.format("2026-11-%02dT%02d:%02d:%02d+01:00", day, hour, n % 60, (n * 7) % 60),
    CREATED = string.format("2026-11-%02dT%02d:%02d:%02d+01:00", day, hour, n % 60, (n * 7 + 10) % 60),
    EXTRA = "",
  }
  local out = {}
  for i = 1, #keys do
    out[#out + 1] = parts[i]
    out[#out + 1] = values[keys[i]]
  end
  out[#out + 1] = parts[#parts]
  return table.concat(out)
end

function request()
  counter = counter + 1
  local b
  if duplicates and counter % 2 == 0 and last_body then
    b = last_body
  else
    b = body(counter)
    last_body = b
  end
  return wrk.format("POST", nil, headers, b)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRK requests=%d duration_us=%d p50_us=%d p99_us=%d p999_us=%d max_us=%d mean_us=%.1f "
      .. "errors_connect=%d errors_read=%d errors_write=%d errors_status=%d errors_timeout=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency:percentile(99.9), latency.max, latency.mean,
    e.connect, e.read, e.write, e.status, e.timeout))
end
