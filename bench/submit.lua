-- wrk script for bench/proposals.sh: POSTs the drafting form with
-- then=submit (a 平时提案 submitted at once), each request with its own title,
-- and counts the answers that are not the 303 to the submitted proposal.
-- Environment: SUBMIT_COOKIE (the member's "xs_session=…"), SUBMIT_PATH
-- (default /proposals/new).
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local function enc(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local n = 0
bad = 0 -- global: done() reads it from each thread
local rest

function init(args)
  rest = "&category=" .. enc("社会") .. "&kind=individual&timing=regular" ..
    "&situation=" .. enc("我市社区居家养老服务供给不足,助餐、助浴等服务覆盖面不广,老年人获得感不强。") ..
    "&analysis=" .. enc("统筹不够,投入不足,专业人才短缺。") ..
    "&suggestion=" .. enc("一是加强统筹规划;二是加大财政投入;三是培养专业护理人才。") ..
    "&one_matter=1&version=0&then=submit"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Cookie"] = os.getenv("SUBMIT_COOKIE") or ""
  wrk.path = os.getenv("SUBMIT_PATH") or "/proposals/new"
  wrk.method = "POST"
end

function request()
  n = n + 1
  local body = "title=" .. enc("关于压测第" .. tid .. "-" .. n .. "号社区养老服务的建议") .. rest
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  local loc = headers["Location"] or ""
  if status ~= 303 or not loc:find("done=submit", 1, true) then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do
    total = total + (t:get("bad") or 0)
  end
  io.write(string.format("refused: %d\n", total))
end
