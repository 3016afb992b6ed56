-- wrk: POST a small OpenAI chat completion request, as an SDK would.
-- METADATA_USERS=5000 adds cf-aig-metadata as a multi-team, multi-user application sends it: a team of six and
-- a user id out of that many, new on each request (what the log store indexes and sums per value).
wrk.method = "POST"
wrk.body = '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello."}]}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer sk-bench"
local token = os.getenv("GATEWAY_TOKEN")
if token and token ~= "" then wrk.headers["cf-aig-authorization"] = "Bearer " .. token end
local users = tonumber(os.getenv("METADATA_USERS") or "")
if users then
  local teams = {"search", "ads", "support", "growth", "infra", "research"}
  request = function()
    wrk.headers["cf-aig-metadata"] = string.format('{"team":"%s","user_id":%d}', teams[math.random(#teams)],
      math.random(users))
    return wrk.format()
  end
end
