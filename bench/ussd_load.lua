-- wrk script for bench/ussd_load.sh: hops spread over a USSD journey.
--
-- Each thread keeps a ring of sessions and sends, on every request, the next
-- hop of the next session in the ring, so that two hops of one session are
-- a ring's length of requests apart (and arrive in order in practice). A
-- session walks: first screen, service information (categories, services, a
-- service's standard), back to the menu, the survey (the demo's units are
-- many: the kecamatan list, then that kecamatan's units), question 1, one
-- survey answer; then a new session starts with a new phone.
-- Usage: wrk -s ussd_load.lua URL -- ROUND   (ROUND keeps ids unique per run)

local hops = {"", "5", "5*1", "5*1*2", "5*1*2*00", "5*1*2*00*4", "5*1*2*00*4*1",
              "5*1*2*00*4*1*3", "5*1*2*00*4*1*3*4"}
local RING = 40
local threads = {}
local thread_count = 0

function setup(thread)
  thread:set("tid", thread_count)
  thread_count = thread_count + 1
  table.insert(threads, thread)
end

local function urlencode(text)
  return (text:gsub("[^%w%-_.~]", function(c) return string.format("%%%02X", c:byte()) end))
end

local round, serial, sessions, slot = 0, 0, {}, 1
bad = 0

local function new_session()
  serial = serial + 1
  -- A fresh phone per session: a survey left at question 3 is a journey the
  -- same phone would be offered to resume.
  return {id = string.format("bench-%d-%d-%d-%d", os.time(), round, tid, serial),
          phone = string.format("+62812%d%d%06d", round % 10, tid % 10, serial), hop = 1}
end

function init(args)
  round = tonumber(args[1] or "0")
  for i = 1, RING do sessions[i] = new_session() end
end

function request()
  local s = sessions[slot]
  local body = "sessionId=" .. s.id .. "&serviceCode=" .. urlencode("*123#") ..
               "&phoneNumber=" .. urlencode(s.phone) .. "&networkCode=99999&text=" ..
               urlencode(hops[s.hop])
  s.hop = s.hop + 1
  if s.hop > #hops then sessions[slot] = new_session() end
  slot = slot % RING + 1
  return wrk.format("POST", "/ussd", {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end

function response(status, headers, body)
  local prefix = body:sub(1, 4)
  if status ~= 200 or (prefix ~= "CON " and prefix ~= "END ") then bad = bad + 1 end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("bad") end
  io.write(string.format("Bad replies: %d\n", total))
end
