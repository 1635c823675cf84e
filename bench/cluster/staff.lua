-- bench/cluster.sh, back office: a signed-in officer's pages (the queue, the
-- overdue list), with the session cookie of one sign-in made before the run.
-- A redirect to the sign-in page (the session refused) counts as bad. The
-- User-Agent is sign_in.py's: Flask-Login's strong protection compares it.
-- Usage: wrk -s staff.lua URL -- "COOKIE" PATH,PATH,...
package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "../?.lua;" .. package.path
local common = require("wrk_common")
local cookie, next_path
setup = common.setup
bad, trouble = 0, 0

function init(args)
  cookie = args[1]
  next_path = common.path_cycle(args[2])
end

function request()
  return wrk.format("GET", next_path(), {["Cookie"] = cookie, ["User-Agent"] = "layanan-bench",
                                         ["Accept-Encoding"] = "gzip, br"})
end

function response(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end

done = common.report
