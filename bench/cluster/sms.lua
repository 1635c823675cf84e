-- bench/cluster.sh, SMS: inbound messages as Africa's Talking posts them
-- (POST /sms/inbound?token=..., fields from, to, text, id, date), each with a
-- new id and its own phone (the outbox allows a phone 20 replies an hour), a
-- mix of the keywords citizens send most: INFO, CEK, BANTUAN.
-- Run with as many threads as connections: each thread then has one request in
-- flight, and a reply is known to belong to the last id sent. With a FILE
-- argument every id answered 200 is written to FILE-<thread>.ok (bench/faults.sh
-- checks each of them was stored) and every other one to FILE-<thread>.no.
-- Usage: wrk -t N -c N -s sms.lua URL -- TOKEN ROUND [FILE]
local texts = {"INFO akta kelahiran", "CEK 2026000123", "BANTUAN", "INFO KTP", "STATUS 2026000999",
               "INFO kartu keluarga", "BANTUAN"}
package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "../?.lua;" .. package.path
local common = require("wrk_common")
local urlencode = common.urlencode
local token, round, serial, last_id, ok_file, no_file = "", 0, 0, nil, nil, nil
setup = common.setup
bad, trouble = 0, 0

function init(args)
  token, round = args[1], tonumber(args[2] or "0")
  if args[3] then
    ok_file = io.open(string.format("%s-%d.ok", args[3], tid), "a")
    no_file = io.open(string.format("%s-%d.no", args[3], tid), "a")
  end
end

function request()
  serial = serial + 1
  last_id = string.format("ATPid_cluster_%d_%d_%d_%d", os.time(), round, tid, serial)
  local phone = string.format("+62813%02d%02d%04d", round % 100, tid % 100, serial % 10000)
  local body = "from=" .. urlencode(phone) .. "&to=98765&text=" ..
               urlencode(texts[serial % #texts + 1]) .. "&id=" .. last_id ..
               "&date=" .. urlencode(os.date("!%Y-%m-%d %H:%M:%S")) .. "&networkCode=51010"
  return wrk.format("POST", "/sms/inbound?token=" .. token,
                    {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end

function response(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
  local file = status == 200 and ok_file or no_file
  if file and last_id then
    file:write(last_id, "\n")
    file:flush()
  end
end

done = common.report
