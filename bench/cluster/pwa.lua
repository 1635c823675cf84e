-- bench/cluster.sh, PWA: anonymous pages of the citizen web app and a static
-- file, in turn: the home page, the catalogue, a service's page, the
-- transparency page, the stylesheet (under its hashed name).
-- Usage: wrk -s pwa.lua URL -- PATH,PATH,...
package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "../?.lua;" .. package.path
local common = require("wrk_common")
local next_path
setup = common.setup
bad, trouble = 0, 0

function init(args)
  next_path = common.path_cycle(args[1], tid)
end

function request()
  return wrk.format("GET", next_path(), {["Accept-Encoding"] = "gzip, br"})
end

function response(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end

done = common.report
