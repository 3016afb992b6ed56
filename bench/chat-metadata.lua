-- wrk: bench/chat.lua's request with cf-aig-metadata as a multi-team, multi-user application sends it:
-- a team of six and a user id of 5,000, new on each request (what the log store indexes and sums per value).
wrk.method = "POST"
wrk.body = '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello."}]}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer sk-bench"
local token = os.getenv("GATEWAY_TOKEN")
if token and token ~= "" then wrk.headers["cf-aig-authorization"] = "Bearer " .. token end
local teams = {"search", "ads", "support", "growth", "infra", "research"}
request = function()
  wrk.headers["cf-aig-metadata"] = string.format('{"team":"%s","user_id":%d}', teams[math.random(#teams)],
    math.random(5000))
  return wrk.format()
end
