-- wrk script for bench/ussd_load.sh: hops spread over a USSD journey
-- (bench/wrk_common.lua: each thread keeps a ring of sessions, each walking
-- the menus, the service information and the survey, then a new phone).
-- Usage: wrk -s ussd_load.lua URL -- ROUND   (ROUND keeps ids unique per run)

package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "?.lua;" .. package.path
local common = require("wrk_common")
local RING = 40
local ring
setup = common.setup
bad, trouble = 0, 0

function init(args)
  local round = tonumber(args[1] or "0")
  ring = common.ussd_ring(RING,
    function(serial) return string.format("bench-%d-%d-%d-%d", os.time(), round, tid, serial) end,
    function(serial) return string.format("+62812%d%d%06d", round % 10, tid % 10, serial) end)
end

function request()
  return wrk.format("POST", "/ussd", {["Content-Type"] = "application/x-www-form-urlencoded"},
                    ring.next_body())
end

function response(status, headers, body)
  if not common.ussd_reply_ok(status, body) then bad = bad + 1 end
end

done = common.report
