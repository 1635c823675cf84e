-- What the wrk scripts of bench/ share: numbering the threads, URL-encoding a
-- form, a ring of USSD sessions walking one journey, and the summary lines the
-- shell scripts read after a run ("Bad replies: N", "Trouble replies: N").
-- A script loads it with
--   package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "../?.lua;" .. package.path
--   local common = require("wrk_common")
local common = {}

-- The threads, as wrk's setup() hands them over (in the main script state).
local threads, thread_count = {}, 0

-- Give each thread its number (the global `tid` in the thread's own state).
function common.setup(thread)
  thread:set("tid", thread_count)
  thread_count = thread_count + 1
  table.insert(threads, thread)
end

function common.urlencode(text)
  return (text:gsub("[^%w%-_.~]", function(c) return string.format("%%%02X", c:byte()) end))
end

-- The comma-separated paths of a script argument, as a function giving the
-- next one each call, from the `first`-th on (so threads start apart).
function common.path_cycle(argument, first)
  local paths = {}
  for path in string.gmatch(argument, "[^,]+") do table.insert(paths, path) end
  local next_path = (first or 0) % #paths + 1
  return function()
    local path = paths[next_path]
    next_path = next_path % #paths + 1
    return path
  end
end

-- The sum over all threads of each named global counter (read in done()).
function common.totals(names)
  local sums = {}
  for _, name in ipairs(names) do
    sums[name] = 0
    for _, thread in ipairs(threads) do sums[name] = sums[name] + (thread:get(name) or 0) end
  end
  return sums
end

-- The lines the shell scripts parse: replies that were not what the kind
-- expects, and the polite apologies (the app's "gangguan" END) among them.
function common.report()
  local sums = common.totals({"bad", "trouble"})
  io.write(string.format("Bad replies: %d\nTrouble replies: %d\n", sums.bad, sums.trouble))
end

-- A journey through the menus: first screen, service information (categories,
-- services, a standard), back to the menu, the survey (kecamatan, unit,
-- question 1, an answer).
common.HOPS = {"", "5", "5*1", "5*1*2", "5*1*2*00", "5*1*2*00*4", "5*1*2*00*4*1",
               "5*1*2*00*4*1*3", "5*1*2*00*4*1*3*4"}

-- A ring of `size` sessions; each request sends the next hop of the next
-- session, so two hops of one session are a ring apart (and arrive in order in
-- practice). `new_id(serial)` and `new_phone(serial)` name a fresh session: a
-- new phone each time, since a survey left half-way is offered to the same
-- phone to resume.
function common.ussd_ring(size, new_id, new_phone)
  local ring = {serial = 0, sessions = {}, slot = 1, started = 0}
  local function new_session()
    ring.serial = ring.serial + 1
    ring.started = ring.started + 1
    return {id = new_id(ring.serial), phone = new_phone(ring.serial), hop = 1}
  end
  for i = 1, size do ring.sessions[i] = new_session() end
  -- The form of the next hop, as Africa's Talking posts it.
  function ring.next_body()
    local s = ring.sessions[ring.slot]
    local body = "sessionId=" .. s.id .. "&serviceCode=" .. common.urlencode("*123#") ..
                 "&phoneNumber=" .. common.urlencode(s.phone) .. "&networkCode=99999&text=" ..
                 common.urlencode(common.HOPS[s.hop])
    s.hop = s.hop + 1
    if s.hop > #common.HOPS then ring.sessions[ring.slot] = new_session() end
    ring.slot = ring.slot % size + 1
    return body
  end
  return ring
end

-- Whether a USSD reply is one the gateway can show: HTTP 200, CON or END.
function common.ussd_reply_ok(status, body)
  local prefix = body:sub(1, 4)
  return status == 200 and (prefix == "CON " or prefix == "END ")
end

return common
