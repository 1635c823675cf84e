-- bench/cluster.sh, USSD: multi-hop sessions on the real wire format
-- (POST /ussd?token=..., Africa's Talking's fields, text accumulating 5*1*2...;
-- the ring of bench/wrk_common.lua). A session's hops are a ring apart and may
-- reach either app instance: the sessions live in Redis, shared by both.
-- Counts: bad (not 200, or not "CON "/"END "), trouble (the polite END the app
-- answers when a hop failed inside, e.g. the database down).
-- Usage: wrk -s ussd.lua URL -- TOKEN ROUND
package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "../?.lua;" .. package.path
local common = require("wrk_common")
local RING = 20
local token, ring
setup = common.setup
bad, trouble = 0, 0

function init(args)
  token = args[1]
  local round = tonumber(args[2] or "0")
  ring = common.ussd_ring(RING,
    function(serial) return string.format("cluster-%d-%d-%d-%d", os.time(), round, tid, serial) end,
    function(serial)
      return string.format("+62812%02d%02d%04d", round % 100, tid % 100, serial % 10000)
    end)
end

function request()
  return wrk.format("POST", "/ussd?token=" .. token,
                    {["Content-Type"] = "application/x-www-form-urlencoded"}, ring.next_body())
end

function response(status, headers, body)
  if not common.ussd_reply_ok(status, body) then bad = bad + 1 end
  if body:find("gangguan", 1, true) then trouble = trouble + 1 end
end

done = common.report
